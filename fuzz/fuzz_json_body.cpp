// The JSON body reader (platform/http/json_input): any bytes give a body or one of the documented
// errors, never a crash, and what comes out keeps the promises routes rely on: nesting within
// kMaxJsonDepth, valid UTF-8 only, strings within their length and free of control characters,
// integers in range.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "platform/errors.h"
#include "platform/http/json_input.h"

using fleetkam::AppError;
using namespace fleetkam::http;

namespace {

void require(bool holds, const char* what) {
  if (!holds) {
    fprintf(stderr, "property broken: %s\n", what);
    abort();
  }
}

size_t depth_of(const nlohmann::json& value) {
  size_t deepest = 0;
  if (value.is_structured()) {
    for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
    return deepest + 1;
  }
  return 0;
}

size_t code_points(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// What the server's error handler does with an AppError (server.cpp: problem+json, invalid UTF-8
// replaced).
void render(const AppError& error) {
  nlohmann::json problem = {{"code", error.code()}, {"detail", error.what()}};
  for (const auto& e : error.errors()) {
    problem["errors"].push_back({{"field", e.field}, {"message", e.message}, {"code", e.code}});
  }
  (void)problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  const bool within = json_nesting_within(raw, kMaxJsonDepth);
  try {
    nlohmann::json body = parse_json_object(raw);
    require(within, "a body nesting deeper than the limit was parsed");
    require(depth_of(body) <= kMaxJsonDepth, "json_nesting_within missed a level");
    require(valid_utf8(raw), "a body with invalid UTF-8 was accepted");
    (void)body.dump();
  } catch (const AppError& error) {
    render(error);
  }

  // The field readers, on fields of every type a route asks for.
  try {
    JsonInput in(raw, {"name", "note", "count", "year", "flag", "kind", "code"});
    if (auto name = in.optional_string("name", 8, 2)) {
      require(code_points(*name) <= 8 && code_points(*name) >= 2, "a string outside its length was returned");
      for (unsigned char c : *name) require(c >= 0x20 || c == '\n' || c == '\t', "a control character passed");
    }
    std::string note = in.required_string("note", 200, 1);
    require(code_points(note) <= 200, "a required string over its length");
    if (auto count = in.optional_integer("count", -5, 1000)) require(*count >= -5 && *count <= 1000, "out of range");
    int64_t year = in.required_integer("year", 2000, 2100);
    require(year == 0 || (year >= 2000 && year <= 2100), "a required integer out of range");
    (void)in.optional_integer("code", INT64_MIN, INT64_MAX);
    (void)in.optional_bool("flag");
    auto kind = in.required_enum("kind", {"a", "bb", "中文"});
    require(kind.empty() || kind == "a" || kind == "bb" || kind == "中文", "an enum outside its choices");
    (void)in.has("missing");
    in.finish();
  } catch (const AppError& error) {
    render(error);
  }
  return 0;
}
