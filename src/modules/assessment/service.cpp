#include "modules/assessment/service.h"

#include <set>

#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::assessment {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxText = 200;
constexpr size_t kMaxGuide = 500;
constexpr size_t kMaxNote = 500;

std::string assessed_text(Assessed a) { return a == Assessed::managers ? "managers" : "dealer_people"; }

// A string field of `object` at `at`: its value, or an error (and "") when it is missing, not text
// or longer than `max` characters (code points).
std::string text_field(const json& object, const std::string& key, const std::string& at, size_t max,
                       std::vector<FieldError>& errors, bool required = true) {
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    if (required) errors.push_back({at + key, "is required", "required"});
    return "";
  }
  if (!found->is_string()) {
    errors.push_back({at + key, "must be text", "wrong_type"});
    return "";
  }
  const auto& text = found->get_ref<const std::string&>();
  size_t characters = 0;
  for (unsigned char ch : text) characters += (ch & 0xC0) != 0x80 ? 1 : 0;
  if (characters > max)
    errors.push_back({at + key, "must be at most " + std::to_string(max) + " characters", "too_long"});
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.push_back({at + key, "is required", "required"});
  return text;
}

int int_field(const json& object, const std::string& key, const std::string& at, std::vector<FieldError>& errors) {
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    errors.push_back({at + key, "is required", "required"});
    return 0;
  }
  if (!found->is_number_integer()) {
    errors.push_back({at + key, "must be a whole number", "wrong_type"});
    return 0;
  }
  auto value = found->get<int64_t>();
  if (value < -1000 || value > 1000) {
    errors.push_back({at + key, "must be 0 to 100", "invalid_value"});
    return 0;
  }
  return static_cast<int>(value);
}

void unknown_fields(const json& object, const std::set<std::string>& known, const std::string& at,
                    std::vector<FieldError>& errors) {
  for (const auto& [key, value] : object.items()) {
    if (!known.count(key)) errors.push_back({at + key, "is not a field of this object", "unknown_field"});
  }
}

void check_month(const std::string& month) {
  if (!calendar::parse_month(month)) throw NotFound("no such month");
}

json stored_json(const db::Row& row) {
  std::vector<FieldError> ignored;
  auto content = json::parse(row.text(2), nullptr, false);
  json out = template_json(template_of(content, ignored));
  out["id"] = row.integer(0);
  out["effective_month"] = row.text(1);
  out["note"] = row.optional_text(3) ? json(*row.optional_text(3)) : json();
  out["created_by_name"] = row.text(4);
  out["created_at"] = clock::format_rfc3339(row.integer(5));
  out["updated_at"] = clock::format_rfc3339(row.integer(6));
  out["version"] = row.integer(7);
  return out;
}

constexpr const char* kTemplateSelect =
    "SELECT t.id, t.effective_month, t.content, t.note, u.display_name, t.created_at, t.updated_at, t.version FROM "
    "assessment_templates t JOIN users u ON u.id = t.created_by ";

json default_json() {
  json out = template_json(default_template());
  out["id"] = nullptr;
  out["effective_month"] = nullptr;
  out["note"] = nullptr;
  out["created_by_name"] = nullptr;
  out["created_at"] = nullptr;
  out["updated_at"] = nullptr;
  out["version"] = nullptr;
  return out;
}

}  // namespace

json template_json(const Template& t) {
  json items = json::array();
  for (const auto& item : t.items) {
    json criteria = json::array();
    for (const auto& c : item.criteria) {
      criteria.push_back({{"code", c.code},
                          {"name", c.name},
                          {"share", c.share},
                          {"source", to_string(c.source)},
                          {"guide", c.guide}});
    }
    items.push_back({{"code", item.code},
                     {"name", item.name},
                     {"weight", item.weight},
                     {"assessed", assessed_text(item.assessed)},
                     {"criteria", criteria}});
  }
  return {{"items", items},
          {"deduction_per_day", t.deduction_per_day},
          {"empty_registrations", to_string(t.empty_registrations)},
          {"performance_pay_share", t.performance_pay_share}};
}

