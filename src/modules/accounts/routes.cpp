#include "modules/accounts/routes.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "modules/accounts/transfer.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::accounts {

using http::Access;
using http::Method;
using nlohmann::json;

// ---- route table ------------------------------------------------------------------------
//   GET   /api/v1/accounts                                list: q, grade, industry, division_code, owner
//   POST  /api/v1/accounts                                create (409 with candidates when it exists)
//   GET   /api/v1/accounts/status-counts                  per status (active, inactive), the list's count
//   GET   /api/v1/accounts/duplicates                     candidates for a name / credit code / division
//   GET   /api/v1/accounts/export?format=xlsx&<filters>   the filtered list as .xlsx, Chinese headers
//   POST  /api/v1/accounts/import?dry_run=true|false      .xlsx or .csv body: preview, or write valid rows
//   GET   /api/v1/accounts/{id}                           one account
//   PATCH /api/v1/accounts/{id}                           edit, regrade, reassign, deactivate
//   GET   /api/v1/accounts/{id}/contacts                  the buying centre
//   POST  /api/v1/accounts/{id}/contacts                  add a contact
//   PATCH /api/v1/accounts/{id}/contacts/{contact_id}     edit a contact
//   GET   /api/v1/accounts/{id}/analysis                  the analysis sheet and its history
//   POST  /api/v1/accounts/{id}/analysis                  save a new version of the sheet

namespace {

json account_json(const Account& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"credit_code", http::or_null(a.credit_code)},
          {"industry", a.industry},
          {"admin_level", a.admin_level},
          {"division_code", a.division_code},
          {"province_code", a.province_code},
          {"address", http::or_null(a.address)},
          {"grade", a.grade},
          {"business_class", a.business_class},
          {"procurement_method", a.procurement_method},
          {"source_channel", a.source_channel},
          {"owner_unit_id", a.owner_unit_id},
          {"owner_user_id", http::or_null(a.owner_user_id)},
          {"active", a.active},
          {"version", a.version},
          {"created_at", clock::format_rfc3339(a.created_at)},
          {"updated_at", clock::format_rfc3339(a.updated_at)}};
}

json contact_json(const Contact& x) {
  return {{"id", x.id},
          {"account_id", x.account_id},
          {"name", x.name},
          {"title", http::or_null(x.title)},
          {"department", http::or_null(x.department)},
          {"buying_role", x.buying_role},
          {"level", http::or_null(x.level)},
          {"function", http::or_null(x.function)},
          {"reports_to_id", http::or_null(x.reports_to_id)},
          {"phone", http::or_null(x.phone)},
          {"active", x.active},
          {"version", x.version},
          {"created_at", clock::format_rfc3339(x.created_at)},
          {"updated_at", clock::format_rfc3339(x.updated_at)}};
}

json analysis_json(const Analysis& a) {
  return {{"id", a.id},
          {"sheet", json::parse(a.sheet_json)},
          {"created_by", http::or_null(a.created_by)},
          {"created_at", clock::format_rfc3339(a.created_at)}};
}

const std::set<std::string> kAccountFields = {"name",           "credit_code",   "industry",       "admin_level",
                                              "division_code",  "grade",         "business_class", "procurement_method",
                                              "source_channel", "owner_unit_id", "owner_user_id",  "address"};

AccountInput read_account(http::JsonInput& in, bool patch) {
  AccountInput a;
  a.name = in.optional_string("name", 100, 1);
  a.credit_code = in.optional_string("credit_code", 30, 1);
  a.industry = in.optional_string("industry", 40, 1);
  a.admin_level = in.optional_enum("admin_level", admin_levels());
  a.division_code = in.optional_string("division_code", 6, 6);
  a.grade = in.optional_enum("grade", grades());
  a.business_class = in.optional_enum("business_class", business_classes());
  a.procurement_method = in.optional_enum("procurement_method", procurement_methods());
  a.source_channel = in.optional_string("source_channel", 40, 1);
  a.owner_unit_id = in.optional_integer("owner_unit_id");
  a.owner_user_id = in.optional_integer("owner_user_id");
  a.address = in.optional_string("address", 200);
  if (patch) {
    a.version = in.required_integer("version");
    a.active = in.optional_bool("active");
  }
  return a;
}

