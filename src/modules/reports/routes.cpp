#include "modules/reports/routes.h"

#include <nlohmann/json.hpp>

#include "modules/reports/rules.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::reports {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json summary = {{"id", id},
                  {"kind", choice(kinds())},
                  {"period", text},
                  {"user_id", id},
                  {"user_name", text},
                  {"unit_id", id},
                  {"unit_name", text},
                  {"province_id", nullable(id)},
                  {"province_name", nullable(text)},
                  {"due_at", time},
                  {"submitted_at", nullable(time)},
                  {"last_submitted_at", nullable(time)},
                  {"status", choice(statuses())},
                  {"revision", id},
                  {"version", id}};
  server.add_schema("ReportSummary", object(summary));
  server.add_schema("ReportList", page_of("ReportSummary"));
  json content = {{"type", "object"}, {"description", "by kind: see docs/api-notes.md (Calendar reports)"}};
  json revision = object({{"revision", id},
                          {"submitted_at", time},
                          {"submitted_by_name", text},
                          {"status", choice({"submitted", "late"})},
                          {"correction_reason", nullable(text)},
                          {"content", content}});
  json comment = object(
      {{"id", id}, {"revision", id}, {"author_id", id}, {"author_name", text}, {"body", text}, {"created_at", time}});
  server.add_schema("ReportComment", comment);
  json figures = object({{"won_count", id}, {"won_units", id}, {"amount_fen", id}, {"delivered_units", id}});
  json detail = summary;
  detail["period_start"] = time;
  detail["period_end"] = time;
  detail["default_due_at"] = time;
  detail["due_reason"] = nullable(text);
  detail["editable"] = flag;
  detail["content"] = content;
  detail["content_source"] = choice({"prefill", "draft", "revision"});
  detail["draft_saved_at"] = nullable(time);
  detail["revisions"] = array(revision);
  detail["comments"] = array(ref("ReportComment"));
  detail["system"] = nullable(figures);
  detail["differences"] = array(object({{"field", text}, {"submitted", id}, {"system", id}}));
  server.add_schema("Report", object(detail));
  server.add_schema("ReportInput", {{"type", "object"},
                                    {"required", {"version"}},
                                    {"properties",
                                     {{"version", id},
                                      {"correction_reason", nullable(text_up_to(500))},
                                      {"rows", array({{"type", "object"}})},
                                      {"won_count", id},
                                      {"won_units", id},
                                      {"amount_fen", id},
                                      {"delivered_units", id},
                                      {"note", text},
                                      {"results", text},
                                      {"key_accounts", text},
                                      {"problems", text},
                                      {"support_needed", text},
                                      {"next_month_plan", text}}},
                                    {"description", "the content fields of the report's kind, see docs/api-notes.md"}});
  server.add_schema("ReportCommentInput", input({{"body", text_up_to(2000)}}, {"body"}));
  json counts = {{"expected", id}, {"submitted", id}, {"late", id}, {"missing", id}, {"open", id}};
  json unit_counts = counts;
  unit_counts["id"] = id;
  unit_counts["name"] = text;
  unit_counts["kind"] = text;
  server.add_schema("ReportBoard", object({{"kind", choice(kinds())},
                                           {"period", text},
                                           {"due_at", time},
                                           {"default_due_at", time},
                                           {"due_reason", nullable(text)},
                                           {"unit", object({{"id", id}, {"name", text}, {"kind", text}})},
                                           {"totals", object(counts)},
                                           {"units", array(object(unit_counts))}}));
  json period = object({{"kind", choice(kinds())},
                        {"period", text},
                        {"starts_at", time},
                        {"ends_at", time},
                        {"due_at", time},
                        {"default_due_at", time},
                        {"due_reason", nullable(text)},
                        {"moved_by_name", nullable(text)},
                        {"moved_at", nullable(time)},
                        {"version", id}});
  server.add_schema("ReportPeriod", period);
  server.add_schema("ReportPeriodList", list_of("ReportPeriod"));
  server.add_schema("ReportPeriodMove",
                    input({{"due_at", time}, {"reason", text_up_to(200)}, {"version", id}}, {"due_at", "reason"}));
}