Template template_of(const json& body, std::vector<FieldError>& errors) {
  Template t;
  if (!body.is_object()) {
    errors.push_back({"", "must be a JSON object", "wrong_type"});
    return t;
  }
  auto items = body.find("items");
  if (items == body.end() || !items->is_array()) {
    errors.push_back({"items", "must be a list of the five items", items == body.end() ? "required" : "wrong_type"});
  } else {
    for (size_t i = 0; i < items->size(); ++i) {
      const auto& in = (*items)[i];
      std::string at = "items[" + std::to_string(i) + "].";
      if (!in.is_object()) {
        errors.push_back({at.substr(0, at.size() - 1), "must be an object", "wrong_type"});
        continue;
      }
      unknown_fields(in, {"code", "name", "weight", "assessed", "criteria"}, at, errors);
      Item item;
      item.code = text_field(in, "code", at, kMaxText, errors);
      item.name = text_field(in, "name", at, kMaxText, errors);
      item.weight = int_field(in, "weight", at, errors);
      item.assessed = assessed_by(item.code);  // fixed by the item, whatever is sent
      auto criteria = in.find("criteria");
      if (criteria == in.end() || !criteria->is_array()) {
        errors.push_back({at + "criteria", "must be a list", criteria == in.end() ? "required" : "wrong_type"});
      } else {
        for (size_t k = 0; k < criteria->size(); ++k) {
          const auto& cin = (*criteria)[k];
          std::string cat = at + "criteria[" + std::to_string(k) + "].";
          if (!cin.is_object()) {
            errors.push_back({cat.substr(0, cat.size() - 1), "must be an object", "wrong_type"});
            continue;
          }
          unknown_fields(cin, {"code", "name", "share", "source", "guide"}, cat, errors);
          Criterion c;
          c.code = text_field(cin, "code", cat, kMaxText, errors);
          c.name = text_field(cin, "name", cat, kMaxText, errors);
          c.share = int_field(cin, "share", cat, errors);
          auto source = text_field(cin, "source", cat, kMaxText, errors);
          if (auto s = source_of(source)) {
            c.source = *s;
          } else if (!source.empty()) {
            errors.push_back(
                {cat + "source", "must be timeliness, accuracy, registrations or reviewer", "invalid_value"});
          }
          c.guide = text_field(cin, "guide", cat, kMaxGuide, errors, false);
          item.criteria.push_back(std::move(c));
        }
      }
      t.items.push_back(std::move(item));
    }
  }
  auto deduction = body.find("deduction_per_day");
  if (deduction == body.end() || !deduction->is_number()) {
    errors.push_back(
        {"deduction_per_day", "must be a number of points", deduction == body.end() ? "required" : "wrong_type"});
  } else {
    t.deduction_per_day = deduction->get<double>();
  }
  auto empty = text_field(body, "empty_registrations", "", kMaxText, errors);
  if (auto rule = empty_month_of(empty)) {
    t.empty_registrations = *rule;
  } else if (!empty.empty()) {
    errors.push_back({"empty_registrations", "must be full, zero or excluded", "invalid_value"});
  }
  t.performance_pay_share = int_field(body, "performance_pay_share", "", errors);
  if (errors.empty()) {
    auto more = validate(t);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  return t;
}

std::pair<Template, std::optional<int64_t>> effective_template(db::Connection& c, const std::string& month) {
  auto row = c.query_one(
      "SELECT id, content FROM assessment_templates WHERE effective_month <= ? ORDER BY effective_month DESC LIMIT 1",
      {month});
  if (!row) return {default_template(), std::nullopt};
  std::vector<FieldError> ignored;
  return {template_of(json::parse(row->text(1), nullptr, false), ignored), row->integer(0)};
}

json AssessmentService::templates(const auth::Principal& /*caller*/) {
  json items = json::array();
  database_.read([&](db::Connection& c) {
    for (const auto& row : c.query(std::string(kTemplateSelect) + "ORDER BY t.effective_month DESC")) {
      items.push_back(stored_json(row));
    }
  });
  return {{"items", items}, {"default", default_json()}};
}

json AssessmentService::template_for(const auth::Principal& /*caller*/, const std::string& month) {
  check_month(month);
  json out;
  database_.read([&](db::Connection& c) {
    auto row = c.query_one(
        std::string(kTemplateSelect) + "WHERE t.effective_month <= ? ORDER BY t.effective_month DESC LIMIT 1", {month});
    out = row ? stored_json(*row) : default_json();
  });
  return out;
}

json AssessmentService::put_template(const auth::Principal& caller, const std::string& month, const std::string& raw) {
  auth::require(caller.role, "assessment.template");
  check_month(month);
  auto body = json::parse(raw, nullptr, false);
  if (body.is_discarded()) throw BadRequest("the body is not JSON", "malformed_json");
  std::vector<FieldError> errors;
  if (body.is_object()) {
    auto note = body.find("note");
    if (note != body.end() && !note->is_null() && !note->is_string())
      errors.push_back({"note", "must be text", "wrong_type"});
    auto version = body.find("version");
    if (version != body.end() && !version->is_null() && !version->is_number_integer())
      errors.push_back({"version", "must be the template's version", "wrong_type"});
  }
  json content = body;
  if (content.is_object()) {
    content.erase("note");
    content.erase("version");
  }
  auto t = template_of(content, errors);
  std::optional<std::string> note;
  if (body.is_object() && body.contains("note") && body["note"].is_string()) {
    note = body["note"].get<std::string>();
    std::vector<FieldError> long_note;
    text_field(body, "note", "", kMaxNote, long_note, false);
    errors.insert(errors.end(), long_note.begin(), long_note.end());
  }
  if (!errors.empty()) throw Invalid(errors);
  std::optional<int64_t> version;
  if (body.contains("version") && body["version"].is_number_integer()) version = body["version"].get<int64_t>();

  json out;
  database_.write([&](db::Connection& c) {
    auto closed = c.query_one(
        "SELECT month, status FROM assessment_months WHERE month >= ? AND status <> 'open' ORDER BY month DESC LIMIT 1",
        {month});
    if (closed)
      throw Conflict("the assessment of " + closed->text(0) + " is " + closed->text(1) +
                         ": a template change applies from a later month",
                     "assessment.month_closed");
    int64_t now = clock::now_ms();
    std::string stored = template_json(t).dump();
    auto existing =
        c.query_one("SELECT id, version, content FROM assessment_templates WHERE effective_month = ?", {month});
    int64_t id = 0;
    if (existing) {
      if (!version)
        throw Conflict("a template is already set from " + month + ": send its version to replace it",
                       "version_conflict");
      if (c.execute("UPDATE assessment_templates SET content = ?, note = ?, updated_at = ?, version = version + 1 "
                    "WHERE id = ? AND version = ?",
                    {stored, note ? db::Param(*note) : db::Param(nullptr), now, existing->integer(0), *version}) != 1)
        throw Conflict("the template was changed by someone else", "version_conflict");
      id = existing->integer(0);
      audit::record(c, {caller.user_id, "update", "assessment_template", id, existing->text(2), stored});
    } else {
      id = c.query_one(
                "INSERT INTO assessment_templates (effective_month, content, note, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                {month, stored, note ? db::Param(*note) : db::Param(nullptr), caller.user_id, now, now})
               ->integer(0);
      audit::record(c, {caller.user_id, "create", "assessment_template", id, std::nullopt, stored});
    }
    out = stored_json(*c.query_one(std::string(kTemplateSelect) + "WHERE t.id = ?", {id}));
  });
  return out;
}

}  // namespace fleetkam::assessment
