// The monthly assessment's (考核) scoring rules as pure functions, tested without a database:
// the template HQ maintains (five items, weights summing to 100, each item's criteria with their
// shares), the scores computed from recorded times and records (timeliness, the statistics table's
// accuracy, registration quality), and how item scores make a person's total.
//
// Every score is on a 0–100 scale; an item's score is its criteria's scores weighted by their
// shares; a person's total is the items' scores weighted by the items' weights (percent). An item
// a person is not assessed on (or whose month had nothing to score, when HQ's rule says so) is left
// out and the others' weights are scaled up to 100.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/errors.h"

namespace fleetkam::assessment {

constexpr int64_t kDayMs = int64_t{86'400'000};

// ---- timeliness ----

// Started days late: 0 when submitted at or before the deadline (the due minute itself is on
// time), 1 from one millisecond up to a whole day late, 2 after that, ...
int64_t days_late(int64_t due_at, int64_t submitted_at);

struct Deadline {
  int64_t due_at = 0;
  std::optional<int64_t> submitted_at;  // the first submission; none: missing
};

// On time 100; late 100 minus `deduction_per_day` per started day late, not below 0; missing 0.
double timeliness_score(const Deadline& deadline, double deduction_per_day);
// The mean over several deadlines (a month's weekly tables); nullopt for none.
std::optional<double> mean_timeliness(const std::vector<Deadline>& deadlines, double deduction_per_day);

// ---- accuracy and quality from records ----

struct Figure {
  int64_t submitted = 0, system = 0;
};
// The statistics table's figures against the system's own: the share of figures that agree, as a
// score (4 figures, 3 agree: 75). No figures: nullopt.
std::optional<double> accuracy_score(const std::vector<Figure>& figures);

// One of the month's registrations as its area manager judged it on review.
struct RegistrationReview {
  bool authentic = false, accurate = false;
};
// What HQ decides for a month in which the person registered nothing reviewed.
enum class EmptyMonth { full, zero, excluded };
std::optional<EmptyMonth> empty_month_of(const std::string& text);  // "full" | "zero" | "excluded"
std::string to_string(EmptyMonth rule);
// Half authenticity (share judged authentic), half accuracy (share judged accurate), 0–100;
// a month without reviewed registrations by `empty`: 100, 0, or nullopt (left out of the total).
std::optional<double> registration_score(const std::vector<RegistrationReview>& reviews, EmptyMonth empty);

// ---- the template ----

// How a criterion is scored: computed from the records, or by the reviewer on the criteria.
enum class Source { timeliness, accuracy, registrations, reviewer };
std::optional<Source> source_of(const std::string& text);
std::string to_string(Source source);

struct Criterion {
  std::string code;  // timeliness, accuracy, authenticity, quality, rationality
  std::string name;  // zh-CN, shown on the scoreboard
  int share = 0;     // percent of the item; an item's shares sum to 100
  Source source = Source::reviewer;
  std::string guide;  // the criteria the reviewer scores on (zh-CN)
};

// Who an item assesses: dealer KA people (KA managers and sales reps) or area managers and
// regional directors (the split of targets).
enum class Assessed { dealer_people, managers };

struct Item {
  std::string code;  // split, monthly_stats, registrations, weekly_tracking, monthly_summary
  std::string name;  // zh-CN
  int weight = 0;    // percent of the total
  Assessed assessed = Assessed::dealer_people;
  std::vector<Criterion> criteria;
};

struct Template {
  std::vector<Item> items;
  double deduction_per_day = 20;  // timeliness points off per started day late
  EmptyMonth empty_registrations = EmptyMonth::excluded;
  int performance_pay_share = 30;  // percent of performance pay (the seed's "XX %")
};

// The planning document's table (DOMAIN.md §7): split 5, monthly_stats 5, registrations 30,
// weekly_tracking 30, monthly_summary 30, with their criteria.
Template default_template();
const std::vector<std::string>& item_codes();
// Who an item assesses (the split: managers; the rest: dealer people) and the sources its criteria
// may use (timeliness where the item has a deadline, accuracy for the statistics table, the reviews
// for registrations, the reviewer everywhere).
Assessed assessed_by(const std::string& item_code);
std::vector<Source> sources_for(const std::string& item_code);

// Field errors (items[2].weight, items[0].criteria[1].share, ...): the five items once each,
// weights 0–100 summing to 100, criteria shares summing to 100 per item, a source the item allows
// per criterion, deduction_per_day 0–100, performance_pay_share 0–100.
std::vector<FieldError> validate(const Template& t);

// ---- totals ----

// A criterion's score, or nullopt when it does not count for this person and month.
struct CriterionScore {
  std::string code;
  std::optional<double> score;
};
// The item's score from its criteria (shares rescaled over those that count); nullopt when none count.
std::optional<double> item_score(const Item& item, const std::vector<CriterionScore>& scores);

struct ItemScore {
  std::string code;
  int weight = 0;
  std::optional<double> score;  // nullopt: left out
};
// Σ weight × score over the items that count, scaled so their weights make 100; nullopt when none count.
std::optional<double> total_score(const std::vector<ItemScore>& items);

// Scores are kept to one decimal: 87.25 → 87.3 (half away from zero).
double round1(double value);

}  // namespace fleetkam::assessment
