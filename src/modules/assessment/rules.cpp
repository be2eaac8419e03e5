#include "modules/assessment/rules.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>

namespace fleetkam::assessment {
namespace {

// An enum's names, for reading and writing it as text.
template <typename E, size_t N>
using Names = std::array<std::pair<std::string_view, E>, N>;

constexpr Names<EmptyMonth, 3> kEmptyMonths = {
    {{"full", EmptyMonth::full}, {"zero", EmptyMonth::zero}, {"excluded", EmptyMonth::excluded}}};
constexpr Names<Source, 4> kSources = {{{"timeliness", Source::timeliness},
                                        {"accuracy", Source::accuracy},
                                        {"registrations", Source::registrations},
                                        {"reviewer", Source::reviewer}}};

template <typename E, size_t N>
std::optional<E> value_of(const Names<E, N>& names, const std::string& text) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string name_of(const Names<E, N>& names, E value) {
  for (const auto& [name, v] : names) {
    if (v == value) return std::string(name);
  }
  return {};
}

}  // namespace

int64_t days_late(int64_t due_at, int64_t submitted_at) {
  if (submitted_at <= due_at) return 0;
  return (submitted_at - due_at + kDayMs - 1) / kDayMs;
}

double timeliness_score(const Deadline& deadline, double deduction_per_day) {
  if (!deadline.submitted_at) return 0;
  double late = static_cast<double>(days_late(deadline.due_at, *deadline.submitted_at));
  return std::max(0.0, 100.0 - deduction_per_day * late);
}

std::optional<double> mean_timeliness(const std::vector<Deadline>& deadlines, double deduction_per_day) {
  if (deadlines.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& d : deadlines) sum += timeliness_score(d, deduction_per_day);
  return sum / static_cast<double>(deadlines.size());
}

std::optional<double> accuracy_score(const std::vector<Figure>& figures) {
  if (figures.empty()) return std::nullopt;
  auto agree = std::count_if(figures.begin(), figures.end(), [](const Figure& f) { return f.submitted == f.system; });
  return 100.0 * static_cast<double>(agree) / static_cast<double>(figures.size());
}

std::optional<EmptyMonth> empty_month_of(const std::string& text) { return value_of(kEmptyMonths, text); }
std::string to_string(EmptyMonth rule) { return name_of(kEmptyMonths, rule); }

std::optional<double> registration_score(const std::vector<RegistrationReview>& reviews, EmptyMonth empty) {
  if (reviews.empty()) {
    if (empty == EmptyMonth::full) return 100.0;
    if (empty == EmptyMonth::zero) return 0.0;
    return std::nullopt;
  }
  double authentic = 0, accurate = 0;
  for (const auto& r : reviews) {
    authentic += r.authentic ? 1 : 0;
    accurate += r.accurate ? 1 : 0;
  }
  double n = static_cast<double>(reviews.size());
  return 50.0 * authentic / n + 50.0 * accurate / n;
}

std::optional<Source> source_of(const std::string& text) { return value_of(kSources, text); }
std::string to_string(Source source) { return name_of(kSources, source); }

const std::vector<std::string>& item_codes() {
  static const std::vector<std::string> codes = {"split", "monthly_stats", "registrations", "weekly_tracking",
                                                 "monthly_summary"};
  return codes;
}

Assessed assessed_by(const std::string& item_code) {
  return item_code == "split" ? Assessed::managers : Assessed::dealer_people;
}

std::vector<Source> sources_for(const std::string& item_code) {
  if (item_code == "monthly_stats") return {Source::timeliness, Source::accuracy, Source::reviewer};
  if (item_code == "registrations") return {Source::registrations, Source::reviewer};
  return {Source::timeliness, Source::reviewer};
}

Template default_template() {
  Template t;
  t.items = {
      {"split",
       "目标分解",
       5,
       Assessed::managers,
       {{"timeliness", "及时性", 50, Source::timeliness, "期初前提交分解，每迟一天扣分"},
        {"rationality", "合理性", 50, Source::reviewer, "分解与各经销商、人员的能力和客户资源相称"}}},
      {"monthly_stats",
       "大客户统计表",
       5,
       Assessed::dealer_people,
       {{"timeliness", "及时性", 50, Source::timeliness, "月底（31日）前提交"},
        {"accuracy", "准确性", 50, Source::accuracy, "成交与交车数据与系统记录一致"}}},
      {"registrations",
       "信息报备",
       30,
       Assessed::dealer_people,
       {{"quality", "真实性、准确性", 100, Source::registrations, "区域经理审核认定的真实、准确的报备占比"}}},
      {"weekly_tracking",
       "重点大客户关系维系跟踪表",
       30,
       Assessed::dealer_people,
       {{"timeliness", "及时性", 50, Source::timeliness, "每周六24:00前提交，累计填报"},
        {"authenticity", "成交概率、价值分析、难度评估、真实性", 50, Source::reviewer,
         "判断有依据、与拜访和商机记录相符"}}},
      {"monthly_summary",
       "月度工作总结表",
       30,
       Assessed::dealer_people,
       {{"timeliness", "及时性", 30, Source::timeliness, "月底前提交"},
        {"quality", "质量、真实性", 70, Source::reviewer, "总结具体、问题与计划可执行、与系统记录相符"}}},
  };
  return t;
}

std::vector<FieldError> validate(const Template& t) {
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  int weights = 0;
  for (size_t i = 0; i < t.items.size(); ++i) {
    const auto& item = t.items[i];
    std::string at = "items[" + std::to_string(i) + "]";
    if (std::find(item_codes().begin(), item_codes().end(), item.code) == item_codes().end())
      errors.push_back({at + ".code", "must be one of the five assessment items", "invalid_value"});
    else if (!seen.insert(item.code).second)
      errors.push_back({at + ".code", "each item once", "invalid_value"});
    if (item.weight < 0 || item.weight > 100) errors.push_back({at + ".weight", "must be 0 to 100", "invalid_value"});
    weights += item.weight;
    if (item.criteria.empty()) errors.push_back({at + ".criteria", "needs at least one criterion", "required"});
    int shares = 0;
    std::set<std::string> codes;
    for (size_t k = 0; k < item.criteria.size(); ++k) {
      const auto& c = item.criteria[k];
      std::string cat = at + ".criteria[" + std::to_string(k) + "]";
      if (c.code.empty()) errors.push_back({cat + ".code", "is required", "required"});
      if (!codes.insert(c.code).second) errors.push_back({cat + ".code", "each criterion once", "invalid_value"});
      if (c.share < 0 || c.share > 100) errors.push_back({cat + ".share", "must be 0 to 100", "invalid_value"});
      auto allowed = sources_for(item.code);
      if (std::find(allowed.begin(), allowed.end(), c.source) == allowed.end())
        errors.push_back({cat + ".source", "this item cannot be scored by " + to_string(c.source), "invalid_value"});
      shares += c.share;
    }
    if (!item.criteria.empty() && shares != 100)
      errors.push_back(
          {at + ".criteria", "shares must sum to 100 (they sum to " + std::to_string(shares) + ")", "invalid_value"});
  }
  if (seen.size() != item_codes().size() && errors.empty())
    errors.push_back({"items", "must hold the five assessment items", "invalid_value"});
  if (weights != 100)
    errors.push_back(
        {"items", "weights must sum to 100 (they sum to " + std::to_string(weights) + ")", "invalid_value"});
  if (!(t.deduction_per_day >= 0 && t.deduction_per_day <= 100))
    errors.push_back({"deduction_per_day", "must be 0 to 100", "invalid_value"});
  if (t.performance_pay_share < 0 || t.performance_pay_share > 100)
    errors.push_back({"performance_pay_share", "must be 0 to 100", "invalid_value"});
  return errors;
}

std::optional<double> item_score(const Item& item, const std::vector<CriterionScore>& scores) {
  double weighted = 0, shares = 0;
  for (const auto& c : item.criteria) {
    auto found = std::find_if(scores.begin(), scores.end(), [&](const CriterionScore& s) { return s.code == c.code; });
    if (found == scores.end() || !found->score || c.share == 0) continue;
    weighted += *found->score * c.share;
    shares += c.share;
  }
  if (shares == 0) return std::nullopt;
  return weighted / shares;
}

std::optional<double> total_score(const std::vector<ItemScore>& items) {
  double weighted = 0, weights = 0;
  for (const auto& item : items) {
    if (!item.score || item.weight == 0) continue;
    weighted += *item.score * item.weight;
    weights += item.weight;
  }
  if (weights == 0) return std::nullopt;
  return weighted / weights;
}

double round1(double value) { return std::round(value * 10.0) / 10.0; }

}  // namespace fleetkam::assessment
