#include "platform/http/server.h"

#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "platform/auth/roles.h"
#include "platform/db/database.h"
#include "platform/errors.h"
#include "platform/http/compress.h"
#include "platform/http/json_input.h"
#include "platform/http/server_internal.h"
#include "platform/http/static_files.h"
#include "platform/request_context.h"

namespace fleetkam::http {

namespace {

const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

thread_local RequestState state;

// cpp-httplib's ThreadPool has a fixed number of threads, and a connection holds one from its first
// byte to its last: 64 clients trickling their headers a byte every few seconds (each read stays
// under the read timeout) would leave no thread for anyone else. This pool keeps `core` threads and,
// when every thread is busy, starts another for the next connection, up to `ceiling`; an extra
// thread ends after 30 s without work. Past the ceiling, connections wait in the queue as before.
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(size_t core, size_t ceiling) : ceiling_(std::max(core, ceiling)) {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < core; ++i) core_threads_.emplace_back([this] { work(true); });
    running_ = core;
  }
  ~ElasticPool() override { shutdown(); }
  ElasticPool(const ElasticPool&) = delete;
  ElasticPool& operator=(const ElasticPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && running_ < ceiling_) {
      ++running_;
      ++extra_;
      std::thread([this] { work(false); }).detach();
    }
    ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : core_threads_) t.join();
    std::unique_lock lock(mutex_);
    extra_done_.wait(lock, [&] { return extra_ == 0; });
  }

 private:
  void work(bool core) {
    std::unique_lock lock(mutex_);
    while (true) {
      ++idle_;
      bool woke = ready_.wait_for(lock, std::chrono::seconds(30), [&] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty() && (stopping_ || (!woke && !core))) break;  // stopping, or an extra thread idle 30 s
      if (jobs_.empty()) continue;
      auto fn = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      fn();
      lock.lock();
    }
    --running_;
    if (!core && --extra_ == 0) extra_done_.notify_all();
  }

  const size_t ceiling_;
  std::mutex mutex_;
  std::condition_variable ready_, extra_done_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> core_threads_;
  size_t idle_ = 0, running_ = 0, extra_ = 0;
  bool stopping_ = false;
};

std::string status_title(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    case 507:
      return "Insufficient Storage";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

std::string new_request_id() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

bool acceptable_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

const char* method_verb(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::patch:
      return "PATCH";
    case Method::put:
      return "PUT";
    case Method::del:
      return "DELETE";
  }
  return "GET";
}

std::string cookie_value(const std::string& header, const std::string& name) {
  size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
    size_t eq = header.find('=', at);
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    if (eq != std::string::npos && eq < end && header.compare(at, eq - at, name) == 0) {
      return header.substr(eq + 1, end - eq - 1);
    }
    at = end + 1;
  }
  return {};
}

// An upload (large_body route) may be this large; everything else is JSON of up to 1 MiB.
constexpr size_t kMaxUploadBody = size_t{64} << 20;

// How a request says its body is framed. cpp-httplib 0.11.4 reads a chunked body, or one
// without any length, to its end with no limit, and a body on a GET is left on the
// connection to be parsed as the next request: such framings are refused before routing.
struct DeclaredBody {
  bool present = false;
  bool chunked = false;
  uint64_t length = 0;
};
std::optional<DeclaredBody> declared_body(const httplib::Request& request) {
  DeclaredBody body;
  const bool has_length = request.has_header("Content-Length");
  if (request.has_header("Transfer-Encoding")) {
    // only plain chunked, and never together with a length (a classic request-smuggling pair)
    if (has_length || request.get_header_value_count("Transfer-Encoding") != 1 ||
        strcasecmp(request.get_header_value("Transfer-Encoding").c_str(), "chunked") != 0) {
      return std::nullopt;
    }
    body.present = body.chunked = true;
    return body;
  }
  if (!has_length) return body;  // no body (RFC 9112 section 6.3)
  const std::string text = request.get_header_value("Content-Length");
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), body.length);
  if (request.get_header_value_count("Content-Length") != 1 || text.empty() || error != std::errc() ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  body.present = body.length > 0;
  return body;
}

