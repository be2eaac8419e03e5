// Routes of framework agreements (协议供货) and the application to their supplier lists (入围);
// docs/agreements.md lists them.
#include "modules/agreements/routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "modules/agreements/rules.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"
#include "platform/http/query_choices.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::agreements {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

std::string today() { return calendar::date_text(calendar::china_date(clock::now_ms())); }

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;
  json money = integer(1, int64_t{1} << 40);
  json document = object({{"name", text}, {"provider", choice(providers())}, {"ready", flag}});
  json model = object({{"model_id", id}, {"code", text}, {"name", text}, {"vehicle_type", text}});
  json listing = object({{"model_id", id},
                         {"code", text},
                         {"name", text},
                         {"vehicle_type", text},
                         {"guide_price_fen", id},
                         {"price_cap_fen", id},
                         {"discount_terms", nullable(text)}});
  json dealer = object({{"id", id}, {"name", text}, {"province_id", id}, {"province_name", text}});
  server.add_schema("AgreementCompetitor", object({{"id", id},
                                                   {"brand", text},
                                                   {"model", text},
                                                   {"price_fen", id},
                                                   {"note", nullable(text)},
                                                   {"created_at", time}}));
  json fields = {{"id", id},
                 {"level", choice(levels())},
                 {"centre_account_id", id},
                 {"centre_name", text},
                 {"unit_id", id},
                 {"unit_name", text},
                 {"name", text},
                 {"notice_no", text},
                 {"notice_url", nullable(text)},
                 {"starts_on", day},
                 {"ends_on", day},
                 {"state", choice(states())},
                 {"categories", array(text)},
                 {"lots", array(text)},
                 {"owner_user_id", id},
                 {"owner_name", text},
                 {"application", choice(applications())},
                 {"deadline_on", nullable(day)},
                 {"submitted_at", nullable(time)},
                 {"decided_at", nullable(time)},
                 {"outcome_note", nullable(text)},
                 {"listed_models", id},
                 {"dealers_count", id},
                 {"can_manage", flag},
                 {"version", id},
                 {"created_at", time},
                 {"updated_at", time}};
  server.add_schema("AgreementSummary", object(fields));
  server.add_schema("AgreementList", page_of("AgreementSummary"));
  json full = fields;
  full["documents"] = array(document);
  full["applied_models"] = array(model);
  full["listings"] = array(listing);
  full["dealers"] = array(dealer);
  full["competitors"] = array(ref("AgreementCompetitor"));
  server.add_schema("Agreement", object(full));
  json input_fields = {{"level", choice(levels())},
                       {"centre_account_id", id},
                       {"unit_id", id},
                       {"name", text_up_to(200)},
                       {"notice_no", text_up_to(100)},
                       {"notice_url", nullable(text_up_to(500))},
                       {"starts_on", day},
                       {"ends_on", day},
                       {"categories", array(text_up_to(40))},
                       {"lots", array(text_up_to(100))},
                       {"owner_user_id", id}};
  std::vector<std::string> required = {"level",     "centre_account_id", "unit_id",    "name",         "notice_no",
                                       "starts_on", "ends_on",           "categories", "owner_user_id"};
  server.add_schema("AgreementCreate", input(input_fields, required));
  json update = input_fields;
  update["version"] = id;
  required.push_back("version");
  server.add_schema("AgreementUpdate", input(update, required));
  server.add_schema(
      "AgreementApplication",
      input({{"version", id},
             {"deadline_on", nullable(day)},
             {"documents",
              array(object({{"name", text_up_to(100)}, {"provider", choice(providers())}, {"ready", flag}}))},
             {"model_ids", array(id)}},
            {"version", "documents", "model_ids"}));
  server.add_schema("AgreementVersion", input({{"version", id}}, {"version"}));
  json listing_input =
      object({{"model_id", id}, {"price_cap_fen", money}, {"discount_terms", nullable(text_up_to(500))}});
  server.add_schema("AgreementOutcome", input({{"version", id},
                                               {"outcome", choice({"listed", "not_listed"})},
                                               {"listings", array(listing_input)},
                                               {"note", nullable(text_up_to(1000))}},
                                              {"version", "outcome"}));
  server.add_schema("AgreementListings",
                    input({{"version", id}, {"listings", array(listing_input)}}, {"version", "listings"}));
  server.add_schema("AgreementDealers", input({{"version", id}, {"dealer_ids", array(id)}}, {"version", "dealer_ids"}));
  server.add_schema("AgreementCompetitorCreate", input({{"brand", text_up_to(60)},
                                                        {"model", text_up_to(100)},
                                                        {"price_fen", money},
                                                        {"note", nullable(text_up_to(500))}},
                                                       {"brand", "model", "price_fen"}));
  json line = object({{"unit_id", id}, {"name", text}, {"province", text}, {"units", id}, {"amount_fen", id}});
  server.add_schema(
      "AgreementSales",
      object({{"units", id}, {"amount_fen", id}, {"by_province", array(line)}, {"by_dealer", array(line)}}));
  json cell = object({{"category", text},
                      {"status", choice({"listed", "pending", "not_listed", "never"})},
                      {"agreements", id},
                      {"expiring", id}});
  server.add_schema(
      "AgreementCoverage",
      object({{"categories", array(text)},
              {"rows", array(object({{"unit_id", nullable(id)}, {"name", text}, {"cells", array(cell)}}))}}));
  server.add_schema(
      "AgreementOptions",
      object({{"centres",
               array(object({{"id", id}, {"name", text}, {"admin_level", text}, {"province_unit_id", nullable(id)}}))},
              {"owners", array(object({{"id", id}, {"name", text}, {"role", text}, {"unit_id", id}}))},
              {"models",
               array(object(
                   {{"id", id}, {"code", text}, {"name", text}, {"vehicle_type", text}, {"guide_price_fen", id}}))},
              {"dealers", array(object({{"id", id}, {"name", text}, {"province_unit_id", id}}))},
              {"provinces", array(object({{"id", id}, {"name", text}}))},
              {"categories", array(object({{"code", text}, {"name_zh", text}, {"name_en", text}}))}}));
}

