// Background work from a table, not from memory: `enqueue` writes a row in the caller's transaction
// (an outbox: the message exists exactly when the event that causes it committed), and a Queue
// claims due rows, runs each kind's handler outside any transaction, and records the outcome —
// done, retried later with exponential backoff, or failed after its last attempt (kept, logged).
// Several processes on one database never run a row twice (PostgreSQL: FOR UPDATE SKIP LOCKED;
// SQLite: one writer); a row left running by a process that died is taken back when its lease ends.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "platform/db/database.h"

namespace fleetkam::jobs {

constexpr int kDefaultMaxAttempts = 10;

// Writes a job due at `run_at` (ms) in the caller's transaction; returns its id.
int64_t enqueue(db::Connection& c, std::string_view kind, const nlohmann::json& payload, int64_t run_at,
                int max_attempts = kDefaultMaxAttempts);

// The wait before the next attempt after `failed_attempts` failures (1 = the first): 30 s doubled
// each time, at most one hour.
int64_t backoff_ms(int failed_attempts);

// A job as its handler sees it.
struct Job {
  int64_t id = 0;
  std::string kind;
  std::string payload;  // JSON text
  int attempts = 0;     // this one included
  int max_attempts = 0;
};

// Thrown by a handler for a failure no retry can mend (the job fails at once).
struct PermanentFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What happened to one job a run_due() ran.
struct Outcome {
  int64_t id = 0;
  std::string kind;
  std::string status;  // done, pending (retried later), failed
  int attempts = 0;
  std::string error;
};

struct QueueOptions {
  int64_t poll_ms = 1000;                      // how often an idle worker looks for due rows
  int64_t lease_ms = int64_t{5} * 60000;       // how long a claim holds before another worker may take it back
  int64_t keep_finished_ms = 14LL * 86400000;  // done and failed rows are purged after this
};

class Queue {
 public:
  using Handler = std::function<void(const Job&)>;

  Queue(db::Database& database, QueueOptions options = {});
  ~Queue();
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  // Registers the handler of a kind; a claimed row of an unknown kind fails at once.
  void handle(const std::string& kind, Handler handler);
  // A kind that runs every `interval_ms`: one row of it is kept scheduled (see ensure_recurring);
  // each run, whatever its outcome, schedules the next in the transaction that records it.
  void every(const std::string& kind, int64_t interval_ms, Handler handler);
  // Inserts the row of each recurring kind that has none pending or running (under a lock, so
  // processes starting together add one between them). Called by start().
  void ensure_recurring();

  // Claims and runs due jobs on the calling thread until none is due (each row at most once per
  // call, at most `max_jobs`); returns what happened, in order.
  std::vector<Outcome> run_due(size_t max_jobs = 10000);
  // Claims and runs one due job; false when none was due.
  bool run_one(Outcome* outcome = nullptr);

  // The worker thread: run_due() every poll_ms until stop().
  void start();
  // Asks the worker to stop after the job it is running (safe from a signal handler's path: no join).
  void request_stop();
  // request_stop(), then waits for the worker thread to end.
  void stop();
  // Wakes an idle worker now (after a commit that enqueued something).
  void wake();

  const std::string& worker_name() const { return name_; }

 private:
  struct Registration {
    Handler handler;
    int64_t interval_ms = 0;  // > 0: recurring
  };
  std::optional<Job> claim();
  void schedule_missing(db::Connection& c);
  Outcome finish(const Job& job, const std::string& error, bool permanent);
  void purge_finished();

  db::Database& database_;
  QueueOptions options_;
  std::string name_;
  std::map<std::string, Registration> kinds_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  int64_t last_purge_ms_ = 0;
};

}  // namespace fleetkam::jobs
