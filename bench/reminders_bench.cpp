// The reminder sweep for the whole network on `fleetkam gen` data (about 10,000 people): how long
// a run takes when everything it finds is new (the first run: every notification inserted, every
// robot's messages built and enqueued) and when nothing is (every later run). Target: under 10 s.
//
// The database (FLEETKAM_BENCH_REMINDERS_DB, a gen database; bench/reminders.sh prepares a copy)
// gets, once, what the sources read: a pending registration at every dealer (to its province's
// area manager), 2,000 quotes waiting (half at the regional step, half at HQ's), 5,000 tenders
// closing within three days (to their opportunities' owners), and a WeCom robot at every
// province. The sweep reads every source `serve` gives it (add_reminder_sources: quotes,
// registrations, tenders and the reports due or overdue, whose first run also opens the current
// periods of everyone who has none) and a stand-in for the next steps' source still to come, one
// reminder for every person. The sweep runs at Saturday noon, Beijing time, when every open weekly
// table is due within 24 hours. Usage:
//   FLEETKAM_BENCH_REMINDERS_DB=sqlite:PATH build/reminders_bench [runs]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "app/app.h"
#include "modules/notifications/sweep.h"
#include "platform/clock.h"
#include "platform/db/database.h"
#include "platform/db/migrations.h"

