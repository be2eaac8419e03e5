// Routes of quotes: competitors' (POST /api/v1/opportunities/{id}/competitor-quotes, DELETE
// /api/v1/competitor-quotes/{id}) and ours (POST /api/v1/opportunities/{id}/quotes,
// /api/v1/quotes/{id}/decision|send, GET /api/v1/quotes: the approval inbox).
#include <nlohmann/json.hpp>

#include "modules/opportunities/routes_internal.h"
#include "modules/opportunities/rules.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::opportunities {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;
const std::vector<std::string> kQuoteStatuses = {"approved", "pending_regional", "pending_hq", "rejected", "sent"};

void add_quotes_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json competitor = {{"id", id},
                     {"opportunity_id", id},
                     {"brand", text},
                     {"model", text},
                     {"unit_price_fen", id},
                     {"quoted_on", nullable(day)},
                     {"note", nullable(text)},
                     {"created_by_name", text},
                     {"created_at", time}};
  server.add_schema("CompetitorQuote", object(competitor));
  json approval = {{"level", choice({"regional", "hq"})},
                   {"decision", choice({"approve", "reject"})},
                   {"note", nullable(text)},
                   {"by_user_id", id},
                   {"by_user_name", text},
                   {"at", time}};
  json quote = {{"id", id},
                {"opportunity_id", id},
                {"opportunity_title", text},
                {"account_name", text},
                {"owner_unit_id", id},
                {"owner_unit_name", text},
                {"model_id", id},
                {"model_name", text},
                {"quantity", id},
                {"unit_price_fen", id},
                {"guide_price_fen", id},
                {"discount_bp", id},
                {"max_discount_bp", id},
                {"hq_discount_bp", id},
                {"approval_level", choice({"none", "regional", "hq"})},
                {"status", choice(kQuoteStatuses)},
                {"approvals", array(object(approval))},
                {"note", nullable(text)},
                {"created_by_name", text},
                {"created_at", time},
                {"sent_at", nullable(time)},
                {"version", id},
                {"waiting_since", nullable(time)},
                {"bid_deadline", nullable(time)}};
  server.add_schema("Quote", object(quote));
  server.add_schema("QuoteList", object({{"items", array(ref("Quote"))}}));
  server.add_schema(
      "CompetitorQuoteCreate",
      input({{"brand", text}, {"model", text}, {"unit_price_fen", id}, {"quoted_on", day}, {"note", text}},
            {"brand", "model", "unit_price_fen"}));
  server.add_schema("QuoteCreate", input({{"model_id", id}, {"quantity", id}, {"unit_price_fen", id}, {"note", text}},
                                         {"model_id", "quantity", "unit_price_fen"}));
  server.add_schema(
      "QuoteDecision",
      input({{"decision", choice({"approve", "reject"})}, {"note", text}, {"version", id}}, {"decision", "version"}));
  server.add_schema("VersionOnly", input({{"version", id}}, {"version"}));
}

}  // namespace

json competitor_json(const CompetitorQuote& q) {
  return {{"id", q.id},
          {"opportunity_id", q.opportunity_id},
          {"brand", q.brand},
          {"model", q.model},
          {"unit_price_fen", q.unit_price_fen},
          {"quoted_on", http::or_null(q.quoted_on)},
          {"note", http::or_null(q.note)},
          {"created_by_name", q.created_by_name},
          {"created_at", clock::format_rfc3339(q.created_at)}};
}

json quote_json(const Quote& q) {
  json approvals = json::array();
  for (const auto& a : q.approvals) {
    approvals.push_back({{"level", a.level},
                         {"decision", a.decision},
                         {"note", http::or_null(a.note)},
                         {"by_user_id", a.by_user_id},
                         {"by_user_name", a.by_user_name},
                         {"at", clock::format_rfc3339(a.at)}});
  }
  return {{"id", q.id},
          {"opportunity_id", q.opportunity_id},
          {"opportunity_title", q.opportunity_title},
          {"account_name", q.account_name},
          {"owner_unit_id", q.owner_unit_id},
          {"owner_unit_name", q.owner_unit_name},
          {"model_id", q.model_id},
          {"model_name", q.model_name},
          {"quantity", q.quantity},
          {"unit_price_fen", q.unit_price_fen},
          {"guide_price_fen", q.guide_price_fen},
          {"discount_bp", q.discount_bp},
          {"max_discount_bp", q.max_discount_bp},
          {"hq_discount_bp", q.hq_discount_bp},
          {"approval_level", q.approval_level},
          {"status", q.status},
          {"approvals", approvals},
          {"note", http::or_null(q.note)},
          {"created_by_name", q.created_by_name},
          {"created_at", clock::format_rfc3339(q.created_at)},
          {"sent_at", http::time_or_null(q.sent_at)},
          {"version", q.version},
          {"waiting_since", http::time_or_null(q.waiting_since)},
          {"bid_deadline", http::time_or_null(q.bid_deadline)}};
}

