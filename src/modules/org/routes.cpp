#include "modules/org/routes.h"

#include <nlohmann/json.hpp>

#include "platform/clock.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::org {

using http::Access;
using http::Method;
using nlohmann::json;

namespace {

// ---- route table ------------------------------------------------------------------------
//   GET   /api/v1/org/units                 list the caller's subtree
//   POST  /api/v1/org/units                 create a region, province or dealer
//   GET   /api/v1/org/units/{id}            one unit
//   PATCH /api/v1/org/units/{id}            rename, move, deactivate
//   GET   /api/v1/users                     users in the caller's subtree
//   POST  /api/v1/users                     create a user
//   GET   /api/v1/users/{id}                one user
//   PATCH /api/v1/users/{id}                edit role, unit, name; disable
//   POST  /api/v1/users/{id}/password       admin reset of a password
//   GET   /api/v1/overview                  counts within the caller's scope

const std::vector<std::string> kKinds = {"region", "province", "dealer"};

json unit_to_json(const OrgUnit& u) {
  return {{"id", u.id},
          {"kind", u.kind},
          {"name", u.name},
          {"parent_id", u.parent_id ? json(*u.parent_id) : json()},
          {"division_code", u.division_code ? json(*u.division_code) : json()},
          {"active", u.active},
          {"version", u.version},
          {"created_at", clock::format_rfc3339(u.created_at)},
          {"updated_at", clock::format_rfc3339(u.updated_at)}};
}

json user_to_json(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"org_unit_id", u.org_unit_id},
          {"active", u.active},
          {"version", u.version},
          {"created_at", clock::format_rfc3339(u.created_at)},
          {"updated_at", clock::format_rfc3339(u.updated_at)}};
}

template <typename T, typename F>
json page(std::vector<T> items, int limit, F&& to_json) {
  // the store was asked for limit + 1 rows: a next page exists only when the extra row does
  const bool more = items.size() > static_cast<size_t>(limit);
  if (more) items.resize(static_cast<size_t>(limit));
  json out = json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  json next = more && !items.empty() ? json(http::encode_cursor(items.back().id)) : json();
  return {{"items", out}, {"next_cursor", next}};
}

void add_schemas(http::Server& server) {
  using namespace http::schema;
  const json kind = choice({"hq", "region", "province", "dealer"});
  const json role = choice(auth::role_names());
  server.add_schema("OrgUnit", object({{"id", id},
                                       {"kind", kind},
                                       {"name", http::schema::text},
                                       {"parent_id", nullable(id)},
                                       {"division_code", nullable(http::schema::text)},
                                       {"active", flag},
                                       {"version", id},
                                       {"created_at", time},
                                       {"updated_at", time}}));
  server.add_schema("OrgUnitList", page_of("OrgUnit"));
  server.add_schema("OrgUnitCreate", input({{"kind", choice(kKinds)},
                                            {"name", text_up_to(100)},
                                            {"parent_id", id},
                                            {"division_code", nullable(text_up_to(6))}},
                                           {"kind", "name", "parent_id"}));
  server.add_schema("OrgUnitPatch", input({{"version", id},
                                           {"name", text_up_to(100)},
                                           {"parent_id", id},
                                           {"division_code", text_up_to(6)},
                                           {"active", flag}},
                                          {"version"}));
  server.add_schema("User", object({{"id", id},
                                    {"username", http::schema::text},
                                    {"display_name", http::schema::text},
                                    {"role", role},
                                    {"org_unit_id", id},
                                    {"active", flag},
                                    {"version", id},
                                    {"created_at", time},
                                    {"updated_at", time}}));
  server.add_schema("UserList", page_of("User"));
  server.add_schema("UserCreate", input({{"username", text_up_to(64)},
                                         {"password", text_up_to(128)},
                                         {"display_name", text_up_to(100)},
                                         {"role", role},
                                         {"org_unit_id", id}},
                                        {"username", "password", "display_name", "role", "org_unit_id"}));
  server.add_schema(
      "UserPatch",
      input({{"version", id}, {"display_name", text_up_to(100)}, {"role", role}, {"org_unit_id", id}, {"active", flag}},
            {"version"}));
  server.add_schema("PasswordReset", input({{"password", text_up_to(128)}}, {"password"}));
  server.add_schema("Overview",
                    object({{"counts", object({{"regions", id}, {"provinces", id}, {"dealers", id}, {"users", id}})}}));
}

}  // namespace

json org_unit_json(const OrgUnit& unit) { return unit_to_json(unit); }
json org_user_json(const User& user) { return user_to_json(user); }

