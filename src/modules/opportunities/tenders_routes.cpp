// Routes of tenders: POST /api/v1/opportunities/{id}/tenders, PATCH /api/v1/tenders/{id}, GET /api/v1/tenders.
#include <nlohmann/json.hpp>

#include "modules/opportunities/routes_internal.h"
#include "modules/opportunities/rules.h"
#include "modules/registrations/service.h"
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
const std::vector<std::string> kTenderResults = {"pending", "won", "lost", "cancelled"};

TenderInput read_tender(const std::string& body, bool create) {
  std::set<std::string> fields = {"notice_no", "published_where", "published_on", "bid_deadline", "opening_at", "lots",
                                  "note"};
  if (!create) fields.insert({"version", "result", "winner", "winning_price_fen"});
  http::JsonInput in(body, fields);
  auto root = http::parse_json_object(body);
  TenderInput t;
  if (create) {
    t.notice_no = in.required_string("notice_no", 100);
    t.published_where = in.required_string("published_where", 200);
    t.published_on = in.required_string("published_on", 10, 10);
    t.bid_deadline = read_time(in, "bid_deadline", true);
  } else {
    t.version = in.required_integer("version");
    t.notice_no = in.optional_string("notice_no", 100, 1);
    t.published_where = in.optional_string("published_where", 200, 1);
    t.published_on = in.optional_string("published_on", 10, 10);
    t.bid_deadline = read_time(in, "bid_deadline", false);
    t.result = in.optional_enum("result", kTenderResults);
    if (is_null(root, "winner"))
      t.winner = std::optional<std::string>();
    else if (auto w = in.optional_string("winner", 100, 1))
      t.winner = w;
    if (is_null(root, "winning_price_fen"))
      t.winning_price_fen = std::optional<int64_t>();
    else if (auto p = in.optional_integer("winning_price_fen", 1, int64_t{1} << 40))
      t.winning_price_fen = p;
  }
  check_day(in, "published_on", t.published_on);
  if (is_null(root, "opening_at"))
    t.opening_at = std::optional<int64_t>();
  else if (auto at = read_time(in, "opening_at", false))
    t.opening_at = at;
  if (t.bid_deadline && t.opening_at && *t.opening_at && **t.opening_at < *t.bid_deadline)
    in.add_error("opening_at", "must not be before the bid deadline");
  if (is_null(root, "note"))
    t.note = std::optional<std::string>();
  else if (auto n = in.optional_string("note", 2000, 1))
    t.note = n;
  if (root.contains("lots") && !root["lots"].is_null()) {
    const auto& lots = root["lots"];
    bool ok = lots.is_array() && lots.size() <= 100;
    for (size_t i = 0; ok && i < lots.size(); ++i) {
      const auto& lot = lots[i];
      ok = lot.is_object() && lot.contains("no") && lot["no"].is_string() && lot.contains("name") &&
           lot["name"].is_string() && lot["name"].get<std::string>().size() <= 200 &&
           lot["no"].get<std::string>().size() <= 20;
      for (const auto& [k, v] : lot.items()) {
        if (k != "no" && k != "name" && k != "quantity" && k != "budget_fen") ok = false;
        if ((k == "quantity" || k == "budget_fen") && !v.is_null() && !(v.is_number_integer() && v.get<int64_t>() >= 0))
          ok = false;
      }
    }
    if (ok)
      t.lots_json = lots.dump();
    else
      in.add_error("lots", "must be up to 100 lots {no, name, quantity?, budget_fen?}");
  }
  in.finish();
  return t;
}

void add_tenders_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json tender = {{"id", id},
                 {"opportunity_id", id},
                 {"opportunity_title", text},
                 {"account_id", id},
                 {"account_name", text},
                 {"owner_unit_id", id},
                 {"notice_no", text},
                 {"published_where", text},
                 {"published_on", day},
                 {"bid_deadline", time},
                 {"opening_at", nullable(time)},
                 {"lots", array({{"type", "object"}})},
                 {"result", choice(kTenderResults)},
                 {"winner", nullable(text)},
                 {"winning_price_fen", nullable(id)},
                 {"note", nullable(text)},
                 {"version", id},
                 {"created_at", time}};
  server.add_schema("Tender", object(tender));
  server.add_schema("TenderList", object({{"items", array(ref("Tender"))}}));
  json lot = {{"type", "object"},
              {"required", {"no", "name"}},
              {"properties", {{"no", text}, {"name", text}, {"quantity", id}, {"budget_fen", id}}}};
  json tender_in = {{"notice_no", text},     {"published_where", text},      {"published_on", day},
                    {"bid_deadline", time},  {"opening_at", nullable(time)}, {"lots", array(lot)},
                    {"note", nullable(text)}};
  server.add_schema("TenderCreate", input(tender_in, {"notice_no", "published_where", "published_on", "bid_deadline"}));
  json tender_patch = tender_in;
  tender_patch["version"] = id;
  tender_patch["result"] = choice(kTenderResults);
  tender_patch["winner"] = nullable(text);
  tender_patch["winning_price_fen"] = nullable(id);
  server.add_schema("TenderPatch", input(tender_patch, {"version"}));
}

}  // namespace

