// Directories: service, SQL and routes in one file while the module is this small.
#include "modules/directories/directories.h"

#include <nlohmann/json.hpp>

#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"
#include "platform/record_write.h"

namespace fleetkam::directories {
namespace {

constexpr const char* kList =
    "SELECT id, code, name_zh, name_en, active, version FROM directory_entries WHERE directory = ? "
    "AND (active = 1 OR CAST(? AS INTEGER) = 1) ORDER BY sort_order, id";
constexpr const char* kFind =
    "SELECT id, code, name_zh, name_en, active, version FROM directory_entries WHERE directory = ? AND code = ?";
constexpr const char* kInsert =
    "INSERT INTO directory_entries (directory, code, name_zh, name_en, active, sort_order, version, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 1, (SELECT COALESCE(MAX(sort_order), 0) + 10 FROM directory_entries WHERE "
    "directory = ?), 1, ?, ?) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE directory_entries SET name_zh = ?, name_en = ?, active = ?, version = version + 1, updated_at = ? "
    "WHERE id = ?";
constexpr const char* kActive = "SELECT 1 FROM directory_entries WHERE directory = ? AND code = ? AND active = 1";

Entry entry_from(const db::Row& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.boolean(4), r.integer(5)};
}

std::string entry_json(const Entry& e) {
  return nlohmann::json{{"code", e.code}, {"name_zh", e.name_zh}, {"name_en", e.name_en}, {"active", e.active}}.dump();
}

void require_hq(const auth::Principal& caller) {
  if (!auth::allowed(caller.role, "directories.manage") || caller.unit_kind != "hq") throw Forbidden();
}

void check_directory(const std::string& directory) {
  for (const auto& name : directory_names()) {
    if (name == directory) return;
  }
  throw NotFound("no such directory");
}

}  // namespace

const std::vector<std::string>& directory_names() {
  static const std::vector<std::string> names = {"industries", "vehicle_types", "source_channels"};
  return names;
}

std::optional<std::string> code_problem(const std::string& code) {
  if (code.size() < 2 || code.size() > 40) return "must be 2 to 40 characters";
  if (code.front() < 'a' || code.front() > 'z') return "must start with a lowercase letter";
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return "may contain only lowercase letters, digits and _";
    }
  }
  return std::nullopt;
}

std::vector<Entry> DirectoryService::list(const std::string& directory, bool include_inactive) {
  check_directory(directory);
  std::vector<Entry> out;
  database_.read([&](db::Connection& c) {
    for (const auto& row : c.query(kList, {directory, int64_t{include_inactive ? 1 : 0}}))
      out.push_back(entry_from(row));
  });
  return out;
}

Entry DirectoryService::add(const auth::Principal& caller, const std::string& directory, const Entry& entry) {
  check_directory(directory);
  require_hq(caller);
  if (auto problem = code_problem(entry.code)) throw Invalid("code", *problem);
  Entry created;
  database_.write([&](db::Connection& c) {
    if (c.query_one(kFind, {directory, entry.code})) {
      throw Conflict("this code is in use", "directory.code_taken", {{"code", "is in use", "taken"}});
    }
    int64_t now = clock::now_ms();
    int64_t id =
        c.query_one(kInsert, {directory, entry.code, entry.name_zh, entry.name_en, directory, now, now})->integer(0);
    created = entry_from(*c.query_one(kFind, {directory, entry.code}));
    audit::record(c, {caller.user_id, "create", "directory_entry", id, std::nullopt, entry_json(created)});
  });
  return created;
}

