// Rectification orders (整改): raised by HQ's KA department or a regional director to a province
// (its area manager) or a dealer in their scope, answered by the recipient, verified — closed or
// sent back — by the raiser (or a holder of the raise permission whose scope holds the raiser's
// unit), or withdrawn by them. Scope: an order is seen by whoever sees its recipient unit or its
// raiser's unit, and by its raiser; outside that it is a 404.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/notifications/reminder.h"
#include "modules/rectification/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::rectification {

class RectificationService {
 public:
  explicit RectificationService(db::Database& database) : database_(database) {}

  // rectification.raise (403); the recipient unit (a province or a dealer) and person, and the
  // evidence, in the caller's scope (422 naming the field otherwise); every field checked (422).
  Order raise(const auth::Principal& caller, const OrderInput& input);
  Order get(const auth::Principal& caller, int64_t id);
  std::vector<Order> list(const auth::Principal& caller, const OrderFilter& filter);
  // The recipient answers (the named person, or without one the unit's manager): open → responded.
  Order respond(const auth::Principal& caller, int64_t id, int64_t version, const std::string& response);
  // The verifier closes a responded order, or sends it back (a note required) to open again.
  Order verify(const auth::Principal& caller, int64_t id, int64_t version, const std::string& action,
               const std::optional<std::string>& note);
  // The verifier withdraws an order not closed, with a reason.
  Order cancel(const auth::Principal& caller, int64_t id, int64_t version, const std::string& reason);
  // The caller's scope (or `unit_id` within it): counts by status and per unit one level below.
  Summary summary(const auth::Principal& caller, std::optional<int64_t> unit_id);

 private:
  db::Database& database_;
};

// Whether the caller answers the order (its named person, or without one the recipient unit's
// manager), and whether they verify or withdraw it (rectification.raise over the raiser's unit).
bool can_answer(const auth::Principal& caller, const Order& order);
bool can_verify(const auth::Principal& caller, const Order& order);

// The home page's to-dos, each the length of GET /rectifications with the same filter.
int64_t count_to_answer(db::Connection& c, const auth::Principal& caller);             // box=to_answer&status=open
int64_t count_to_verify(db::Connection& c, const auth::Principal& caller);             // box=to_verify
int64_t count_overdue(db::Connection& c, const auth::Principal& caller, int64_t now);  // overdue=true

// The sweep's reminders: a new or sent-back order to its recipients, an answered one to its
// raiser, and one due tomorrow, today or overdue to its recipients (overdue also to its raiser).
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::rectification