void register_quote_routes(http::Server& server, OpportunityService& service) {
  add_quotes_schemas(server);
  const std::string tag = "opportunities";

  server.route(Method::post, "/api/v1/opportunities/{id}/competitor-quotes", Access::signed_in,
               {"A competitor's quote", tag, {}, "CompetitorQuoteCreate", "CompetitorQuote", 201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"brand", "model", "unit_price_fen", "quoted_on", "note"});
                 CompetitorQuote q;
                 q.brand = in.required_string("brand", 60);
                 q.model = in.required_string("model", 100);
                 q.unit_price_fen = in.required_integer("unit_price_fen", 1, int64_t{1} << 40);
                 q.quoted_on = in.optional_string("quoted_on", 10, 10);
                 check_day(in, "quoted_on", q.quoted_on);
                 q.note = in.optional_string("note", 2000, 1);
                 in.finish();
                 request.json(201,
                              competitor_json(service.add_competitor_quote(request.principal(), request.path_id(), q)));
               });

  server.route(Method::del, "/api/v1/competitor-quotes/{id}", Access::signed_in,
               {"Delete a competitor's quote", tag, {}, "", ""}, [&service](http::Request& request) {
                 service.delete_competitor_quote(request.principal(), request.path_id());
                 request.no_content();
               });

  server.route(Method::post, "/api/v1/opportunities/{id}/quotes", Access::signed_in,
               {"Our quote: within the price band it is approved, outside it waits for the regional director (and HQ)",
                tag,
                {},
                "QuoteCreate",
                "Quote",
                201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"model_id", "quantity", "unit_price_fen", "note"});
                 QuoteInput q;
                 q.model_id = in.required_integer("model_id");
                 q.quantity = in.required_integer("quantity", 1, 10000);
                 q.unit_price_fen = in.required_integer("unit_price_fen", 1, int64_t{1} << 40);
                 q.note = in.optional_string("note", 2000, 1);
                 in.finish();
                 request.json(201, quote_json(service.add_quote(request.principal(), request.path_id(), q)));
               });

  server.route(Method::post, "/api/v1/quotes/{id}/decision", Access::signed_in,
               {"Approve or reject a quote's price at the step it waits for", tag, {}, "QuoteDecision", "Quote"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"decision", "note", "version"});
                 auto decision = in.required_enum("decision", {"approve", "reject"});
                 auto note = in.optional_string("note", 2000, 1);
                 auto version = in.required_integer("version");
                 in.finish();
                 request.json(200, quote_json(service.decide_quote(request.principal(), request.path_id(), decision,
                                                                   note, version)));
               });

  server.route(Method::post, "/api/v1/quotes/{id}/send", Access::signed_in,
               {"Mark an approved quote as sent to the customer", tag, {}, "VersionOnly", "Quote"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version"});
                 auto version = in.required_integer("version");
                 in.finish();
                 request.json(200, quote_json(service.send_quote(request.principal(), request.path_id(), version)));
               });

  server.route(Method::get, "/api/v1/quotes", Access::signed_in,
               {"Quotes in scope; awaiting_me=true: the approval inbox. Each says since when it waits for its step "
                "(waiting_since) and its opportunity's next bid deadline (bid_deadline)",
                tag,
                {{"status", "string", "statuses, comma-separated"},
                 {"awaiting_me", "boolean", "only the steps the caller may decide"},
                 {"limit", "integer", "1..500, default 50"}},
                "",
                "QuoteList"},
               [&service](http::Request& request) {
                 auto statuses = read_list(request.query("status"), kQuoteStatuses, "status");
                 bool mine = request.query_bool("awaiting_me").value_or(false);
                 json out = json::array();
                 for (const auto& q : service.quotes(request.principal(), statuses, mine, request.limit()))
                   out.push_back(quote_json(q));
                 request.json(200, {{"items", out}});
               });
}

}  // namespace fleetkam::opportunities
