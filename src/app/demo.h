// The demo data set: a national organisation (regions, every mainland province, two or
// three dealers each) and one user per role. Later capabilities add their records here.
#pragma once

#include <string>
#include <vector>

#include "modules/accounts/service.h"
#include "modules/opportunities/service.h"
#include "modules/org/service.h"
#include "modules/registrations/service.h"
#include "platform/db/database.h"

namespace fleetkam::app {

struct DemoUser {
  std::string username;
  std::string role;
  std::string unit;
};

bool demo_needed(db::Database& database);
// Loads the set; returns the users created (all share demo_password()).
// With `registrations`, also lead registrations in every state for the Sichuan dealers; with
// `opportunities`, the vehicle catalogue and opportunities in every stage with tenders, quotes,
// approvals and a year of deliveries.
std::vector<DemoUser> load_demo(db::Database& database, org::OrgService& org, accounts::AccountService& accounts,
                                registrations::RegistrationService* registrations = nullptr,
                                opportunities::OpportunityService* opportunities = nullptr);
std::string demo_password();
const std::vector<DemoUser>& demo_users();

}  // namespace fleetkam::app
