#include "modules/notifications/sweep.h"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "modules/notifications/service.h"
#include "modules/notifications/wecom.h"
#include "platform/jobs/jobs.h"

namespace fleetkam::notifications {
namespace {

// Rows per INSERT: 7 parameters each, far below either database's limit on parameters.
constexpr size_t kInsertBatch = 400;
constexpr size_t kPeopleBatch = 500;
constexpr int64_t kMinuteMs = 60000;

constexpr const char* kInsertHead =
    "INSERT INTO notifications (user_id, kind, key, title, body, link, created_at) VALUES ";
constexpr const char* kInsertTail = " ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id, key";
constexpr const char* kRobots =
    "SELECT w.unit_id FROM unit_webhooks w JOIN org_units ou ON ou.id = w.unit_id WHERE w.enabled = 1 AND ou.active = "
    "1";
constexpr const char* kPeopleHead =
    "SELECT u.id, u.display_name, ou.path FROM users u JOIN org_units ou ON ou.id = u.org_unit_id WHERE u.id IN (";

std::string identity(int64_t user_id, const std::string& key) { return std::to_string(user_id) + "\x1f" + key; }

// The unit ids of a path "/1/4/17/", nearest (the unit itself) first.
std::vector<int64_t> nearest_first(const std::string& path) {
  std::vector<int64_t> ids;
  int64_t value = 0;
  bool in_number = false;
  for (char ch : path) {
    if (ch >= '0' && ch <= '9') {
      value = value * 10 + (ch - '0');
      in_number = true;
    } else if (in_number) {
      ids.push_back(value);
      value = 0;
      in_number = false;
    }
  }
  return {ids.rbegin(), ids.rend()};
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

// The reminders new in this run, stored; returns them in the order the sources gave them.
std::vector<const Reminder*> store_new(db::Connection& c, const std::vector<const Reminder*>& reminders, int64_t now) {
  std::vector<const Reminder*> created;
  for (size_t from = 0; from < reminders.size(); from += kInsertBatch) {
    size_t to = std::min(reminders.size(), from + kInsertBatch);
    std::string sql = kInsertHead;
    db::Params params;
    params.reserve((to - from) * 7);
    std::unordered_map<std::string, const Reminder*> batch;
    for (size_t i = from; i < to; ++i) {
      const Reminder& r = *reminders[i];
      sql += i > from ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)";
      params.insert(params.end(), {r.user_id, r.kind, r.key, r.title, r.body, r.link, now});
      batch.emplace(identity(r.user_id, r.key), &r);
    }
    std::unordered_set<const Reminder*> inserted;
    for (const auto& row : c.query(sql + kInsertTail, params)) {
      if (auto found = batch.find(identity(row.integer(0), row.text(1))); found != batch.end()) {
        inserted.insert(found->second);
      }
    }
    for (size_t i = from; i < to; ++i) {
      if (inserted.count(reminders[i])) created.push_back(reminders[i]);
    }
  }
  return created;
}

// Enqueues the robot messages of the new reminders; returns how many.
int64_t enqueue_messages(db::Connection& c, const std::vector<const Reminder*>& created, const std::string& public_url,
                         int64_t now) {
  std::unordered_set<int64_t> robots;
  for (const auto& row : c.query(kRobots)) robots.insert(row.integer(0));
  if (robots.empty() || created.empty()) return 0;

  struct Person {
    std::string name;
    std::optional<int64_t> robot;
  };
  std::unordered_map<int64_t, Person> people;
  std::vector<int64_t> ids;
  for (const auto* r : created) {
    if (people.emplace(r->user_id, Person{}).second) ids.push_back(r->user_id);
  }
  for (size_t from = 0; from < ids.size(); from += kPeopleBatch) {
    size_t to = std::min(ids.size(), from + kPeopleBatch);
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(to));
    for (const auto& row : c.query(kPeopleHead + placeholders(to - from) + ")", params)) {
      Person& person = people[row.integer(0)];
      person.name = row.text(1);
      for (int64_t unit : nearest_first(row.text(2))) {
        if (robots.count(unit)) {
          person.robot = unit;
          break;
        }
      }
    }
  }

  std::map<int64_t, std::vector<std::string>> lines;  // robot unit → its lines, in the sources' order
  for (const auto* r : created) {
    const Person& person = people[r->user_id];
    if (!person.robot) continue;
    lines[*person.robot].push_back(wecom::reminder_line(person.name, r->title, r->body, r->link, public_url));
  }
  int64_t messages = 0;
  for (const auto& [robot, robot_lines] : lines) {
    std::string heading = "**fleetkam 提醒**（共 " + std::to_string(robot_lines.size()) + " 条）";
    auto chunks = wecom::chunk_markdown(heading, robot_lines);
    for (size_t i = 0; i < chunks.size(); ++i) {
      // within WeCom's 20 messages a minute per robot
      int64_t at = now + static_cast<int64_t>(i / wecom::kMessagesPerMinute) * kMinuteMs;
      jobs::enqueue(c, kSendJob, {{"unit_id", robot}, {"content", chunks[i]}}, at, kSendAttempts);
      ++messages;
    }
  }
  return messages;
}

}  // namespace

SweepResult ReminderSweep::run(int64_t now_ms) {
  using steady = std::chrono::steady_clock;
  auto ms_since = [](steady::time_point from) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - from).count();
  };
  auto started = steady::now();
  SweepResult result;
  // The sources are read in a snapshot, which holds no write lock: on the national set they take
  // seconds (80,000 reminders), and inside the write transaction they stopped every write for as
  // long. What they find is stored idempotently (ON CONFLICT DO NOTHING), so a write between the
  // read and the store loses nothing: it is found again by the next run.
  std::vector<Reminder> all;
  database_.read([&](db::Connection& c) {
    for (const auto& source : sources_) {
      auto found = source(c, now_ms);
      all.insert(all.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
  });
  result.read_ms = ms_since(started);
  result.reminders = static_cast<int64_t>(all.size());
  std::vector<const Reminder*> unique;
  unique.reserve(all.size());
  std::unordered_set<std::string> seen;
  for (const auto& r : all) {
    if (r.user_id > 0 && seen.insert(identity(r.user_id, r.key)).second) unique.push_back(&r);
  }
  database_.write([&](db::Connection& c) {
    auto created = store_new(c, unique, now_ms);
    result.created = static_cast<int64_t>(created.size());
    result.messages = enqueue_messages(c, created, public_url_, now_ms);
  });
  result.elapsed_ms = ms_since(started);
  return result;
}

}  // namespace fleetkam::notifications