// cpp-httplib 0.11.4 keeps a connection open unless writing the answer fails. When a body was
// left unread, the answer is written by a content provider that then reports failure, so the
// connection is closed and the unread bytes are never parsed as a request.
void close_after_answer(httplib::Response& response) {
  if (response.body.empty()) return;
  auto body = std::make_shared<const std::string>(std::move(response.body));
  const std::string type = response.get_header_value("Content-Type");
  response.body.clear();
  response.headers.erase("Content-Type");
  response.set_header("Connection", "close");
  response.set_content_provider(body->size(), type, [body](size_t offset, size_t length, httplib::DataSink& sink) {
    sink.write(body->data() + offset, length);
    return false;
  });
}

// Refuses a body by what its headers say, before a byte of it is read.
void check_declared_body(const httplib::Request& request, const DeclaredBody& declared, size_t limit) {
  if (!declared.present) return;
  if (declared.length > limit) {
    throw AppError(413, "payload_too_large",
                   std::string("the request body is larger than ") + (limit == kMaxUploadBody ? "64 MiB" : "1 MiB"));
  }
  // cpp-httplib would hand a multipart body to a form parser we do not use
  if (request.is_multipart_form_data()) {
    throw AppError(415, "unsupported_media_type", "send the file itself as the request body, not as a form");
  }
}

