// The building blocks of the OpenAPI schemas the modules register (Server::add_schema): one
// spelling of a text, an id, a time, a nullable or enumerated value, a response object (every
// property required) and a request object (no other properties), shared by every module.
// Used as `using namespace http::schema;` inside a module's add_schemas function (where the
// namespace fleetkam::text is visible too, write schema::text: the bare name is ambiguous).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fleetkam::http::schema {

using json = nlohmann::json;

inline const json text = {{"type", "string"}};
inline const json id = {{"type", "integer"}, {"format", "int64"}};
inline const json number = {{"type", "number"}};
inline const json time = {{"type", "string"}, {"format", "date-time"}};
inline const json day = {{"type", "string"}, {"format", "date"}};
inline const json flag = {{"type", "boolean"}};

// A text of at most `max_length` characters (request bodies).
inline json text_up_to(int max_length) { return {{"type", "string"}, {"maxLength", max_length}}; }
inline json integer(int64_t minimum, int64_t maximum) {
  return {{"type", "integer"}, {"minimum", minimum}, {"maximum", maximum}};
}
inline json nullable(const json& schema) { return {{"oneOf", {schema, {{"type", "null"}}}}}; }
inline json choice(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }
inline json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
inline json array(const json& items) { return {{"type", "array"}, {"items", items}}; }

// A response object: every property is required (present, perhaps null).
inline json object(const json& properties) {
  json required = json::array();
  for (const auto& [k, v] : properties.items()) required.push_back(k);
  return {{"type", "object"}, {"required", required}, {"properties", properties}};
}

// A page of a keyset list: its items and the cursor of the next page (null on the last).
inline json page_of(const std::string& item) {
  return object({{"items", array(ref(item))}, {"next_cursor", nullable(text)}});
}
// A whole list in one response.
inline json list_of(const std::string& item) { return object({{"items", array(ref(item))}}); }

// A request body: the properties given, `required` among them, and nothing else.
inline json input(const json& properties, const json& required) {
  return {{"type", "object"}, {"additionalProperties", false}, {"required", required}, {"properties", properties}};
}

}  // namespace fleetkam::http::schema
