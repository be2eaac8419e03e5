// The monthly assessment (考核, issue 14): HQ's templates, each effective from a month on. (The
// scores, the monthly close and the rectification orders build on these.)
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "modules/assessment/rules.h"
#include "modules/notifications/reminder.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::assessment {

// A template as JSON (docs/api-notes.md "Monthly assessment") and back; reading names each bad
// field (items[2].weight, ...) in `errors`.
nlohmann::json template_json(const Template& t);
Template template_of(const nlohmann::json& body, std::vector<FieldError>& errors);

// The template a month is scored with: the newest effective at or before it (its id), else the
// seed's table (id nullopt).
std::pair<Template, std::optional<int64_t>> effective_template(db::Connection& c, const std::string& month);

// Last month's close as the home page's to-dos need it: the month (YYYY-MM), its status and the
// people whose reviewer scores are still to fill.
struct CloseState {
  std::string month, status = "open";
  int64_t pending_people = 0;
};
CloseState last_close(db::Connection& c, int64_t now);
// The ended months whose next step is the caller's (KA staff: compile an open month; the KA
// director: review; the KA executive: approve), newest first: last month, and any earlier month
// compiled or reviewed and not yet approved.
std::vector<std::string> months_awaiting(db::Connection& c, const auth::Principal& caller, int64_t now);
// The reminder sweep's source: each month waiting for a step reminds the active people of the role
// that takes it (KA staff to compile, the KA director to review, the KA executive to approve), once
// per month, status and version (a reopened month reminds again), with the deadline in the title.
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now);

class AssessmentService {
 public:
  explicit AssessmentService(db::Database& database) : database_(database) {}

  // {"items": every template, newest month first, "default": the seed's table}
  nlohmann::json templates(const auth::Principal& caller);
  // The template `month` (YYYY-MM) is scored with.
  nlohmann::json template_for(const auth::Principal& caller, const std::string& month);
  // Sets the template effective from `month` on (HQ's KA director: assessment.template). 409 when a
  // month from `month` on is already compiled or later: a change never rewrites a closed month.
  // Replacing a month's template needs its version (409 when stale).
  nlohmann::json put_template(const auth::Principal& caller, const std::string& month, const std::string& body);

  // ---- the scores and the monthly close (scores.cpp) ----

  // A month's close: status open|compiled|reviewed|approved, version (0 before the first compile),
  // who did each step and when, the deadline (the 2nd of the next month, 24:00 Beijing), the people
  // compiled and the reviewer scores still to fill. 404 for a month that has not ended.
  nlohmann::json month(const auth::Principal& caller, const std::string& month);
  // The closes of last month and of every month compiled since, newest first; awaiting_me: only
  // those whose next step is the caller's.
  nlohmann::json months(const auth::Principal& caller, bool awaiting_me);
  // compile (KA staff; again while compiled, to take in corrected records: reviewer scores and
  // adjustments carry over), review (KA director; every reviewer score filled), approve (KA
  // executive), reopen (KA executive, with a reason: back to compiled). 403 for another role, 409
  // out of order, for a locked month or a stale version.
  nlohmann::json step(const auth::Principal& caller, const std::string& month, const std::string& action,
                      const std::string& body);

  struct ListFilter {
    std::string month;
    std::optional<std::string> assessed;  // dealer | manager
    std::optional<int64_t> unit_id;       // a unit in scope
    bool pending = false;                 // only people with reviewer scores to fill
    int64_t limit = 50, offset = 0;
  };
  // The scoreboard in the caller's scope (a sales rep: their own row): each person's items, total
  // and national rank among those assessed alike, best first; the averages of the units one level
  // below the caller's. An open month is scored live from the records (status draft).
  nlohmann::json list(const auth::Principal& caller, const ListFilter& filter);
  // One person's scores with every criterion's evidence, comment and adjustments (404 outside scope).
  nlohmann::json person(const auth::Principal& caller, const std::string& month, int64_t user_id);
  // Fill reviewer scores (KA staff, KA director) or adjust any score with a reason (KA director),
  // in a compiled month, at the person's version (409 when stale).
  nlohmann::json score(const auth::Principal& caller, const std::string& month, int64_t user_id,
                       const std::string& body);
  // The approved month for payroll (.xlsx; HQ's KA department: assessment.export): each person's
  // items, total and rank, the month's target, delivered units and attainment rate, and HQ's
  // performance-pay share. 409 assessment.not_approved before approval. The file name (no
  // extension) and its bytes.
  std::pair<std::string, std::string> export_xlsx(const auth::Principal& caller, const std::string& month);

 private:
  db::Database& database_;
};

}  // namespace fleetkam::assessment