json competitor_json(const Competitor& k) {
  return {{"id", k.id},
          {"brand", k.brand},
          {"model", k.model},
          {"price_fen", k.price_fen},
          {"note", http::or_null(k.note)},
          {"created_at", clock::format_rfc3339(k.created_at)}};
}

json agreement_json(const Agreement& g, const auth::Principal& caller, const std::string& day, bool details) {
  json out = {{"id", g.id},
              {"level", g.level},
              {"centre_account_id", g.centre_account_id},
              {"centre_name", g.centre_name},
              {"unit_id", g.unit_id},
              {"unit_name", g.unit_name},
              {"name", g.name},
              {"notice_no", g.notice_no},
              {"notice_url", http::or_null(g.notice_url)},
              {"starts_on", g.starts_on},
              {"ends_on", g.ends_on},
              {"state", state_on(g.starts_on, g.ends_on, day)},
              {"categories", g.categories},
              {"lots", g.lots},
              {"owner_user_id", g.owner_user_id},
              {"owner_name", g.owner_name},
              {"application", g.application},
              {"deadline_on", http::or_null(g.deadline_on)},
              {"submitted_at", http::time_or_null(g.submitted_at)},
              {"decided_at", http::time_or_null(g.decided_at)},
              {"outcome_note", http::or_null(g.outcome_note)},
              {"listed_models", g.listed_models},
              {"dealers_count", g.dealers_count},
              {"can_manage", can_manage(caller, g)},
              {"version", g.version},
              {"created_at", clock::format_rfc3339(g.created_at)},
              {"updated_at", clock::format_rfc3339(g.updated_at)}};
  if (!details) return out;
  out["documents"] = json::array();
  for (const auto& d : g.documents)
    out["documents"].push_back({{"name", d.name}, {"provider", d.provider}, {"ready", d.ready}});
  out["applied_models"] = json::array();
  for (const auto& m : g.applied_models)
    out["applied_models"].push_back(
        {{"model_id", m.model_id}, {"code", m.code}, {"name", m.name}, {"vehicle_type", m.vehicle_type}});
  out["listings"] = json::array();
  for (const auto& l : g.listings)
    out["listings"].push_back({{"model_id", l.model_id},
                               {"code", l.code},
                               {"name", l.name},
                               {"vehicle_type", l.vehicle_type},
                               {"guide_price_fen", l.guide_price_fen},
                               {"price_cap_fen", l.price_cap_fen},
                               {"discount_terms", http::or_null(l.discount_terms)}});
  out["dealers"] = json::array();
  for (const auto& d : g.dealers)
    out["dealers"].push_back(
        {{"id", d.id}, {"name", d.name}, {"province_id", d.province_id}, {"province_name", d.province_name}});
  out["competitors"] = json::array();
  for (const auto& k : g.competitors) out["competitors"].push_back(competitor_json(k));
  return out;
}

