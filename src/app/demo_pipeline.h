// The demo's pipeline of the Sichuan dealers (成都鑫达, 自贡众诚): lead registrations in every
// state and the opportunities with their catalogue, tenders, quotes and deliveries, written
// through the services at past moments (the clock pinned). Used by demo.cpp's load_demo only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "modules/accounts/service.h"
#include "modules/agreements/service.h"
#include "modules/events/service.h"
#include "modules/opportunities/service.h"
#include "modules/rectification/service.h"
#include "modules/registrations/service.h"
#include "modules/reports/service.h"
#include "modules/satisfaction/service.h"
#include "modules/support/service.h"
#include "modules/targets/service.h"
#include "modules/visits/service.h"
#include "platform/auth/auth_service.h"

namespace fleetkam::app {

// A dealer's accounts (agency → account): demo.cpp creates them, the pipeline sells to them.
using Owned = std::map<std::string, accounts::Account>;

// Registrations of the Sichuan dealers in every state, made at past moments (the clock pinned)
// so that delays and protection periods are real ones: a lapsed one, approved ones (one to be
// converted, two whose protection ends within 14 days), pending ones for the area manager, a
// rejected one and a conflict between the two dealers.
// Returns the approved registration the pipeline converts.
int64_t load_registrations(registrations::RegistrationService& service, std::map<std::string, auth::Principal>& people,
                           const Owned& chengdu_accounts, const Owned& zigong_accounts);

// The catalogue (base models and upfits, with HQ's price bands) and the Sichuan dealers'
// pipeline: opportunities in every stage, the approved registration converted, tenders with
// near deadlines, competitors' and our quotes (one waiting for the regional director, one for
// HQ), open ones past their expected date or not moved for a month, and won orders delivered
// over the past year (this month, last month and the same month last year among them), two of
// them not yet in full. Every vehicle fits its buyer's industry (fitting.h).
void load_opportunities(opportunities::OpportunityService& service, std::map<std::string, auth::Principal>& people,
                        const Owned& chengdu_accounts, const Owned& zigong_accounts,
                        std::optional<int64_t> approved_registration);

// This half-year's target plan issued with HQ's market capacity, Sichuan's split submitted before
// its due date, and next year's plan as HQ's draft (demo_targets.cpp).
void load_targets(db::Database& database, targets::TargetService& service,
                  std::map<std::string, auth::Principal>& people);

// The last four weeks' tracking tables and last month's statistics tables and summaries of the
// Sichuan dealers' people, on time, late, corrected and missing, with a reviewer's comment; this
// week's table as a draft (demo_reports.cpp).
void load_reports(reports::ReportService& service, std::map<std::string, auth::Principal>& people);
// The Sichuan dealers' visits over the last five weeks with their contacts and next steps (some
// done, two due today, two overdue), a key account never visited and one past its 14 days
// (demo_visits.cpp). With `opportunities`, visits follow up the pipeline's opportunities.
void load_visits(visits::VisitService& service, accounts::AccountService& accounts,
                 opportunities::OpportunityService* opportunities, std::map<std::string, auth::Principal>& people,
                 const Owned& chengdu_accounts, const Owned& zigong_accounts);

// The Sichuan rectification orders: one open to 成都鑫达 on its unvisited key account, one overdue
// and one closed to 自贡众诚, one answered by the area manager for the regional director to verify
// (demo_rectifications.cpp).
void load_rectifications(rectification::RectificationService& service, std::map<std::string, auth::Principal>& people,
                         const Owned& chengdu_accounts);

// The Sichuan dealers' satisfaction follow-ups: the year's deliveries called on their due day, two
// low scores with complaints (one reviewed and resolved, last week's open), the last days' left to
// call (demo_satisfaction.cpp).
void load_satisfaction(satisfaction::SatisfactionService& service, std::map<std::string, auth::Principal>& people);

// The Sichuan events: last month's provincial exhibition (held, its cost recorded, 杨帆's guests
// checked in), 成都鑫达's promotion event today (guests to check in) and next month's in 自贡
// (demo_events.cpp).
void load_events(events::EventService& service, std::map<std::string, auth::Principal>& people);

// The support ledger: HQ's items and stock, 成都鑫达's and 自贡众诚's requests at every step of the
// approval chain, a gift bought and one refused, the upfitters' supply policies, HQ's dedicated
// visits and policy information with its reward (demo_support.cpp).
void load_support(support::SupportService& service, accounts::AccountService& accounts,
                  opportunities::OpportunityService* opportunities, visits::VisitService* visits,
                  std::map<std::string, auth::Principal>& people, const Owned& chengdu_accounts);

// Five framework agreements of the southwest (central, Sichuan's, 成都's, the emergency system's,
// 绵阳's) in every application state, and 成都鑫达's order under Sichuan's (demo_agreements.cpp).
void load_agreements(agreements::AgreementService& service, accounts::AccountService& accounts,
                     opportunities::OpportunityService* opportunities, std::map<std::string, auth::Principal>& people,
                     const Owned& chengdu_accounts);

}  // namespace fleetkam::app
