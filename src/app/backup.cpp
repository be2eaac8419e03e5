#include "app/backup.h"

#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "platform/db/database.h"

extern char** environ;

namespace fleetkam::app {
namespace {

namespace fs = std::filesystem;

bool is_sqlite(const std::string& url) { return url.rfind("sqlite:", 0) == 0; }
bool is_postgres(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::string sqlite_path(const std::string& url) {
  auto path = url.substr(7);
  if (path.empty() || path == ":memory:") throw BackupError(backup_exit::failed, "sqlite URL needs a file path");
  return path;
}

void check_url(const std::string& url) {
  if (!is_sqlite(url) && !is_postgres(url)) {
    throw BackupError(backup_exit::failed, "database URL must start with sqlite: or postgresql://");
  }
}

// ---- SQLite

struct SqliteCloser {
  void operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

SqliteHandle open_sqlite_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle handle(raw);
  if (rc != SQLITE_OK) {
    throw BackupError(backup_exit::failed,
                      "cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  // a server's checkpoint or WAL recovery holds its locks for moments: wait rather than fail
  sqlite3_busy_timeout(raw, 10000);
  return handle;
}

void exec(sqlite3* handle, const std::string& sql, const std::string& what) {
  char* error = nullptr;
  if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(handle);
    sqlite3_free(error);
    throw BackupError(backup_exit::failed, what + ": " + message);
  }
}

// The first column of every row of `sql`, as text.
std::vector<std::string> column(sqlite3* handle, const std::string& sql, const std::string& what) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    throw BackupError(backup_exit::failed, what + ": " + sqlite3_errmsg(handle));
  }
  std::vector<std::string> values;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(statement, 0);
    values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  sqlite3_finalize(statement);
  if (rc != SQLITE_DONE) throw BackupError(backup_exit::failed, what + ": " + sqlite3_errmsg(handle));
  return values;
}

int64_t sqlite_tables(sqlite3* handle, const std::string& what) {
  return static_cast<int64_t>(
      column(handle, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", what).size());
}

void integrity_check(sqlite3* handle, const std::string& what) {
  auto result = column(handle, "PRAGMA integrity_check", "integrity check of " + what);
  if (result.size() != 1 || result[0] != "ok") {
    std::string first = result.empty() ? "no answer" : result[0];
    throw BackupError(backup_exit::failed, "integrity check of " + what + " failed: " + first);
  }
}

// Copies every page of `source` into `target` with the backup API. Between steps nothing is
// released that a writer waits for (the caller holds the source's read transaction, which in WAL
// mode blocks no writer); a step that meets a lock (BUSY: a checkpoint or recovery; LOCKED) sleeps a
// little and tries again instead of failing, up to a minute.
void copy_pages(sqlite3* target, sqlite3* source, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (!backup) throw BackupError(backup_exit::failed, what + ": " + sqlite3_errmsg(target));
  constexpr int pages_per_step = 1024;  // 4 MiB of the default page size
  auto waited = std::chrono::milliseconds(0);
  int rc;
  while ((rc = sqlite3_backup_step(backup, pages_per_step)) != SQLITE_DONE) {
    if (rc == SQLITE_OK) continue;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited < std::chrono::minutes(1)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      waited += std::chrono::milliseconds(20);
      continue;
    }
    break;
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw BackupError(backup_exit::failed, what + ": " + sqlite3_errstr(rc));
}

// Makes a file's contents (and, with `directory`, its directory entry) durable.
void sync_path(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) throw BackupError(backup_exit::failed, "cannot open " + path.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (rc != 0) throw BackupError(backup_exit::failed, "cannot sync " + path.string() + ": " + std::strerror(error));
}

// Removes a file and SQLite's companions of it (journal, WAL, shared memory), quietly.
void remove_sqlite_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

BackupResult backup_sqlite(const std::string& path, const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw BackupError(backup_exit::failed, "no SQLite database at " + path);
  // read-write (never create): a read-only connection could not take part in the WAL's shared
  // memory if this were the first connection after a crash
  auto source = open_sqlite_file(path, SQLITE_OPEN_READWRITE);
  // One read transaction for the whole copy: the pages copied are one snapshot however long the
  // copy takes (the backup API would otherwise restart whenever another connection writes).
  exec(source.get(), "BEGIN", "start of the read transaction");
  if (column(source.get(), "SELECT COUNT(*) FROM sqlite_schema", "read of " + path).empty()) {
    throw BackupError(backup_exit::failed, "cannot read " + path);
  }

  fs::path target_path(file);
  if (fs::is_directory(target_path, ec)) throw BackupError(backup_exit::failed, file + " is a directory");
  // next to the target, so that the rename is atomic (one file system)
  std::string temporary = file + ".partial-" + std::to_string(::getpid());
  remove_sqlite_files(temporary);
  try {
    {
      auto copy = open_sqlite_file(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      copy_pages(copy.get(), source.get(), "copy of " + path);
      exec(source.get(), "COMMIT", "end of the read transaction");
      // the copy's header says WAL like its source's: make it one self-contained file again, so that
      // it can be moved, checked and restored without a -wal beside it
      exec(copy.get(), "PRAGMA journal_mode=DELETE", "journal mode of the copy");
      integrity_check(copy.get(), "the copy");
    }
    sync_path(temporary, false);
    fs::rename(temporary, target_path);
    auto parent = target_path.parent_path();
    sync_path(parent.empty() ? fs::path(".") : parent, true);
  } catch (...) {
    remove_sqlite_files(temporary);
    throw;
  }
  return {"sqlite", static_cast<int64_t>(fs::file_size(target_path))};
}

void restore_sqlite(const std::string& file, const std::string& path) {
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (!exists && fs::exists(path + "-wal", ec) && fs::file_size(path + "-wal", ec) > 0) {
    // SQLite would apply that log to the new file
    throw BackupError(backup_exit::target_not_empty,
                      path + "-wal exists without its database: remove it (or restore elsewhere)");
  }
  auto backup = open_sqlite_file(file, SQLITE_OPEN_READONLY);
  integrity_check(backup.get(), file);
  if (column(backup.get(), "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
             "read of " + file)
          .empty()) {
    throw BackupError(backup_exit::wrong_kind, file + " is an SQLite database but not a fleetkam backup");
  }
  if (exists) {
    auto target = open_sqlite_file(path, SQLITE_OPEN_READWRITE);
    if (int64_t tables = sqlite_tables(target.get(), "read of " + path); tables > 0) {
      throw BackupError(backup_exit::target_not_empty,
                        path + " is not empty (" + std::to_string(tables) +
                            " tables): restore only into a new file or an empty database; nothing was changed");
    }
  }
  try {
    auto target = open_sqlite_file(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // the backup API writes the whole copy in one transaction of the target: a failure leaves it empty
    copy_pages(target.get(), backup.get(), "restore into " + path);
    exec(target.get(), "PRAGMA journal_mode=WAL", "journal mode of " + path);
    integrity_check(target.get(), path);
  } catch (...) {
    if (!exists) remove_sqlite_files(path);  // the file this restore made, not one it was given
    throw;
  }
}

// ---- PostgreSQL

// pg_dump and pg_restore: on PATH (Debian's wrapper picks the newest installed version), else
// the newest /usr/lib/postgresql/N/bin (the server package alone puts them only there).
std::string find_tool(const std::string& name) {
  std::error_code ec;
  if (const char* path = std::getenv("PATH")) {
    std::string dirs(path);
    size_t start = 0;
    while (start <= dirs.size()) {
      auto end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  std::vector<std::pair<int, fs::path>> versions;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    auto candidate = entry.path() / "bin" / name;
    if (::access(candidate.c_str(), X_OK) != 0) continue;
    try {
      versions.emplace_back(std::stoi(entry.path().filename().string()), candidate);
    } catch (const std::exception&) {
      versions.emplace_back(0, candidate);
    }
  }
  if (versions.empty()) {
    throw BackupError(backup_exit::failed, name +
                                               " not found on PATH or in /usr/lib/postgresql/*/bin "
                                               "(apt-get install postgresql-client)");
  }
  std::sort(versions.begin(), versions.end());
  return versions.back().second.string();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The URL without its password, and the password (percent-decoded): the password goes to the
// child in PGPASSWORD, so that it is not on a command line every user of the machine can read.
std::pair<std::string, std::optional<std::string>> split_password(const std::string& url) {
  auto scheme = url.find("://");
  auto authority_end = url.find_first_of("/?", scheme + 3);
  if (authority_end == std::string::npos) authority_end = url.size();
  auto at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < scheme + 3) return {url, std::nullopt};
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return {url, std::nullopt};
  std::string encoded = url.substr(colon + 1, at - colon - 1), password;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && hex_value(encoded[i + 1]) >= 0 &&
        hex_value(encoded[i + 2]) >= 0) {
      password += static_cast<char>(hex_value(encoded[i + 1]) * 16 + hex_value(encoded[i + 2]));
      i += 2;
    } else {
      password += encoded[i];
    }
  }
  return {url.substr(0, colon) + url.substr(at), password};
}

// Runs a program (no shell) with this process's standard streams and environment plus `extra`;
// returns its exit status, or throws if it could not start or was killed.
int run(const std::vector<std::string>& args, const std::vector<std::string>& extra_environment) {
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    bool replaced = std::any_of(extra_environment.begin(), extra_environment.end(), [&](const std::string& x) {
      return entry.compare(0, x.find('=') + 1, x, 0, x.find('=') + 1) == 0;
    });
    if (!replaced) environment.push_back(entry);
  }
  environment.insert(environment.end(), extra_environment.begin(), extra_environment.end());
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0].c_str(), nullptr, nullptr, argv.data(), envp.data());
  if (rc != 0) throw BackupError(backup_exit::failed, "cannot run " + args[0] + ": " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw BackupError(backup_exit::failed, "waiting for " + args[0] + ": " + std::strerror(errno));
  }
  if (WIFSIGNALED(status)) {
    throw BackupError(backup_exit::failed, args[0] + " was killed by signal " + std::to_string(WTERMSIG(status)));
  }
  return WEXITSTATUS(status);
}

std::vector<std::string> password_environment(const std::optional<std::string>& password) {
  if (!password) return {};
  return {"PGPASSWORD=" + *password};
}

BackupResult backup_postgres(const std::string& url, const std::string& file) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw BackupError(backup_exit::failed, file + " is a directory");
  std::string temporary = file + ".partial-" + std::to_string(::getpid());
  fs::remove(temporary, ec);
  auto [bare_url, password] = split_password(url);
  // pg_dump reads in one repeatable-read snapshot and takes only ACCESS SHARE locks: servers keep
  // writing (a migration's ALTER waits for it)
  int status = run({find_tool("pg_dump"), "--format=custom", "--file=" + temporary, "--dbname=" + bare_url},
                   password_environment(password));
  if (status != 0) {
    fs::remove(temporary, ec);
    throw BackupError(backup_exit::failed, "pg_dump failed (exit status " + std::to_string(status) + ")");
  }
  try {
    if (backup_kind(temporary) != "postgresql") {
      throw BackupError(backup_exit::failed, "pg_dump wrote no custom-format archive");
    }
    sync_path(temporary, false);
    fs::rename(temporary, file);
    auto parent = fs::path(file).parent_path();
    sync_path(parent.empty() ? fs::path(".") : parent, true);
  } catch (...) {
    fs::remove(temporary, ec);
    throw;
  }
  return {"postgresql", static_cast<int64_t>(fs::file_size(file))};
}

void restore_postgres(const std::string& file, const std::string& url) {
  std::unique_ptr<db::Database> database;
  try {
    database = db::Database::open(url, 1);
  } catch (const std::exception& error) {
    throw BackupError(backup_exit::failed,
                      std::string("cannot connect (create the database first, e.g. createdb): ") + error.what());
  }
  int64_t tables = 0;
  database->read([&](db::Connection& c) {
    tables = c.query_one(
                  "SELECT COUNT(*) FROM pg_catalog.pg_tables "
                  "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg_toast%'")
                 ->integer(0);
  });
  if (tables > 0) {
    throw BackupError(backup_exit::target_not_empty,
                      database->describe() + " is not empty (" + std::to_string(tables) +
                          " tables): restore only into a new, empty database (createdb); nothing was changed");
  }
  auto [bare_url, password] = split_password(url);
  // one transaction: a failure half way leaves the database as empty as it was. No owner or
  // grants: the restoring role owns everything, whatever the roles of the source's server.
  int status = run({find_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                    "--dbname=" + bare_url, file},
                   password_environment(password));
  if (status != 0) {
    throw BackupError(backup_exit::failed,
                      "pg_restore failed (exit status " + std::to_string(status) + "); the database is unchanged");
  }
  // pg_restore brings no planner statistics: without them the first queries plan blind
  database->write([](db::Connection& c) { c.execute_script("ANALYZE"); });
}

}  // namespace

