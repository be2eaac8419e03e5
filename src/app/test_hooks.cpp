// Test hooks (`serve --test-hooks`, refused with a listen address other than loopback): routes
// an end-to-end test uses to move the clock and run the background work at once, instead of
// waiting minutes. They are registered only then: a production server has no such routes (and
// `fleetkam openapi` lists none). See docs/api-notes.md, "Test hooks".
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::app {

void register_test_hooks(http::Server& server, jobs::Queue& queue, notifications::ReminderSweep& sweep) {
  using http::Access;
  using http::Method;
  using nlohmann::json;
  {
    using namespace http::schema;
    using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
    server.add_schema("TestClock", object({{"now", time}, {"pinned", flag}}));
    server.add_schema("TestClockSet", input({{"now", nullable(time)}}, {"now"}));
    server.add_schema(
        "TestJobRun",
        object({{"sweep", object({{"reminders", id}, {"created", id}, {"messages", id}})},
                {"jobs",
                 array(object({{"id", id}, {"kind", text}, {"status", text}, {"attempts", id}, {"error", text}}))}}));
  }
  const std::string tag = "Test hooks";
  server.route(
      Method::post, "/api/v1/test/clock", Access::open,
      {"Test servers only: pin the clock to `now` (RFC 3339), or release it with null",
       tag,
       {},
       "TestClockSet",
       "TestClock"},
      [](http::Request& request) {
        auto body = http::parse_json_object(request.body());
        if (!body.contains("now") || body.size() != 1) throw Invalid("now", "give now: a time or null", "required");
        if (body["now"].is_null()) {
          clock::pin(std::nullopt);
        } else {
          auto ms = body["now"].is_string() ? clock::parse_rfc3339(body["now"].get<std::string>()) : std::nullopt;
          if (!ms) throw Invalid("now", "an RFC 3339 time, e.g. 2025-03-01T09:00:00+08:00");
          clock::pin(*ms);
        }
        request.json(200, {{"now", clock::format_rfc3339(clock::now_ms())}, {"pinned", !body["now"].is_null()}});
      });
  server.route(
      Method::post, "/api/v1/test/run-jobs", Access::open,
      {"Test servers only: run the reminder sweep, then every due job, now; what ran", tag, {}, "", "TestJobRun"},
      [&queue, &sweep](http::Request& request) {
        auto swept = sweep.run(clock::now_ms());
        json ran = json::array();
        for (const auto& o : queue.run_due()) {
          ran.push_back(
              {{"id", o.id}, {"kind", o.kind}, {"status", o.status}, {"attempts", o.attempts}, {"error", o.error}});
        }
        request.json(
            200, {{"sweep", {{"reminders", swept.reminders}, {"created", swept.created}, {"messages", swept.messages}}},
                  {"jobs", ran}});
      });
}

}  // namespace fleetkam::app