// A list of strings in the body (`field`), each 1..max_chars characters, at most max_items.
std::vector<std::string> string_list(http::JsonInput& in, const json& body, const std::string& field, size_t max_items,
                                     size_t max_chars) {
  std::vector<std::string> out;
  if (!body.contains(field)) return out;
  const auto& v = body[field];
  if (!v.is_array()) {
    in.add_error(field, "must be a list of texts", "wrong_type");
    return out;
  }
  if (v.size() > max_items) in.add_error(field, "lists more than " + std::to_string(max_items));
  for (const auto& item : v) {
    if (!item.is_string() || item.get<std::string>().empty() || item.get<std::string>().size() > max_chars * 3) {
      in.add_error(field, "each is a text of 1 to " + std::to_string(max_chars) + " characters");
      break;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<int64_t> id_list(http::JsonInput& in, const json& body, const std::string& field, size_t max_items) {
  std::vector<int64_t> out;
  if (!body.contains(field)) return out;
  const auto& v = body[field];
  if (!v.is_array()) {
    in.add_error(field, "must be a list of ids", "wrong_type");
    return out;
  }
  if (v.size() > max_items) in.add_error(field, "lists more than " + std::to_string(max_items));
  for (const auto& item : v) {
    if (!item.is_number_integer() || item.get<int64_t>() < 1) {
      in.add_error(field, "each is a positive id");
      break;
    }
    out.push_back(item.get<int64_t>());
  }
  return out;
}

AgreementInput read_agreement(http::JsonInput& in, const std::string& raw) {
  AgreementInput a;
  a.level = in.required_enum("level", levels());
  a.centre_account_id = in.required_integer("centre_account_id");
  a.unit_id = in.required_integer("unit_id");
  a.name = in.required_string("name", 200);
  a.notice_no = in.required_string("notice_no", 100);
  a.notice_url = in.optional_string("notice_url", 500, 1);
  if (a.notice_url && a.notice_url->rfind("http://", 0) != 0 && a.notice_url->rfind("https://", 0) != 0)
    in.add_error("notice_url", "must be an http(s) address");
  a.starts_on = in.required_string("starts_on", 10, 10);
  a.ends_on = in.required_string("ends_on", 10, 10);
  a.owner_user_id = in.required_integer("owner_user_id");
  auto body = http::parse_json_object(raw);
  if (!in.has("categories")) in.add_error("categories", "is required", "required");
  a.categories = string_list(in, body, "categories", 20, 40);
  a.lots = string_list(in, body, "lots", 50, 100);
  return a;
}

std::vector<ListingInput> read_listings(http::JsonInput& in, const json& body) {
  std::vector<ListingInput> out;
  if (!body.contains("listings")) return out;
  const auto& v = body["listings"];
  if (!v.is_array() || v.size() > 100) {
    in.add_error("listings", "must be a list of at most 100 models", "wrong_type");
    return out;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    const auto& item = v[i];
    std::string field = "listings[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("model_id") || !item["model_id"].is_number_integer() ||
        !item.contains("price_cap_fen") || !item["price_cap_fen"].is_number_integer()) {
      in.add_error(field, "needs model_id and price_cap_fen as integers", "wrong_type");
      continue;
    }
    ListingInput l;
    l.model_id = item["model_id"].get<int64_t>();
    l.price_cap_fen = item["price_cap_fen"].get<int64_t>();
    if (l.price_cap_fen <= 0 || l.price_cap_fen > (int64_t{1} << 40))
      in.add_error(field + ".price_cap_fen", "must be a positive amount in fen");
    if (item.contains("discount_terms") && !item["discount_terms"].is_null()) {
      if (!item["discount_terms"].is_string() || item["discount_terms"].get<std::string>().size() > 1500)
        in.add_error(field + ".discount_terms", "is a text of at most 500 characters", "wrong_type");
      else if (!item["discount_terms"].get<std::string>().empty())
        l.discount_terms = item["discount_terms"].get<std::string>();
    }
    out.push_back(std::move(l));
  }
  return out;
}

AgreementFilter agreement_filter(const http::Request& request) {
  AgreementFilter f;
  f.levels = http::query_choices(request, "level", levels());
  f.states = http::query_choices(request, "state", states());
  std::vector<std::string> with_none = applications();
  with_none.push_back("none");
  f.applications = http::query_choices(request, "application", with_none);
  auto none = std::find(f.applications.begin(), f.applications.end(), "none");
  if (none != f.applications.end()) {
    f.no_application = true;
    f.applications.erase(none);
  }
  f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  f.owner_user_id = request.query_integer("owner_user_id", 1, INT64_MAX);
  f.category = request.query_filter("category");
  // a directory code: lower-case letters, digits and '_' (which LIKE reads as any one character:
  // between the quotes of a listed code it still matches that code only)
  if (f.category && (f.category->empty() || f.category->size() > 40 ||
                     f.category->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos))
    throw Invalid("category", "must be a vehicle type code");
  f.q = request.query_filter("q");
  if (f.q && f.q->size() > 90) throw Invalid("q", "is longer than 30 characters");
  f.mine = request.query_bool("mine").value_or(false);
  f.due = request.query_bool("due").value_or(false);
  return f;
}

const std::map<std::string, std::string>& level_names() {
  static const std::map<std::string, std::string> m = {
      {"central", "中央"}, {"provincial", "省级"}, {"municipal", "市级"}};
  return m;
}
const std::map<std::string, std::string>& application_names() {
  static const std::map<std::string, std::string> m = {
      {"preparing", "准备中"}, {"submitted", "已提交"}, {"listed", "已入围"}, {"not_listed", "未入围"}};
  return m;
}

void send_xlsx(http::Request& request, const std::string& file, const std::string& zh_file, const std::string& sheet,
               const std::vector<sheets::Row>& rows) {
  std::string day = today();
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  request.attachment(file + "-" + day + ".xlsx", zh_file + "-" + day + ".xlsx");
  request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                sheets::write_xlsx(sheet, rows));
}

}  // namespace

