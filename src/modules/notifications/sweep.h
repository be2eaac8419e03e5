// The reminder sweep: reads every ReminderSource (reminder.h) in a read snapshot, then, in one write
// transaction, stores each reminder as a notification once per (person, key) and, for the ones new
// in this run, enqueues the messages to the WeCom robot of each person's nearest unit that has one enabled (own unit,
// then its parent, …): one message per robot per run, split into WeCom's 4096 bytes and spaced to its 20 a minute. Runs
// as the recurring `reminder_sweep` job, so with several processes one runs it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "modules/notifications/reminder.h"
#include "platform/db/database.h"

namespace fleetkam::notifications {

constexpr const char* kSweepJob = "reminder_sweep";

struct SweepResult {
  int64_t reminders = 0;  // what the sources found
  int64_t created = 0;    // new notifications (the rest were stored by an earlier run)
  int64_t messages = 0;   // wecom_send jobs enqueued
  int64_t read_ms = 0;    // of elapsed_ms, reading the sources (no write lock held)
  int64_t elapsed_ms = 0;
};

class ReminderSweep {
 public:
  // `public_url`: the web app's address (serve --public-url), for the links in robot messages;
  // empty: messages carry no links.
  explicit ReminderSweep(db::Database& database, std::string public_url = "")
      : database_(database), public_url_(std::move(public_url)) {}

  void add_source(ReminderSource source) { sources_.push_back(std::move(source)); }
  SweepResult run(int64_t now_ms);

 private:
  db::Database& database_;
  std::string public_url_;
  std::vector<ReminderSource> sources_;
};

}  // namespace fleetkam::notifications
