// The monthly assessment (考核, issue 14): HQ's templates, each effective from a month on. (The
// scores, the monthly close and the rectification orders build on these.)
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "modules/assessment/rules.h"
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

 private:
  db::Database& database_;
};

}  // namespace fleetkam::assessment
