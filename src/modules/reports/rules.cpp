#include "modules/reports/rules.h"

#include <algorithm>

#include "platform/calendar/calendar.h"

namespace fleetkam::reports {

using json = nlohmann::json;

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"weekly_tracking", "monthly_stats", "monthly_summary"};
  return k;
}

bool weekly(const std::string& kind) { return kind == "weekly_tracking"; }

namespace {

PeriodInfo week_info(const calendar::Week& w) {
  return {calendar::week_text(w), calendar::week_start(w), calendar::week_end(w), calendar::week_due_at(w)};
}

PeriodInfo month_info(const calendar::Month& m) {
  return {calendar::month_text(m), calendar::month_start(m), calendar::month_end(m), calendar::month_due_at(m)};
}

bool in(const std::vector<std::string>& choices, const std::string& value) {
  return std::find(choices.begin(), choices.end(), value) != choices.end();
}

}  // namespace

std::optional<PeriodInfo> period_info(const std::string& kind, const std::string& period) {
  if (weekly(kind)) {
    auto w = calendar::parse_week(period);
    if (!w) return std::nullopt;
    return week_info(*w);
  }
  auto m = calendar::parse_month(period);
  if (!m) return std::nullopt;
  return month_info(*m);
}

PeriodInfo current_period(const std::string& kind, int64_t now_ms) {
  return weekly(kind) ? week_info(calendar::week_of(now_ms)) : month_info(calendar::month_of(now_ms));
}

PeriodInfo previous_period(const std::string& kind, const PeriodInfo& period) {
  return current_period(kind, period.starts_at - 1);
}

std::string status_of(int64_t due_at, std::optional<int64_t> submitted_at, int64_t now_ms) {
  if (submitted_at) return *submitted_at > due_at ? "late" : "submitted";
  return now_ms > due_at ? "missing" : "open";
}

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s = {"open", "submitted", "late", "missing"};
  return s;
}

const std::vector<std::string>& levels() {
  static const std::vector<std::string> l = {"high", "medium", "low"};
  return l;
}

const std::vector<std::string>& authenticities() {
  static const std::vector<std::string> a = {"confirmed", "doubtful", "false"};
  return a;
}

StartingPoint starting_judgement(const std::optional<Judgement>& last_week,
                                 const std::optional<Judgement>& opportunity) {
  if (last_week) return {*last_week, true};
  StartingPoint out;
  if (opportunity) {
    out.judgement = *opportunity;
    out.judgement.authenticity.reset();  // authenticity is the person's call every time, never inferred
    out.judgement.note.clear();
  }
  return out;
}

Judgement judgement_of(const json& row) {
  Judgement j;
  if (row.contains("deal_probability") && row["deal_probability"].is_number_integer())
    j.deal_probability = row["deal_probability"].get<int64_t>();
  for (auto [field, target] : {std::pair{"value_analysis", &j.value_analysis}, std::pair{"difficulty", &j.difficulty},
                               std::pair{"authenticity", &j.authenticity}}) {
    if (row.contains(field) && row[field].is_string()) *target = row[field].get<std::string>();
  }
  if (row.contains("note") && row["note"].is_string()) j.note = row["note"].get<std::string>();
  return j;
}

void put_judgement(json& row, const Judgement& j) {
  row["deal_probability"] = j.deal_probability ? json(*j.deal_probability) : json();
  row["value_analysis"] = j.value_analysis ? json(*j.value_analysis) : json();
  row["difficulty"] = j.difficulty ? json(*j.difficulty) : json();
  row["authenticity"] = j.authenticity ? json(*j.authenticity) : json();
  row["note"] = j.note;
}

