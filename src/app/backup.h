// `fleetkam backup` and `fleetkam restore`: a consistent copy of a database taken while servers
// keep running and writing, and the way back into an empty database.
//
// SQLite: the online backup API from a connection of its own on the live file, inside one read
// transaction (in WAL mode writers carry on; the copy is the database as of that transaction's
// start), into a temporary file next to the target that is checked (PRAGMA integrity_check),
// synced and then renamed, so the target is either the old file or a whole new copy.
// PostgreSQL: pg_dump --format=custom (its own snapshot, writers carry on) and pg_restore.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace fleetkam::app {

// The exit codes of both commands (docs/operations.md lists them).
namespace backup_exit {
constexpr int ok = 0;
constexpr int failed = 1;            // cannot read, write or reach the database; pg_dump/pg_restore failed; bad copy
constexpr int target_not_empty = 3;  // restore: the target database has tables; nothing was changed
constexpr int wrong_kind = 4;        // restore: the file is not a backup, or one of the other database's kind
}  // namespace backup_exit

// A refusal or failure of backup or restore, with the exit code the command ends with.
class BackupError : public std::runtime_error {
 public:
  BackupError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

struct BackupResult {
  std::string kind;   // "sqlite" or "postgresql"
  int64_t bytes = 0;  // size of the file written
};

// Writes a backup of the database at `url` (sqlite:PATH or postgresql://...) to `file`, replacing
// it if it exists (only once the new copy is whole).
BackupResult backup_database(const std::string& url, const std::string& file);

// Restores `file` (made by backup_database) into the database at `url`, which must be empty: an
// SQLite file that does not exist or has no tables, a PostgreSQL database (created beforehand)
// with no tables. Throws BackupError(target_not_empty) without touching a non-empty one.
void restore_database(const std::string& file, const std::string& url);

// The database URL as printed: without a password.
std::string backup_description(const std::string& url);

// What `file` holds, by its first bytes: "sqlite", "postgresql" (pg_dump's custom format) or "".
std::string backup_kind(const std::string& file);

}  // namespace fleetkam::app