json tender_json(const Tender& t) {
  json lots = json::parse(t.lots_json, nullptr, false);
  if (lots.is_discarded()) lots = json::array();
  return {{"id", t.id},
          {"opportunity_id", t.opportunity_id},
          {"opportunity_title", t.opportunity_title},
          {"account_id", t.account_id},
          {"account_name", t.account_name},
          {"owner_unit_id", t.owner_unit_id},
          {"notice_no", t.notice_no},
          {"published_where", t.published_where},
          {"published_on", t.published_on},
          {"bid_deadline", clock::format_rfc3339(t.bid_deadline)},
          {"opening_at", http::time_or_null(t.opening_at)},
          {"lots", lots},
          {"result", t.result},
          {"winner", http::or_null(t.winner)},
          {"winning_price_fen", http::or_null(t.winning_price_fen)},
          {"note", http::or_null(t.note)},
          {"version", t.version},
          {"created_at", clock::format_rfc3339(t.created_at)}};
}

void register_tender_routes(http::Server& server, OpportunityService& service) {
  add_tenders_schemas(server);
  const std::string tag = "opportunities";

  server.route(Method::post, "/api/v1/opportunities/{id}/tenders", Access::signed_in,
               {"Record a tender of the opportunity", tag, {}, "TenderCreate", "Tender", 201},
               [&service](http::Request& request) {
                 auto input = read_tender(request.body(), true);
                 request.json(201, tender_json(service.add_tender(request.principal(), request.path_id(), input)));
               });

  server.route(Method::patch, "/api/v1/tenders/{id}", Access::signed_in,
               {"Edit a tender or record its result", tag, {}, "TenderPatch", "Tender"},
               [&service](http::Request& request) {
                 auto input = read_tender(request.body(), false);
                 request.json(200, tender_json(service.update_tender(request.principal(), request.path_id(), input)));
               });

  server.route(Method::get, "/api/v1/tenders", Access::signed_in,
               {"Tenders in scope: bid deadlines within N days, or deadlines and openings in a date range",
                tag,
                {{"due_within_days", "integer", "1..366: deadlines from now"},
                 {"from", "string", "first day YYYY-MM-DD"},
                 {"to", "string", "last day YYYY-MM-DD"}},
                "",
                "TenderList"},
               [&service](http::Request& request) {
                 auto within = request.query_integer("due_within_days", 1, 366);
                 auto from_text = request.query("from"), to_text = request.query("to");
                 int64_t from = 0, to = 0;
                 bool openings = false;
                 if (from_text || to_text) {
                   if (!from_text || !to_text) throw Invalid(from_text ? "to" : "from", "give both from and to");
                   auto f = registrations::day_number(*from_text), t = registrations::day_number(*to_text);
                   if (!f) throw Invalid("from", "must be a day YYYY-MM-DD");
                   if (!t) throw Invalid("to", "must be a day YYYY-MM-DD");
                   if (*t < *f) throw Invalid("to", "must not be before from");
                   if (*t - *f > 366) throw Invalid("to", "at most 366 days after from");
                   from = *f * 86400000 - int64_t{8} * 3600000;
                   to = (*t + 1) * 86400000 - int64_t{8} * 3600000;
                   openings = true;
                 } else {
                   from = clock::now_ms();
                   to = from + within.value_or(14) * 86400000;
                 }
                 json out = json::array();
                 for (const auto& t : service.tenders(request.principal(), from, to, openings))
                   out.push_back(tender_json(t));
                 request.json(200, {{"items", out}});
               });
}

}  // namespace fleetkam::opportunities
