// The OpenAPI document of the route table: paths from the routes and their RouteDoc, components
// from the schemas the modules add.
#include "platform/http/server.h"

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
namespace {

const char* method_name(Method method) {
  switch (method) {
    case Method::get:
      return "get";
    case Method::post:
      return "post";
    case Method::patch:
      return "patch";
    case Method::put:
      return "put";
    case Method::del:
      return "delete";
  }
  return "get";
}

}  // namespace

void Server::add_schema(const std::string& name, const nlohmann::json& schema) { (*schemas_)[name] = schema; }

nlohmann::json Server::openapi() const {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& route : routes_) {
    nlohmann::json operation = {{"summary", route.doc.summary}, {"tags", {route.doc.tag}}};
    nlohmann::json parameters = nlohmann::json::array();
    std::smatch match;
    std::string rest = route.pattern;
    std::regex param(R"(\{([a-z_]+)\})");
    while (std::regex_search(rest, match, param)) {
      const std::string name = match[1].str();
      const bool numeric = name.size() >= 2 && name.compare(name.size() - 2, 2, "id") == 0;
      parameters.push_back({{"name", name},
                            {"in", "path"},
                            {"required", true},
                            {"schema", numeric ? nlohmann::json{{"type", "integer"}, {"format", "int64"}}
                                               : nlohmann::json{{"type", "string"}}}});
      rest = match.suffix();
    }
    for (const auto& q : route.doc.query) {
      nlohmann::json schema = {{"type", q.type}};
      parameters.push_back(
          {{"name", q.name}, {"in", "query"}, {"required", false}, {"schema", schema}, {"description", q.description}});
    }
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (!route.doc.request_schema.empty()) {
      operation["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + route.doc.request_schema}}}}}}}};
    }
    nlohmann::json responses = nlohmann::json::object();
    nlohmann::json success = {{"description", "success"}};
    if (!route.doc.response_schema.empty()) {
      success["content"] = {{route.doc.response_content_type,
                             {{"schema", {{"$ref", "#/components/schemas/" + route.doc.response_schema}}}}}};
    }
    responses[std::to_string(route.doc.success_status)] = success;
    nlohmann::json problem = {
        {"description", "problem"},
        {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    responses["default"] = problem;
    operation["responses"] = responses;
    if (route.access == Access::signed_in) {
      // Any of these permissions (auth::permission_table()); empty: any signed-in user.
      operation["x-permission"] = route.permission ? route.permission->actions : std::vector<std::string>{};
      operation["security"] =
          nlohmann::json::array({{{"bearer", nlohmann::json::array()}}, {{"cookie", nlohmann::json::array()}}});
    }
    paths[route.pattern][method_name(route.method)] = operation;
  }
  nlohmann::json schemas = *schemas_;
  schemas["Problem"] = {
      {"type", "object"},
      {"required", {"type", "title", "status", "code", "detail"}},
      {"properties",
       {{"type", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}}},
        {"code", {{"type", "string"}}},
        {"detail", {{"type", "string"}}},
        {"errors",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"required", {"field", "message", "code"}},
            {"properties",
             {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}, {"code", {{"type", "string"}}}}}}}}},
        // 409 account.duplicate: the same organisations (id and name only inside the caller's scope)
        {"duplicates",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"required", {"kind", "score", "reason"}},
            {"properties",
             {{"id", {{"type", "integer"}}},
              {"name", {{"type", "string"}}},
              {"kind", {{"type", "string"}}},
              {"score", {{"type", "number"}}},
              {"reason", {{"type", "string"}}}}}}}}}}}};
  schemas["Health"] = {
      {"type", "object"}, {"required", {"status"}}, {"properties", {{"status", {{"type", "string"}}}}}};
  schemas["OpenApiDocument"] = {{"type", "object"}};
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "fleetkam"}, {"version", options_.version}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "fleetkam_session"}}}}}}}};
}

}  // namespace fleetkam::http