std::map<int64_t, Judgement> read_weekly_rows(const json& rows, const std::set<int64_t>& accounts, bool complete,
                                              std::vector<FieldError>& errors) {
  std::map<int64_t, Judgement> out;
  if (!rows.is_array()) {
    errors.push_back({"rows",
                      "must be an array of {account_id, deal_probability, value_analysis, difficulty, "
                      "authenticity, note}",
                      "wrong_type"});
    return out;
  }
  static const std::set<std::string> allowed = {
      "account_id", "deal_probability", "value_analysis", "difficulty", "authenticity", "note",
      // what the table shows and a client may echo back
      "account_name", "grade", "visits", "moves", "open_opportunities", "carried"};
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    std::string at = "rows[" + std::to_string(i) + "]";
    if (!row.is_object()) {
      errors.push_back({at, "must be an object", "wrong_type"});
      continue;
    }
    for (const auto& [key, value] : row.items()) {
      if (!allowed.contains(key))
        errors.push_back({at + "." + key, "is not a field of a tracking row", "unknown_field"});
    }
    if (!row.contains("account_id") || !row["account_id"].is_number_integer()) {
      errors.push_back({at + ".account_id", "is required", row.contains("account_id") ? "wrong_type" : "required"});
      continue;
    }
    int64_t account = row["account_id"].get<int64_t>();
    if (!accounts.contains(account)) {
      errors.push_back({at + ".account_id", "is not a key account of this table", "invalid_value"});
      continue;
    }
    if (out.contains(account)) {
      errors.push_back({at + ".account_id", "appears twice", "invalid_value"});
      continue;
    }
    Judgement j;
    if (row.contains("deal_probability") && !row["deal_probability"].is_null()) {
      const auto& p = row["deal_probability"];
      if (!p.is_number_integer())
        errors.push_back({at + ".deal_probability", "must be a whole percentage 0–100", "wrong_type"});
      else if (p.get<int64_t>() < 0 || p.get<int64_t>() > 100)
        errors.push_back({at + ".deal_probability", "must be between 0 and 100", "invalid_value"});
      else
        j.deal_probability = p.get<int64_t>();
    }
    auto choice = [&](const char* field, const std::vector<std::string>& choices, std::optional<std::string>& target) {
      if (!row.contains(field) || row[field].is_null()) return;
      const auto& v = row[field];
      std::string list;
      for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
      if (!v.is_string())
        errors.push_back({at + "." + field, "must be one of " + list, "wrong_type"});
      else if (!in(choices, v.get<std::string>()))
        errors.push_back({at + "." + field, "must be one of " + list, "invalid_value"});
      else
        target = v.get<std::string>();
    };
    choice("value_analysis", levels(), j.value_analysis);
    choice("difficulty", levels(), j.difficulty);
    choice("authenticity", authenticities(), j.authenticity);
    if (row.contains("note") && !row["note"].is_null()) {
      if (!row["note"].is_string())
        errors.push_back({at + ".note", "must be text", "wrong_type"});
      else if (row["note"].get<std::string>().size() > 2000)  // about 500 Chinese characters
        errors.push_back({at + ".note", "must be at most 500 characters", "too_long"});
      else
        j.note = row["note"].get<std::string>();
    }
    if (complete) {
      if (!j.deal_probability && !row.contains("deal_probability"))
        errors.push_back({at + ".deal_probability", "is required", "required"});
      for (auto [field, value] : {std::pair{"value_analysis", &j.value_analysis},
                                  std::pair{"difficulty", &j.difficulty}, std::pair{"authenticity", &j.authenticity}}) {
        if (!*value && (!row.contains(field) || row[field].is_null()))
          errors.push_back({at + "." + field, "is required", "required"});
      }
      if (!j.deal_probability && row.contains("deal_probability") && row["deal_probability"].is_null())
        errors.push_back({at + ".deal_probability", "is required", "required"});
    }
    out[account] = j;
  }
  if (complete) {
    for (int64_t account : accounts) {
      if (!out.contains(account))
        errors.push_back({"rows", "account " + std::to_string(account) + " of this table is missing", "required"});
    }
  }
  return out;
}

}  // namespace fleetkam::reports
