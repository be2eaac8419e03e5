// Framework agreements and the application to their supplier lists (docs/agreements.md). Central
// agreements are seen by everyone, a province's by its people and the units above it; HQ's KA
// department manages all, a regional director the central ones and their provinces', an area
// manager their province's. Every write is audited; an application's outcome is final.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/agreements/model.h"
#include "modules/directories/directories.h"
#include "modules/notifications/reminder.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::agreements {

class AgreementService {
 public:
  AgreementService(db::Database& database, directories::DirectoryService& directories)
      : database_(database), directories_(directories) {}

  Agreement create(const auth::Principal& caller, const AgreementInput& input);
  Agreement get(const auth::Principal& caller, int64_t id);
  std::vector<Agreement> list(const auth::Principal& caller, const AgreementFilter& filter);
  Agreement update(const auth::Principal& caller, int64_t id, int64_t version, const AgreementInput& input);

  // The application while preparing or submitted: deadline, documents and the models applied with.
  Agreement save_application(const auth::Principal& caller, int64_t id, int64_t version, const ApplicationInput& in);
  Agreement submit(const auth::Principal& caller, int64_t id, int64_t version);
  // listed (with at least one listing) or not_listed; final.
  Agreement decide(const auth::Principal& caller, int64_t id, int64_t version, const std::string& outcome,
                   const std::vector<ListingInput>& listings, const std::optional<std::string>& note);
  Agreement set_listings(const auth::Principal& caller, int64_t id, int64_t version,
                         const std::vector<ListingInput>& listings);
  Agreement set_dealers(const auth::Principal& caller, int64_t id, int64_t version,
                        const std::vector<int64_t>& dealer_ids);
  Competitor add_competitor(const auth::Principal& caller, int64_t id, const CompetitorInput& input);
  void delete_competitor(const auth::Principal& caller, int64_t id, int64_t competitor_id);

  Sales sales(const auth::Principal& caller, int64_t id);
  Coverage coverage(const auth::Principal& caller, const std::optional<std::string>& category);
  // What the forms offer in the caller's scope: centres, owners, models, dealers, categories.
  nlohmann::json options(const auth::Principal& caller);

 private:
  db::Database& database_;
  directories::DirectoryService& directories_;
};

bool can_manage(const auth::Principal& caller, const Agreement& agreement);

// The home page's to-dos: the caller's applications preparing or submitted whose deadline is
// within 14 days; the caller's listed agreements ending within 90 days (to renew).
int64_t count_applications_due(db::Connection& c, const auth::Principal& caller, int64_t now);
int64_t count_expiring(db::Connection& c, const auth::Principal& caller, int64_t now);

// The sweep's reminders to the owner: an application's deadline in 7 days and tomorrow; a listed
// agreement ending in 90 and in 30 days.
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::agreements
