// What the parts of OpportunityService (service.cpp and the sub-resources' *_service.cpp) share.
// Not for other modules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "modules/opportunities/model.h"
#include "platform/auth/roles.h"
#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities {

template <typename T>
void set_if(const std::optional<T>& from, T& to) {
  if (from) to = *from;
}

// Today's date (YYYY-MM-DD) in China at `now` (ms).
std::string today_in_china(int64_t now);
// The opportunity in scope, or NotFound.
Opportunity load(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock = false);
bool hq_role(auth::Role role);
// The pyramid's totals: `units` more (or fewer) for the account's grade. On PostgreSQL the
// account row is share-locked, so a grade change (which moves the account's units between
// grades in its own transaction) is either wholly before or wholly after this.
void add_grade_units(db::Connection& c, int64_t account_id, int64_t unit_id, int64_t month, int64_t units);

}  // namespace fleetkam::opportunities
