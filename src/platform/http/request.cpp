// What a route handler sees of its request (query, path, cursor, body) and how it answers.
#include "platform/http/server.h"

#include <cctype>

#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <strings.h>
#include <charconv>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "platform/db/database.h"
#include "platform/errors.h"
#include "platform/http/compress.h"
#include "platform/http/json_input.h"
#include "platform/http/server_internal.h"
#include "platform/http/static_files.h"
#include "platform/request_context.h"

namespace fleetkam::http {

Request::Request(const httplib::Request& request, httplib::Response& response, std::optional<auth::Principal> principal,
                 std::string body)
    : request_(request), response_(response), principal_(std::move(principal)), body_(std::move(body)) {}

const auth::Principal& Request::principal() const {
  if (!principal_) throw Unauthenticated();
  return *principal_;
}

int64_t Request::path_id(size_t index) const {
  if (index >= request_.matches.size()) throw NotFound();
  const std::string text = request_.matches[index].str();
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) throw NotFound();
  return id;
}

std::string Request::path_text(size_t index) const {
  if (index >= request_.matches.size()) throw NotFound();
  return request_.matches[index].str();
}

std::optional<std::string> Request::query(const std::string& name) const {
  if (!request_.has_param(name)) return std::nullopt;
  auto value = request_.get_param_value(name);
  if (!valid_utf8(value))
    throw BadRequest("query parameter is not valid UTF-8", "invalid_utf8",
                     {{name, "is not valid UTF-8", "invalid_utf8"}});
  if (value.size() > 500) throw Invalid(name, "is too long", "too_long");
  return value;
}

std::optional<std::string> Request::query_filter(const std::string& name) const {
  auto text = query(name);
  if (!text || text->empty()) return std::nullopt;
  return text;
}

std::optional<int64_t> Request::query_integer(const std::string& name, int64_t min, int64_t max) const {
  auto text = query(name);
  if (!text || text->empty()) return std::nullopt;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size())
    throw Invalid(name, "must be an integer", "wrong_type");
  if (value < min || value > max) {
    throw Invalid(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

std::optional<bool> Request::query_bool(const std::string& name) const {
  auto text = query(name);
  if (!text || text->empty()) return std::nullopt;
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  throw Invalid(name, "must be true or false", "wrong_type");
}

int Request::limit() const { return static_cast<int>(query_integer("limit", 1, 500).value_or(50)); }

std::string encode_cursor(int64_t id) {
  std::string raw = "i" + std::to_string(id);
  char out[64];
  sodium_bin2base64(out, sizeof out, reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string encode_cursor(const std::string& sort_value, int64_t id) {
  std::string raw = "s" + std::to_string(id) + ":" + sort_value;
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::pair<std::string, int64_t>> Request::cursor_sorted() const {
  auto text = query("cursor");
  if (!text || text->empty()) return std::nullopt;
  std::string raw(text->size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text->data(), text->size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    throw Invalid("cursor", "is not a cursor this list gave out");
  }
  raw.resize(length);
  auto colon = raw.find(':');
  int64_t id = 0;
  if (raw.size() < 3 || raw[0] != 's' || colon == std::string::npos ||
      std::from_chars(raw.data() + 1, raw.data() + colon, id).ec != std::errc() || id <= 0 ||
      !valid_utf8(raw.substr(colon + 1))) {
    throw Invalid("cursor", "is not a cursor this list gave out");
  }
  return std::make_pair(raw.substr(colon + 1), id);
}

std::optional<int64_t> Request::cursor_id() const {
  auto text = query("cursor");
  if (!text || text->empty()) return std::nullopt;
  unsigned char raw[64];
  size_t length = 0;
  if (text->size() > 80 ||
      sodium_base642bin(raw, sizeof raw, text->data(), text->size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length < 2 || raw[0] != 'i') {
    throw Invalid("cursor", "is not a cursor this list gave out");
  }
  int64_t id = 0;
  auto* begin = reinterpret_cast<const char*>(raw) + 1;
  auto [end, error] = std::from_chars(begin, reinterpret_cast<const char*>(raw) + length, id);
  if (error != std::errc() || end != reinterpret_cast<const char*>(raw) + length || id <= 0) {
    throw Invalid("cursor", "is not a cursor this list gave out");
  }
  return id;
}

const std::string& Request::body() const { return body_; }

std::string Request::header(const std::string& name) const { return request_.get_header_value(name); }

const std::string& Request::peer_address() const { return request_.remote_addr; }

void Request::json(int status, const nlohmann::json& value) {
  json_text(status, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Request::json_text(int status, std::string body) {
  response_.status = status;
  response_.set_header("Cache-Control", "no-store");
  if (request_state().accepts_gzip && body.size() >= 2048) {
    response_.set_header("Content-Encoding", "gzip");
    response_.set_header("Vary", "Accept-Encoding");
    body = gzip(body, 6);
  }
  response_.set_content(body, "application/json");
}

void Request::no_content() {
  response_.status = 204;
  response_.set_header("Cache-Control", "no-store");
}

void Request::bytes(int status, const std::string& content_type, const std::string& body) {
  response_.status = status;
  response_.set_header("Cache-Control", "no-store");
  response_.set_content(body, content_type);
}

void Request::set_header(const std::string& name, const std::string& value) { response_.set_header(name, value); }

void Request::attachment(const std::string& fallback, const std::string& name) {
  std::string encoded;
  for (unsigned char ch : name) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      encoded += static_cast<char>(ch);
    } else {
      static const char* hex = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[ch >> 4];
      encoded += hex[ch & 15];
    }
  }
  set_header("Content-Disposition", "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded);
}

void Request::set_session_cookie(const std::string& token, int64_t max_age_seconds) {
  response_.set_header("Set-Cookie", "fleetkam_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                         std::to_string(max_age_seconds) + (request_state().https ? "; Secure" : ""));
}

}  // namespace fleetkam::http
