// Routes of the support ledger (支持台账) and the information-feedback reward (docs/api-notes.md,
// "The support ledger"):
//   GET|PUT /api/v1/support/rules                         HQ's limits and the reward's rule
//   GET|POST /api/v1/support/items, PUT …/{id}, POST …/{id}/restock    HQ's items and stock
//   GET|POST /api/v1/support/requests, GET …/export, GET …/{id}        the ledger's entries
//   POST /api/v1/support/requests/{id}/approve|reject|issue|receive|cancel
//   GET  /api/v1/support/gift-allowance                   a contact's gifts this year and the limit
//   GET  /api/v1/support/ledger                           a unit's year by month
//   GET|POST /api/v1/support/upfitter-policies, PUT …/{id}
//   GET|POST /api/v1/support/hq-visits, POST …/{id}/log|cancel
//   GET|POST /api/v1/support/policy-notes, POST …/{id}/mark
//   GET  /api/v1/support/rewards
#include "modules/support/routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"
#include "platform/http/query_choices.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::support {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

constexpr int64_t kMaxAmountFen = 1000000000;  // ¥10,000,000
constexpr int64_t kMaxGiftFen = 10000000;      // ¥100,000

void add_support_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;
  json money = integer(0, kMaxAmountFen);
  json rules = object({{"province_limit_fen", money},
                       {"region_limit_fen", money},
                       {"gift_limit_fen", money},
                       {"gift_count_limit", integer(0, 1000)},
                       {"points_per_won_registration", integer(0, 1000)},
                       {"points_per_useful_note", integer(0, 1000)},
                       {"fen_per_point", integer(0, 10000000)}});
  server.add_schema("SupportRules", rules);
  server.add_schema(
      "SupportRulesInput",
      input(rules["properties"], {"province_limit_fen", "region_limit_fen", "gift_limit_fen", "gift_count_limit",
                                  "points_per_won_registration", "points_per_useful_note", "fen_per_point"}));
  server.add_schema("SupportItem", object({{"id", id},
                                           {"kind", choice(item_kinds())},
                                           {"name", text},
                                           {"unit_label", text},
                                           {"unit_cost_fen", id},
                                           {"stock", id},
                                           {"active", flag},
                                           {"version", id},
                                           {"created_at", time},
                                           {"updated_at", time}}));
  server.add_schema("SupportItemList", list_of("SupportItem"));
  server.add_schema("SupportItemCreate", input({{"kind", choice(item_kinds())},
                                                {"name", text_up_to(100)},
                                                {"unit_label", text_up_to(10)},
                                                {"unit_cost_fen", integer(0, 10000000)},
                                                {"stock", integer(0, 1000000)}},
                                               {"kind", "name", "unit_label", "unit_cost_fen", "stock"}));
  server.add_schema("SupportItemUpdate", input({{"version", id},
                                                {"name", text_up_to(100)},
                                                {"unit_label", text_up_to(10)},
                                                {"unit_cost_fen", integer(0, 10000000)},
                                                {"active", flag}},
                                               {"version", "name", "unit_label", "unit_cost_fen", "active"}));
  server.add_schema(
      "SupportRestock",
      input({{"version", id}, {"quantity", integer(1, 100000)}, {"note", text_up_to(200)}}, {"version", "quantity"}));
  server.add_schema("SupportRequest",
                    object({{"id", id},
                            {"kind", choice(request_kinds())},
                            {"unit_id", id},
                            {"unit_name", text},
                            {"requested_by", id},
                            {"requested_by_name", text},
                            {"item_id", nullable(id)},
                            {"item_name", nullable(text)},
                            {"unit_label", nullable(text)},
                            {"gift_kind", nullable(choice(gift_kinds()))},
                            {"description", text},
                            {"quantity", id},
                            {"amount_fen", id},
                            {"account_id", nullable(id)},
                            {"account_name", nullable(text)},
                            {"contact_id", nullable(id)},
                            {"contact_name", nullable(text)},
                            {"purpose", nullable(text)},
                            {"day", day},
                            {"status", choice(request_statuses())},
                            {"required_level", choice(levels())},
                            {"next_level", nullable(choice(levels()))},
                            {"next_unit_id", nullable(id)},
                            {"next_unit_name", nullable(text)},
                            {"approvals", array(object({{"level", choice(levels())},
                                                        {"decision", choice({"approved", "rejected"})},
                                                        {"user_name", text},
                                                        {"note", nullable(text)},
                                                        {"at", time}}))},
                            {"issued_at", nullable(time)},
                            {"issued_by_name", nullable(text)},
                            {"received_at", nullable(time)},
                            {"received_by_name", nullable(text)},
                            {"received_note", nullable(text)},
                            {"closing_note", nullable(text)},
                            {"can_approve", flag},
                            {"can_issue", flag},
                            {"can_receive", flag},
                            {"can_cancel", flag},
                            {"version", id},
                            {"created_at", time},
                            {"updated_at", time}}));
  server.add_schema("SupportRequestList", page_of("SupportRequest"));
  server.add_schema("SupportRequestCreate", input({{"kind", choice(request_kinds())},
                                                   {"unit_id", id},
                                                   {"item_id", id},
                                                   {"quantity", integer(1, 10000)},
                                                   {"gift_kind", choice(gift_kinds())},
                                                   {"description", text_up_to(200)},
                                                   {"amount_fen", integer(1, kMaxGiftFen)},
                                                   {"contact_id", id},
                                                   {"purpose", text_up_to(500)}},
                                                  {"kind", "quantity"}));
  server.add_schema("SupportDecision", input({{"version", id}, {"note", text_up_to(500)}}, {"version", "note"}));
  server.add_schema("SupportStep", input({{"version", id}, {"note", text_up_to(500)}}, {"version"}));
  server.add_schema("GiftAllowance", object({{"contact_id", id},
                                             {"year", id},
                                             {"limit_fen", id},
                                             {"count_limit", id},
                                             {"given_fen", id},
                                             {"given_count", id},
                                             {"remaining_fen", id},
                                             {"remaining_count", id}}));
  json figures = object({{"count", id}, {"quantity", id}, {"amount_fen", id}});
  json month_props = {{"material", figures},
                      {"tool", figures},
                      {"gift", figures},
                      {"pending", id},
                      {"hq_visits", object({{"planned", id}, {"done", id}})},
                      {"rewards", object({{"points", id}, {"amount_fen", id}})}};
  json month = month_props;
  month["month"] = text;
  server.add_schema(
      "SupportLedger",
      object({{"unit_id", id},
              {"unit_name", text},
              {"year", id},
              {"months", array(object(month))},
              {"total", object(month_props)},
              {"people",
               array(object({{"user_id", id},
                             {"name", text},
                             {"unit_name", text},
                             {"points", id},
                             {"amount_fen", id},
                             {"months", array(object({{"month", text}, {"points", id}, {"amount_fen", id}}))}}))}}));
  json policy_props = {{"upfitter", text_up_to(100)},
                       {"model_id", id},
                       {"supply", text_up_to(200)},
                       {"terms", text_up_to(1000)},
                       {"lead_days", integer(0, 365)},
                       {"price_fen", nullable(integer(1, kMaxAmountFen))},
                       {"valid_from", day},
                       {"valid_to", nullable(day)}};
  server.add_schema("UpfitterPolicy", object({{"id", id},
                                              {"upfitter", text},
                                              {"model_id", id},
                                              {"model_code", text},
                                              {"model_name", text},
                                              {"supply", text},
                                              {"terms", text},
                                              {"lead_days", id},
                                              {"price_fen", nullable(id)},
                                              {"valid_from", day},
                                              {"valid_to", nullable(day)},
                                              {"active", flag},
                                              {"in_force", flag},
                                              {"version", id}}));
  server.add_schema("UpfitterPolicyList", list_of("UpfitterPolicy"));
  json policy_input = policy_props;
  policy_input["version"] = id;
  policy_input["active"] = flag;
  server.add_schema("UpfitterPolicyInput",
                    input(policy_input, {"upfitter", "model_id", "supply", "terms", "lead_days", "valid_from"}));
  server.add_schema("HqVisit", object({{"id", id},
                                       {"account_id", id},
                                       {"account_name", text},
                                       {"unit_id", id},
                                       {"unit_name", text},
                                       {"visitor_id", id},
                                       {"visitor_name", text},
                                       {"planned_by_name", text},
                                       {"planned_on", day},
                                       {"purpose", text},
                                       {"status", choice({"planned", "done", "cancelled"})},
                                       {"visit_id", nullable(id)},
                                       {"done_on", nullable(day)},
                                       {"cancel_reason", nullable(text)},
                                       {"overdue", flag},
                                       {"can_log", flag},
                                       {"can_cancel", flag},
                                       {"version", id},
                                       {"created_at", time}}));
  server.add_schema("HqVisitList", list_of("HqVisit"));
  server.add_schema("HqVisitCreate",
                    input({{"account_id", id}, {"visitor_id", id}, {"planned_on", day}, {"purpose", text_up_to(500)}},
                          {"account_id", "visitor_id", "planned_on", "purpose"}));
  server.add_schema("HqVisitLog", input({{"version", id}, {"visit_id", id}}, {"version", "visit_id"}));
  server.add_schema("HqVisitCancel", input({{"version", id}, {"reason", text_up_to(500)}}, {"version", "reason"}));
  server.add_schema("PolicyNote", object({{"id", id},
                                          {"user_id", id},
                                          {"user_name", text},
                                          {"unit_id", id},
                                          {"unit_name", text},
                                          {"title", text},
                                          {"body", text},
                                          {"account_id", nullable(id)},
                                          {"account_name", nullable(text)},
                                          {"status", choice({"submitted", "useful", "not_useful"})},
                                          {"marked_by_name", nullable(text)},
                                          {"marked_at", nullable(time)},
                                          {"mark_note", nullable(text)},
                                          {"can_mark", flag},
                                          {"points", nullable(id)},
                                          {"version", id},
                                          {"created_at", time}}));
  server.add_schema("PolicyNoteList", list_of("PolicyNote"));
  server.add_schema(
      "PolicyNoteCreate",
      input({{"title", text_up_to(100)}, {"body", text_up_to(2000)}, {"account_id", nullable(id)}}, {"title", "body"}));
  server.add_schema("PolicyNoteMark",
                    input({{"version", id}, {"useful", flag}, {"note", text_up_to(500)}}, {"version", "useful"}));
  server.add_schema("FeedbackRewardList", object({{"items", array(object({{"id", id},
                                                                          {"user_id", id},
                                                                          {"user_name", text},
                                                                          {"unit_name", text},
                                                                          {"month", text},
                                                                          {"source", choice({"registration", "note"})},
                                                                          {"source_id", id},
                                                                          {"source_title", text},
                                                                          {"opportunity_id", nullable(id)},
                                                                          {"points", id},
                                                                          {"amount_fen", id},
                                                                          {"created_at", time}}))},
                                                  {"points", id},
                                                  {"amount_fen", id}}));
}