Entry DirectoryService::update(const auth::Principal& caller, const std::string& directory, const std::string& code,
                               const EntryPatch& patch) {
  check_directory(directory);
  require_hq(caller);
  return write_record(
      database_, caller, {"entry", {}, patch.version},
      [&](db::Connection& c) {
        auto row = c.query_one(kFind, {directory, code});
        return row ? std::optional(entry_from(*row)) : std::nullopt;
      },
      [&](db::Connection& c, const Entry& current) {
        Entry next = current;
        if (patch.name_zh) next.name_zh = *patch.name_zh;
        if (patch.name_en) next.name_en = *patch.name_en;
        if (patch.active) next.active = *patch.active;
        c.execute(kUpdate, {next.name_zh, next.name_en, next.active, clock::now_ms(), current.id});
        Entry result = entry_from(*c.query_one(kFind, {directory, code}));
        audit::record(
            c, {caller.user_id, "update", "directory_entry", current.id, entry_json(current), entry_json(result)});
        return result;
      });
}

bool DirectoryService::is_active_code(db::Connection& connection, const std::string& directory,
                                      const std::string& code) {
  return connection.query_one(kActive, {directory, code}).has_value();
}

// ---- routes --------------------------------------------------------------------------------
//   GET   /api/v1/directories/{directory}           entries (add ?include_inactive=true)
//   POST  /api/v1/directories/{directory}           add an entry (HQ)
//   PATCH /api/v1/directories/{directory}/{code}    rename or (de)activate (HQ)

namespace {
nlohmann::json to_json(const Entry& e) {
  return {
      {"code", e.code}, {"name_zh", e.name_zh}, {"name_en", e.name_en}, {"active", e.active}, {"version", e.version}};
}
}  // namespace

void register_routes(http::Server& server, DirectoryService& service) {
  {
    using namespace http::schema;
    server.add_schema("DirectoryEntry", object({{"code", http::schema::text},
                                                {"name_zh", http::schema::text},
                                                {"name_en", http::schema::text},
                                                {"active", flag},
                                                {"version", id}}));
    server.add_schema("DirectoryList", list_of("DirectoryEntry"));
    server.add_schema("DirectoryEntryCreate",
                      input({{"code", text_up_to(40)}, {"name_zh", text_up_to(60)}, {"name_en", text_up_to(100)}},
                            {"code", "name_zh", "name_en"}));
    server.add_schema(
        "DirectoryEntryPatch",
        input({{"version", id}, {"name_zh", text_up_to(60)}, {"name_en", text_up_to(100)}, {"active", flag}},
              {"version"}));
  }
  server.route(http::Method::get, "/api/v1/directories/{directory}", http::Access::signed_in,
               {"Entries of a directory: industries, vehicle_types or source_channels",
                "directories",
                {{"include_inactive", "boolean", ""}},
                "",
                "DirectoryList"},
               [&service](http::Request& request) {
                 auto entries =
                     service.list(request.path_text(1), request.query_bool("include_inactive").value_or(false));
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& e : entries) items.push_back(to_json(e));
                 request.json(200, {{"items", items}});
               });
  server.route(http::Method::post, "/api/v1/directories/{directory}", http::Access::signed_in,
               {"Add an entry (HQ)", "directories", {}, "DirectoryEntryCreate", "DirectoryEntry", 201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"code", "name_zh", "name_en"});
                 Entry entry;
                 entry.code = in.required_string("code", 40);
                 entry.name_zh = in.required_string("name_zh", 60);
                 entry.name_en = in.required_string("name_en", 100);
                 in.finish();
                 request.json(201, to_json(service.add(request.principal(), request.path_text(1), entry)));
               });
  server.route(http::Method::patch, "/api/v1/directories/{directory}/{code}", http::Access::signed_in,
               {"Rename or (de)activate an entry (HQ)", "directories", {}, "DirectoryEntryPatch", "DirectoryEntry"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "name_zh", "name_en", "active"});
                 EntryPatch patch;
                 patch.version = in.required_integer("version");
                 patch.name_zh = in.optional_string("name_zh", 60, 1);
                 patch.name_en = in.optional_string("name_en", 100, 1);
                 patch.active = in.optional_bool("active");
                 in.finish();
                 request.json(200, to_json(service.update(request.principal(), request.path_text(1),
                                                          request.path_text(2), patch)));
               });
}

}  // namespace fleetkam::directories