ContactInput read_contact(http::JsonInput& in, bool patch) {
  ContactInput x;
  x.name = in.optional_string("name", 50, 1);
  x.title = in.optional_string("title", 50);
  x.department = in.optional_string("department", 50);
  x.buying_role = in.optional_enum("buying_role", buying_roles());
  x.level = in.optional_string("level", 30);
  x.function = in.optional_string("function", 50);
  x.reports_to_id = in.optional_integer("reports_to_id");
  x.phone = in.optional_string("phone", 30);
  if (patch) {
    x.version = in.required_integer("version");
    x.active = in.optional_bool("active");
  }
  return x;
}

// A PATCH may set a nullable field to null, which JsonInput reads as "absent".
bool explicit_null(const std::string& body, const char* field) {
  auto parsed = json::parse(body, nullptr, false);
  return parsed.is_object() && parsed.contains(field) && parsed[field].is_null();
}

void add_schemas(http::Server& server) {
  using namespace http::schema;  // text, id, time, nullable, choice …
  using http::schema::text;      // not namespace fleetkam::text, which a unity build may also hold
  json account_properties = {{"name", text},
                             {"credit_code", nullable(text)},
                             {"industry", text},
                             {"admin_level", choice(admin_levels())},
                             {"division_code", text},
                             {"address", nullable(text)},
                             {"grade", choice(grades())},
                             {"business_class", choice(business_classes())},
                             {"procurement_method", choice(procurement_methods())},
                             {"source_channel", text},
                             {"owner_unit_id", id},
                             {"owner_user_id", nullable(id)}};
  json full = account_properties;
  full["id"] = id;
  full["province_code"] = text;
  full["active"] = flag;
  full["version"] = id;
  full["created_at"] = time;
  full["updated_at"] = time;
  server.add_schema("Account", object(full));
  server.add_schema("AccountList", page_of("Account"));
  server.add_schema("AccountCreate",
                    input(account_properties, {"name", "industry", "admin_level", "division_code", "grade",
                                               "business_class", "procurement_method", "source_channel"}));
  json patch = account_properties;
  patch["version"] = id;
  patch["active"] = flag;
  server.add_schema("AccountPatch", input(patch, {"version"}));
  server.add_schema("DuplicateCandidate", {{"type", "object"},
                                           {"required", {"kind", "score", "reason"}},
                                           {"properties",
                                            {{"id", id},
                                             {"name", text},
                                             {"kind", choice({"duplicate", "related"})},
                                             {"score", number},
                                             {"reason", text}}}});
  server.add_schema("DuplicateList", object({{"candidates", array(ref("DuplicateCandidate"))}}));
  json contact_properties = {{"name", text},
                             {"title", nullable(text)},
                             {"department", nullable(text)},
                             {"buying_role", choice(buying_roles())},
                             {"level", nullable(text)},
                             {"function", nullable(text)},
                             {"reports_to_id", nullable(id)},
                             {"phone", nullable(text)}};
  json contact_full = contact_properties;
  contact_full["id"] = id;
  contact_full["account_id"] = id;
  contact_full["active"] = flag;
  contact_full["version"] = id;
  contact_full["created_at"] = time;
  contact_full["updated_at"] = time;
  server.add_schema("Contact", object(contact_full));
  server.add_schema("ContactList", list_of("Contact"));
  server.add_schema("ContactCreate", input(contact_properties, {"name", "buying_role"}));
  json contact_patch = contact_properties;
  contact_patch["version"] = id;
  contact_patch["active"] = flag;
  server.add_schema("ContactPatch", input(contact_patch, {"version"}));
  json layer = {
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"factors", {{"type", "object"}, {"additionalProperties", nullable(text)}}},
        {"barrier", choice({"low", "medium", "high"})},
        {"barrier_note", nullable(text)},
        {"strategy",
         {{"type", "object"},
          {"additionalProperties", false},
          {"properties",
           {{"institutional", nullable(text)}, {"personal", nullable(text)}, {"implicit", nullable(text)}}}}}}}};
  json layers = json::object();
  for (const auto& l : analysis_layers()) layers[std::string(l.name)] = layer;
  server.add_schema(
      "AnalysisSheet",
      input({{"layers", {{"type", "object"}, {"additionalProperties", false}, {"properties", layers}}}}, {"layers"}));
  server.add_schema(
      "AnalysisVersion",
      {{"type", "object"},
       {"required", {"id", "sheet", "created_by", "created_at"}},
       {"properties",
        {{"id", id}, {"sheet", ref("AnalysisSheet")}, {"created_by", nullable(id)}, {"created_at", time}}}});
  server.add_schema("AnalysisHistory", object({{"current", nullable(ref("AnalysisVersion"))},
                                               {"history", array(ref("AnalysisVersion"))}}));
}

