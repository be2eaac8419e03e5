// Routes of satisfaction after delivery (客户满意度回访) and complaints (投诉):
//   GET  /api/v1/satisfaction/rules                      HQ's delay and low score
//   PUT  /api/v1/satisfaction/rules                      set them (HQ)
//   GET  /api/v1/satisfaction/followups                  the follow-ups the caller sees (filters)
//   GET  /api/v1/satisfaction/followups/export           the same as .xlsx
//   GET  /api/v1/satisfaction/followups/{id}             one, with its complaints
//   POST /api/v1/satisfaction/followups/{id}/record      the call: scores, comment, a complaint
//   POST /api/v1/satisfaction/followups/{id}/review      the area manager reviews a low score
//   GET  /api/v1/satisfaction/followups/{id}/owners      who may own a complaint on it
//   POST /api/v1/satisfaction/followups/{id}/complaints  a complaint raised later
//   GET  /api/v1/satisfaction/summary                    scores by month, per unit or model
//   GET  /api/v1/complaints                              the complaints the caller sees
//   GET  /api/v1/complaints/{id}                         one
//   POST /api/v1/complaints/{id}/resolve                 its owner (or a manager) resolves it
#include "modules/satisfaction/routes.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"
#include "platform/http/query_choices.h"

namespace fleetkam::satisfaction {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

constexpr size_t kTextLength = 2000;

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json score = nullable(integer(1, 5));
  json complaint = object({{"id", id},
                           {"followup_id", id},
                           {"account_id", id},
                           {"account_name", text},
                           {"unit_id", id},
                           {"unit_name", text},
                           {"category", choice(complaint_categories())},
                           {"description", text},
                           {"owner_user_id", id},
                           {"owner_name", text},
                           {"due_date", day},
                           {"overdue", flag},
                           {"status", choice(complaint_statuses())},
                           {"resolution", nullable(text)},
                           {"resolved_by_name", nullable(text)},
                           {"resolved_at", nullable(time)},
                           {"created_by_name", text},
                           {"can_resolve", flag},
                           {"version", id},
                           {"created_at", time},
                           {"updated_at", time}});
  server.add_schema("Complaint", complaint);
  server.add_schema("ComplaintList", page_of("Complaint"));
  server.add_schema("ComplaintOwnerList",
                    object({{"items", array(object({{"user_id", id},
                                                    {"name", text},
                                                    {"role", choice({"dealer_manager", "sales_rep", "area_manager"})},
                                                    {"unit_name", text}}))}}));
  server.add_schema("SatisfactionFollowup", object({{"id", id},
                                                    {"delivery_id", id},
                                                    {"opportunity_id", id},
                                                    {"opportunity_title", text},
                                                    {"account_id", id},
                                                    {"account_name", text},
                                                    {"unit_id", id},
                                                    {"unit_name", text},
                                                    {"model", text},
                                                    {"quantity", id},
                                                    {"delivered_on", day},
                                                    {"due_date", day},
                                                    {"overdue", flag},
                                                    {"status", choice(followup_statuses())},
                                                    {"contact_id", nullable(id)},
                                                    {"contact_name", nullable(text)},
                                                    {"vehicle_score", score},
                                                    {"delivery_score", score},
                                                    {"service_score", score},
                                                    {"comment", nullable(text)},
                                                    {"low", flag},
                                                    {"recorded_by_name", nullable(text)},
                                                    {"recorded_at", nullable(time)},
                                                    {"low_reviewed_at", nullable(time)},
                                                    {"low_reviewed_by_name", nullable(text)},
                                                    {"low_review_note", nullable(text)},
                                                    {"open_complaints", id},
                                                    {"can_record", flag},
                                                    {"can_review", flag},
                                                    {"can_complain", flag},
                                                    {"complaints", array(ref("Complaint"))},
                                                    {"version", id},
                                                    {"created_at", time},
                                                    {"updated_at", time}}));
  server.add_schema("SatisfactionFollowupList", page_of("SatisfactionFollowup"));
  server.add_schema("SatisfactionRules", object({{"delay_days", integer(1, 90)}, {"low_score", integer(1, 4)}}));
  server.add_schema("SatisfactionRulesInput",
                    input({{"delay_days", integer(1, 90)}, {"low_score", integer(1, 4)}}, {"delay_days", "low_score"}));
  server.add_schema("SatisfactionRecord",
                    input({{"version", id},
                           {"vehicle_score", integer(1, 5)},
                           {"delivery_score", integer(1, 5)},
                           {"service_score", integer(1, 5)},
                           {"comment", nullable(text_up_to(static_cast<int>(kTextLength)))},
                           {"contact_id", nullable(id)},
                           {"contact_name", nullable(text_up_to(60))},
                           {"complaint_category", nullable(choice(complaint_categories()))},
                           {"complaint_description", nullable(text_up_to(static_cast<int>(kTextLength)))},
                           {"complaint_owner_user_id", nullable(id)},
                           {"complaint_due_date", nullable(day)}},
                          {"version", "vehicle_score", "delivery_score", "service_score"}));
  server.add_schema("SatisfactionReview",
                    input({{"version", id}, {"note", text_up_to(static_cast<int>(kTextLength))}}, {"version", "note"}));
  server.add_schema("ComplaintCreate", input({{"category", choice(complaint_categories())},
                                              {"description", text_up_to(static_cast<int>(kTextLength))},
                                              {"owner_user_id", id},
                                              {"due_date", day}},
                                             {"category", "description", "owner_user_id", "due_date"}));
  server.add_schema(
      "ComplaintResolve",
      input({{"version", id}, {"resolution", text_up_to(static_cast<int>(kTextLength))}}, {"version", "resolution"}));
  json figures = object({{"responses", id},
                         {"low", id},
                         {"vehicle", number},
                         {"delivery", number},
                         {"service", number},
                         {"overall", number}});
  json month = object({{"month", text}, {"figures", figures}});
  server.add_schema("SatisfactionSummary", object({{"from", text},
                                                   {"to", text},
                                                   {"by", choice({"unit", "model"})},
                                                   {"total", figures},
                                                   {"months", array(month)},
                                                   {"groups", array(object({{"key", text},
                                                                            {"name", text},
                                                                            {"unit_id", nullable(id)},
                                                                            {"kind", text},
                                                                            {"figures", figures},
                                                                            {"months", array(month)}}))}}));
}

