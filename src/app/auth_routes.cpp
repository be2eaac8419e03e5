// Sign-in, sign-out and "who am I".
#include <nlohmann/json.hpp>

#include "modules/org/routes.h"
#include "platform/auth/auth_service.h"
#include "platform/clock.h"
#include "platform/http/json_input.h"

namespace fleetkam::app {

using http::Access;
using http::Method;
using nlohmann::json;

//   POST /api/v1/auth/login    {username, password} → token, csrf_token, user + session cookie
//   POST /api/v1/auth/logout   ends the session
//   GET  /api/v1/me            the caller, their unit and permissions
void register_auth_routes(http::Server& server, auth::AuthService& auth, org::OrgService& org) {
  server.add_schema("LoginRequest", {{"type", "object"},
                                     {"additionalProperties", false},
                                     {"required", {"username", "password"}},
                                     {"properties",
                                      {{"username", {{"type", "string"}, {"maxLength", 64}}},
                                       {"password", {{"type", "string"}, {"maxLength", 128}}}}}});
  server.add_schema("LoginResponse", {{"type", "object"},
                                      {"required", {"token", "csrf_token", "expires_at", "user"}},
                                      {"properties",
                                       {{"token", {{"type", "string"}}},
                                        {"csrf_token", {{"type", "string"}}},
                                        {"expires_at", {{"type", "string"}, {"format", "date-time"}}},
                                        {"user", {{"$ref", "#/components/schemas/User"}}}}}});
  server.add_schema("Me", {{"type", "object"},
                           {"required", {"user", "org_unit", "permissions"}},
                           {"properties",
                            {{"user", {{"$ref", "#/components/schemas/User"}}},
                             {"org_unit", {{"$ref", "#/components/schemas/OrgUnit"}}},
                             {"permissions", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}});

  server.route(Method::post, "/api/v1/auth/login", Access::open,
               {"Sign in", "auth", {}, "LoginRequest", "LoginResponse"}, [&auth, &org](http::Request& request) {
                 http::JsonInput in(request.body(), {"username", "password"});
                 auto username = in.required_string("username", 64);
                 auto password = in.required_string("password", 128);
                 in.finish();
                 auto result = auth.login(username, password, request.header("User-Agent"));
                 auto system = org::OrgService::system_principal();
                 auto user = org.get_user(system, result.user_id);
                 int64_t max_age = (result.expires_at - clock::now_ms()) / 1000;
                 request.set_session_cookie(result.token, max_age);
                 request.json(200, {{"token", result.token},
                                    {"csrf_token", result.csrf_token},
                                    {"expires_at", clock::format_rfc3339(result.expires_at)},
                                    {"user", org::org_user_json(user)}});
               });

  server.route(Method::post, "/api/v1/auth/logout", Access::signed_in, {"Sign out", "auth", {}, "", "", 204},
               [&auth](http::Request& request) {
                 auth.logout(request.principal());
                 request.set_session_cookie("", 0);
                 request.no_content();
               });

  server.route(Method::get, "/api/v1/me", Access::signed_in, {"The signed-in user", "auth", {}, "", "Me"},
               [&org](http::Request& request) {
                 const auto& caller = request.principal();
                 auto [user, unit] = org.me(caller);
                 request.json(200, {{"user", org::org_user_json(user)},
                                    {"org_unit", org::org_unit_json(unit)},
                                    {"permissions", auth::permissions_of(caller.role)}});
               });
}

}  // namespace fleetkam::app
