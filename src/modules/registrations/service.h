// The rules of lead registration (报备): who may register what, when a registration is a
// conflict, review by the province's area manager or above, the protection period and its lapse,
// and the figures per dealer and province.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "modules/accounts/service.h"
#include "modules/directories/directories.h"
#include "modules/registrations/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::registrations {

class RegistrationService {
 public:
  RegistrationService(db::Database& database, directories::DirectoryService& directories,
                      accounts::AccountService& accounts)
      : database_(database), directories_(directories), accounts_(accounts) {}

  // Throws Invalid naming each field (those of a new account as "account.<field>").
  Registration create(const auth::Principal& caller, const NewRegistration& input);
  Registration get(const auth::Principal& caller, int64_t id);
  std::vector<Registration> list(const auth::Principal& caller, const RegistrationFilter& filter);
  // Per status, how many registrations the list would show with `filter` and that status.
  std::map<std::string, int64_t> status_counts(const auth::Principal& caller, RegistrationFilter filter);
  Registration review(const auth::Principal& caller, int64_t id, const Review& review);
  Registration extend(const auth::Principal& caller, int64_t id, int64_t version, const std::string& reason);
  std::vector<UnitStats> stats(const auth::Principal& caller, int64_t from, int64_t to, bool by_province);
  int64_t protection_days(const auth::Principal& caller);
  void set_protection_days(const auth::Principal& caller, int64_t days);
  // Ends the protection of approved registrations whose period is over; returns how many.
  int lapse_expired();

 private:
  Registration reread(db::Connection& c, const auth::Principal& caller, int64_t id);
  db::Database& database_;
  directories::DirectoryService& directories_;
  accounts::AccountService& accounts_;
};

// Days since 1970-01-01 of a "YYYY-MM-DD" calendar day; nullopt when it is not one.
std::optional<int64_t> day_number(const std::string& date);

}  // namespace fleetkam::registrations