// Reads at most `limit` bytes: a chunked body is cut off there.
std::string read_bounded_body(const httplib::ContentReader& reader, size_t limit) {
  std::string body;
  bool over_limit = false;
  const bool complete = reader([&](const char* data, size_t size) {
    if (body.size() + size > limit) {
      over_limit = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (over_limit) {
    throw AppError(413, "payload_too_large",
                   std::string("the request body is larger than ") + (limit == kMaxUploadBody ? "64 MiB" : "1 MiB"));
  }
  if (!complete) throw BadRequest("the request body could not be read");
  return body;
}

// A body refused before it was read. Clients send the whole body before they read the answer,
// and a connection closed under them loses it: a body of up to 2 MiB is read and dropped so
// they see the answer; a larger or chunked one is left unread and the connection closed.
void refuse_unread_body(const httplib::Request& request, httplib::Response& response,
                        const httplib::ContentReader& reader, const DeclaredBody& declared) {
  constexpr uint64_t kMaxDrainedBody = uint64_t{2} << 20;
  const bool drained = !declared.chunked && declared.length <= kMaxDrainedBody && !request.is_multipart_form_data() &&
                       reader([](const char*, size_t) { return true; });
  if (!drained) close_after_answer(response);
}

// "{…id}" segments become numeric capture groups, "{period}" a calendar period (2027-01, 2027-W05),
// other "{name}" segments snake_case words (0.11.4 has no path parameters).
std::string route_regex(const std::string& pattern) {
  std::string regex = std::regex_replace(pattern, std::regex(R"(\{[a-z_]*id\})"), "([0-9]+)");
  regex = std::regex_replace(regex, std::regex(R"(\{period\})"), "([0-9]{4}-W?[0-9]{2})");
  return std::regex_replace(regex, std::regex(R"(\{[a-z_]+\})"), "([a-z][a-z0-9_]*)");
}

std::string trim_lower(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  auto last = text.find_last_not_of(" \t");
  std::string out(first == std::string_view::npos ? "" : text.substr(first, last - first + 1));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

RequestState& request_state() { return state; }

bool forwarded_https(const std::string& x_forwarded_proto, const std::string& forwarded) {
  // each proxy appends its own view: the first one is the browser's connection
  if (trim_lower(std::string_view(x_forwarded_proto).substr(0, x_forwarded_proto.find(','))) == "https") return true;
  std::string_view element = std::string_view(forwarded).substr(0, forwarded.find(','));
  while (!element.empty()) {
    auto semicolon = element.find(';');
    std::string_view pair = element.substr(0, semicolon);
    auto equals = pair.find('=');
    if (equals != std::string_view::npos && trim_lower(pair.substr(0, equals)) == "proto") {
      std::string value = trim_lower(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return value == "https";
    }
    element = semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
  }
  return false;
}

void render_problem(httplib::Response& response, int status, const std::string& code, const std::string& detail,
                    const nlohmann::json* errors, const std::string& extra_json) {
  nlohmann::json problem = {
      {"type", "about:blank"}, {"title", status_title(status)}, {"status", status}, {"code", code}, {"detail", detail}};
  if (errors && !errors->empty()) problem["errors"] = *errors;
  if (!extra_json.empty()) {
    auto extra = nlohmann::json::parse(extra_json, nullptr, false);
    if (extra.is_object()) {
      for (auto& [key, value] : extra.items()) problem[key] = value;
    }
  }
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/problem+json");
}

// ---- Server ----------------------------------------------------------------------------

struct Server::StaticFiles : http::StaticFiles {
  using http::StaticFiles::StaticFiles;
};

Server::Server(ServerOptions options, auth::AuthService& auth, std::function<bool()> health_check)
    : options_(std::move(options)),
      auth_(auth),
      health_check_(std::move(health_check)),
      server_(std::make_unique<httplib::Server>()),
      schemas_(std::make_unique<nlohmann::json>(nlohmann::json::object())) {
  if (!options_.web_root.empty()) static_files_ = std::make_unique<StaticFiles>(options_.web_root);
  install_handlers();
}

Server::~Server() = default;

void Server::install_handlers() {
  auto& s = *server_;
  // Nagle's algorithm delays small responses by up to 40 ms: off.
  s.set_tcp_nodelay(true);
  const int threads = options_.threads;
  s.new_task_queue = [threads] {
    return new ElasticPool(static_cast<size_t>(threads), static_cast<size_t>(threads) * 8);
  };
  s.set_keep_alive_max_count(10000);
  s.set_keep_alive_timeout(5);
  s.set_read_timeout(10);
  s.set_write_timeout(10);
  // Bodies are read by route() within each route's limit; this only backs that up.
  s.set_payload_max_length(kMaxUploadBody);
  s.set_default_headers({
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  });

  // A client that asks first (Expect: 100-continue; curl does for bodies over 1 MiB) is told
  // before it sends a body over the route's limit.
  s.set_expect_100_continue_handler([this](const httplib::Request& request, httplib::Response& response) {
    auto declared = declared_body(request);
    if (!declared || declared->length <= kMaxJsonBody) return 100;  // refused or read as usual
    bool upload = false;
    for (const auto& route : routes_) {
      upload = upload || (route.doc.large_body && request.method == method_verb(route.method) &&
                          std::regex_match(request.path, std::regex(route_regex(route.pattern))));
    }
    if (upload && declared->length <= kMaxUploadBody) return 100;
    state = RequestState{};
    state.started = std::chrono::steady_clock::now();
    render_problem(response, 413, "payload_too_large",
                   std::string("the request body is larger than ") + (upload ? "64 MiB" : "1 MiB"));
    close_after_answer(response);
    return 413;
  });

  const bool secure_cookies = options_.secure_cookies;
  s.set_pre_routing_handler([secure_cookies](const httplib::Request& request, httplib::Response& response) {
    state = RequestState{};
    state.started = std::chrono::steady_clock::now();
    state.https = secure_cookies ||
                  forwarded_https(request.get_header_value("X-Forwarded-Proto"), request.get_header_value("Forwarded"));
    std::string id = request.get_header_value("X-Request-Id");
    if (!acceptable_request_id(id)) id = new_request_id();
    request_context::set_request_id(id);
    response.set_header("X-Request-Id", id);
    // Debian's cpp-httplib compresses every text response with Brotli at quality 11 when the
    // client offers br (20x slower JSON, seconds for a bundle). Take the choice away from it:
    // we gzip large JSON ourselves and serve the web app pre-compressed.
    auto& headers = const_cast<httplib::Request&>(request).headers;
    auto range = headers.equal_range("Accept-Encoding");
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.find("gzip") != std::string::npos) state.accepts_gzip = true;
    }
    headers.erase("Accept-Encoding");
    // Framings cpp-httplib would read without limit, or leave to be parsed as the next request.
    static const std::set<std::string> with_body = {"POST", "PUT", "PATCH", "DELETE"};
    static const std::set<std::string> without_body = {"GET", "HEAD", "OPTIONS"};
    auto declared = declared_body(request);
    if (!with_body.count(request.method) && !without_body.count(request.method)) {
      render_problem(response, 400, "bad_request", "the method " + request.method + " is not supported");
    } else if (!declared || (declared->present && !with_body.count(request.method))) {
      render_problem(response, 400, "bad_request", "the request body's framing is not accepted");
    } else if (declared->length > kMaxUploadBody) {
      render_problem(response, 413, "payload_too_large", "the request body is larger than the server accepts (64 MiB)");
    } else {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    close_after_answer(response);
    return httplib::Server::HandlerResponse::Handled;
  });

  s.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty() || response.content_provider_) return;
    switch (response.status) {
      case 404:
        render_problem(response, 404, "not_found", "no such resource");
        break;
      case 413:
        // cpp-httplib caps form-encoded bodies at 8 KiB (what curl --data sends by default)
        render_problem(response, 413, "payload_too_large",
                       request.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0
                           ? "form-encoded bodies are limited to 8 KiB; send a file as application/octet-stream"
                           : "the request body is larger than the server accepts (64 MiB)");
        break;
      case 400:
        render_problem(response, 400, "bad_request", "the request could not be read");
        break;
      default:
        render_problem(response, response.status, "error", status_title(response.status));
    }
  });

  s.set_exception_handler([](const httplib::Request&, httplib::Response& response, const std::exception_ptr&) {
    spdlog::error("unhandled exception rid={}", request_context::request_id());
    render_problem(response, 500, "internal", "internal error; quote request id " + request_context::request_id());
  });

  s.set_logger([](const httplib::Request& request, const httplib::Response& response) {
    auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - state.started);
    spdlog::info("{} {} {} {:.1f}ms rid={} user={}", request.method, request.path, response.status, elapsed.count(),
                 request_context::request_id(), state.user_id);
  });

  RouteDoc health_doc{"Health: 200 when the database answers", "platform", {}, "", "Health"};
  routes_.push_back({Method::get, "/healthz", Access::open, health_doc, std::make_shared<Route::Gate>()});
  s.Get("/healthz", [this](const httplib::Request&, httplib::Response& response) {
    bool ok = false;
    try {
      ok = health_check_();
    } catch (const std::exception& e) {
      spdlog::warn("health check failed: {}", e.what());
    }
    response.status = ok ? 200 : 503;
    response.set_header("Cache-Control", "no-store");
    response.set_content(ok ? R"({"status":"ok"})" : R"({"status":"unavailable"})", "application/json");
  });

  RouteDoc openapi_doc{"This document (OpenAPI 3.1)", "platform", {}, "", "OpenApiDocument"};
  routes_.push_back({Method::get, "/api/v1/openapi.json", Access::open, openapi_doc, std::make_shared<Route::Gate>()});
  s.Get("/api/v1/openapi.json", [this](const httplib::Request&, httplib::Response& response) {
    response.set_header("Cache-Control", "no-cache");
    response.set_content(openapi().dump(), "application/json");
  });
}

