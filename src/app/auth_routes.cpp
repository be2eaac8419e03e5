// Sign-in, sign-out and "who am I".
#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "modules/org/routes.h"
#include "platform/auth/auth_service.h"
#include "platform/clock.h"
#include "platform/http/json_input.h"
#include "platform/text/strings.h"

namespace fleetkam::app {

using http::Access;
using http::Method;
using nlohmann::json;

namespace {

// The client's address, which the sign-in throttle counts. Behind a reverse proxy every peer is
// the proxy, so the proxy's own addresses may be listed in FLEETKAM_TRUSTED_PROXIES
// (comma-separated); from those, and only those, the last X-Forwarded-For entry — the one the
// proxy appended — is the client. A client's own X-Forwarded-For is never believed.
class ClientAddress {
 public:
  ClientAddress() {
    const char* list = std::getenv("FLEETKAM_TRUSTED_PROXIES");
    std::string rest = list ? list : "";
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto item = text::trim(rest.substr(0, comma));
      if (!item.empty()) trusted_.push_back(item);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    }
  }

  std::string of(const http::Request& request) const {
    const std::string& peer = request.peer_address();
    if (std::find(trusted_.begin(), trusted_.end(), peer) == trusted_.end()) return peer;
    std::string forwarded = request.header("X-Forwarded-For");
    auto comma = forwarded.rfind(',');
    auto last = text::trim(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
    return last.empty() || last.size() > 64 ? peer : last;
  }

 private:
  std::vector<std::string> trusted_;
};

}  // namespace

//   POST /api/v1/auth/login    {username, password} → token, csrf_token, user + session cookie
//   POST /api/v1/auth/logout   ends the session
//   GET  /api/v1/me            the caller, their unit and permissions
//   POST /api/v1/me/password   {current_password, password}: change one's own password
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
  server.add_schema("PasswordChange", {{"type", "object"},
                                       {"additionalProperties", false},
                                       {"required", {"current_password", "password"}},
                                       {"properties",
                                        {{"current_password", {{"type", "string"}, {"maxLength", 128}}},
                                         {"password", {{"type", "string"}, {"maxLength", 128}}}}}});
  static const ClientAddress client_address;

  server.route(Method::post, "/api/v1/auth/login", Access::open,
               {"Sign in", "auth", {}, "LoginRequest", "LoginResponse"}, [&auth, &org](http::Request& request) {
                 http::JsonInput in(request.body(), {"username", "password"});
                 auto username = in.required_string("username", 64);
                 auto password = in.required_string("password", 128);
                 in.finish();
                 auto result = auth.login(username, password, request.header("User-Agent"), client_address.of(request));
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

  server.route(Method::post, "/api/v1/me/password", Access::signed_in,
               {"Change one's own password", "auth", {}, "PasswordChange", "", 204}, [&auth](http::Request& request) {
                 http::JsonInput in(request.body(), {"current_password", "password"});
                 auto current = in.required_string("current_password", 128);
                 auto password = in.required_string("password", 128);
                 in.finish();
                 auth.change_password(request.principal(), current, password, client_address.of(request));
                 request.no_content();
               });
}

}  // namespace fleetkam::app
