// kill -9 of `fleetkam serve` while it takes registrations and account imports loses nothing it
// acknowledged: client threads write, the server is killed with SIGKILL at a random moment, started
// again on the same database, and every registration and imported account whose write was answered
// 2xx (in this round or any before) must be there, the database intact (SQLite: integrity_check and
// foreign_key_check). FLEETKAM_CRASH_ROUNDS rounds (default 3, a few seconds for CI;
// bench/crash-soak.sh runs hundreds on both databases), FLEETKAM_CRASH_SEED to repeat a run's kill
// moments.
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "harness.h"
#include "spawned.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace fleetkam::test::crash_case {

int rounds() {
  const char* text = std::getenv("FLEETKAM_CRASH_ROUNDS");
  return text && *text ? std::max(1, std::atoi(text)) : 3;
}

uint32_t seed() {
  const char* text = std::getenv("FLEETKAM_CRASH_SEED");
  if (text && *text) return static_cast<uint32_t>(std::strtoul(text, nullptr, 10));
  return std::random_device{}();
}

constexpr int kImportRows = 200;

// What the server answered 2xx to, over every round.
struct Acknowledged {
  std::mutex mutex;
  std::vector<int64_t> registrations;
  std::vector<std::string> imported;  // account names
};

// One round's writers: two threads registering new accounts, one importing files of new accounts,
// until told to stop. A request the killed server never answered is not acknowledged.
class Writers {
 public:
  Writers(int port, const spawned::Seller& seller, int round, Acknowledged& out)
      : port_(port), seller_(seller), round_(round), out_(out) {}
  void start() {
    for (int t = 0; t < 2; ++t) threads_.emplace_back([this, t] { register_loop(t); });
    threads_.emplace_back([this] { import_loop(); });
  }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }

 private:
  // digits only after the prefix: the duplicate engine tells such names apart
  std::string name(const char* prefix, int thread, int i) const {
    return prefix + std::to_string(round_ * 1000000 + thread * 100000 + i);
  }
  void register_loop(int thread) {
    for (int i = 0; !stop_; ++i) {
      auto body = registration_body(account_body(name("崩溃报备单位", thread, i), seller_.division));
      auto [status, answer] = spawned::post_quietly(port_, "/api/v1/registrations", body.dump(), seller_.rep.token);
      if (status == 201) {
        std::lock_guard lock(out_.mutex);
        out_.registrations.push_back(answer["id"].get<int64_t>());
      }
    }
  }
  void import_loop() {
    for (int i = 0; !stop_; ++i) {
      std::string csv = "名称,行业,行政级别,行政区划代码,分级,业务分类,采购方式,信息渠道\n";
      std::vector<std::string> names;
      for (int row = 0; row < kImportRows; ++row) {
        names.push_back(name("崩溃导入单位", 2, i * kImportRows + row));
        csv += names.back() + ",公安,市级," + seller_.division + ",重点客户,需招投标作业的业务,招标采购,政府采购网站\n";
      }
      auto [status, answer] =
          spawned::post_quietly(port_, "/api/v1/accounts/import?dry_run=false", csv, seller_.rep.token, "text/csv");
      if (status != 200) continue;
      std::set<std::string> not_written;
      for (const auto& row : answer["rows"]) not_written.insert(row["name"].get<std::string>());
      std::lock_guard lock(out_.mutex);
      for (const auto& n : names) {
        if (!not_written.count(n)) out_.imported.push_back(n);
      }
    }
  }

  int port_;
  const spawned::Seller& seller_;
  int round_;
  Acknowledged& out_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
};