void register_routes(http::Server& server, AgreementService& service) {
  add_schemas(server);
  const std::string tag = "agreements";
  std::vector<http::QueryDoc> list_query = {
      {"level", "string", "central, provincial, municipal (comma-separated)"},
      {"state", "string", "upcoming, in_force, expiring (within 90 days), expired (comma-separated)"},
      {"application", "string", "preparing, submitted, listed, not_listed, none (comma-separated)"},
      {"unit_id", "integer", "agreements of this province (or of the provinces below this unit)"},
      {"category", "string", "a vehicle type code the agreement covers"},
      {"owner_user_id", "integer", "owned by this person"},
      {"mine", "boolean", "true: owned by the caller"},
      {"due", "boolean", "true: the application preparing or submitted, its deadline within 14 days"},
      {"q", "string", "the name, notice number or centre contains it"},
      {"limit", "integer", "1..500, default 50"},
      {"cursor", "string", "next_cursor of the previous page"}};

  server.route(Method::get, "/api/v1/agreements", Access::signed_in,
               {"Framework agreements the caller sees (central ones and their provinces'), ending soonest first", tag,
                list_query, "", "AgreementList"},
               [&service](http::Request& request) {
                 auto f = agreement_filter(request);
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
                   out.push_back(agreement_json(items[i], request.principal(), day, false));
                 bool more = items.size() > limit;
                 request.json(
                     200, {{"items", out},
                           {"next_cursor",
                            more ? json(http::encode_cursor(items[limit - 1].ends_on, items[limit - 1].id)) : json()}});
               });

  http::RouteDoc export_doc{"The filtered agreements as an .xlsx workbook (Chinese headers, at most 10,000)", tag,
                            list_query, "", "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(
      Method::get, "/api/v1/agreements/export", Access::signed_in, export_doc, [&service](http::Request& request) {
        auto f = agreement_filter(request);
        f.limit = 10001;
        auto items = service.list(request.principal(), f);
        if (items.size() > 10000) throw Invalid("limit", "more than 10,000 agreements: narrow the filter", "too_many");
        std::vector<sheets::Row> rows = {{"协议名称", "级别", "采购中心", "所属省份", "公告编号", "开始日期",
                                          "结束日期", "品目", "入围申请", "入围车型数", "授权经销商数", "负责人"}};
        for (const auto& g : items) {
          std::string cats;
          for (const auto& c : g.categories) cats += (cats.empty() ? "" : "、") + c;
          rows.push_back({g.name, level_names().at(g.level), g.centre_name, g.level == "central" ? "中央" : g.unit_name,
                          g.notice_no, g.starts_on, g.ends_on, cats, application_names().at(g.application),
                          std::to_string(g.listed_models), std::to_string(g.dealers_count), g.owner_name});
        }
        send_xlsx(request, "agreements", "协议供货", "协议供货", rows);
      });

  server.route(Method::get, "/api/v1/agreements/options", Access::signed_in,
               {"What the agreement forms offer in the caller's scope: centres, owners, models, dealers, provinces, "
                "vehicle types",
                tag,
                {},
                "",
                "AgreementOptions"},
               [&service](http::Request& request) { request.json(200, service.options(request.principal())); });

  std::vector<http::QueryDoc> coverage_query = {{"category", "string", "one vehicle type code"}};
  auto coverage_of = [&service](http::Request& request) {
    auto category = request.query_filter("category");
    if (category && category->size() > 40) throw Invalid("category", "must be a vehicle type code");
    return service.coverage(request.principal(), category);
  };
  server.route(
      Method::get, "/api/v1/agreements/coverage", Access::signed_in,
      {"Where we are listed, pending, not listed or never applied, by province and vehicle type (agreements "
       "not yet expired)",
       tag, coverage_query, "", "AgreementCoverage"},
      [coverage_of](http::Request& request) {
        auto cov = coverage_of(request);
        json rows = json::array();
        for (const auto& r : cov.rows) {
          json cells = json::array();
          for (const auto& c : r.cells)
            cells.push_back({{"category", c.category},
                             {"status", c.status},
                             {"agreements", c.agreements},
                             {"expiring", c.expiring}});
          rows.push_back({{"unit_id", r.unit_id ? json(*r.unit_id) : json()}, {"name", r.name}, {"cells", cells}});
        }
        request.json(200, {{"categories", cov.categories}, {"rows", rows}});
      });
  http::RouteDoc coverage_export{"The coverage table as an .xlsx workbook", tag, coverage_query, "", "Binary"};
  coverage_export.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(Method::get, "/api/v1/agreements/coverage/export", Access::signed_in, coverage_export,
               [coverage_of](http::Request& request) {
                 auto cov = coverage_of(request);
                 static const std::map<std::string, std::string> names = {
                     {"listed", "已入围"}, {"pending", "申请中"}, {"not_listed", "未入围"}, {"never", "未申请"}};
                 sheets::Row header = {"地区"};
                 for (const auto& c : cov.categories) header.push_back(c);
                 std::vector<sheets::Row> rows = {header};
                 for (const auto& r : cov.rows) {
                   sheets::Row line = {r.name};
                   for (const auto& c : r.cells)
                     line.push_back(names.at(c.status) + (c.expiring ? "（即将到期）" : ""));
                   rows.push_back(line);
                 }
                 send_xlsx(request, "agreement-coverage", "入围覆盖", "入围覆盖", rows);
               });

  http::RouteDoc create_doc{
      "Record a framework agreement (its application starts as preparing)", tag, {}, "AgreementCreate", "Agreement"};
  create_doc.success_status = 201;
  server.route(Method::post, "/api/v1/agreements", Access::signed_in, create_doc, [&service](http::Request& request) {
    http::JsonInput in(request.body(), {"level", "centre_account_id", "unit_id", "name", "notice_no", "notice_url",
                                        "starts_on", "ends_on", "categories", "lots", "owner_user_id"});
    auto input = read_agreement(in, request.body());
    in.finish();
    request.json(201, agreement_json(service.create(request.principal(), input), request.principal(), today(), true));
  });

  server.route(Method::get, "/api/v1/agreements/{id}", Access::signed_in,
               {"One agreement with its application, listed models, dealers and competitors", tag, {}, "", "Agreement"},
               [&service](http::Request& request) {
                 request.json(200, agreement_json(service.get(request.principal(), request.path_id()),
                                                  request.principal(), today(), true));
               });

  server.route(Method::put, "/api/v1/agreements/{id}", Access::signed_in,
               {"Edit an agreement (its level does not change)", tag, {}, "AgreementUpdate", "Agreement"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(),
                                    {"version", "level", "centre_account_id", "unit_id", "name", "notice_no",
                                     "notice_url", "starts_on", "ends_on", "categories", "lots", "owner_user_id"});
                 auto version = in.required_integer("version");
                 auto input = read_agreement(in, request.body());
                 in.finish();
                 request.json(200,
                              agreement_json(service.update(request.principal(), request.path_id(), version, input),
                                             request.principal(), today(), true));
               });

  server.route(Method::put, "/api/v1/agreements/{id}/application", Access::signed_in,
               {"The application while preparing or submitted: deadline, documents and the models applied with",
                tag,
                {},
                "AgreementApplication",
                "Agreement"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "deadline_on", "documents", "model_ids"});
                 auto version = in.required_integer("version");
                 ApplicationInput a;
                 a.deadline_on = in.optional_string("deadline_on", 10, 10);
                 auto body = http::parse_json_object(request.body());
                 if (!in.has("documents")) in.add_error("documents", "is required", "required");
                 if (!in.has("model_ids")) in.add_error("model_ids", "is required", "required");
                 if (body.contains("documents")) {
                   const auto& docs = body["documents"];
                   if (!docs.is_array()) {
                     in.add_error("documents", "must be a list", "wrong_type");
                   } else {
                     for (size_t i = 0; i < docs.size(); ++i) {
                       const auto& d = docs[i];
                       std::string field = "documents[" + std::to_string(i) + "]";
                       if (!d.is_object() || !d.contains("name") || !d["name"].is_string() ||
                           d["name"].get<std::string>().empty() || d["name"].get<std::string>().size() > 300 ||
                           !d.contains("provider") || !d["provider"].is_string() ||
                           std::find(providers().begin(), providers().end(), d["provider"].get<std::string>()) ==
                               providers().end() ||
                           (d.contains("ready") && !d["ready"].is_boolean())) {
                         in.add_error(field,
                                      "needs a name (1 to 100 characters), a provider (hq, upfitter, dealer) "
                                      "and ready as true or false");
                         continue;
                       }
                       a.documents.push_back({d["name"].get<std::string>(), d["provider"].get<std::string>(),
                                              d.contains("ready") && d["ready"].get<bool>()});
                     }
                   }
                 }
                 a.model_ids = id_list(in, body, "model_ids", 50);
                 in.finish();
                 request.json(
                     200, agreement_json(service.save_application(request.principal(), request.path_id(), version, a),
                                         request.principal(), today(), true));
               });

  server.route(
      Method::post, "/api/v1/agreements/{id}/application/submit", Access::signed_in,
      {"Submit the application (needs a model and every document ready)", tag, {}, "AgreementVersion", "Agreement"},
      [&service](http::Request& request) {
        http::JsonInput in(request.body(), {"version"});
        auto version = in.required_integer("version");
        in.finish();
        request.json(200, agreement_json(service.submit(request.principal(), request.path_id(), version),
                                         request.principal(), today(), true));
      });

  server.route(Method::post, "/api/v1/agreements/{id}/application/outcome", Access::signed_in,
               {"The outcome of a submitted application: listed (with the models and their agreement price) or not "
                "listed; final",
                tag,
                {},
                "AgreementOutcome",
                "Agreement"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "outcome", "listings", "note"});
                 auto version = in.required_integer("version");
                 auto outcome = in.required_enum("outcome", {"listed", "not_listed"});
                 auto note = in.optional_string("note", 1000, 1);
                 auto listings = read_listings(in, http::parse_json_object(request.body()));
                 in.finish();
                 request.json(200, agreement_json(service.decide(request.principal(), request.path_id(), version,
                                                                 outcome, listings, note),
                                                  request.principal(), today(), true));
               });

  server.route(Method::put, "/api/v1/agreements/{id}/listings", Access::signed_in,
               {"Replace the listed models and their agreement prices (a listed agreement only)",
                tag,
                {},
                "AgreementListings",
                "Agreement"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "listings"});
                 auto version = in.required_integer("version");
                 if (!in.has("listings")) in.add_error("listings", "is required", "required");
                 auto listings = read_listings(in, http::parse_json_object(request.body()));
                 in.finish();
                 request.json(200, agreement_json(
                                       service.set_listings(request.principal(), request.path_id(), version, listings),
                                       request.principal(), today(), true));
               });

  server.route(Method::put, "/api/v1/agreements/{id}/dealers", Access::signed_in,
               {"The dealers authorised to supply under the agreement (those of the caller's scope are replaced)",
                tag,
                {},
                "AgreementDealers",
                "Agreement"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "dealer_ids"});
                 auto version = in.required_integer("version");
                 if (!in.has("dealer_ids")) in.add_error("dealer_ids", "is required", "required");
                 auto ids = id_list(in, http::parse_json_object(request.body()), "dealer_ids", 2000);
                 in.finish();
                 request.json(200,
                              agreement_json(service.set_dealers(request.principal(), request.path_id(), version, ids),
                                             request.principal(), today(), true));
               });

  http::RouteDoc competitor_doc{"A competitor listed on the agreement (brand, model, agreement price)",
                                tag,
                                {},
                                "AgreementCompetitorCreate",
                                "AgreementCompetitor"};
  competitor_doc.success_status = 201;
  server.route(Method::post, "/api/v1/agreements/{id}/competitors", Access::signed_in, competitor_doc,
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"brand", "model", "price_fen", "note"});
                 CompetitorInput k;
                 k.brand = in.required_string("brand", 60);
                 k.model = in.required_string("model", 100);
                 k.price_fen = in.required_integer("price_fen", 1, int64_t{1} << 40);
                 k.note = in.optional_string("note", 500, 1);
                 in.finish();
                 request.json(201, competitor_json(service.add_competitor(request.principal(), request.path_id(), k)));
               });

  server.route(Method::del, "/api/v1/agreements/{id}/competitors/{competitor_id}", Access::signed_in,
               {"Remove a competitor from the agreement", tag, {}, "", ""}, [&service](http::Request& request) {
                 service.delete_competitor(request.principal(), request.path_id(), request.path_id(2));
                 request.no_content();
               });

  server.route(Method::get, "/api/v1/agreements/{id}/sales", Access::signed_in,
               {"Units and amount delivered under the agreement, by province and dealer (the caller's scope)",
                tag,
                {},
                "",
                "AgreementSales"},
               [&service](http::Request& request) {
                 auto s = service.sales(request.principal(), request.path_id());
                 auto lines = [](const std::vector<SalesLine>& v) {
                   json out = json::array();
                   for (const auto& l : v)
                     out.push_back({{"unit_id", l.unit_id},
                                    {"name", l.name},
                                    {"province", l.province.empty() ? l.name : l.province},
                                    {"units", l.units},
                                    {"amount_fen", l.amount_fen}});
                   return out;
                 };
                 request.json(200, {{"units", s.units},
                                    {"amount_fen", s.amount_fen},
                                    {"by_province", lines(s.by_province)},
                                    {"by_dealer", lines(s.by_dealer)}});
               });
}

}  // namespace fleetkam::agreements
