// Directories HQ maintains in both languages: core industries, special-purpose vehicle types,
// information source channels. Codes are stable snake_case words other records refer to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/auth/auth_service.h"
#include "platform/db/database.h"
#include "platform/http/server.h"

namespace fleetkam::directories {

struct Entry {
  int64_t id = 0;
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool active = true;
  int64_t version = 1;
};

struct EntryPatch {
  int64_t version = 0;
  std::optional<std::string> name_zh, name_en;
  std::optional<bool> active;
};

const std::vector<std::string>& directory_names();
// nullopt when `code` is a stable code: 2–40 characters, lowercase letters, digits and '_',
// starting with a letter.
std::optional<std::string> code_problem(const std::string& code);

class DirectoryService {
 public:
  explicit DirectoryService(db::Database& database) : database_(database) {}
  std::vector<Entry> list(const std::string& directory, bool include_inactive);
  Entry add(const auth::Principal& caller, const std::string& directory, const Entry& entry);
  Entry update(const auth::Principal& caller, const std::string& directory, const std::string& code,
               const EntryPatch& patch);
  // True when `code` is an active entry of `directory` (other modules validate against this).
  bool is_active_code(db::Connection& connection, const std::string& directory, const std::string& code);

 private:
  db::Database& database_;
};

void register_routes(http::Server& server, DirectoryService& service);

}  // namespace fleetkam::directories