AccountFilter read_filter(http::Request& request) {
  AccountFilter f;
  auto text_filter = [&](const char* name) {
    auto v = request.query(name);
    return v && !v->empty() ? v : std::nullopt;
  };
  f.q = text_filter("q");
  f.grade = text_filter("grade");
  if (f.grade && std::find(grades().begin(), grades().end(), *f.grade) == grades().end()) {
    throw Invalid("grade", "must be one of: key, secondary, potential");
  }
  f.industry = text_filter("industry");
  f.division_code = text_filter("division_code");
  f.owner_unit_id = request.query_integer("owner_unit_id", 1, INT64_MAX);
  f.owner_user_id = request.query_integer("owner_user_id", 1, INT64_MAX);
  f.active = request.query_bool("active");
  return f;
}

json import_json(const ImportResult& r) {
  json rows = json::array();
  for (const auto& row : r.rows) {
    json errors = json::array();
    for (const auto& e : row.errors) errors.push_back({{"field", e.field}, {"message", e.message}, {"code", e.code}});
    json duplicates = json::array();
    for (const auto& d : row.duplicates) {
      json item = {{"kind", d.kind}, {"score", d.score}, {"reason", d.reason}};
      if (d.id) item["id"] = *d.id;
      if (d.name) item["name"] = *d.name;
      duplicates.push_back(item);
    }
    rows.push_back(
        {{"row", row.row}, {"name", row.name}, {"status", row.status}, {"errors", errors}, {"duplicates", duplicates}});
  }
  return {{"dry_run", r.dry_run},
          {"summary",
           {{"total", r.total},
            {"valid", r.valid},
            {"invalid", r.invalid},
            {"duplicate", r.duplicate},
            {"written", r.written},
            {"contacts", r.contacts}}},
          {"rows", rows}};
}

}  // namespace

const std::set<std::string>& account_fields() { return kAccountFields; }
AccountInput read_account_input(http::JsonInput& in) { return read_account(in, false); }