std::string china_day_now() { return calendar::date_text(calendar::china_date(clock::now_ms())); }

json rules_out(const Rules& r) {
  return {{"province_limit_fen", r.province_limit_fen},
          {"region_limit_fen", r.region_limit_fen},
          {"gift_limit_fen", r.gift_limit_fen},
          {"gift_count_limit", r.gift_count_limit},
          {"points_per_won_registration", r.points_per_won_registration},
          {"points_per_useful_note", r.points_per_useful_note},
          {"fen_per_point", r.fen_per_point}};
}

json item_out(const Item& i) {
  return {{"id", i.id},
          {"kind", i.kind},
          {"name", i.name},
          {"unit_label", i.unit_label},
          {"unit_cost_fen", i.unit_cost_fen},
          {"stock", i.stock},
          {"active", i.active},
          {"version", i.version},
          {"created_at", clock::format_rfc3339(i.created_at)},
          {"updated_at", clock::format_rfc3339(i.updated_at)}};
}

json request_out(const Request& r, const auth::Principal& caller) {
  json approvals = json::array();
  for (const auto& a : r.approvals)
    approvals.push_back({{"level", a.level},
                         {"decision", a.decision},
                         {"user_name", a.user_name},
                         {"note", http::or_null(a.note)},
                         {"at", clock::format_rfc3339(a.at)}});
  return {{"id", r.id},
          {"kind", r.kind},
          {"unit_id", r.unit_id},
          {"unit_name", r.unit_name},
          {"requested_by", r.requested_by},
          {"requested_by_name", r.requested_by_name},
          {"item_id", http::or_null(r.item_id)},
          {"item_name", http::or_null(r.item_name)},
          {"unit_label", http::or_null(r.unit_label)},
          {"gift_kind", http::or_null(r.gift_kind)},
          {"description", r.description},
          {"quantity", r.quantity},
          {"amount_fen", r.amount_fen},
          {"account_id", http::or_null(r.account_id)},
          {"account_name", http::or_null(r.account_name)},
          {"contact_id", http::or_null(r.contact_id)},
          {"contact_name", http::or_null(r.contact_name)},
          {"purpose", http::or_null(r.purpose)},
          {"day", r.day},
          {"status", r.status},
          {"required_level", r.required_level},
          {"next_level", http::or_null(r.next_level)},
          {"next_unit_id", http::or_null(r.next_unit_id)},
          {"next_unit_name", http::or_null(r.next_unit_name)},
          {"approvals", approvals},
          {"issued_at", http::time_or_null(r.issued_at)},
          {"issued_by_name", http::or_null(r.issued_by_name)},
          {"received_at", http::time_or_null(r.received_at)},
          {"received_by_name", http::or_null(r.received_by_name)},
          {"received_note", http::or_null(r.received_note)},
          {"closing_note", http::or_null(r.closing_note)},
          {"can_approve", can_approve(caller, r)},
          {"can_issue", can_issue(caller, r)},
          {"can_receive", can_receive(caller, r)},
          {"can_cancel", can_cancel(caller, r)},
          {"version", r.version},
          {"created_at", clock::format_rfc3339(r.created_at)},
          {"updated_at", clock::format_rfc3339(r.updated_at)}};
}

