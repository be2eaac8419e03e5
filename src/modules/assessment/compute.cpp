#include "modules/assessment/compute.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "modules/targets/tree.h"
#include "platform/clock.h"
#include "platform/db/database.h"
#include "platform/http/json_values.h"

namespace fleetkam::assessment {
namespace {

using json = nlohmann::json;

const std::array<std::string, 4> kStatsFields = {"won_count", "won_units", "amount_fen", "delivered_units"};

struct ReportFact {
  int64_t id = 0;
  std::string kind, period;
  int64_t due_at = 0;
  std::optional<int64_t> submitted_at;
};

struct Stats {
  std::array<int64_t, 4> f{};  // won_count, won_units, amount_fen, delivered_units
};

struct RegistrationFacts {
  std::vector<RegistrationReview> reviews;
  int64_t pending = 0;
};

struct SplitDeadline {
  int64_t plan_id = 0;
  std::string plan_name;
  int64_t province_id = 0;
  int64_t due_at = 0;  // the last millisecond of split_due (Beijing)
  std::optional<int64_t> submitted_at;
};

json number_or_null(const std::optional<double>& v) { return v ? json(round1(*v)) : json(); }

// A deadline counts once it is met or has passed: a report not yet due is not scored.
bool counts(const Deadline& d, int64_t now) { return d.submitted_at || d.due_at < now; }

json deadline_evidence(const Deadline& d, double deduction, int64_t now) {
  json e = {{"due_at", clock::format_rfc3339(d.due_at)}, {"submitted_at", http::time_or_null(d.submitted_at)}};
  if (!counts(d, now)) {
    e["status"] = "open";
    e["score"] = nullptr;
  } else if (!d.submitted_at) {
    e["status"] = "missing";
    e["score"] = 0;
  } else {
    auto late = days_late(d.due_at, *d.submitted_at);
    e["status"] = late == 0 ? "on_time" : "late";
    e["days_late"] = late;
    e["score"] = round1(timeliness_score(d, deduction));
  }
  return e;
}

// The reviewer's entry carried over from an earlier compile: score, comment, who, adjustments.
const json* previous_criterion(const Previous& previous, int64_t user_id, const std::string& item,
                               const std::string& criterion) {
  auto p = previous.find(user_id);
  if (p == previous.end() || !p->second.contains("items")) return nullptr;
  for (const auto& i : p->second["items"]) {
    if (i.value("code", "") != item || !i.contains("criteria")) continue;
    for (const auto& c : i["criteria"]) {
      if (c.value("code", "") == criterion) return &c;
    }
  }
  return nullptr;
}

}  // namespace

size_t item_index(const std::string& code) {
  const auto& codes = item_codes();
  auto it = std::find(codes.begin(), codes.end(), code);
  return it == codes.end() ? kItems : static_cast<size_t>(it - codes.begin());
}

void rescore(PersonScore& person, const Template& t) {
  person.pending_reviews = 0;
  std::vector<ItemScore> items;
  for (auto& item_json : person.detail["items"]) {
    auto code = item_json.value("code", "");
    auto idx = item_index(code);
    if (idx == kItems) continue;
    auto def = std::find_if(t.items.begin(), t.items.end(), [&](const Item& i) { return i.code == code; });
    if (def == t.items.end()) continue;
    std::optional<double> score;
    if (item_json.value("derived", false)) {
      if (item_json["score"].is_number()) score = item_json["score"].get<double>();
    } else if (item_json.value("applies", false)) {
      std::vector<CriterionScore> scores;
      for (auto& c : item_json["criteria"]) {
        std::optional<double> s;
        if (c["score"].is_number()) s = c["score"].get<double>();
        if (c.value("pending", false) && !s) person.pending_reviews += 1;
        scores.push_back({c.value("code", ""), s});
      }
      score = item_score(*def, scores);
      if (score) score = round1(*score);
      item_json["score"] = number_or_null(score);
    }
    person.items[idx] = score;
    items.push_back({code, def->weight, score});
  }
  person.total = total_score(items);
  if (person.total) person.total = round1(*person.total);
  person.detail["total"] = number_or_null(person.total);
}

void derive_manager_items(PersonScore& manager, const std::vector<const PersonScore*>& people) {
  for (auto& item_json : manager.detail["items"]) {
    if (!item_json.value("derived", false)) continue;
    auto idx = item_index(item_json.value("code", ""));
    double sum = 0;
    int64_t n = 0;
    for (const auto* p : people) {
      if (p->items[idx]) {
        sum += *p->items[idx];
        n += 1;
      }
    }
    item_json["people"] = n;
    item_json["score"] = n ? json(round1(sum / static_cast<double>(n))) : json();
  }
}

std::vector<PersonScore> compute_month(db::Connection& c, const calendar::Month& month, const Template& t,
                                       const Previous& previous, int64_t now) {
  const int64_t start = calendar::month_start(month), end = calendar::month_end(month);
  const std::string text = calendar::month_text(month);
  const int64_t yyyymm = static_cast<int64_t>(month.year) * 100 + month.month;
  auto tree = targets::OrgTree::load(c);

  // ---- the records, month-wide ----
  std::unordered_map<int64_t, std::vector<ReportFact>> reports;  // by user
  auto add_reports = [&](const std::string& kind, const std::string& period) {
    for (const auto& r : c.query(
             "SELECT id, user_id, due_at, submitted_at FROM reports WHERE kind = ? AND period = ? ORDER BY due_at, id",
             {kind, period})) {
      reports[r.integer(1)].push_back({r.integer(0), kind, period, r.integer(2), r.optional_integer(3)});
    }
  };
  for (const auto& p :
       c.query("SELECT period FROM report_periods WHERE kind = 'weekly_tracking' AND default_due_at > ? AND "
               "default_due_at <= ? ORDER BY default_due_at",
               {start, end})) {
    add_reports("weekly_tracking", p.text(0));
  }
  add_reports("monthly_stats", text);
  add_reports("monthly_summary", text);

  std::unordered_map<int64_t, json> stats_submitted;  // the statistics table's latest revision, by user
  for (const auto& r : c.query(
           "SELECT r.user_id, rv.content FROM reports r JOIN report_revisions rv ON rv.report_id = r.id AND "
           "rv.revision = r.revision WHERE r.kind = 'monthly_stats' AND r.period = ? AND r.submitted_at IS NOT NULL",
           {text})) {
    stats_submitted[r.integer(0)] = json::parse(r.text(1), nullptr, false);
  }
  std::unordered_map<int64_t, Stats> by_user, by_unit;  // what the system knows (reports' month_deals)
  for (const auto& r : c.query(
           "SELECT owner_unit_id, owner_user_id, COUNT(*), SUM(won_units), SUM(amount_fen) FROM opportunities WHERE "
           "stage = 'won' AND closed_at >= ? AND closed_at < ? GROUP BY owner_unit_id, owner_user_id",
           {start, end})) {
    for (auto* s : {&by_unit[r.integer(0)], r.is_null(1) ? nullptr : &by_user[r.integer(1)]}) {
      if (!s) continue;
      s->f[0] += r.integer(2);
      s->f[1] += r.integer(3);
      s->f[2] += r.integer(4);
    }
  }
  for (const auto& r :
       c.query("SELECT unit_id, user_id, SUM(quantity) FROM deliveries WHERE month = ? AND voided_at IS NULL GROUP BY "
               "unit_id, user_id",
               {yyyymm})) {
    by_unit[r.integer(0)].f[3] += r.integer(2);
    if (!r.is_null(1)) by_user[r.integer(1)].f[3] += r.integer(2);
  }

  std::unordered_map<int64_t, RegistrationFacts> registrations;  // by the person who registered
  for (const auto& r :
       c.query("SELECT registered_by, authentic, accurate, reviewed_at FROM registrations WHERE created_at >= ? AND "
               "created_at < ?",
               {start, end})) {
    auto& f = registrations[r.integer(0)];
    auto reviewed = r.optional_integer(3);
    if (reviewed && *reviewed <= now && !r.is_null(1)) {
      f.reviews.push_back({r.integer(1) != 0, !r.is_null(2) && r.integer(2) != 0});
    } else {
      f.pending += 1;
    }
  }

  std::unordered_map<int64_t, std::vector<SplitDeadline>> splits;  // by province
  char first[16], last[16];
  std::snprintf(first, sizeof first, "%04d-%02d-01", month.year, month.month);
  std::snprintf(last, sizeof last, "%04d-%02d-31", month.year, month.month);
  for (const auto& plan :
       c.query("SELECT id, name, split_due FROM target_plans WHERE status = 'issued' AND superseded_by IS NULL AND "
               "split_due >= ? AND split_due <= ? ORDER BY split_due, id",
               {std::string(first), std::string(last)})) {
    std::unordered_map<int64_t, int64_t> submitted;
    for (const auto& s : c.query("SELECT province_id, submitted_at FROM target_splits WHERE plan_id = ? AND "
                                 "submitted_at IS NOT NULL",
                                 {plan.integer(0)})) {
      submitted[s.integer(0)] = s.integer(1);
    }
    int64_t due = targets::day_end_ms(plan.text(2)) - 1;
    for (auto province : tree.of_kind("province")) {
      SplitDeadline d{plan.integer(0), plan.text(1), province, due, std::nullopt};
      if (auto it = submitted.find(province); it != submitted.end()) d.submitted_at = it->second;
      splits[province].push_back(d);
    }
  }

  // ---- the people ----
  std::vector<PersonScore> people;
  for (const auto& u :
       c.query("SELECT id, role, org_unit_id FROM users WHERE active = 1 AND role IN ('sales_rep', 'dealer_manager', "
               "'area_manager', 'regional_director') ORDER BY id")) {
    const auto* unit = tree.find(u.integer(2));
    if (!unit || !unit->active) continue;
    PersonScore p;
    p.user_id = u.integer(0);
    p.role = u.text(1);
    p.manager = p.role == "area_manager" || p.role == "regional_director";
    p.unit_id = unit->id;
    p.unit_path = unit->path;
    p.province_id = unit->province_id;
    p.region_id = unit->region_id;

    // this person's split deadlines: the province's (area manager) or the region's provinces'
    std::vector<SplitDeadline> own_splits;
    if (p.role == "area_manager") {
      if (auto it = splits.find(p.province_id); it != splits.end()) own_splits = it->second;
    } else if (p.role == "regional_director") {
      for (auto province : tree.of_kind("province")) {
        const auto* pu = tree.find(province);
        if (pu->region_id != p.region_id) continue;
        if (auto it = splits.find(province); it != splits.end())
          own_splits.insert(own_splits.end(), it->second.begin(), it->second.end());
      }
    }
    const auto& own_reports = reports[p.user_id];

    json items = json::array();
    for (const auto& item : t.items) {
      json ij = {{"code", item.code}, {"name", item.name}, {"weight", item.weight}, {"score", nullptr}};
      bool applies = p.manager ? true : item.assessed == Assessed::dealer_people;
      ij["applies"] = applies;
      ij["derived"] = p.manager && item.code != "split";
      ij["criteria"] = json::array();
      if (!applies || ij["derived"].get<bool>()) {
        items.push_back(std::move(ij));
        continue;
      }
      // the deadlines of this item, and whether its record is missing or absent
      std::vector<Deadline> deadlines;
      std::vector<json> deadline_refs;
      if (item.code == "split") {
        for (const auto& s : own_splits) {
          deadlines.push_back({s.due_at, s.submitted_at});
          deadline_refs.push_back({{"plan_id", s.plan_id},
                                   {"plan_name", s.plan_name},
                                   {"province_id", s.province_id},
                                   {"province_name", tree.name(s.province_id)}});
        }
      } else {
        for (const auto& r : own_reports) {
          if (r.kind != item.code) continue;
          deadlines.push_back({r.due_at, r.submitted_at});
          deadline_refs.push_back({{"report_id", r.id}, {"period", r.period}});
        }
      }
      bool any_submitted =
          std::any_of(deadlines.begin(), deadlines.end(), [](const Deadline& d) { return d.submitted_at.has_value(); });
      bool all_missed = !deadlines.empty() && std::all_of(deadlines.begin(), deadlines.end(), [&](const Deadline& d) {
        return !d.submitted_at && d.due_at < now;
      });

      for (const auto& cdef : item.criteria) {
        json cj = {{"code", cdef.code},
                   {"name", cdef.name},
                   {"share", cdef.share},
                   {"source", to_string(cdef.source)},
                   {"computed", nullptr},
                   {"score", nullptr},
                   {"comment", nullptr},
                   {"scored_by", nullptr},
                   {"adjustments", json::array()},
                   {"pending", false}};
        std::optional<double> computed;
        json evidence = json::object();
        switch (cdef.source) {
          case Source::timeliness: {
            std::vector<Deadline> counted;
            json list = json::array();
            for (size_t k = 0; k < deadlines.size(); ++k) {
              json e = deadline_evidence(deadlines[k], t.deduction_per_day, now);
              e.update(deadline_refs[k]);
              list.push_back(std::move(e));
              if (counts(deadlines[k], now)) counted.push_back(deadlines[k]);
            }
            computed = mean_timeliness(counted, t.deduction_per_day);
            evidence = {{"deadlines", list}, {"deduction_per_day", t.deduction_per_day}};
            break;
          }
          case Source::accuracy: {
            auto report = std::find_if(own_reports.begin(), own_reports.end(),
                                       [](const ReportFact& r) { return r.kind == "monthly_stats"; });
            if (report == own_reports.end()) break;
            evidence["report_id"] = report->id;
            const Stats& system = p.role == "dealer_manager" ? by_unit[p.unit_id] : by_user[p.user_id];
            auto submitted = stats_submitted.find(p.user_id);
            json figures = json::array();
            if (submitted != stats_submitted.end() && submitted->second.is_object()) {
              std::vector<Figure> fs;
              for (size_t k = 0; k < kStatsFields.size(); ++k) {
                const auto& v = submitted->second[kStatsFields[k]];
                int64_t s = v.is_number_integer() ? v.get<int64_t>() : 0;
                fs.push_back({s, system.f[k]});
                figures.push_back({{"field", kStatsFields[k]}, {"submitted", s}, {"system", system.f[k]}});
              }
              computed = accuracy_score(fs);
            } else if (report->due_at < now) {
              computed = 0.0;  // a table never submitted agrees with nothing
            }
            evidence["figures"] = figures;
            break;
          }
          case Source::registrations: {
            const auto& f = registrations[p.user_id];
            int64_t authentic = 0, accurate = 0;
            for (const auto& r : f.reviews) {
              authentic += r.authentic ? 1 : 0;
              accurate += r.accurate ? 1 : 0;
            }
            computed = registration_score(f.reviews, t.empty_registrations);
            evidence = {{"reviewed", f.reviews.size()},
                        {"authentic", authentic},
                        {"accurate", accurate},
                        {"not_reviewed", f.pending},
                        {"empty_rule", f.reviews.empty() ? json(to_string(t.empty_registrations)) : json()}};
            break;
          }
          case Source::reviewer: {
            bool has_record = item.code == "registrations" ? !registrations[p.user_id].reviews.empty() : any_submitted;
            if (const json* prev = previous_criterion(previous, p.user_id, item.code, cdef.code)) {
              cj["score"] = (*prev)["score"];
              cj["comment"] = prev->value("comment", json());
              cj["scored_by"] = prev->value("scored_by", json());
              cj["adjustments"] = prev->value("adjustments", json::array());
              cj["pending"] = has_record || !cj["score"].is_null();
            } else if (all_missed) {
              cj["score"] = 0;
              cj["comment"] = "未提交，按零分计";
            } else if (has_record) {
              cj["pending"] = true;  // the reviewer scores it
            }
            break;
          }
        }
        if (cdef.source != Source::reviewer) {
          cj["computed"] = number_or_null(computed);
          cj["score"] = cj["computed"];
          if (const json* prev = previous_criterion(previous, p.user_id, item.code, cdef.code)) {
            const auto& adjustments = prev->value("adjustments", json::array());
            if (!adjustments.empty()) {
              cj["adjustments"] = adjustments;
              cj["score"] = adjustments.back()["to"];
            }
          }
          cj["evidence"] = evidence;
        }
        ij["criteria"].push_back(std::move(cj));
      }
      items.push_back(std::move(ij));
    }
    p.detail = {{"items", items}};
    rescore(p, t);
    people.push_back(std::move(p));
  }

  // managers: their dealers' people's items
  std::vector<const PersonScore*> dealer_people;
  for (const auto& p : people) {
    if (!p.manager) dealer_people.push_back(&p);
  }
  for (auto& m : people) {
    if (!m.manager) continue;
    std::vector<const PersonScore*> under;
    for (const auto* d : dealer_people) {
      if (d->unit_path.starts_with(m.unit_path)) under.push_back(d);
    }
    derive_manager_items(m, under);
    rescore(m, t);
  }
  return people;
}

}  // namespace fleetkam::assessment