std::string backup_kind(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  auto read = in.gcount();
  if (read == 16 && std::memcmp(header, "SQLite format 3", 16) == 0) return "sqlite";  // with its \0
  if (read >= 5 && std::memcmp(header, "PGDMP", 5) == 0) return "postgresql";
  return "";
}

std::string backup_description(const std::string& url) {
  if (!is_postgres(url)) return url;
  return split_password(url).first;
}

BackupResult backup_database(const std::string& url, const std::string& file) {
  check_url(url);
  if (file.empty()) throw BackupError(backup_exit::failed, "--to needs a file name");
  if (is_sqlite(url)) return backup_sqlite(sqlite_path(url), file);
  return backup_postgres(url, file);
}

void restore_database(const std::string& file, const std::string& url) {
  check_url(url);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw BackupError(backup_exit::failed, "no backup file at " + file);
  auto kind = backup_kind(file);
  if (kind.empty()) {
    throw BackupError(backup_exit::wrong_kind,
                      file + " is not a fleetkam backup (neither an SQLite database nor a pg_dump custom archive)");
  }
  if (kind == "sqlite" && !is_sqlite(url)) {
    throw BackupError(backup_exit::wrong_kind,
                      file + " is an SQLite backup: restore it into an sqlite: database, not PostgreSQL");
  }
  if (kind == "postgresql" && !is_postgres(url)) {
    throw BackupError(backup_exit::wrong_kind,
                      file + " is a PostgreSQL backup (pg_dump): restore it into a postgresql:// database, not SQLite");
  }
  if (kind == "sqlite") {
    restore_sqlite(file, sqlite_path(url));
  } else {
    restore_postgres(file, url);
  }
}

}  // namespace fleetkam::app