json policy_out(const UpfitterPolicy& p, const std::string& today) {
  bool in_force = p.active && p.valid_from <= today && (!p.valid_to || *p.valid_to >= today);
  return {{"id", p.id},
          {"upfitter", p.upfitter},
          {"model_id", p.model_id},
          {"model_code", p.model_code},
          {"model_name", p.model_name},
          {"supply", p.supply},
          {"terms", p.terms},
          {"lead_days", p.lead_days},
          {"price_fen", http::or_null(p.price_fen)},
          {"valid_from", p.valid_from},
          {"valid_to", http::or_null(p.valid_to)},
          {"active", p.active},
          {"in_force", in_force},
          {"version", p.version}};
}

json hq_visit_out(const HqVisit& v, const auth::Principal& caller, const std::string& today) {
  return {{"id", v.id},
          {"account_id", v.account_id},
          {"account_name", v.account_name},
          {"unit_id", v.unit_id},
          {"unit_name", v.unit_name},
          {"visitor_id", v.visitor_id},
          {"visitor_name", v.visitor_name},
          {"planned_by_name", v.planned_by_name},
          {"planned_on", v.planned_on},
          {"purpose", v.purpose},
          {"status", v.status},
          {"visit_id", http::or_null(v.visit_id)},
          {"done_on", http::or_null(v.done_on)},
          {"cancel_reason", http::or_null(v.cancel_reason)},
          {"overdue", hq_visit_overdue(v, today)},
          {"can_log", can_log(caller, v)},
          {"can_cancel", can_cancel_visit(caller, v)},
          {"version", v.version},
          {"created_at", clock::format_rfc3339(v.created_at)}};
}