std::string today() { return calendar::date_text(calendar::china_date(clock::now_ms())); }

json opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

json complaint_json(const Complaint& k, const auth::Principal& caller, const std::string& day) {
  return {{"id", k.id},
          {"followup_id", k.followup_id},
          {"account_id", k.account_id},
          {"account_name", k.account_name},
          {"unit_id", k.unit_id},
          {"unit_name", k.unit_name},
          {"category", k.category},
          {"description", k.description},
          {"owner_user_id", k.owner_user_id},
          {"owner_name", k.owner_name},
          {"due_date", k.due_on},
          {"overdue", k.status == "open" && k.due_on < day},
          {"status", k.status},
          {"resolution", http::or_null(k.resolution)},
          {"resolved_by_name", http::or_null(k.resolved_by_name)},
          {"resolved_at", http::time_or_null(k.resolved_at)},
          {"created_by_name", k.created_by_name},
          {"can_resolve", can_resolve(caller, k)},
          {"version", k.version},
          {"created_at", clock::format_rfc3339(k.created_at)},
          {"updated_at", clock::format_rfc3339(k.updated_at)}};
}

json followup_json(const Followup& f, const auth::Principal& caller, const std::string& day) {
  json complaints = json::array();
  for (const auto& k : f.complaints) complaints.push_back(complaint_json(k, caller, day));
  return {{"id", f.id},
          {"delivery_id", f.delivery_id},
          {"opportunity_id", f.opportunity_id},
          {"opportunity_title", f.opportunity_title},
          {"account_id", f.account_id},
          {"account_name", f.account_name},
          {"unit_id", f.unit_id},
          {"unit_name", f.unit_name},
          {"model", f.model},
          {"quantity", f.quantity},
          {"delivered_on", f.delivered_on},
          {"due_date", f.due_on},
          {"overdue", f.status == "scheduled" && f.due_on < day},
          {"status", f.status},
          {"contact_id", opt(f.contact_id)},
          {"contact_name", http::or_null(f.contact_name)},
          {"vehicle_score", opt(f.vehicle_score)},
          {"delivery_score", opt(f.delivery_score)},
          {"service_score", opt(f.service_score)},
          {"comment", http::or_null(f.comment)},
          {"low", f.low},
          {"recorded_by_name", http::or_null(f.recorded_by_name)},
          {"recorded_at", http::time_or_null(f.recorded_at)},
          {"low_reviewed_at", http::time_or_null(f.low_reviewed_at)},
          {"low_reviewed_by_name", http::or_null(f.low_reviewed_by_name)},
          {"low_review_note", http::or_null(f.low_review_note)},
          {"open_complaints", f.open_complaints},
          {"can_record", can_record(caller, f)},
          {"can_review", can_review(caller, f)},
          {"can_complain", f.status == "done" && auth::allowed(caller.role, "satisfaction.record")},
          {"complaints", complaints},
          {"version", f.version},
          {"created_at", clock::format_rfc3339(f.created_at)},
          {"updated_at", clock::format_rfc3339(f.updated_at)}};
}