std::string kind_query(http::Request& request, bool required) {
  auto kind = request.query_filter("kind");
  if (!kind) {
    if (required) throw Invalid("kind", "is required: weekly_tracking, monthly_stats or monthly_summary", "required");
    return {};
  }
  if (std::find(kinds().begin(), kinds().end(), *kind) == kinds().end())
    throw Invalid("kind", "must be weekly_tracking, monthly_stats or monthly_summary");
  return *kind;
}

std::string period_query(http::Request& request, const std::string& kind, const std::string& field = "period") {
  auto period = request.query_filter(field);
  if (!period) return current_period(kind, clock::now_ms()).period;
  if (!period_info(kind, *period))
    throw Invalid(field,
                  kind == "weekly_tracking" ? "must be an ISO week like 2027-W05" : "must be a month like 2027-01");
  return *period;
}

}  // namespace

void register_routes(http::Server& server, ReportService& service) {
  add_schemas(server);
  const std::string tag = "reports";

  server.route(Method::get, "/api/v1/reports", Access::signed_in,
               {"Calendar reports in the caller's view (a sales rep: their own), newest deadline first",
                tag,
                {{"kind", "string", "weekly_tracking, monthly_stats or monthly_summary"},
                 {"period", "string", "2027-W05 (weekly) or 2027-01 (monthly); needs kind"},
                 {"status", "string", "comma-separated: open, submitted, late, missing"},
                 {"user_id", "integer", "one person's"},
                 {"unit_id", "integer", "a dealer, province or region in scope"},
                 {"limit", "integer", "1–200, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "ReportList"},
               [&service](http::Request& request) {
                 ListFilter f;
                 auto kind = kind_query(request, false);
                 if (!kind.empty()) f.kind = kind;
                 if (auto period = request.query_filter("period")) {
                   if (kind.empty()) throw Invalid("period", "needs kind", "invalid_value");
                   f.period = period_query(request, kind);
                 }
                 if (auto status = request.query_filter("status")) {
                   size_t start = 0;
                   while (start <= status->size()) {
                     auto end = status->find(',', start);
                     auto s = status->substr(start, end == std::string::npos ? std::string::npos : end - start);
                     if (std::find(statuses().begin(), statuses().end(), s) == statuses().end())
                       throw Invalid("status", "must be open, submitted, late or missing (comma-separated)");
                     f.statuses.push_back(s);
                     if (end == std::string::npos) break;
                     start = end + 1;
                   }
                 }
                 f.user_id = request.query_integer("user_id", 1, INT64_MAX);
                 f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
                 f.limit = request.limit();
                 if (auto cursor = request.cursor_sorted()) {
                   try {
                     f.after = {{std::stoll(cursor->first), cursor->second}};
                   } catch (const std::exception&) {
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   }
                 }
                 auto page = service.list(request.principal(), f);
                 request.json(
                     200, {{"items", page.items},
                           {"next_cursor",
                            page.next ? json(http::encode_cursor(std::to_string(page.next->first), page.next->second))
                                      : json()}});
               });

  server.route(
      Method::get, "/api/v1/reports/{id}", Access::signed_in,
      {"A report with its content (draft, latest revision or prefilled), revisions and comments",
       tag,
       {},
       "",
       "Report"},
      [&service](http::Request& request) { request.json(200, service.get(request.principal(), request.path_id())); });

  server.route(
      Method::post, "/api/v1/reports/{id}/draft", Access::signed_in,
      {"Save the report's content as a draft (the person only; not a submission)", tag, {}, "ReportInput", "Report"},
      [&service](http::Request& request) {
        request.json(200, service.save_draft(request.principal(), request.path_id(), request.body()));
      });

  server.route(Method::post, "/api/v1/reports/{id}/submit", Access::signed_in,
               {"Submit the report (revision 1), or a correction with a reason (a new revision); late is accepted "
                "and marked",
                tag,
                {},
                "ReportInput",
                "Report"},
               [&service](http::Request& request) {
                 request.json(200, service.submit(request.principal(), request.path_id(), request.body()));
               });

  http::RouteDoc comment_doc{
      "A reviewer's comment on a submitted report", tag, {}, "ReportCommentInput", "ReportComment"};
  comment_doc.success_status = 201;
  server.route(Method::post, "/api/v1/reports/{id}/comments", Access::signed_in, comment_doc,
               [&service](http::Request& request) {
                 request.json(201, service.comment(request.principal(), request.path_id(), request.body()));
               });

  http::RouteDoc export_doc{"The report as an .xlsx workbook in the familiar layout", tag, {}, "", "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(Method::get, "/api/v1/reports/{id}/export", Access::signed_in, export_doc,
               [&service](http::Request& request) {
                 auto [name, bytes] = service.export_xlsx(request.principal(), request.path_id());
                 request.attachment("report-" + std::to_string(request.path_id()) + ".xlsx", name + ".xlsx");
                 request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes);
               });

  server.route(Method::get, "/api/v1/report-board", Access::signed_in,
               {"The overdue board (逾期看板): a period's reports submitted, late, missing and open, per unit one "
                "level below",
                tag,
                {{"kind", "string", "weekly_tracking (default), monthly_stats or monthly_summary"},
                 {"period", "string", "default the current one"},
                 {"unit_id", "integer", "default the caller's unit"}},
                "",
                "ReportBoard"},
               [&service](http::Request& request) {
                 auto kind = kind_query(request, false);
                 if (kind.empty()) kind = "weekly_tracking";
                 auto period = period_query(request, kind);
                 request.json(200, service.board(request.principal(), kind, period,
                                                 request.query_integer("unit_id", 1, INT64_MAX)));
               });

  server.route(Method::get, "/api/v1/report-periods", Access::signed_in,
               {"A kind's periods with their deadlines (moved ones with the reason)",
                tag,
                {{"kind", "string", "required"},
                 {"from", "string", "first period, default 12 periods back"},
                 {"to", "string", "last period, default the current one"}},
                "",
                "ReportPeriodList"},
               [&service](http::Request& request) {
                 auto kind = kind_query(request, true);
                 auto now = current_period(kind, clock::now_ms());
                 auto back = now;
                 for (int i = 0; i < 12; ++i) back = previous_period(kind, back);
                 std::string from = request.query_filter("from") ? period_query(request, kind, "from") : back.period;
                 std::string to = request.query_filter("to") ? period_query(request, kind, "to") : now.period;
                 request.json(200, service.periods(request.principal(), kind, from, to));
               });

  server.route(Method::put, "/api/v1/report-periods/{kind}/{period}", Access::signed_in,
               {"Move a period's deadline (HQ's KA director, e.g. for a public holiday), with a reason",
                tag,
                {},
                "ReportPeriodMove",
                "ReportPeriod"},
               [&service](http::Request& request) {
                 auto kind = request.path_text(1);
                 auto period = request.path_text(2);
                 if (std::find(kinds().begin(), kinds().end(), kind) == kinds().end() || !period_info(kind, period))
                   throw NotFound("no such period");
                 http::JsonInput in(request.body(), {"due_at", "reason", "version"});
                 auto due_text = in.required_string("due_at", 40);
                 auto reason = in.required_string("reason", 200);
                 auto version = in.optional_integer("version", 1);
                 auto due = clock::parse_rfc3339(due_text);
                 if (!due) in.add_error("due_at", "must be a time like 2027-02-16T00:00:00+08:00", "invalid_value");
                 in.finish();
                 request.json(200, service.move_due(request.principal(), kind, period, *due, reason, version));
               });
}

}  // namespace fleetkam::reports