json note_out(const PolicyNote& n, const auth::Principal& caller) {
  return {{"id", n.id},
          {"user_id", n.user_id},
          {"user_name", n.user_name},
          {"unit_id", n.unit_id},
          {"unit_name", n.unit_name},
          {"title", n.title},
          {"body", n.body},
          {"account_id", http::or_null(n.account_id)},
          {"account_name", http::or_null(n.account_name)},
          {"status", n.status},
          {"marked_by_name", http::or_null(n.marked_by_name)},
          {"marked_at", http::time_or_null(n.marked_at)},
          {"mark_note", http::or_null(n.mark_note)},
          {"can_mark", can_mark(caller, n)},
          {"points", http::or_null(n.points)},
          {"version", n.version},
          {"created_at", clock::format_rfc3339(n.created_at)}};
}

json figures_out(const Figures& f) {
  return {{"count", f.count}, {"quantity", f.quantity}, {"amount_fen", f.amount_fen}};
}

json ledger_month_out(const LedgerMonth& m) {
  json out = {{"material", figures_out(m.material)},
              {"tool", figures_out(m.tool)},
              {"gift", figures_out(m.gift)},
              {"pending", m.pending},
              {"hq_visits", {{"planned", m.hq_planned}, {"done", m.hq_done}}},
              {"rewards", {{"points", m.points}, {"amount_fen", m.reward_fen}}}};
  if (!m.month.empty()) out["month"] = m.month;
  return out;
}

std::optional<std::string> day_query(const http::Request& request, const std::string& name) {
  auto value = request.query_filter(name);
  if (value && !calendar::parse_date(*value)) throw Invalid(name, "must be a day YYYY-MM-DD");
  return value;
}

std::optional<int64_t> month_query(const http::Request& request, const std::string& name) {
  auto value = request.query_filter(name);
  if (!value) return std::nullopt;
  auto month = calendar::parse_month(*value);
  if (!month) throw Invalid(name, "must be a month YYYY-MM");
  return int64_t{month->year} * 100 + month->month;
}

std::optional<std::string> trimmed(http::JsonInput& in, const std::string& field, size_t max) {
  auto value = in.optional_string(field, max);
  if (value && value->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return value;
}

RequestFilter request_filter(const http::Request& request) {
  RequestFilter f;
  f.kinds = http::query_choices(request, "kind", request_kinds());
  f.statuses = http::query_choices(request, "status", request_statuses());
  f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  f.account_id = request.query_integer("account_id", 1, INT64_MAX);
  f.contact_id = request.query_integer("contact_id", 1, INT64_MAX);
  f.from = day_query(request, "from");
  f.to = day_query(request, "to");
  if (auto box = request.query_filter("box")) {
    static const std::vector<std::string> boxes = {"to_approve", "to_issue", "to_receive", "mine"};
    if (std::find(boxes.begin(), boxes.end(), *box) == boxes.end())
      throw Invalid("box", "must be to_approve, to_issue, to_receive or mine");
    f.box = *box;
  }
  return f;
}

ItemInput item_input(http::JsonInput& in, bool creating) {
  ItemInput i;
  if (creating) i.kind = in.required_enum("kind", item_kinds());
  i.name = in.required_string("name", 100);
  i.unit_label = in.required_string("unit_label", 10);
  i.unit_cost_fen = in.required_integer("unit_cost_fen", 0, 10000000);
  if (creating) i.stock = in.required_integer("stock", 0, 1000000);
  if (!creating) i.active = in.required_bool("active");
  return i;
}

PolicyInput policy_input(http::JsonInput& in) {
  PolicyInput p;
  p.upfitter = in.required_string("upfitter", 100);
  p.model_id = in.required_integer("model_id");
  p.supply = in.required_string("supply", 200);
  p.terms = in.required_string("terms", 1000);
  p.lead_days = in.required_integer("lead_days", 0, 365);
  p.price_fen = in.optional_integer("price_fen", 1, kMaxAmountFen);
  p.valid_from = in.required_string("valid_from", 10);
  p.valid_to = in.optional_string("valid_to", 10);
  return p;
}

}  // namespace

