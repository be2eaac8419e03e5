// What the parts of the opportunities store (store.cpp and the sub-resources' *_store.cpp) share.
// Not for other files.
#pragma once

#include <string>

#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities::store {

// `q` as the argument of `LIKE ? ESCAPE '!'` matching it anywhere: it is text, not a pattern, so
// its own % and _ (and the escape character) match only themselves.
std::string contains_pattern(const std::string& q);
// " JOIN org_units sc …" keeping the rows whose `unit_column` is a unit of the scope.
std::string scope_join(const auth::Scope& scope, db::Params& params, const std::string& unit_column);

}  // namespace fleetkam::opportunities::store