void register_routes(http::Server& server, AccountService& service, AccountTransfer& transfer) {
  add_schemas(server);
  {
    const json integer = {{"type", "integer"}};
    server.add_schema(
        "ImportResult",
        {{"type", "object"},
         {"required", {"dry_run", "summary", "rows"}},
         {"properties",
          {{"dry_run", http::schema::flag},
           {"summary",
            {{"type", "object"},
             {"required", {"total", "valid", "invalid", "duplicate", "written", "contacts"}},
             {"properties",
              {{"total", integer},
               {"valid", integer},
               {"invalid", integer},
               {"duplicate", integer},
               {"written", integer},
               {"contacts", integer}}}}},
           {"rows", http::schema::array(
                        {{"type", "object"},
                         {"required", {"row", "name", "status", "errors", "duplicates"}},
                         {"properties",
                          {{"row", integer},
                           {"name", http::schema::text},
                           {"status", http::schema::choice({"invalid", "duplicate"})},
                           {"errors", http::schema::array(http::schema::ref("FieldError"))},
                           {"duplicates", http::schema::array(http::schema::ref("DuplicateCandidate"))}}}})}}}});
    server.add_schema(
        "FieldError",
        {{"type", "object"},
         {"required", {"field", "message", "code"}},
         {"properties",
          {{"field", http::schema::text}, {"message", http::schema::text}, {"code", http::schema::text}}}});
    server.add_schema("Binary", {{"type", "string"}, {"format", "binary"}});
  }
  const std::vector<http::QueryDoc> list_query = {
      {"q", "string", "name (simplified or traditional), full pinyin or initials, or credit code"},
      {"grade", "string", "key, secondary or potential"},
      {"industry", "string", "industry code"},
      {"division_code", "string", "GB/T 2260; a province includes its cities and counties"},
      {"owner_unit_id", "integer", "owned by this unit or a unit under it"},
      {"owner_user_id", "integer", ""},
      {"active", "boolean", ""},
      {"limit", "integer", "1..500, default 50"},
      {"cursor", "string", "next_cursor of the previous page"}};
  server.route(Method::get, "/api/v1/accounts", Access::signed_in,
               {"Accounts in the caller's scope, in pinyin order", "accounts", list_query, "", "AccountList"},
               [&service](http::Request& request) {
                 AccountFilter f = read_filter(request);
                 f.after = request.cursor_sorted();
                 const int limit = request.limit();
                 f.limit = limit + 1;  // one more: a next page exists only when it does
                 auto items = service.list(request.principal(), f);
                 const bool more = items.size() > static_cast<size_t>(limit);
                 if (more) items.resize(static_cast<size_t>(limit));
                 json out = json::array();
                 for (const auto& a : items) out.push_back(account_json(a));
                 json next = more && !items.empty() ? json(http::encode_cursor(items.back().sort_key, items.back().id))
                                                    : json();
                 request.json(200, {{"items", out}, {"next_cursor", next}});
               });

  server.route(Method::post, "/api/v1/accounts", Access::signed_in,
               {"Create an account", "accounts", {}, "AccountCreate", "Account", 201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), kAccountFields);
                 auto input = read_account(in, false);
                 in.finish();
                 request.json(201, account_json(service.create(request.principal(), input)));
               });

  {
    using namespace http::schema;
    using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
    const json count = integer(0, INT64_MAX);
    server.add_schema("AccountStatusCounts",
                      object({{"counts", object({{"active", count}, {"inactive", count}})}, {"total", count}}));
  }
  // the list's filters but its status (active) and paging
  std::vector<http::QueryDoc> counts_query(list_query.begin(), list_query.end() - 3);
  server.route(Method::get, "/api/v1/accounts/status-counts", Access::signed_in,
               {"How many accounts the list holds per status (active: 启用, inactive: 已停用), with the list's other "
                "filters (its `active` filter is not applied): the list with ?active=true shows counts.active rows",
                "accounts", counts_query, "", "AccountStatusCounts"},
               [&service](http::Request& request) {
                 auto counts = service.status_counts(request.principal(), read_filter(request));
                 json out = json::object();
                 int64_t total = 0;
                 for (const auto& [status, n] : counts) {
                   out[status] = n;
                   total += n;
                 }
                 request.json(200, {{"counts", out}, {"total", total}});
               });

  server.route(Method::get, "/api/v1/accounts/duplicates", Access::signed_in,
               {"Accounts that are the same organisation",
                "accounts",
                {{"name", "string", ""}, {"credit_code", "string", ""}, {"division_code", "string", ""}},
                "",
                "DuplicateList"},
               [&service](http::Request& request) {
                 auto name = request.query("name").value_or("");
                 auto code = request.query_filter("credit_code");
                 auto division = request.query_filter("division_code");
                 if (name.empty() && !code) throw Invalid("name", "give a name or a credit code", "required");
                 json out = json::array();
                 for (const auto& d : service.duplicates(request.principal(), name, code, division)) {
                   json item = {{"kind", d.kind}, {"score", d.score}, {"reason", d.reason}};
                   if (d.id) item["id"] = *d.id;
                   if (d.name) item["name"] = *d.name;
                   out.push_back(item);
                 }
                 request.json(200, {{"candidates", out}});
               });

  http::RouteDoc export_doc{"The filtered list as an .xlsx workbook (Chinese headers)", "accounts", list_query, "",
                            "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(
      Method::get, "/api/v1/accounts/export", Access::signed_in, export_doc, [&transfer](http::Request& request) {
        auto format = request.query("format").value_or("xlsx");
        if (format != "xlsx") throw Invalid("format", "only xlsx is offered");
        auto rows = transfer.export_rows(request.principal(), read_filter(request));
        // 客户列表-YYYYMMDD.xlsx (China time), with an ASCII name for old clients
        std::string day = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
        day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
        request.set_header("Content-Disposition",
                           "attachment; filename=\"accounts-" + day +
                               ".xlsx\"; filename*=UTF-8''%E5%AE%A2%E6%88%B7%E5%88%97%E8%A1%A8-" + day + ".xlsx");
        request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      sheets::write_xlsx("客户", rows));
      });

  http::RouteDoc import_doc{
      "Import accounts from an .xlsx or .csv body: dry_run=true previews every row's "
      "problems and duplicates; dry_run=false writes the valid rows in one transaction",
      "accounts",
      {{"dry_run", "boolean", "default true"}},
      "",
      "ImportResult"};
  import_doc.large_body = true;
  server.route(Method::post, "/api/v1/accounts/import", Access::signed_in, import_doc,
               [&transfer](http::Request& request) {
                 // The permission first: a caller who may not import costs no parsing.
                 AccountTransfer::require_import(request.principal());
                 bool dry_run = request.query_bool("dry_run").value_or(true);
                 sheets::Table table;
                 try {
                   table = sheets::read_table(request.body(), AccountTransfer::import_limits());
                 } catch (const sheets::LimitExceeded& e) {
                   throw Invalid("file", e.what(), "too_long");
                 } catch (const std::invalid_argument& e) {
                   throw Invalid("file", e.what());
                 }
                 request.json(200, import_json(transfer.import_table(request.principal(), table, dry_run)));
               });

  server.route(Method::get, "/api/v1/accounts/{id}", Access::signed_in, {"One account", "accounts", {}, "", "Account"},
               [&service](http::Request& request) {
                 request.json(200, account_json(service.get(request.principal(), request.path_id())));
               });

  server.route(Method::patch, "/api/v1/accounts/{id}", Access::signed_in,
               {"Edit, regrade, reassign or deactivate an account", "accounts", {}, "AccountPatch", "Account"},
               [&service](http::Request& request) {
                 int64_t id = request.path_id();
                 auto fields = kAccountFields;
                 fields.insert({"version", "active"});
                 http::JsonInput in(request.body(), fields);
                 auto input = read_account(in, true);
                 in.finish();
                 input.clear_credit_code = explicit_null(request.body(), "credit_code");
                 if (explicit_null(request.body(), "address")) input.address = "";  // "" clears it
                 input.clear_owner_user = explicit_null(request.body(), "owner_user_id");
                 request.json(200, account_json(service.update(request.principal(), id, input)));
               });

  server.route(Method::get, "/api/v1/accounts/{id}/contacts", Access::signed_in,
               {"The buying centre: contacts of an account", "accounts", {}, "", "ContactList"},
               [&service](http::Request& request) {
                 json out = json::array();
                 for (const auto& x : service.contacts(request.principal(), request.path_id()))
                   out.push_back(contact_json(x));
                 request.json(200, {{"items", out}});
               });

  server.route(Method::post, "/api/v1/accounts/{id}/contacts", Access::signed_in,
               {"Add a contact", "accounts", {}, "ContactCreate", "Contact", 201}, [&service](http::Request& request) {
                 int64_t id = request.path_id();
                 http::JsonInput in(request.body(), {"name", "title", "department", "buying_role", "level", "function",
                                                     "reports_to_id", "phone"});
                 auto input = read_contact(in, false);
                 in.finish();
                 request.json(201, contact_json(service.add_contact(request.principal(), id, input)));
               });

  server.route(
      Method::patch, "/api/v1/accounts/{id}/contacts/{contact_id}", Access::signed_in,
      {"Edit a contact", "accounts", {}, "ContactPatch", "Contact"}, [&service](http::Request& request) {
        int64_t id = request.path_id(1);
        int64_t contact_id = request.path_id(2);
        http::JsonInput in(request.body(), {"name", "title", "department", "buying_role", "level", "function",
                                            "reports_to_id", "phone", "version", "active"});
        auto input = read_contact(in, true);
        in.finish();
        input.clear_reports_to = explicit_null(request.body(), "reports_to_id");
        // null clears a nullable text field, as "" does
        for (auto [field, target] : {std::pair{"title", &input.title}, std::pair{"department", &input.department},
                                     std::pair{"level", &input.level}, std::pair{"function", &input.function},
                                     std::pair{"phone", &input.phone}}) {
          if (explicit_null(request.body(), field)) *target = "";
        }
        request.json(200, contact_json(service.update_contact(request.principal(), id, contact_id, input)));
      });

  server.route(Method::get, "/api/v1/accounts/{id}/analysis", Access::signed_in,
               {"The account analysis sheet and its history (newest first)",
                "accounts",
                {{"limit", "integer", "versions of history, 1..500"}},
                "",
                "AnalysisHistory"},
               [&service](http::Request& request) {
                 auto versions = service.analyses(request.principal(), request.path_id(), request.limit());
                 json history = json::array();
                 for (const auto& v : versions) history.push_back(analysis_json(v));
                 request.json(200, {{"current", versions.empty() ? json() : history[0]}, {"history", history}});
               });

  server.route(Method::post, "/api/v1/accounts/{id}/analysis", Access::signed_in,
               {"Save a new version of the analysis sheet", "accounts", {}, "AnalysisSheet", "AnalysisVersion", 201},
               [&service](http::Request& request) {
                 int64_t id = request.path_id();
                 auto sheet = validate_analysis(request.body());
                 request.json(201, analysis_json(service.save_analysis(request.principal(), id, sheet)));
               });
}

}  // namespace fleetkam::accounts