// How many of `values` a table's column holds, asked in batches.
template <typename T>
int64_t present(db::Connection& c, const std::string& table, const std::string& column, const std::vector<T>& values) {
  int64_t found = 0;
  for (size_t from = 0; from < values.size(); from += 500) {
    std::vector<T> batch(values.begin() + from, values.begin() + std::min(values.size(), from + 500));
    db::Params params;
    auto marks = db::placeholders(batch, params);
    found +=
        c.query_one("SELECT COUNT(DISTINCT " + column + ") FROM " + table + " WHERE " + column + " IN (" + marks + ")",
                    params)
            ->integer(0);
  }
  return found;
}

}  // namespace fleetkam::test::crash_case

namespace fk_crash = fleetkam::test::crash_case;

TEST(CrashKill9, NothingAcknowledgedIsLostWhenTheServerIsKilled) {
  const int rounds = fk_crash::rounds();
  const uint32_t seed = fk_crash::seed();
  std::mt19937 random(seed);
  auto url = fresh_database_url("crash");
  std::string log = "/tmp/fleetkam-crash-" + std::to_string(getpid()) + ".log";
  auto server = spawned::start_server(url, log);
  ASSERT_GT(server->pid, 0);
  auto seller = spawned::make_seller(server->port, "崩溃");
  ASSERT_FALSE(seller.rep.token.empty());

  fk_crash::Acknowledged acknowledged;
  int survived = 0;
  int64_t checks = 0;
  for (int round = 0; round < rounds; ++round) {
    auto written = [&] {
      std::lock_guard lock(acknowledged.mutex);
      return acknowledged.registrations.size() + acknowledged.imported.size();
    };
    const size_t before = written();
    fk_crash::Writers writers(server->port, seller, round, acknowledged);
    writers.start();
    // once the restarted server acknowledges writes again (its first requests open connections and
    // read the duplicate index; slower under the sanitizers and on PostgreSQL) ...
    for (int waited = 0; written() == before && waited < 5000; waited += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // ... a random moment: often inside an import (a 200-row one takes some 100 ms), sometimes between
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 800)(random)));
    server->stop(SIGKILL);
    writers.stop();

    // started again on the same database: it must come up (SQLite recovers the WAL) ...
    server = spawned::start_server(url, log);
    ASSERT_GT(server->pid, 0) << "round " << round << " (seed " << seed << ")";
    // ... with every acknowledged write of every round so far
    std::lock_guard lock(acknowledged.mutex);
    auto database = db::Database::open(url, 1);
    database->read([&](db::Connection& c) {
      if (c.dialect() == db::Dialect::sqlite) {
        EXPECT_EQ(c.query_one("PRAGMA integrity_check")->text(0), "ok") << "round " << round;
        EXPECT_TRUE(c.query("PRAGMA foreign_key_check").empty()) << "round " << round;
      }
      EXPECT_EQ(fk_crash::present(c, "registrations", "id", acknowledged.registrations),
                static_cast<int64_t>(acknowledged.registrations.size()))
          << "acknowledged registrations lost in round " << round << " (seed " << seed << ")";
      EXPECT_EQ(fk_crash::present(c, "accounts", "name", acknowledged.imported),
                static_cast<int64_t>(acknowledged.imported.size()))
          << "acknowledged imported accounts lost in round " << round << " (seed " << seed << ")";
    });
    checks += static_cast<int64_t>(acknowledged.registrations.size() + acknowledged.imported.size());
    if (::testing::Test::HasFailure()) break;
    ++survived;
  }
  // and the restarted server answers for them
  if (!acknowledged.registrations.empty()) {
    Api api(server->port);
    auto r = api.get("/api/v1/registrations/" + std::to_string(acknowledged.registrations.back()), seller.rep);
    EXPECT_EQ(r.status, 200) << r.raw;
  }
  EXPECT_GT(acknowledged.registrations.size(), 0u);
  std::cout << (using_postgres() ? "PostgreSQL" : "SQLite") << ": " << survived << " of " << rounds
            << " kill -9 rounds survived (seed " << seed << "); " << acknowledged.registrations.size()
            << " registrations and " << acknowledged.imported.size() << " imported accounts acknowledged, " << checks
            << " acknowledged writes checked\n";
}
