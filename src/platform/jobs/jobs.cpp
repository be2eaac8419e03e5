#include "platform/jobs/jobs.h"

#include <malloc.h>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "platform/clock.h"

namespace fleetkam::jobs {
namespace {

constexpr int64_t kFirstBackoffMs = 30000;
constexpr int64_t kMaxBackoffMs = 3600000;
constexpr int64_t kPurgeEveryMs = 3600000;
constexpr size_t kMaxErrorLength = 1000;
// Connection::lock_key of the recurring jobs' scheduling (beside db::lock_keys: 7215001…3).
constexpr int64_t kRecurringLock = 7215004;

// Anything due: a pending row whose time has come, or a running row whose lease ended. Read
// without a write transaction, so an idle worker never takes SQLite's writer lock.
constexpr const char* kAnyDue =
    "SELECT 1 FROM jobs WHERE (status = 'pending' AND run_at <= ?) OR (status = 'running' AND locked_until <= ?) "
    "LIMIT 1";
// A running row whose worker stopped before it finished (the process died): pending again (due
// now), or failed when that was its last attempt.
constexpr const char* kTakeBack =
    "UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, "
    "finished_at = CASE WHEN attempts >= max_attempts THEN CAST(? AS BIGINT) ELSE NULL END, run_at = ?, locked_by = "
    "NULL, "
    "locked_until = NULL, last_error = 'its worker stopped before it finished (lease ended)' "
    "WHERE status = 'running' AND locked_until <= ?";
constexpr const char* kClaimPostgres =
    "UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id = ("
    "SELECT id FROM jobs WHERE status = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, kind, payload, attempts, max_attempts";
// SQLite: the write transaction already excludes every other writer, of any process.
constexpr const char* kClaimSqlite =
    "UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id = ("
    "SELECT id FROM jobs WHERE status = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT 1) "
    "RETURNING id, kind, payload, attempts, max_attempts";
constexpr const char* kDone =
    "UPDATE jobs SET status = 'done', finished_at = ?, locked_by = NULL, locked_until = NULL, last_error = NULL "
    "WHERE id = ? AND status = 'running' AND locked_by = ?";
constexpr const char* kFailed =
    "UPDATE jobs SET status = 'failed', finished_at = ?, locked_by = NULL, locked_until = NULL, last_error = ? "
    "WHERE id = ? AND status = 'running' AND locked_by = ?";
constexpr const char* kRetry =
    "UPDATE jobs SET status = 'pending', run_at = ?, locked_by = NULL, locked_until = NULL, last_error = ? "
    "WHERE id = ? AND status = 'running' AND locked_by = ?";
constexpr const char* kScheduled = "SELECT 1 FROM jobs WHERE kind = ? AND status IN ('pending', 'running') LIMIT 1";
constexpr const char* kPurge = "DELETE FROM jobs WHERE status = 'done' AND finished_at < ?";

std::string make_worker_name() {
  char host[64] = {};
  gethostname(host, sizeof host - 1);
  std::random_device random;
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(random() % 1000000);
}

std::string shortened(std::string text) {
  if (text.size() > kMaxErrorLength) {
    size_t cut = kMaxErrorLength;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole UTF-8 character
    text.resize(cut);
  }
  return text;
}

}  // namespace

int64_t enqueue(db::Connection& c, std::string_view kind, const nlohmann::json& payload, int64_t run_at,
                int max_attempts) {
  auto row = c.query_one(
      "INSERT INTO jobs (kind, payload, run_at, max_attempts, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?) "
      "RETURNING id",
      {std::string(kind), payload.dump(), run_at, int64_t{std::max(1, max_attempts)}, clock::now_ms()});
  return row->integer(0);
}

int64_t backoff_ms(int failed_attempts) {
  if (failed_attempts < 1) failed_attempts = 1;
  int64_t wait = kFirstBackoffMs;
  for (int i = 1; i < failed_attempts && wait < kMaxBackoffMs; ++i) wait *= 2;
  return std::min(wait, kMaxBackoffMs);
}

Queue::Queue(db::Database& database, QueueOptions options)
    : database_(database), options_(options), name_(make_worker_name()) {}

Queue::~Queue() { stop(); }

void Queue::handle(const std::string& kind, Handler handler) { kinds_[kind] = {std::move(handler), 0}; }

void Queue::every(const std::string& kind, int64_t interval_ms, Handler handler) {
  kinds_[kind] = {std::move(handler), std::max<int64_t>(1000, interval_ms)};
}

void Queue::schedule_missing(db::Connection& c) {
  c.lock_key(kRecurringLock);
  for (const auto& [kind, registration] : kinds_) {
    if (registration.interval_ms <= 0 || c.query_one(kScheduled, {kind})) continue;
    enqueue(c, kind, nlohmann::json::object(), clock::now_ms(), 1);
  }
}

void Queue::ensure_recurring() {
  database_.write([&](db::Connection& c) { schedule_missing(c); });
}

std::optional<Job> Queue::claim() {
  int64_t now = clock::now_ms();
  {
    auto lease = database_.acquire();
    if (!lease->query_one(kAnyDue, {now, now})) return std::nullopt;
  }
  std::optional<Job> job;
  database_.write([&](db::Connection& c) {
    if (int64_t taken = c.execute(kTakeBack, {now, now, now})) {
      spdlog::warn("jobs: took back {} job(s) whose worker stopped before finishing", taken);
      schedule_missing(c);  // a recurring row taken back on its last attempt leaves its kind unscheduled
    }
    auto rows = c.query(c.dialect() == db::Dialect::postgres ? kClaimPostgres : kClaimSqlite,
                        {name_, now + options_.lease_ms, now});
    if (rows.empty()) return;
    const auto& row = rows.front();
    job = Job{row.integer(0), row.text(1), row.text(2), static_cast<int>(row.integer(3)),
              static_cast<int>(row.integer(4))};
  });
  return job;
}

Outcome Queue::finish(const Job& job, const std::string& error, bool permanent) {
  Outcome out{job.id, job.kind, "done", job.attempts, shortened(error)};
  auto found = kinds_.find(job.kind);
  const bool recurring = found != kinds_.end() && found->second.interval_ms > 0;
  int64_t now = clock::now_ms();
  if (!error.empty()) {
    // a recurring kind is not retried: its next run is the retry
    out.status = permanent || recurring || job.attempts >= job.max_attempts ? "failed" : "pending";
  }
  database_.write([&](db::Connection& c) {
    int64_t changed = 0;
    if (out.status == "done") {
      changed = c.execute(kDone, {now, job.id, name_});
    } else if (out.status == "failed") {
      changed = c.execute(kFailed, {now, out.error, job.id, name_});
    } else {
      changed = c.execute(kRetry, {now + backoff_ms(job.attempts), out.error, job.id, name_});
    }
    if (changed == 0) {
      // its lease ended and another worker took it back meanwhile: that worker's outcome stands
      spdlog::warn("jobs: job {} ({}) finished after its lease had ended", job.id, job.kind);
      return;
    }
    if (recurring) enqueue(c, job.kind, nlohmann::json::object(), now + found->second.interval_ms, 1);
  });
  if (out.status == "failed") {
    spdlog::error("jobs: job {} ({}) failed after {} attempt(s): {}", job.id, job.kind, job.attempts, out.error);
  } else if (out.status == "pending") {
    spdlog::warn("jobs: job {} ({}) attempt {} of {} failed, retried in {} s: {}", job.id, job.kind, job.attempts,
                 job.max_attempts, backoff_ms(job.attempts) / 1000, out.error);
  }
  return out;
}

bool Queue::run_one(Outcome* outcome) {
  auto job = claim();
  if (!job) return false;
  std::string error;
  bool permanent = false;
  auto found = kinds_.find(job->kind);
  if (found == kinds_.end()) {
    error = "no handler for this kind of job";
    permanent = true;
  } else {
    try {
      found->second.handler(*job);
    } catch (const PermanentFailure& e) {
      error = e.what();
      permanent = true;
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "failed";
    }
  }
  auto out = finish(*job, error, permanent);
  if (outcome) *outcome = std::move(out);
  return true;
}

std::vector<Outcome> Queue::run_due(size_t max_jobs) {
  std::vector<Outcome> out;
  while (out.size() < max_jobs) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    Outcome outcome;
    if (!run_one(&outcome)) break;
    out.push_back(std::move(outcome));
  }
  return out;
}

void Queue::purge_finished() {
  int64_t now = clock::now_ms();
  if (now - last_purge_ms_ < kPurgeEveryMs && now >= last_purge_ms_) return;
  last_purge_ms_ = now;
  database_.write([&](db::Connection& c) {
    if (int64_t purged = c.execute(kPurge, {now - options_.keep_finished_ms})) {
      spdlog::info("jobs: purged {} finished job(s)", purged);
    }
  });
}

void Queue::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    bool scheduled = false;
    for (;;) {
      try {
        if (!scheduled) {
          ensure_recurring();
          scheduled = true;
        }
        // a sweep's rows back to the system: glibc keeps a freed heap (the first reminder sweep on the
        // national set left 120 MB of anonymous memory behind)
        if (!run_due(100).empty()) malloc_trim(0);
        purge_finished();
      } catch (const std::exception& e) {
        spdlog::warn("jobs: worker: {}", e.what());
      }
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stopping_ || woken_; });
      woken_ = false;
      if (stopping_) break;
    }
  });
}

void Queue::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void Queue::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void Queue::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

}  // namespace fleetkam::jobs
