// What the registrations module offers the home page: counts in the caller's scope that match,
// record for record, what GET /api/v1/registrations returns with the same filter, so a to-do's
// count on home equals the length of the list it links to.
#pragma once

#include <cstdint>
#include <optional>

#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::registrations::home_figures {

// Pending or conflicting registrations of dealers in `scope` (?status=pending,conflict).
int64_t awaiting_review(db::Connection& c, const auth::Scope& scope);

// Approved registrations whose protection ends before `before_ms`
// (?status=approved&protected_until_to=DAY, where before_ms is the end of DAY in China), of
// `registered_by` only when given (?mine=true).
int64_t protection_ending(db::Connection& c, const auth::Scope& scope, int64_t before_ms,
                          std::optional<int64_t> registered_by);

}  // namespace fleetkam::registrations::home_figures