void Server::route(Method method, const std::string& pattern, Access access, const RouteDoc& doc, Handler handler) {
  auto permission = std::make_shared<Route::Gate>();
  routes_.push_back({method, pattern, access, doc, permission});
  const std::string regex = route_regex(pattern);
  const bool needs_json = !doc.request_schema.empty();
  const size_t body_limit = doc.large_body ? kMaxUploadBody : kMaxJsonBody;
  // Every route reads its own body (cpp-httplib's content reader), after the caller is known
  // and within the route's limit; `reader` is null for GET.
  auto serve = [this, access, needs_json, body_limit, handler = std::move(handler), method, permission](
                   const httplib::Request& request, httplib::Response& response, const httplib::ContentReader* reader) {
    const DeclaredBody declared = declared_body(request).value_or(DeclaredBody{});
    bool body_unread = reader && declared.present;  // refused before reading it
    bool body_cut = false;                          // refused part way through it
    try {
      std::optional<auth::Principal> principal;
      bool via_cookie = false;
      std::string token;
      const std::string authorization = request.get_header_value("Authorization");
      if (authorization.rfind("Bearer ", 0) == 0) {
        token = authorization.substr(7);
      } else {
        token = cookie_value(request.get_header_value("Cookie"), "fleetkam_session");
        via_cookie = !token.empty();
      }
      if (!token.empty()) principal = auth_.authenticate(token);
      if (access == Access::signed_in) {
        if (!principal)
          throw Unauthenticated(token.empty() ? "sign in first" : "your session has ended; sign in again");
        if (via_cookie && method != Method::get &&
            !auth_.csrf_ok(*principal, request.get_header_value("X-CSRF-Token"))) {
          throw Forbidden("missing or wrong X-CSRF-Token header", "csrf_failed");
        }
        state.user_id = principal->user_id;
        // The route's permission, before its body is read or its record looked up: a role without
        // it learns nothing from the route but 403.
        const auto& actions = permission->actions;
        if (!actions.empty() && std::none_of(actions.begin(), actions.end(), [&](const std::string& action) {
              return auth::allowed(principal->role, action);
            })) {
          throw Forbidden();
        }
      }
      const std::string type = request.get_header_value("Content-Type");
      if (needs_json && type.rfind("application/json", 0) != 0) {
        throw AppError(415, "unsupported_media_type", "send the body as application/json");
      }
      std::string body;
      if (reader) {
        check_declared_body(request, declared, body_limit);
        body_unread = false;
        body_cut = declared.present;
        body = read_bounded_body(*reader, body_limit);
        body_cut = false;
      }
      // Bounded before the handler sees it, whatever the handler does with it (issue 20).
      if (type.rfind("application/json", 0) == 0) check_json_bounds(body);
      Request wrapped_request(request, response, std::move(principal), std::move(body));
      handler(wrapped_request);
    } catch (const AppError& error) {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& e : error.errors()) {
        errors.push_back({{"field", e.field}, {"message", e.message}, {"code", e.code}});
      }
      render_problem(response, error.status(), error.code(), error.what(), &errors, error.extra_json());
    } catch (const db::DatabaseError& error) {
      if (error.kind() == db::DatabaseError::Kind::unique_violation) {
        render_problem(response, 409, "conflict", "a record with the same unique values exists");
      } else if (error.kind() == db::DatabaseError::Kind::busy) {
        spdlog::warn("database busy rid={}: {}", request_context::request_id(), error.what());
        render_problem(response, 503, "busy", "the database is busy; try again");
        response.set_header("Retry-After", "1");
      } else if (error.kind() == db::DatabaseError::Kind::unavailable) {
        // PostgreSQL restarting or out of reach: nothing of this request was committed (or, if the
        // connection broke during COMMIT, its outcome is unknown and it was not acknowledged). The
        // pool connects again by itself on the next request.
        spdlog::warn("database unavailable rid={}: {}", request_context::request_id(), error.what());
        render_problem(response, 503, "database_unavailable",
                       "the database cannot be reached; nothing was saved; try again shortly");
        response.set_header("Retry-After", "5");
      } else if (error.kind() == db::DatabaseError::Kind::full) {
        spdlog::error("database disk full rid={}: {}", request_context::request_id(), error.what());
        render_problem(response, 507, "insufficient_storage",
                       "the server's disk is full; nothing was saved; tell your administrator");
        response.set_header("Retry-After", "60");
      } else {
        spdlog::error("database error rid={}: {}", request_context::request_id(), error.what());
        render_problem(response, 500, "internal", "internal error; quote request id " + request_context::request_id());
      }
    } catch (const std::exception& error) {
      spdlog::error("unhandled error rid={}: {}", request_context::request_id(), error.what());
      render_problem(response, 500, "internal", "internal error; quote request id " + request_context::request_id());
    }
    if (body_unread) refuse_unread_body(request, response, *reader, declared);
    if (body_cut) close_after_answer(response);
  };
  auto with_body = [serve](const httplib::Request& request, httplib::Response& response,
                           const httplib::ContentReader& reader) { serve(request, response, &reader); };
  switch (method) {
    case Method::get:
      server_->Get(regex, [serve](const httplib::Request& request, httplib::Response& response) {
        serve(request, response, nullptr);
      });
      break;
    case Method::post:
      server_->Post(regex, with_body);
      break;
    case Method::patch:
      server_->Patch(regex, with_body);
      break;
    case Method::put:
      server_->Put(regex, with_body);
      break;
    case Method::del:
      server_->Delete(regex, with_body);
      break;
  }
}

