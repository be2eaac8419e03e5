// Strict reading of a JSON request body: unknown fields, wrong types, missing fields,
// over-long strings and invalid UTF-8 are collected and reported together as one 422
// (or 400 for malformed JSON) naming each field. Read every field, then call finish().
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/errors.h"

namespace fleetkam::http {

// JSON bodies are held to 1 MiB and 32 levels of arrays and objects. The depth is checked on
// the raw bytes before anything parses or walks them: dump(), the UTF-8 field search and
// copies all recurse once per level, and 300,000 levels overflow a thread's stack.
constexpr size_t kMaxJsonBody = size_t{1} << 20;
constexpr size_t kMaxJsonDepth = 32;

// True when no array or object in `raw` opens deeper than `max_depth`: one pass, brackets
// inside strings ignored, safe on any bytes (it does not need valid JSON or UTF-8).
bool json_nesting_within(std::string_view raw, size_t max_depth);

// Throws payload_too_large (413) or json_too_deep (400) for a body nothing may parse.
void check_json_bounds(std::string_view raw);

// Throws as check_json_bounds, then BadRequest (malformed_json / invalid_utf8) unless `raw`
// is one JSON object.
nlohmann::json parse_json_object(const std::string& raw);

// True when `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

class JsonInput {
 public:
  // `allowed`: every field the request may carry; anything else is an error.
  JsonInput(const std::string& raw, const std::set<std::string>& allowed);

  bool has(const std::string& field) const;
  std::string required_string(const std::string& field, size_t max_length = 200, size_t min_length = 1);
  std::optional<std::string> optional_string(const std::string& field, size_t max_length = 200, size_t min_length = 0);
  int64_t required_integer(const std::string& field, int64_t min = 1, int64_t max = INT64_MAX);
  std::optional<int64_t> optional_integer(const std::string& field, int64_t min = 1, int64_t max = INT64_MAX);
  bool required_bool(const std::string& field);
  std::optional<bool> optional_bool(const std::string& field);
  // One of `choices`; anything else is invalid_value naming the choices.
  std::string required_enum(const std::string& field, const std::vector<std::string>& choices);
  std::optional<std::string> optional_enum(const std::string& field, const std::vector<std::string>& choices);

  void add_error(std::string field, std::string message, std::string code = "invalid_value");
  // Throws Invalid with every collected error; returns when there are none.
  void finish() const;

 private:
  const nlohmann::json* find(const std::string& field, const char* type);
  nlohmann::json body_;
  std::vector<FieldError> errors_;
};

}  // namespace fleetkam::http
