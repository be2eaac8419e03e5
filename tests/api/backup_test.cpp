// `fleetkam backup` and `fleetkam restore` against a real `fleetkam serve` child process under
// write load: the backup, taken while registrations and accounts are being written, restores into
// a fresh database as one consistent snapshot (every row of every table is the source's, no
// registration without its account and no load account without what was written with it), the
// server starts on the restored database and signs in; a restore into a non-empty database or of
// a file of the other kind is refused and changes nothing. On PostgreSQL with
// FLEETKAM_TEST_POSTGRES_URL (pg_dump/pg_restore), else on SQLite files (the online backup API).
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "harness.h"
#include "spawned.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace fleetkam::test::backup_case {

// Tables whose rows the load changes after they are written (not only adds), so that a row of
// the snapshot may differ from the same row later: only their keys are compared.
// sessions: last seen; jobs: their state; the boards' and the sales' running totals (board_*,
// *_totals, *_counts, *_rollup, agreement_sales): counters per unit and month.
bool updated_in_place(const std::string& table) {
  static const std::set<std::string> tables = {"sessions", "jobs", "agreement_sales", "auth_throttle"};
  auto ends_with = [&](const std::string& suffix) {
    return table.size() >= suffix.size() && table.compare(table.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return tables.count(table) > 0 || table.rfind("board_", 0) == 0 || ends_with("_totals") || ends_with("_counts") ||
         ends_with("_rollup");
}

std::string temporary_file(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "fleetkam-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / (name + "-" + std::to_string(getpid()));
  std::filesystem::remove(path);
  return path.string();
}

// Rows per table, for "nothing changed".
std::map<std::string, int64_t> row_counts(const std::string& url) {
  std::map<std::string, int64_t> counts;
  auto database = db::Database::open(url, 1);
  database->read([&](db::Connection& c) {
    for (const auto& table : spawned::user_tables(c)) {
      counts[table] = c.query_one("SELECT COUNT(*) FROM \"" + table + "\"")->integer(0);
    }
  });
  return counts;
}

// Writes registrations of new accounts and plain accounts, each in its own thread, until told to
// stop; keeps the names of the accounts whose write was acknowledged.
struct Load {
  Load(int port, spawned::Seller seller) : port_(port), seller_(std::move(seller)) {}
  void start() {
    for (int kind = 0; kind < 2; ++kind) {
      threads_.emplace_back([this, kind] {
        for (int i = 0; !stop_; ++i) {
          std::string name = std::string(kind == 0 ? "备份报备单位" : "备份新建单位") + std::to_string(i) + "号";
          json account = account_body(name, seller_.division);
          auto [status, body] =
              kind == 0 ? spawned::post_quietly(port_, "/api/v1/registrations", registration_body(account).dump(),
                                                seller_.rep.token)
                        : spawned::post_quietly(port_, "/api/v1/accounts", account.dump(), seller_.rep.token);
          if (status != 201) {
            failures_++;
            continue;
          }
          std::lock_guard lock(mutex_);
          (kind == 0 ? registered_ : created_).insert(name);
          acknowledged_++;
        }
      });
    }
  }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  void wait_for(int64_t writes) {
    for (int i = 0; i < 600 && acknowledged_ < writes; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  int port_;
  spawned::Seller seller_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> acknowledged_{0}, failures_{0};
  std::mutex mutex_;
  std::set<std::string> registered_, created_;
};

// The names of the load's accounts in a database, and those of them with a registration.
struct LoadRecords {
  std::set<std::string> accounts, registered;
};
LoadRecords load_records(db::Connection& c) {
  LoadRecords out;
  for (const auto& row : c.query("SELECT name FROM accounts WHERE name LIKE '备份%'")) out.accounts.insert(row.text(0));
  for (const auto& row : c.query("SELECT a.name FROM registrations r JOIN accounts a ON a.id = r.account_id "
                                 "WHERE a.name LIKE '备份报备%'")) {
    out.registered.insert(row.text(0));
  }
  return out;
}

}  // namespace fleetkam::test::backup_case

namespace fk_backup = fleetkam::test::backup_case;

TEST(BackupRestore, ABackupUnderWriteLoadRestoresAsOneSnapshot) {
  auto source_url = fresh_database_url("bk_src");
  auto server = spawned::start_server(source_url, "/tmp/fleetkam-backup-source.log");
  ASSERT_GT(server->pid, 0);
  auto seller = spawned::make_seller(server->port, "备份");
  ASSERT_FALSE(seller.rep.token.empty());

  fk_backup::Load load(server->port, seller);
  load.start();
  load.wait_for(20);
  int64_t before_backup = load.acknowledged_;
  std::set<std::string> acknowledged_before;
  {
    std::lock_guard lock(load.mutex_);
    acknowledged_before = load.registered_;
    acknowledged_before.insert(load.created_.begin(), load.created_.end());
  }
  auto file = fk_backup::temporary_file("backup-under-load");
  auto started = std::chrono::steady_clock::now();
  auto backup = spawned::run_fleetkam({"backup", "--db", source_url, "--to", file});
  auto backup_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  load.wait_for(load.acknowledged_ + 20);  // writes go on after the backup too
  load.stop();
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_EQ(load.failures_, 0) << "writes were refused during the backup";
  std::cout << "backup of " << std::filesystem::file_size(file) << " bytes in " << backup_ms << " ms while "
            << load.acknowledged_ - before_backup << " writes were acknowledged around it\n";
  EXPECT_FALSE(std::filesystem::exists(file + ".partial-" + std::to_string(getpid())));
  server->stop(SIGTERM);

  auto restored_url = fresh_database_url("bk_restored");
  auto restore = spawned::run_fleetkam({"restore", "--from", file, "--db", restored_url});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;

  auto source = db::Database::open(source_url, 1);
  auto restored = db::Database::open(restored_url, 1);
  std::vector<std::string> tables;
  std::map<std::string, std::map<std::string, std::string>> source_rows;
  source->read([&](db::Connection& c) {
    tables = spawned::user_tables(c);
    for (const auto& t : tables) source_rows[t] = spawned::table_rows(c, t);
  });
  fk_backup::LoadRecords in_source, in_copy;
  source->read([&](db::Connection& c) { in_source = fk_backup::load_records(c); });
  int64_t rows_compared = 0;
  restored->read([&](db::Connection& c) {
    EXPECT_EQ(spawned::user_tables(c), tables) << "the restored database has other tables";
    for (const auto& t : tables) {
      for (const auto& [key, row] : spawned::table_rows(c, t)) {
        ++rows_compared;
        auto found = source_rows[t].find(key);
        if (found == source_rows[t].end()) {
          ADD_FAILURE() << t << ": a row the source never had (key " << key << ")";
        } else if (!fk_backup::updated_in_place(t) && found->second != row) {
          ADD_FAILURE() << t << ": a row differs from the source's (key " << key << ")";
        }
      }
    }
    in_copy = fk_backup::load_records(c);
    if (c.dialect() == db::Dialect::sqlite) {
      EXPECT_EQ(c.query_one("PRAGMA integrity_check")->text(0), "ok");
      EXPECT_TRUE(c.query("PRAGMA foreign_key_check").empty()) << "a row of the copy refers to a row it lacks";
    }
  });
  // a snapshot taken during the load: it has every write acknowledged before the backup started,
  // not those acknowledged after it ended
  for (const auto& name : acknowledged_before) EXPECT_TRUE(in_copy.accounts.count(name)) << name;
  EXPECT_LT(in_copy.accounts.size(), in_source.accounts.size());
  // a registration and its new account are one transaction: both in the snapshot or neither
  for (const auto& name : in_copy.accounts) {
    if (name.rfind("备份报备", 0) == 0) {
      EXPECT_TRUE(in_copy.registered.count(name)) << name << " without its registration";
    }
  }
  std::cout << rows_compared << " rows of " << tables.size() << " tables compared; " << in_copy.accounts.size()
            << " of the load's " << in_source.accounts.size() << " accounts in the snapshot\n";

  // the server starts on the restored database (no migration to run) and its people sign in
  auto again = spawned::start_server(restored_url, "/tmp/fleetkam-backup-restored.log");
  ASSERT_GT(again->pid, 0);
  Api api(again->port);
  EXPECT_FALSE(api.login("admin", spawned::kAdminPassword).token.empty());
  auto rep = api.login("rep_" + std::to_string(server->port), "Spawned-rep-2026");
  auto listed = api.get("/api/v1/registrations", rep);
  EXPECT_EQ(listed.status, 200) << listed.raw;
  again->stop(SIGTERM);
  {
    std::ifstream log("/tmp/fleetkam-backup-restored.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("(0 migrations applied now)"), std::string::npos) << text;
  }
}

TEST(BackupRestore, ARestoreIntoANonEmptyDatabaseIsRefusedAndChangesNothing) {
  auto url = fresh_database_url("bk_full");
  {
    auto server = spawned::start_server(url, "/tmp/fleetkam-backup-full.log");
    ASSERT_GT(server->pid, 0);
    spawned::make_seller(server->port, "满库");
  }
  auto file = fk_backup::temporary_file("backup-full");
  auto backup = spawned::run_fleetkam({"backup", "--db", url, "--to", file});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  auto counts = fk_backup::row_counts(url);
  std::string sqlite_bytes;
  auto read_file = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  if (url.rfind("sqlite:", 0) == 0) sqlite_bytes = read_file(url.substr(7));

  auto refused = spawned::run_fleetkam({"restore", "--from", file, "--db", url});
  EXPECT_EQ(refused.exit_code, 3) << refused.output;
  EXPECT_NE(refused.output.find("not empty"), std::string::npos) << refused.output;
  EXPECT_EQ(fk_backup::row_counts(url), counts);
  if (!sqlite_bytes.empty()) {
    EXPECT_TRUE(read_file(url.substr(7)) == sqlite_bytes) << "the file was changed";
  }

  // a file of the other database's kind, or of no kind, is refused before the target is read
  auto other_kind = fk_backup::temporary_file("backup-other-kind");
  {
    std::ofstream out(other_kind, std::ios::binary);
    if (using_postgres()) {
      out << std::string("SQLite format 3\0", 16) << std::string(84, '\0');
    } else {
      out << "PGDMP" << std::string(64, '\0');
    }
  }
  auto fresh = fresh_database_url("bk_other");
  auto wrong = spawned::run_fleetkam({"restore", "--from", other_kind, "--db", fresh});
  EXPECT_EQ(wrong.exit_code, 4) << wrong.output;
  EXPECT_NE(wrong.output.find(using_postgres() ? "SQLite backup" : "PostgreSQL backup"), std::string::npos)
      << wrong.output;
  auto garbage = fk_backup::temporary_file("backup-garbage");
  std::ofstream(garbage) << "名称,行业\n";
  auto none = spawned::run_fleetkam({"restore", "--from", garbage, "--db", fresh});
  EXPECT_EQ(none.exit_code, 4) << none.output;
  EXPECT_NE(none.output.find("not a fleetkam backup"), std::string::npos) << none.output;
  if (!using_postgres()) {
    EXPECT_FALSE(std::filesystem::exists(fresh.substr(7))) << "a refused restore made the file";
  }
  // the backup itself restores into that fresh database
  auto good = spawned::run_fleetkam({"restore", "--from", file, "--db", fresh});
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_EQ(fk_backup::row_counts(fresh), counts);
  for (const auto& f : {file, other_kind, garbage}) std::filesystem::remove(f);
}