json figures_json(const Figures& f) {
  return {{"responses", f.responses}, {"low", f.low},         {"vehicle", f.vehicle},
          {"delivery", f.delivery},   {"service", f.service}, {"overall", f.overall}};
}

std::string month_label(int64_t month) {
  return calendar::month_text({static_cast<int>(month / 100), static_cast<int>(month % 100)});
}

int64_t month_param(const http::Request& request, const std::string& name) {
  auto text = request.query_filter(name);
  if (!text) throw Invalid(name, "is required: a month YYYY-MM", "required");
  auto month = calendar::parse_month(*text);
  if (!month) throw Invalid(name, "must be a month YYYY-MM");
  return int64_t{month->year} * 100 + month->month;
}

std::optional<int64_t> optional_month(const http::Request& request, const std::string& name) {
  if (!request.query_filter(name)) return std::nullopt;
  return month_param(request, name);
}

FollowupFilter read_filter(const http::Request& request) {
  FollowupFilter f;
  f.statuses = http::query_choices(request, "status", followup_statuses());
  f.due = request.query_bool("due").value_or(false);
  if (auto low = request.query_filter("low")) {
    if (*low != "all" && *low != "unreviewed") throw Invalid("low", "must be all or unreviewed");
    f.low = *low;
  }
  f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  f.account_id = request.query_integer("account_id", 1, INT64_MAX);
  f.user_id = request.query_integer("user_id", 1, INT64_MAX);
  f.from_month = optional_month(request, "from");
  f.to_month = optional_month(request, "to");
  f.model = request.query_filter("model");
  if (f.model && f.model->size() > 60) throw Invalid("model", "is longer than 60 characters");
  return f;
}

std::optional<std::string> text_or_none(http::JsonInput& in, const std::string& field, size_t max) {
  auto value = in.optional_string(field, max);
  if (value && value->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return value;
}

ComplaintInput read_complaint(http::JsonInput& in, const std::string& prefix) {
  ComplaintInput k;
  k.category = in.required_enum(prefix + "category", complaint_categories());
  k.description = in.required_string(prefix + "description", kTextLength);
  k.owner_user_id = in.required_integer(prefix + "owner_user_id");
  k.due_on = in.required_string(prefix + "due_date", 10);
  if (!calendar::parse_date(k.due_on)) in.add_error(prefix + "due_date", "must be a day YYYY-MM-DD");
  return k;
}

ComplaintFilter complaint_filter(const http::Request& request) {
  ComplaintFilter f;
  f.statuses = http::query_choices(request, "status", complaint_statuses());
  f.mine = request.query_bool("mine").value_or(false);
  f.overdue = request.query_bool("overdue").value_or(false);
  f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  f.followup_id = request.query_integer("followup_id", 1, INT64_MAX);
  return f;
}

}  // namespace