namespace {

using fleetkam::db::Connection;

int64_t count(Connection& c, const std::string& sql) { return c.query_one(sql)->integer(0); }

// What the sources read, added once (the gen data has no quotes, tenders or registrations).
void seed(fleetkam::db::Database& database, int64_t now) {
  database.write([&](Connection& c) {
    if (count(c, "SELECT COUNT(*) FROM quotes") > 0) return;
    auto admin = c.query_one("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")->integer(0);
    c.execute(
        "INSERT INTO vehicle_models (code, name, vehicle_type, kind, guide_price_fen, active, created_at, updated_at) "
        "VALUES ('BENCH-1', '江铃 指挥车', 'command', 'upfit', 20000000, 1, ?, ?)",
        {now, now});
    auto model = c.query_one("SELECT id FROM vehicle_models WHERE code = 'BENCH-1'")->integer(0);
    // a registration at every dealer, by one of its people, of one of the accounts
    c.execute(
        "INSERT INTO registrations (account_id, dealer_unit_id, registered_by, vehicle_type, quantity, expected_date, "
        "procurement_method, source_channel, info_class, info_obtained_at, status, created_at, updated_at) "
        "SELECT (SELECT MIN(id) FROM accounts) + d.id, d.id, (SELECT MIN(u.id) FROM users u WHERE u.org_unit_id = "
        "d.id), 'command', 10, '2030-01-01', 'tender', 'gov_procurement_site', 'tender', CAST(? AS BIGINT), 'pending', "
        "CAST(? AS BIGINT), CAST(? AS BIGINT) "
        "FROM org_units d WHERE d.kind = 'dealer' AND EXISTS (SELECT 1 FROM users u WHERE u.org_unit_id = d.id)",
        {now, now, now});
    // quotes on the first 2,000 opportunities: even ids at the regional step, odd at HQ's
    c.execute(
        "INSERT INTO quotes (opportunity_id, owner_unit_id, model_id, quantity, unit_price_fen, guide_price_fen, "
        "discount_bp, max_discount_bp, hq_discount_bp, approval_level, status, created_by, created_at, updated_at) "
        "SELECT o.id, o.owner_unit_id, CAST(? AS BIGINT), 10, 17000000, 20000000, 1500, 500, 1000, 'hq', "
        "CASE WHEN o.id % 2 = 0 THEN 'pending_regional' ELSE 'pending_hq' END, CAST(? AS BIGINT), CAST(? AS BIGINT), "
        "CAST(? AS BIGINT) "
        "FROM opportunities o WHERE o.id <= (SELECT MIN(id) FROM opportunities) + 1999",
        {model, admin, now, now});
    // tenders closing within three days on 5,000 opportunities with an owner
    c.execute(
        "INSERT INTO tenders (opportunity_id, owner_unit_id, notice_no, published_where, published_on, bid_deadline, "
        "created_at, updated_at) SELECT o.id, o.owner_unit_id, 'ZC-' || o.id, '省政府采购网', '2024-01-01', "
        "CAST(? AS BIGINT) + (o.id % 2880) * 60000, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM opportunities o WHERE "
        "o.owner_user_id IS NOT NULL "
        "AND o.id > (SELECT MIN(id) FROM opportunities) + 1999 AND o.id <= (SELECT MIN(id) FROM opportunities) + 6999",
        {now + 3600000, now, now});
    c.execute(
        "INSERT INTO unit_webhooks (unit_id, url, enabled, version, updated_at, updated_by) SELECT id, "
        "'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bench-' || id, 1, 1, CAST(? AS BIGINT), CAST(? AS "
        "BIGINT) "
        "FROM org_units "
        "WHERE kind = 'province'",
        {now, admin});
  });
}

// A stand-in for the next steps' source: one reminder for every active person.
std::vector<fleetkam::notifications::Reminder> everyone(Connection& c, const std::string& kind, int64_t round) {
  std::vector<fleetkam::notifications::Reminder> out;
  for (const auto& row : c.query("SELECT id FROM users WHERE active = 1 ORDER BY id")) {
    out.push_back({row.integer(0), kind, kind + ":" + std::to_string(round) + ":" + std::to_string(row.integer(0)),
                   "本周重点大客户跟踪表将于周六24:00截止", "请在截止前提交",
                   "/reports/" + std::to_string(row.integer(0))});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const char* url = std::getenv("FLEETKAM_BENCH_REMINDERS_DB");
  if (!url || !*url) {
    std::cerr << "set FLEETKAM_BENCH_REMINDERS_DB to a `fleetkam gen` database (sqlite:PATH or postgresql://...)\n";
    return 2;
  }
  int runs = argc > 1 ? std::atoi(argv[1]) : 3;
  auto database = fleetkam::db::Database::open(url, 4);
  fleetkam::db::migrate(*database);
  // Saturday noon in Beijing, this week's or the next: every weekly table is due within 24 hours, so
  // the reports' source reminds everyone who has not submitted (1970-01-01 was a Thursday).
  constexpr int64_t kDay = 86400000, kHour = 3600000;
  const int64_t today = (fleetkam::clock::now_ms() + 8 * kHour) / kDay;
  const int64_t now = (today + (2 - today % 7 + 7) % 7) * kDay + 12 * kHour - 8 * kHour;
  seed(*database, now);
  int64_t people = 0, round = 0;
  database->read([&](Connection& c) { people = count(c, "SELECT COUNT(*) FROM users WHERE active = 1"); });

  fleetkam::notifications::ReminderSweep sweep(*database, "https://fleetkam.example");
  fleetkam::app::add_reminder_sources(sweep);
  sweep.add_source([&](Connection& c, int64_t) { return everyone(c, "next_step_due", round); });

  std::printf("%s: %lld active people\n", database->describe().c_str(), static_cast<long long>(people));
  for (int run = 1; run <= runs; ++run) {
    ++round;  // new keys for the stand-ins: this run's first sweep finds them all new
    database->write([](Connection& c) {
      c.execute("DELETE FROM notifications");
      c.execute("DELETE FROM jobs");
    });
    auto first = sweep.run(now);
    auto steady = sweep.run(now);
    int64_t jobs = 0;
    database->read([&](Connection& c) { jobs = count(c, "SELECT COUNT(*) FROM jobs"); });
    std::printf(
        "run %d  all new: %lld reminders, %lld stored, %lld robot messages (%lld jobs) in %lld ms   "
        "nothing new: %lld reminders, %lld stored in %lld ms\n",
        run, static_cast<long long>(first.reminders), static_cast<long long>(first.created),
        static_cast<long long>(first.messages), static_cast<long long>(jobs), static_cast<long long>(first.elapsed_ms),
        static_cast<long long>(steady.reminders), static_cast<long long>(steady.created),
        static_cast<long long>(steady.elapsed_ms));
  }
  return 0;
}
