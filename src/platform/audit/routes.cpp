#include "platform/audit/routes.h"

#include <nlohmann/json.hpp>

#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/openapi_schema.h"
#include "platform/refdata/divisions.h"

namespace fleetkam::audit {

using nlohmann::json;

//   GET /api/v1/audit?entity=&id=&limit=&cursor=   the trail of one record (or all), newest first
void register_routes(http::Server& server, db::Database& database) {
  {
    using namespace http::schema;
    using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
    const json record = {{"type", "object"}, {"additionalProperties", true}};  // the fields the trail keeps
    server.add_schema("AuditEntry", object({{"id", id},
                                            {"at", time},
                                            {"user_id", nullable(id)},
                                            {"action", http::schema::text},
                                            {"entity", http::schema::text},
                                            {"entity_id", id},
                                            {"before", nullable(record)},
                                            {"after", nullable(record)},
                                            {"request_id", nullable(http::schema::text)}}));
    server.add_schema("AuditList", page_of("AuditEntry"));
  }
  server.route(http::Method::get, "/api/v1/audit", http::Access::signed_in,
               {"The audit trail (admins and HQ)",
                "platform",
                {{"entity", "string", "user, org_unit, account, …"},
                 {"id", "integer", "the record's id"},
                 {"limit", "integer", "1..500"},
                 {"cursor", "string", ""}},
                "",
                "AuditList"},
               [&database](http::Request& request) {
                 const auto& caller = request.principal();
                 if (!auth::allowed(caller.role, "audit.read") || caller.unit_kind != "hq") throw Forbidden();
                 auto entity = request.query_filter("entity");
                 if (entity && (entity->size() > 40 ||
                                entity->find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)) {
                   throw Invalid("entity", "must be a resource name such as user or org_unit");
                 }
                 auto id = request.query_integer("id", 1, INT64_MAX);
                 if (id && !entity) throw Invalid("entity", "is required with id", "required");
                 int limit = request.limit();
                 auto before = request.cursor_id();
                 std::vector<Record> records;
                 // one more than the page: a next page exists only when it does
                 database.read([&](db::Connection& c) { records = list(c, entity, id, before, limit + 1); });
                 const bool more = records.size() > static_cast<size_t>(limit);
                 if (more) records.resize(static_cast<size_t>(limit));
                 json items = json::array();
                 for (const auto& r : records) {
                   auto parse = [](const std::optional<std::string>& text) {
                     return text ? json::parse(*text, nullptr, false) : json();
                   };
                   items.push_back({{"id", r.id},
                                    {"at", clock::format_rfc3339(r.at)},
                                    {"user_id", r.user_id ? json(*r.user_id) : json()},
                                    {"action", r.action},
                                    {"entity", r.entity},
                                    {"entity_id", r.entity_id},
                                    {"before", parse(r.before_json)},
                                    {"after", parse(r.after_json)},
                                    {"request_id", r.request_id ? json(*r.request_id) : json()}});
                 }
                 json next = more && !records.empty() ? json(http::encode_cursor(records.back().id)) : json();
                 request.json(200, {{"items", items}, {"next_cursor", next}});
               });
}

}  // namespace fleetkam::audit

namespace fleetkam::refdata {

//   GET /api/v1/divisions?level=&parent_code=   GB/T 2260 divisions
void register_routes(http::Server& server) {
  {
    using namespace http::schema;
    using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
    server.add_schema("Division", object({{"code", http::schema::text},
                                          {"name", http::schema::text},
                                          {"level", choice({"province", "city", "county"})},
                                          {"parent_code", nullable(http::schema::text)}}));
    server.add_schema("DivisionList", list_of("Division"));
  }
  server.route(
      http::Method::get, "/api/v1/divisions", http::Access::signed_in,
      {"China's administrative divisions (GB/T 2260)",
       "reference",
       {{"level", "string", "province, city or county"}, {"parent_code", "string", "children of this code"}},
       "",
       "DivisionList"},
      [](http::Request& request) {
        auto level = request.query_filter("level");
        if (level && *level != "province" && *level != "city" && *level != "county") {
          throw Invalid("level", "must be one of: province, city, county");
        }
        auto parent = request.query_filter("parent_code");
        if (parent && !find_division(*parent)) throw Invalid("parent_code", "not a GB/T 2260 code");
        nlohmann::json items = nlohmann::json::array();
        for (const auto& d : divisions()) {
          if (level && d.level != *level) continue;
          if (parent && d.parent_code != *parent) continue;
          items.push_back({{"code", d.code},
                           {"name", d.name},
                           {"level", d.level},
                           {"parent_code", d.parent_code ? nlohmann::json(*d.parent_code) : nlohmann::json()}});
        }
        request.json(200, {{"items", items}});
      });
}

}  // namespace fleetkam::refdata