void register_routes(http::Server& server, SupportService& service) {
  add_support_schemas(server);
  const std::string tag = "support";

  server.route(
      Method::get, "/api/v1/support/rules", Access::signed_in,
      {"HQ's approval limits, gift limits per contact and year, and the feedback reward's rule",
       tag,
       {},
       "",
       "SupportRules"},
      [&service](http::Request& request) { request.json(200, rules_out(service.rules(request.principal()))); });

  server.route(Method::put, "/api/v1/support/rules", Access::signed_in,
               {"Set the rules (HQ's KA director)", tag, {}, "SupportRulesInput", "SupportRules"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(),
                                    {"province_limit_fen", "region_limit_fen", "gift_limit_fen", "gift_count_limit",
                                     "points_per_won_registration", "points_per_useful_note", "fen_per_point"});
                 Rules r;
                 r.province_limit_fen = in.required_integer("province_limit_fen", 0, kMaxAmountFen);
                 r.region_limit_fen = in.required_integer("region_limit_fen", 0, kMaxAmountFen);
                 r.gift_limit_fen = in.required_integer("gift_limit_fen", 0, kMaxAmountFen);
                 r.gift_count_limit = in.required_integer("gift_count_limit", 0, 1000);
                 r.points_per_won_registration = in.required_integer("points_per_won_registration", 0, 1000);
                 r.points_per_useful_note = in.required_integer("points_per_useful_note", 0, 1000);
                 r.fen_per_point = in.required_integer("fen_per_point", 0, 10000000);
                 in.finish();
                 request.json(200, rules_out(service.set_rules(request.principal(), r)));
               });

  server.route(Method::get, "/api/v1/support/items", Access::signed_in,
               {"HQ's point-of-sale materials and sales tools with their stock",
                tag,
                {{"kind", "string", "material or tool"}, {"active", "boolean", "active or not"}},
                "",
                "SupportItemList"},
               [&service](http::Request& request) {
                 std::optional<std::string> kind = request.query_filter("kind");
                 if (kind && *kind != "material" && *kind != "tool") throw Invalid("kind", "must be material or tool");
                 json items = json::array();
                 for (const auto& i : service.items(request.principal(), kind, request.query_bool("active")))
                   items.push_back(item_out(i));
                 request.json(200, {{"items", items}});
               });

  http::RouteDoc create_item_doc{
      "Add an item HQ makes and keeps in stock", tag, {}, "SupportItemCreate", "SupportItem"};
  create_item_doc.success_status = 201;
  server.route(Method::post, "/api/v1/support/items", Access::signed_in, create_item_doc,
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"kind", "name", "unit_label", "unit_cost_fen", "stock"});
                 auto i = item_input(in, true);
                 in.finish();
                 request.json(201, item_out(service.create_item(request.principal(), i)));
               });

  server.route(Method::put, "/api/v1/support/items/{id}", Access::signed_in,
               {"Edit an item (not its stock)", tag, {}, "SupportItemUpdate", "SupportItem"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "name", "unit_label", "unit_cost_fen", "active"});
                 auto version = in.required_integer("version");
                 auto i = item_input(in, false);
                 in.finish();
                 request.json(200, item_out(service.update_item(request.principal(), request.path_id(), version, i)));
               });

  server.route(
      Method::post, "/api/v1/support/items/{id}/restock", Access::signed_in,
      {"Add to an item's stock", tag, {}, "SupportRestock", "SupportItem"}, [&service](http::Request& request) {
        http::JsonInput in(request.body(), {"version", "quantity", "note"});
        auto version = in.required_integer("version");
        auto quantity = in.required_integer("quantity", 1, 100000);
        auto note = in.optional_string("note", 200).value_or("");
        in.finish();
        request.json(200, item_out(service.restock(request.principal(), request.path_id(), version, quantity, note)));
      });

  std::vector<http::QueryDoc> list_query = {
      {"kind", "string", "material, tool, gift (comma-separated: any of them)"},
      {"status", "string", "pending, approved, issued, received, rejected, cancelled (comma-separated)"},
      {"unit_id", "integer", "of this unit or a unit below it"},
      {"account_id", "integer", "gifts for this account"},
      {"contact_id", "integer", "gifts for this contact"},
      {"from", "string", "requested on or after this day"},
      {"to", "string", "requested on or before this day"},
      {"box", "string", "to_approve, to_issue, to_receive, mine"},
      {"limit", "integer", "1..500, default 50"},
      {"cursor", "string", "next_cursor of the previous page"}};
  server.route(Method::get, "/api/v1/support/requests", Access::signed_in,
               {"The support requests of the units in the caller's scope, newest first", tag, list_query, "",
                "SupportRequestList"},
               [&service](http::Request& request) {
                 auto f = request_filter(request);
                 if (auto cursor = request.cursor_sorted()) {
                   if (!calendar::parse_date(cursor->first))
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   f.before = *cursor;
                 }
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.list(request.principal(), f);
                 json out = json::array();
                 for (size_t i = 0; i < items.size() && i < limit; ++i)
                   out.push_back(request_out(items[i], request.principal()));
                 bool more = items.size() > limit;
                 request.json(200,
                              {{"items", out},
                               {"next_cursor",
                                more ? json(http::encode_cursor(items[limit - 1].day, items[limit - 1].id)) : json()}});
               });

  http::RouteDoc export_doc{"The filtered requests as an .xlsx workbook (Chinese headers, at most 50,000)", tag,
                            list_query, "", "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(Method::get, "/api/v1/support/requests/export", Access::signed_in, export_doc,
               [&service](http::Request& request) {
                 auto rows = service.export_rows(request.principal(), request_filter(request));
                 std::string day = china_day_now();
                 day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
                 request.attachment("support-" + day + ".xlsx", "支持台账-" + day + ".xlsx");
                 request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               sheets::write_xlsx("支持台账", rows));
               });

  http::RouteDoc create_doc{
      "Request materials or tools from HQ's stock, or a gift for an account's contact (within "
      "HQ's limit per contact and year: 422 gift.over_limit names it)",
      tag,
      {},
      "SupportRequestCreate",
      "SupportRequest"};
  create_doc.success_status = 201;
  server.route(Method::post, "/api/v1/support/requests", Access::signed_in, create_doc,
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"kind", "unit_id", "item_id", "quantity", "gift_kind",
                                                     "description", "amount_fen", "contact_id", "purpose"});
                 RequestInput r;
                 r.kind = in.required_enum("kind", request_kinds());
                 r.unit_id = in.optional_integer("unit_id");
                 if (r.kind == "gift") {
                   r.quantity = in.required_integer("quantity", 1, 1000);
                   r.gift_kind = in.required_enum("gift_kind", gift_kinds());
                   r.description = in.required_string("description", 200);
                   r.amount_fen = in.required_integer("amount_fen", 1, kMaxGiftFen);
                   r.contact_id = in.required_integer("contact_id");
                   if (in.has("item_id")) in.add_error("item_id", "a gift is not an HQ item");
                 } else if (!r.kind.empty()) {
                   r.quantity = in.required_integer("quantity", 1, 10000);
                   r.item_id = in.required_integer("item_id");
                   r.description = trimmed(in, "description", 200);
                   for (const char* field : {"gift_kind", "amount_fen", "contact_id"})
                     if (in.has(field)) in.add_error(field, std::string("only a gift has ") + field);
                 }
                 r.purpose = trimmed(in, "purpose", 500);
                 in.finish();
                 request.json(201, request_out(service.create(request.principal(), r), request.principal()));
               });

  server.route(Method::get, "/api/v1/support/requests/{id}", Access::signed_in,
               {"A request with its approvals", tag, {}, "", "SupportRequest"}, [&service](http::Request& request) {
                 request.json(200,
                              request_out(service.get(request.principal(), request.path_id()), request.principal()));
               });

  server.route(Method::post, "/api/v1/support/requests/{id}/approve", Access::signed_in,
               {"Approve at the level the request waits for: it moves up, or is approved at the last level",
                tag,
                {},
                "SupportStep",
                "SupportRequest"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "note"});
                 auto version = in.required_integer("version");
                 auto note = trimmed(in, "note", 500);
                 in.finish();
                 request.json(200, request_out(service.approve(request.principal(), request.path_id(), version, note),
                                               request.principal()));
               });

  server.route(Method::post, "/api/v1/support/requests/{id}/reject", Access::signed_in,
               {"Reject it, saying why", tag, {}, "SupportDecision", "SupportRequest"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "note"});
                 auto version = in.required_integer("version");
                 auto note = in.required_string("note", 500);
                 in.finish();
                 request.json(200, request_out(service.reject(request.principal(), request.path_id(), version, note),
                                               request.principal()));
               });

  server.route(Method::post, "/api/v1/support/requests/{id}/issue", Access::signed_in,
               {"Issue an approved request: HQ's stock goes down (409 support.out_of_stock when short), or the gift "
                "is bought",
                tag,
                {},
                "SupportStep",
                "SupportRequest"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "note"});
                 auto version = in.required_integer("version");
                 in.finish();
                 request.json(200, request_out(service.issue(request.principal(), request.path_id(), version),
                                               request.principal()));
               });

  server.route(Method::post, "/api/v1/support/requests/{id}/receive", Access::signed_in,
               {"The unit confirms it received what was issued (the gift handed over)",
                tag,
                {},
                "SupportStep",
                "SupportRequest"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "note"});
                 auto version = in.required_integer("version");
                 auto note = trimmed(in, "note", 500);
                 in.finish();
                 request.json(200, request_out(service.receive(request.principal(), request.path_id(), version, note),
                                               request.principal()));
               });

  server.route(Method::post, "/api/v1/support/requests/{id}/cancel", Access::signed_in,
               {"The unit cancels a request not yet issued", tag, {}, "SupportDecision", "SupportRequest"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "note"});
                 auto version = in.required_integer("version");
                 auto note = in.required_string("note", 500);
                 in.finish();
                 request.json(200, request_out(service.cancel(request.principal(), request.path_id(), version, note),
                                               request.principal()));
               });

  server.route(Method::get, "/api/v1/support/gift-allowance", Access::signed_in,
               {"A contact's gifts in a year against HQ's limit",
                tag,
                {{"contact_id", "integer", "the contact (required)"}, {"year", "integer", "default this year"}},
                "",
                "GiftAllowance"},
               [&service](http::Request& request) {
                 auto contact = request.query_integer("contact_id", 1, INT64_MAX);
                 if (!contact) throw Invalid("contact_id", "is required", "required");
                 auto year =
                     request.query_integer("year", 2000, 2100).value_or(calendar::china_date(clock::now_ms()).year);
                 auto a = service.allowance(request.principal(), *contact, year);
                 request.json(200, {{"contact_id", a.contact_id},
                                    {"year", a.year},
                                    {"limit_fen", a.limit_fen},
                                    {"count_limit", a.count_limit},
                                    {"given_fen", a.given_fen},
                                    {"given_count", a.given_count},
                                    {"remaining_fen", std::max<int64_t>(0, a.limit_fen - a.given_fen)},
                                    {"remaining_count", std::max<int64_t>(0, a.count_limit - a.given_count)}});
               });

  server.route(
      Method::get, "/api/v1/support/ledger", Access::signed_in,
      {"A unit's support ledger for a year, by month and kind, with HQ visits and the rewards earned",
       tag,
       {{"unit_id", "integer", "default the caller's unit"}, {"year", "integer", "default this year"}},
       "",
       "SupportLedger"},
      [&service](http::Request& request) {
        auto year = request.query_integer("year", 2000, 2100).value_or(calendar::china_date(clock::now_ms()).year);
        auto l = service.ledger(request.principal(), request.query_integer("unit_id", 1, INT64_MAX), year);
        json months = json::array();
        for (const auto& m : l.months) months.push_back(ledger_month_out(m));
        json people = json::array();
        for (const auto& p : l.people) {
          json pm = json::array();
          for (size_t i = 0; i < p.months.size(); ++i)
            pm.push_back(
                {{"month", l.months[i].month}, {"points", p.months[i].first}, {"amount_fen", p.months[i].second}});
          people.push_back({{"user_id", p.user_id},
                            {"name", p.name},
                            {"unit_name", p.unit_name},
                            {"points", p.points},
                            {"amount_fen", p.amount_fen},
                            {"months", pm}});
        }
        request.json(200, {{"unit_id", l.unit_id},
                           {"unit_name", l.unit_name},
                           {"year", l.year},
                           {"months", months},
                           {"total", ledger_month_out(l.total)},
                           {"people", people}});
      });

  server.route(Method::get, "/api/v1/support/upfitter-policies", Access::signed_in,
               {"Upfitters' supply policies per model (改装厂供货车型政策)",
                tag,
                {{"model_id", "integer", "of this model"},
                 {"upfitter", "string", "of this upfitter"},
                 {"active", "boolean", "active or not"},
                 {"on", "string", "in force on this day"}},
                "",
                "UpfitterPolicyList"},
               [&service](http::Request& request) {
                 PolicyFilter f;
                 f.model_id = request.query_integer("model_id", 1, INT64_MAX);
                 f.upfitter = request.query_filter("upfitter");
                 f.active = request.query_bool("active");
                 f.on = day_query(request, "on");
                 auto today = china_day_now();
                 json items = json::array();
                 for (const auto& p : service.policies(request.principal(), f)) items.push_back(policy_out(p, today));
                 request.json(200, {{"items", items}});
               });

  http::RouteDoc create_policy_doc{"Add an upfitter's supply policy for a model (catalogue.manage)",
                                   tag,
                                   {},
                                   "UpfitterPolicyInput",
                                   "UpfitterPolicy"};
  create_policy_doc.success_status = 201;
  server.route(Method::post, "/api/v1/support/upfitter-policies", Access::signed_in, create_policy_doc,
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"upfitter", "model_id", "supply", "terms", "lead_days",
                                                     "price_fen", "valid_from", "valid_to"});
                 auto p = policy_input(in);
                 in.finish();
                 request.json(201, policy_out(service.create_policy(request.principal(), p), china_day_now()));
               });

  server.route(Method::put, "/api/v1/support/upfitter-policies/{id}", Access::signed_in,
               {"Edit an upfitter's supply policy", tag, {}, "UpfitterPolicyInput", "UpfitterPolicy"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "upfitter", "model_id", "supply", "terms", "lead_days",
                                                     "price_fen", "valid_from", "valid_to", "active"});
                 auto version = in.required_integer("version");
                 auto p = policy_input(in);
                 p.active = in.required_bool("active");
                 in.finish();
                 request.json(200, policy_out(service.update_policy(request.principal(), request.path_id(), version, p),
                                              china_day_now()));
               });

  server.route(Method::get, "/api/v1/support/hq-visits", Access::signed_in,
               {"HQ's dedicated visits to key accounts in the caller's scope, and the caller's own",
                tag,
                {{"status", "string", "planned, done, cancelled (comma-separated)"},
                 {"unit_id", "integer", "of accounts of this unit or below"},
                 {"visitor_id", "integer", "of this visitor"},
                 {"mine", "boolean", "the caller's planned visits due by today"},
                 {"from", "string", "planned on or after this day"},
                 {"to", "string", "planned on or before this day"}},
                "",
                "HqVisitList"},
               [&service](http::Request& request) {
                 HqVisitFilter f;
                 f.statuses = http::query_choices(request, "status", {"planned", "done", "cancelled"});
                 f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
                 f.visitor_id = request.query_integer("visitor_id", 1, INT64_MAX);
                 f.mine = request.query_bool("mine").value_or(false);
                 f.from = day_query(request, "from");
                 f.to = day_query(request, "to");
                 auto today = china_day_now();
                 json items = json::array();
                 for (const auto& v : service.hq_visits(request.principal(), f))
                   items.push_back(hq_visit_out(v, request.principal(), today));
                 request.json(200, {{"items", items}});
               });

  http::RouteDoc plan_doc{"Plan a dedicated HQ visit to a key account", tag, {}, "HqVisitCreate", "HqVisit"};
  plan_doc.success_status = 201;
  server.route(
      Method::post, "/api/v1/support/hq-visits", Access::signed_in, plan_doc, [&service](http::Request& request) {
        http::JsonInput in(request.body(), {"account_id", "visitor_id", "planned_on", "purpose"});
        HqVisitInput v;
        v.account_id = in.required_integer("account_id");
        v.visitor_id = in.required_integer("visitor_id");
        v.planned_on = in.required_string("planned_on", 10);
        v.purpose = in.required_string("purpose", 500);
        in.finish();
        request.json(201,
                     hq_visit_out(service.plan_hq_visit(request.principal(), v), request.principal(), china_day_now()));
      });

  server.route(Method::post, "/api/v1/support/hq-visits/{id}/log", Access::signed_in,
               {"Link the visit the visitor logged to the plan: it is done", tag, {}, "HqVisitLog", "HqVisit"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "visit_id"});
                 auto version = in.required_integer("version");
                 auto visit = in.required_integer("visit_id");
                 in.finish();
                 request.json(200,
                              hq_visit_out(service.log_hq_visit(request.principal(), request.path_id(), version, visit),
                                           request.principal(), china_day_now()));
               });

  server.route(Method::post, "/api/v1/support/hq-visits/{id}/cancel", Access::signed_in,
               {"Cancel a planned HQ visit", tag, {}, "HqVisitCancel", "HqVisit"}, [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "reason"});
                 auto version = in.required_integer("version");
                 auto reason = in.required_string("reason", 500);
                 in.finish();
                 request.json(
                     200, hq_visit_out(service.cancel_hq_visit(request.principal(), request.path_id(), version, reason),
                                       request.principal(), china_day_now()));
               });

  server.route(Method::get, "/api/v1/support/policy-notes", Access::signed_in,
               {"Policy and procurement information fed back in the caller's scope, newest first",
                tag,
                {{"status", "string", "submitted, useful, not_useful (comma-separated)"},
                 {"unit_id", "integer", "of this unit or below"},
                 {"mine", "boolean", "the caller's own"},
                 {"to_mark", "boolean", "submitted, not the caller's own, for the caller to mark (the to-do)"}},
                "",
                "PolicyNoteList"},
               [&service](http::Request& request) {
                 NoteFilter f;
                 f.statuses = http::query_choices(request, "status", {"submitted", "useful", "not_useful"});
                 f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
                 f.mine = request.query_bool("mine").value_or(false);
                 f.to_mark = request.query_bool("to_mark").value_or(false);
                 json items = json::array();
                 for (const auto& n : service.notes(request.principal(), f))
                   items.push_back(note_out(n, request.principal()));
                 request.json(200, {{"items", items}});
               });

  http::RouteDoc note_doc{"Feed back policy or procurement information", tag, {}, "PolicyNoteCreate", "PolicyNote"};
  note_doc.success_status = 201;
  server.route(Method::post, "/api/v1/support/policy-notes", Access::signed_in, note_doc,
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"title", "body", "account_id"});
                 NoteInput n;
                 n.title = in.required_string("title", 100);
                 n.body = in.required_string("body", 2000);
                 n.account_id = in.optional_integer("account_id");
                 in.finish();
                 request.json(201, note_out(service.create_note(request.principal(), n), request.principal()));
               });

  server.route(
      Method::post, "/api/v1/support/policy-notes/{id}/mark", Access::signed_in,
      {"Mark a note useful (its author earns the reward) or not useful", tag, {}, "PolicyNoteMark", "PolicyNote"},
      [&service](http::Request& request) {
        http::JsonInput in(request.body(), {"version", "useful", "note"});
        auto version = in.required_integer("version");
        auto useful = in.required_bool("useful");
        auto note = trimmed(in, "note", 500);
        in.finish();
        request.json(200, note_out(service.mark_note(request.principal(), request.path_id(), version, useful, note),
                                   request.principal()));
      });

  server.route(Method::get, "/api/v1/support/rewards", Access::signed_in,
               {"The information-feedback rewards earned by people in the caller's scope (a sales rep: their own)",
                tag,
                {{"month", "string", "YYYY-MM"},
                 {"user_id", "integer", "of this person"},
                 {"unit_id", "integer", "of people of this unit or below"}},
                "",
                "FeedbackRewardList"},
               [&service](http::Request& request) {
                 RewardFilter f;
                 f.month = month_query(request, "month");
                 f.user_id = request.query_integer("user_id", 1, INT64_MAX);
                 f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
                 json items = json::array();
                 int64_t points = 0, amount = 0;
                 for (const auto& r : service.rewards(request.principal(), f)) {
                   points += r.points;
                   amount += r.amount_fen;
                   items.push_back({{"id", r.id},
                                    {"user_id", r.user_id},
                                    {"user_name", r.user_name},
                                    {"unit_name", r.unit_name},
                                    {"month", fmt::format("{}-{:02}", r.month / 100, r.month % 100)},
                                    {"source", r.source},
                                    {"source_id", r.source_id},
                                    {"source_title", r.source_title},
                                    {"opportunity_id", http::or_null(r.opportunity_id)},
                                    {"points", r.points},
                                    {"amount_fen", r.amount_fen},
                                    {"created_at", clock::format_rfc3339(r.created_at)}});
                 }
                 request.json(200, {{"items", items}, {"points", points}, {"amount_fen", amount}});
               });
}

}  // namespace fleetkam::support