void register_routes(http::Server& server, SatisfactionService& service) {
  add_schemas(server);
  const std::string tag = "satisfaction";

  server.route(Method::get, "/api/v1/satisfaction/rules", Access::signed_in,
               {"HQ's rules: the follow-up is due delay_days after the delivery; a score at or below low_score is low",
                tag,
                {},
                "",
                "SatisfactionRules"},
               [&service](http::Request& request) {
                 auto r = service.rules(request.principal());
                 request.json(200, {{"delay_days", r.delay_days}, {"low_score", r.low_score}});
               });

  server.route(Method::put, "/api/v1/satisfaction/rules", Access::signed_in,
               {"Set the rules (HQ's KA director); the delay applies to deliveries from now on",
                tag,
                {},
                "SatisfactionRulesInput",
                "SatisfactionRules"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"delay_days", "low_score"});
                 Rules r;
                 r.delay_days = in.required_integer("delay_days", 1, 90);
                 r.low_score = in.required_integer("low_score", 1, 4);
                 in.finish();
                 r = service.set_rules(request.principal(), r);
                 request.json(200, {{"delay_days", r.delay_days}, {"low_score", r.low_score}});
               });

  std::vector<http::QueryDoc> list_query = {
      {"status", "string", "scheduled, done, cancelled (comma-separated: any of them)"},
      {"due", "boolean", "true: scheduled and due by today (the to-do)"},
      {"low", "string", "all: with a low score; unreviewed: low, not yet reviewed"},
      {"unit_id", "integer", "delivered by this unit or a unit below it"},
      {"account_id", "integer", "of this account"},
      {"user_id", "integer", "of this person's deliveries"},
      {"from", "string", "recorded in this month (YYYY-MM) or later"},
      {"to", "string", "recorded in this month (YYYY-MM) or earlier"},
      {"model", "string", "of this model"},
      {"limit", "integer", "1..500, default 50"},
      {"cursor", "string", "next_cursor of the previous page"}};
  server.route(Method::get, "/api/v1/satisfaction/followups", Access::signed_in,
               {"Follow-ups after delivery the caller sees: by due day, or newest first when the filter asks for "
                "recorded ones (status=done, low, from/to)",
                tag, list_query, "", "SatisfactionFollowupList"},
               [&service](http::Request& request) {
                 auto f = read_filter(request);
                 if (auto cursor = request.cursor_sorted()) {
                   if (!calendar::parse_date(cursor->first))
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   f.after = *cursor;
                 }
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.list(request.principal(), f);
                 auto day = today();
                 json out = json::array();
                 for (size_t i = 0; i < items.size() && i < limit; ++i)
                   out.push_back(followup_json(items[i], request.principal(), day));
                 bool more = items.size() > limit;
                 request.json(
                     200, {{"items", out},
                           {"next_cursor",
                            more ? json(http::encode_cursor(items[limit - 1].due_on, items[limit - 1].id)) : json()}});
               });

  http::RouteDoc export_doc{"The filtered follow-ups as an .xlsx workbook (Chinese headers, at most 50,000)", tag,
                            list_query, "", "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(Method::get, "/api/v1/satisfaction/followups/export", Access::signed_in, export_doc,
               [&service](http::Request& request) {
                 auto rows = service.export_rows(request.principal(), read_filter(request));
                 std::string day = today();
                 day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
                 request.attachment("satisfaction-" + day + ".xlsx", "客户满意度回访-" + day + ".xlsx");
                 request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               sheets::write_xlsx("满意度回访", rows));
               });

  server.route(
      Method::get, "/api/v1/satisfaction/followups/{id}", Access::signed_in,
      {"A follow-up with its complaints", tag, {}, "", "SatisfactionFollowup"}, [&service](http::Request& request) {
        request.json(200,
                     followup_json(service.get(request.principal(), request.path_id()), request.principal(), today()));
      });

  server.route(
      Method::post, "/api/v1/satisfaction/followups/{id}/record", Access::signed_in,
      {"Record the follow-up call: the customer's scores 1–5 for the vehicle, the delivery and the service, "
       "who answered, a comment, and a complaint (complaint_*: becomes a task with its owner and due day)",
       tag,
       {},
       "SatisfactionRecord",
       "SatisfactionFollowup"},
      [&service](http::Request& request) {
        http::JsonInput in(request.body(), {"version", "vehicle_score", "delivery_score", "service_score", "comment",
                                            "contact_id", "contact_name", "complaint_category", "complaint_description",
                                            "complaint_owner_user_id", "complaint_due_date"});
        RecordInput r;
        r.version = in.required_integer("version");
        r.vehicle_score = in.required_integer("vehicle_score", 1, 5);
        r.delivery_score = in.required_integer("delivery_score", 1, 5);
        r.service_score = in.required_integer("service_score", 1, 5);
        r.comment = text_or_none(in, "comment", kTextLength);
        r.contact_id = in.optional_integer("contact_id");
        r.contact_name = text_or_none(in, "contact_name", 60);
        bool any = false;
        for (const char* field :
             {"complaint_category", "complaint_description", "complaint_owner_user_id", "complaint_due_date"}) {
          if (in.has(field)) any = true;
        }
        if (any) r.complaint = read_complaint(in, "complaint_");
        in.finish();
        request.json(200, followup_json(service.record(request.principal(), request.path_id(), r), request.principal(),
                                        today()));
      });

  server.route(Method::post, "/api/v1/satisfaction/followups/{id}/review", Access::signed_in,
               {"The area manager (or above) reviews a low score: what was done about it",
                tag,
                {},
                "SatisfactionReview",
                "SatisfactionFollowup"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "note"});
                 auto version = in.required_integer("version");
                 auto note = in.required_string("note", kTextLength);
                 in.finish();
                 request.json(200,
                              followup_json(service.review_low(request.principal(), request.path_id(), version, note),
                                            request.principal(), today()));
               });

  server.route(
      Method::get, "/api/v1/satisfaction/followups/{id}/owners", Access::signed_in,
      {"Who may own a complaint on the follow-up: the dealer's managers and reps and the area managers above "
       "it, in the caller's scope",
       tag,
       {},
       "",
       "ComplaintOwnerList"},
      [&service](http::Request& request) {
        json items = json::array();
        for (const auto& o : service.owners(request.principal(), request.path_id())) {
          items.push_back({{"user_id", o.user_id}, {"name", o.name}, {"role", o.role}, {"unit_name", o.unit_name}});
        }
        request.json(200, {{"items", items}});
      });

  http::RouteDoc complain_doc{"Raise a complaint on a recorded follow-up: a task with its owner and due day",
                              tag,
                              {},
                              "ComplaintCreate",
                              "Complaint"};
  complain_doc.success_status = 201;
  server.route(Method::post, "/api/v1/satisfaction/followups/{id}/complaints", Access::signed_in, complain_doc,
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"category", "description", "owner_user_id", "due_date"});
                 auto k = read_complaint(in, "");
                 in.finish();
                 request.json(201, complaint_json(service.complain(request.principal(), request.path_id(), k),
                                                  request.principal(), today()));
               });

  server.route(
      Method::get, "/api/v1/satisfaction/summary", Access::signed_in,
      {"Satisfaction by month over [from, to] (recorded follow-ups), in total and per unit one level below "
       "the caller's (or unit_id's) or per model; responses and low equal the lengths of GET "
       "/satisfaction/followups?status=done&from=&to= (and &low=all)",
       tag,
       {{"from", "string", "first month YYYY-MM (required)"},
        {"to", "string", "last month YYYY-MM (required; at most 24 months)"},
        {"by", "string", "unit (default) or model"},
        {"unit_id", "integer", "this unit's subtree (default: the caller's scope)"},
        {"user_id", "integer", "only this person's deliveries (a person in scope; 404 otherwise): no unit groups"}},
       "",
       "SatisfactionSummary"},
      [&service](http::Request& request) {
        auto from = month_param(request, "from");
        auto to = month_param(request, "to");
        std::string by = request.query_filter("by").value_or("unit");
        if (by != "unit" && by != "model") throw Invalid("by", "must be unit or model");
        auto s = service.summary(request.principal(), from, to, by, request.query_integer("unit_id", 1, INT64_MAX),
                                 request.query_integer("user_id", 1, INT64_MAX));
        auto months_json = [](const std::vector<MonthFigures>& months) {
          json out = json::array();
          for (const auto& m : months)
            out.push_back({{"month", month_label(m.month)}, {"figures", figures_json(m.figures)}});
          return out;
        };
        json groups = json::array();
        for (const auto& g : s.groups) {
          groups.push_back({{"key", g.key},
                            {"name", g.name},
                            {"unit_id", opt(g.unit_id)},
                            {"kind", g.kind},
                            {"figures", figures_json(g.figures)},
                            {"months", months_json(g.months)}});
        }
        request.json(200, {{"from", month_label(s.from_month)},
                           {"to", month_label(s.to_month)},
                           {"by", s.by},
                           {"total", figures_json(s.total)},
                           {"months", months_json(s.months)},
                           {"groups", groups}});
      });

  std::vector<http::QueryDoc> complaint_query = {{"status", "string", "open, resolved (comma-separated)"},
                                                 {"mine", "boolean", "true: the caller owns them"},
                                                 {"overdue", "boolean", "true: open past their due day"},
                                                 {"unit_id", "integer", "of this unit or a unit below it"},
                                                 {"followup_id", "integer", "raised on this follow-up"},
                                                 {"limit", "integer", "1..500, default 50"},
                                                 {"cursor", "string", "next_cursor of the previous page"}};
  http::RouteDoc complaints_export_doc{"The filtered complaints as an .xlsx workbook (Chinese headers, at most 50,000)",
                                       tag, complaint_query, "", "Binary"};
  complaints_export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(
      Method::get, "/api/v1/complaints/export", Access::signed_in, complaints_export_doc,
      [&service](http::Request& request) {
        auto f = complaint_filter(request);
        constexpr int kMaxComplaints = 50000;
        f.limit = kMaxComplaints + 1;
        auto items = service.complaints(request.principal(), f);
        if (items.size() > static_cast<size_t>(kMaxComplaints))
          throw Invalid("limit", "more than 50,000 complaints: narrow the filter", "too_many");
        static const std::map<std::string, std::string> categories = {
            {"vehicle", "车辆"}, {"delivery", "交付"}, {"service", "服务"}, {"other", "其他"}};
        auto day = today();
        std::vector<sheets::Row> rows = {{"客户", "经销商", "类别", "投诉内容", "责任人", "处理期限", "状态",
                                          "是否逾期", "处理结果", "处理人", "登记人"}};
        for (const auto& k : items)
          rows.push_back({k.account_name, k.unit_name, categories.at(k.category), k.description, k.owner_name, k.due_on,
                          k.status == "open" ? "处理中" : "已解决", k.status == "open" && k.due_on < day ? "逾期" : "",
                          k.resolution.value_or(""), k.resolved_by_name.value_or(""), k.created_by_name});
        std::string compact = day;
        compact.erase(std::remove(compact.begin(), compact.end(), '-'), compact.end());
        request.attachment("complaints-" + compact + ".xlsx", "客户投诉-" + compact + ".xlsx");
        request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      sheets::write_xlsx("客户投诉", rows));
      });

  server.route(Method::get, "/api/v1/complaints", Access::signed_in,
               {"Complaints the caller sees, by due day", tag, complaint_query, "", "ComplaintList"},
               [&service](http::Request& request) {
                 auto f = complaint_filter(request);
                 if (auto cursor = request.cursor_sorted()) {
                   if (!calendar::parse_date(cursor->first))
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   f.after = *cursor;
                 }
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.complaints(request.principal(), f);
                 auto day = today();
                 json out = json::array();
                 for (size_t i = 0; i < items.size() && i < limit; ++i)
                   out.push_back(complaint_json(items[i], request.principal(), day));
                 bool more = items.size() > limit;
                 request.json(
                     200, {{"items", out},
                           {"next_cursor",
                            more ? json(http::encode_cursor(items[limit - 1].due_on, items[limit - 1].id)) : json()}});
               });

  server.route(Method::get, "/api/v1/complaints/{id}", Access::signed_in, {"A complaint", tag, {}, "", "Complaint"},
               [&service](http::Request& request) {
                 request.json(200, complaint_json(service.complaint(request.principal(), request.path_id()),
                                                  request.principal(), today()));
               });

  server.route(Method::post, "/api/v1/complaints/{id}/resolve", Access::signed_in,
               {"Record how the complaint was resolved (its owner, or a manager above it)",
                tag,
                {},
                "ComplaintResolve",
                "Complaint"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "resolution"});
                 auto version = in.required_integer("version");
                 auto resolution = in.required_string("resolution", kTextLength);
                 in.finish();
                 request.json(
                     200, complaint_json(service.resolve(request.principal(), request.path_id(), version, resolution),
                                         request.principal(), today()));
               });
}

}  // namespace fleetkam::satisfaction
