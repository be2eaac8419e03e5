// The demo data set: a national organisation (regions, every mainland province, two or
// three dealers each) and one user per role. Later capabilities add their records here.
#pragma once

#include <string>
#include <vector>

#include "modules/accounts/service.h"
#include "modules/agreements/service.h"
#include "modules/events/service.h"
#include "modules/opportunities/service.h"
#include "modules/org/service.h"
#include "modules/rectification/service.h"
#include "modules/registrations/service.h"
#include "modules/reports/service.h"
#include "modules/satisfaction/service.h"
#include "modules/support/service.h"
#include "modules/targets/service.h"
#include "modules/visits/service.h"
#include "platform/db/database.h"

namespace fleetkam::app {

struct DemoUser {
  std::string username;
  std::string role;
  std::string unit;
};

bool demo_needed(db::Database& database);
// Loads the set through the module services, with the checks of user input (validation, the
// duplicate engine): a record they refuse fails the load with an exception naming it. Returns
// the users created (all share demo_password()). Every dealer lists agencies of its place, none
// twice; with `registrations`, also lead registrations in every state for the Sichuan dealers;
// with `opportunities`, the vehicle catalogue and opportunities in every stage with tenders,
// quotes, approvals and a year of deliveries — each vehicle one its buyer's industry buys
// (fitting.h), and work for the home page's to-dos of every demo role; with `targets`, this
// half-year's plan issued (Sichuan's split submitted) and next year's as a draft; with `visits`, the
// Sichuan dealers' visits and next steps of the last five weeks; with `reports`, the Sichuan people's
// weekly and monthly reports of the last weeks (demo_reports.cpp), after the visits they list;
// with `rectifications`, four rectification orders in every state (demo_rectifications.cpp); with
// `satisfaction`, the deliveries' follow-ups called, two low scores and their complaints
// (demo_satisfaction.cpp); with `events`, three Sichuan events: held, today and next month
// (demo_events.cpp); with `agreements`, five framework agreements in every application state and an
// order under one (demo_agreements.cpp).
std::vector<DemoUser> load_demo(db::Database& database, org::OrgService& org, accounts::AccountService& accounts,
                                registrations::RegistrationService* registrations = nullptr,
                                opportunities::OpportunityService* opportunities = nullptr,
                                targets::TargetService* targets = nullptr, reports::ReportService* reports = nullptr,
                                visits::VisitService* visits = nullptr,
                                rectification::RectificationService* rectifications = nullptr,
                                satisfaction::SatisfactionService* satisfaction = nullptr,
                                events::EventService* events = nullptr, support::SupportService* support = nullptr,
                                agreements::AgreementService* agreements = nullptr);
std::string demo_password();
const std::vector<DemoUser>& demo_users();

}  // namespace fleetkam::app