void Server::permissions(const std::vector<RoutePermission>& table) {
  std::set<std::string> known;
  for (const auto& rule : auth::permission_table()) known.emplace(rule.action);
  for (const auto& entry : table) {
    for (const auto& action : entry.actions) {
      if (!known.count(action)) throw std::logic_error("route permissions: unknown action " + action);
    }
    auto route = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) {
      return r.method == entry.method && r.pattern == entry.pattern && r.access == Access::signed_in;
    });
    if (route == routes_.end()) {
      throw std::logic_error("route permissions: no signed-in route " + std::string(method_verb(entry.method)) + " " +
                             entry.pattern);
    }
    route->permission->actions = entry.actions;
    route->permission->declared = true;
  }
}

void Server::finish_routes() {
  for (const auto& route : routes_) {
    if (route.access == Access::signed_in && !route.permission->declared) {
      throw std::logic_error("route " + std::string(method_verb(route.method)) + " " + route.pattern +
                             " has no permission declared (app/route_permissions.cpp)");
    }
  }
  // Unknown API paths: problem+json 404 (never the web app).
  auto api_not_found = [](const httplib::Request&, httplib::Response& response) {
    render_problem(response, 404, "not_found", "no such resource");
  };
  server_->Get("/api/.*", api_not_found);
  // Any other path with a body: answered without reading it (cpp-httplib would read it all
  // before finding no handler).
  auto not_found_unread = [](const httplib::Request& request, httplib::Response& response,
                             const httplib::ContentReader& reader) {
    render_problem(response, 404, "not_found", "no such resource");
    const DeclaredBody declared = declared_body(request).value_or(DeclaredBody{});
    if (declared.present) refuse_unread_body(request, response, reader, declared);
  };
  server_->Post(".*", not_found_unread);
  server_->Patch(".*", not_found_unread);
  server_->Put(".*", not_found_unread);
  server_->Delete(".*", not_found_unread);
  if (static_files_) {
    server_->Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
      static_files_->serve(request.path, state.accepts_gzip, response);
    });
  }
}

int Server::bind() {
  if (options_.port == 0) {
    int port = server_->bind_to_any_port(options_.host);
    if (port <= 0) throw std::runtime_error("cannot bind " + options_.host);
    options_.port = port;
    return port;
  }
  if (!server_->bind_to_port(options_.host, options_.port)) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  return options_.port;
}

void Server::run() { server_->listen_after_bind(); }
void Server::stop() { server_->stop(); }
bool Server::running() const { return server_->is_running(); }

}  // namespace fleetkam::http
