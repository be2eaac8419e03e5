// The HTTP server: cpp-httplib configured for real use (Nagle off, a sized pool, keep-alive
// limits, no Brotli-11 on every response), a route table that also produces the OpenAPI
// document, the auth middleware (session cookie + CSRF, or Bearer), problem+json errors,
// security headers, one log line per request, and the built web app with SPA fallback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/auth/auth_service.h"

namespace httplib {
struct Request;
struct Response;
class Server;
}  // namespace httplib

namespace fleetkam::http {

enum class Method { get, post, patch, put, del };
enum class Access { open, signed_in };

struct QueryDoc {
  std::string name;
  std::string type = "string";  // string, integer, boolean
  std::string description;
};

struct RouteDoc {
  std::string summary;
  std::string tag;
  std::vector<QueryDoc> query;
  std::string request_schema;   // name in components.schemas, or "" for no body
  std::string response_schema;  // name in components.schemas, or "" for no content
  int success_status = 200;
  std::string response_content_type = "application/json";
  // A file upload of up to 64 MiB rather than JSON of up to 1 MiB. Either limit is checked
  // against Content-Length before the body is read, and only once the caller is known.
  bool large_body = false;
  std::string request_content_type = "application/json";
};

// What a handler sees of its request, and how it answers.
class Request {
 public:
  // `body`: as read within the route's limit (cpp-httplib's own request body stays empty).
  Request(const httplib::Request& request, httplib::Response& response, std::optional<auth::Principal> principal,
          std::string body);

  // The signed-in caller; throws Unauthenticated on open routes without one.
  const auth::Principal& principal() const;
  bool signed_in() const { return principal_.has_value(); }
  // The n-th `{param}` of the route pattern (1-based), as an id.
  int64_t path_id(size_t index = 1) const;
  std::string path_text(size_t index = 1) const;
  std::optional<std::string> query(const std::string& name) const;
  // A filter's value: nothing when the parameter is absent or empty (a cleared filter box).
  std::optional<std::string> query_filter(const std::string& name) const;
  // Integer query parameter within [min, max]; a bad value is a 422 naming it.
  std::optional<int64_t> query_integer(const std::string& name, int64_t min, int64_t max) const;
  std::optional<bool> query_bool(const std::string& name) const;
  // `limit` (1..500, default 50) and the decoded `cursor` (an id) of a list request.
  int limit() const;
  std::optional<int64_t> cursor_id() const;
  std::optional<std::pair<std::string, int64_t>> cursor_sorted() const;
  const std::string& body() const;
  std::string header(const std::string& name) const;
  // The address of the peer that sent the request (a reverse proxy's, when behind one).
  const std::string& peer_address() const;

  void json(int status, const nlohmann::json& value);
  // A JSON document already serialised (a large one written without building a json value).
  void json_text(int status, std::string body);
  void no_content();
  void bytes(int status, const std::string& content_type, const std::string& body);
  void set_header(const std::string& name, const std::string& value);
  // Content-Disposition for a download: `fallback` (ASCII) for old clients, `name` (UTF-8, percent-
  // encoded as RFC 6266 says) for the rest.
  void attachment(const std::string& fallback, const std::string& name);
  // The session cookie (an empty token clears it): HttpOnly, SameSite=Strict, and Secure when
  // the browser reached us over HTTPS (see forwarded_https) or ServerOptions::secure_cookies.
  void set_session_cookie(const std::string& token, int64_t max_age_seconds);

 private:
  const httplib::Request& request_;
  httplib::Response& response_;
  std::optional<auth::Principal> principal_;
  std::string body_;
};

using Handler = std::function<void(Request&)>;

// What a signed-in route asks of the caller's role: one of `actions` (auth::permission_table());
// none listed: any signed-in user. Declared for every route in one table (app/route_permissions),
// checked by the server before the body is read or the handler runs, and published in the OpenAPI
// document as x-permission. Handlers still check their finer rules (whose record, which state).
struct RoutePermission {
  Method method = Method::get;
  std::string pattern;
  std::vector<std::string> actions;
};

std::string encode_cursor(int64_t id);
// A cursor for lists in another order than by id: the sort value and the id of the last row.
std::string encode_cursor(const std::string& sort_value, int64_t id);

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 64;      // a kept-alive connection holds a thread: size for the expected connections
  std::string web_root;  // built web app (web/dist); empty: no UI
  std::string version = "dev";
  // Mark the session cookie Secure on every answer (TLS ends at a proxy that does not send
  // X-Forwarded-Proto or Forwarded). FLEETKAM_SECURE_COOKIES=1 for `serve`.
  bool secure_cookies = false;
};

// True when a proxy says the browser's connection was HTTPS: the first X-Forwarded-Proto
// value, or proto= in the first element of Forwarded (RFC 7239), is https. Trusted without
// configuration because it can only add Secure: a client faking it merely keeps its own
// browser from sending the cookie back over plain HTTP.
bool forwarded_https(const std::string& x_forwarded_proto, const std::string& forwarded);

class Server {
 public:
  Server(ServerOptions options, auth::AuthService& auth, std::function<bool()> health_check);
  ~Server();

  void route(Method method, const std::string& pattern, Access access, const RouteDoc& doc, Handler handler);
  void add_schema(const std::string& name, const nlohmann::json& schema);
  // Declares what every signed-in route needs (see RoutePermission). Throws std::logic_error for
  // an entry that names no route or an unknown action; finish_routes() throws for a signed-in route
  // left without one, so a new route cannot be served without its permission (nor escape the test
  // of the permission matrix, which reads them from the OpenAPI document).
  void permissions(const std::vector<RoutePermission>& table);
  nlohmann::json openapi() const;

  // Serves the web app for every GET not matched before; call after all routes.
  void finish_routes();
  // Binds (port 0: any free port) and returns the port; then run() blocks until stop().
  int bind();
  void run();
  void stop();
  bool running() const;

 private:
  struct Route;
  void install_handlers();
  ServerOptions options_;
  auth::AuthService& auth_;
  std::function<bool()> health_check_;
  std::unique_ptr<httplib::Server> server_;
  std::vector<Route> routes_;
  std::unique_ptr<nlohmann::json> schemas_;
  struct StaticFiles;
  std::unique_ptr<StaticFiles> static_files_;
};

// Renders an error as problem+json onto a response (used by handlers' last resort too).
void render_problem(httplib::Response& response, int status, const std::string& code, const std::string& detail,
                    const nlohmann::json* errors = nullptr, const std::string& extra_json = "");

}  // namespace fleetkam::http