void register_routes(http::Server& server, OrgService& service) {
  add_schemas(server);
  const std::vector<http::QueryDoc> page_query = {{"limit", "integer", "1..500, default 50"},
                                                  {"cursor", "string", "next_cursor of the previous page"}};

  auto unit_query = page_query;
  unit_query.insert(unit_query.end(), {{"kind", "string", "hq, region, province or dealer"},
                                       {"parent_id", "integer", "children of this unit"},
                                       {"active", "boolean", ""}});
  server.route(Method::get, "/api/v1/org/units", Access::signed_in,
               {"Organisation units in the caller's subtree", "org", unit_query, "", "OrgUnitList"},
               [&service](http::Request& request) {
                 UnitFilter filter;
                 filter.kind = request.query_filter("kind");
                 if (filter.kind && *filter.kind != "hq" && *filter.kind != "region" && *filter.kind != "province" &&
                     *filter.kind != "dealer") {
                   throw Invalid("kind", "must be one of: hq, region, province, dealer");
                 }
                 filter.parent_id = request.query_integer("parent_id", 1, INT64_MAX);
                 filter.active = request.query_bool("active");
                 filter.after_id = request.cursor_id();
                 filter.limit = request.limit() + 1;
                 request.json(200,
                              page(service.list_units(request.principal(), filter), filter.limit - 1, unit_to_json));
               });

  server.route(Method::post, "/api/v1/org/units", Access::signed_in,
               {"Create a region, province or dealer", "org", {}, "OrgUnitCreate", "OrgUnit", 201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"kind", "name", "parent_id", "division_code"});
                 NewUnit unit;
                 unit.kind = in.required_enum("kind", kKinds);
                 unit.name = in.required_string("name", 100);
                 unit.parent_id = in.required_integer("parent_id");
                 unit.division_code = in.optional_string("division_code", 6, 6);
                 in.finish();
                 request.json(201, unit_to_json(service.create_unit(request.principal(), unit)));
               });

  server.route(Method::get, "/api/v1/org/units/{id}", Access::signed_in,
               {"One organisation unit", "org", {}, "", "OrgUnit"}, [&service](http::Request& request) {
                 request.json(200, unit_to_json(service.get_unit(request.principal(), request.path_id())));
               });

  server.route(Method::patch, "/api/v1/org/units/{id}", Access::signed_in,
               {"Rename, move or (de)activate a unit", "org", {}, "OrgUnitPatch", "OrgUnit"},
               [&service](http::Request& request) {
                 int64_t id = request.path_id();
                 http::JsonInput in(request.body(), {"version", "name", "parent_id", "division_code", "active"});
                 UnitPatch patch;
                 patch.version = in.required_integer("version");
                 patch.name = in.optional_string("name", 100, 1);
                 patch.parent_id = in.optional_integer("parent_id");
                 patch.division_code = in.optional_string("division_code", 6, 6);
                 patch.active = in.optional_bool("active");
                 in.finish();
                 request.json(200, unit_to_json(service.update_unit(request.principal(), id, patch)));
               });

  auto user_query = page_query;
  user_query.insert(user_query.end(), {{"org_unit_id", "integer", "users of this unit"},
                                       {"role", "string", ""},
                                       {"active", "boolean", ""},
                                       {"q", "string", "part of the username or display name"}});
  server.route(
      Method::get, "/api/v1/users", Access::signed_in,
      {"Users in the caller's subtree", "org", user_query, "", "UserList"}, [&service](http::Request& request) {
        UserFilter filter;
        filter.org_unit_id = request.query_integer("org_unit_id", 1, INT64_MAX);
        filter.role = request.query_filter("role");
        if (filter.role && !auth::parse_role(*filter.role)) throw Invalid("role", "unknown role");
        filter.active = request.query_bool("active");
        filter.q = request.query("q");
        if (filter.q && filter.q->size() > 100) throw Invalid("q", "is too long", "too_long");
        filter.after_id = request.cursor_id();
        filter.limit = request.limit() + 1;
        request.json(200, page(service.list_users(request.principal(), filter), filter.limit - 1, user_to_json));
      });

  server.route(Method::post, "/api/v1/users", Access::signed_in,
               {"Create a user", "org", {}, "UserCreate", "User", 201}, [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"username", "password", "display_name", "role", "org_unit_id"});
                 NewUser user;
                 user.username = in.required_string("username", 64);
                 user.password = in.required_string("password", 128);
                 user.display_name = in.required_string("display_name", 100);
                 user.role = in.required_enum("role", auth::role_names());
                 user.org_unit_id = in.required_integer("org_unit_id");
                 in.finish();
                 request.json(201, user_to_json(service.create_user(request.principal(), user)));
               });

  server.route(Method::get, "/api/v1/users/{id}", Access::signed_in, {"One user", "org", {}, "", "User"},
               [&service](http::Request& request) {
                 request.json(200, user_to_json(service.get_user(request.principal(), request.path_id())));
               });

  server.route(Method::patch, "/api/v1/users/{id}", Access::signed_in,
               {"Edit a user's name, role or unit; disable or enable", "org", {}, "UserPatch", "User"},
               [&service](http::Request& request) {
                 int64_t id = request.path_id();
                 http::JsonInput in(request.body(), {"version", "display_name", "role", "org_unit_id", "active"});
                 UserPatch patch;
                 patch.version = in.required_integer("version");
                 patch.display_name = in.optional_string("display_name", 100, 1);
                 patch.role = in.optional_enum("role", auth::role_names());
                 patch.org_unit_id = in.optional_integer("org_unit_id");
                 patch.active = in.optional_bool("active");
                 in.finish();
                 request.json(200, user_to_json(service.update_user(request.principal(), id, patch)));
               });

  server.route(Method::post, "/api/v1/users/{id}/password", Access::signed_in,
               {"Set a new password for a user (ends their sessions)", "org", {}, "PasswordReset", "", 204},
               [&service](http::Request& request) {
                 int64_t id = request.path_id();
                 http::JsonInput in(request.body(), {"password"});
                 auto password = in.required_string("password", 128);
                 in.finish();
                 service.reset_password(request.principal(), id, password);
                 request.no_content();
               });

  server.route(
      Method::get, "/api/v1/overview", Access::signed_in,
      {"What the caller can see, counted", "org", {}, "", "Overview"}, [&service](http::Request& request) {
        auto o = service.overview(request.principal());
        request.json(
            200, {{"counts",
                   {{"regions", o.regions}, {"provinces", o.provinces}, {"dealers", o.dealers}, {"users", o.users}}}});
      });
}

}  // namespace fleetkam::org
