// `fleetkam gen`: a national-scale data set for benchmarks and load tests, on top of the demo
// organisation (loaded first when the database is empty). Accounts are named as real agencies
// are (a division's name + an agency, often + a subordinate unit: 成都市公安局交通警察支队), a
// share in traditional characters, with valid credit codes; each has contacts. Deterministic
// for a given seed. Written in batches with copy_rows (COPY on PostgreSQL), without audit rows.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "modules/accounts/service.h"
#include "modules/org/service.h"
#include "platform/db/database.h"

namespace fleetkam::app {

struct GenOptions {
  int64_t accounts = 500000;
  double contacts_per_account = 3.0;
  uint32_t seed = 2026;
  size_t batch = 25000;
  // the pipeline over the three years up to now, on every account in the database
  int64_t opportunities = 2000000;
  int64_t deliveries = 3000000;
  // the national network: dealers and their people (a manager and sales reps each), an area
  // manager in every province; and a target plan for the last twelve months split to all of them
  int64_t dealers = 2000;
  int64_t people = 10000;
  bool plan = true;
  // the calendar reports of every dealer person: the weekly tracking tables of this many weeks
  // before this one, and the monthly tables of a third as many months (0: none)
  int64_t report_weeks = 12;
  // a year of visits by the dealers' people on their accounts (gen_visits.cpp)
  int64_t visits = 5000000;
  // only the framework agreements, on a database generated before they existed (bench/agreements.sh)
  bool agreements_only = false;
};

struct GenResult {
  int64_t accounts = 0;
  int64_t refused = 0;  // plans the checks of user input refused (duplicates of stored accounts)
  int64_t contacts = 0;
  int64_t opportunities = 0;
  int64_t deliveries = 0;
  int64_t visits = 0;
  int64_t visit_contacts = 0;
  int64_t followups = 0, complaints = 0, events = 0, invitations = 0;
  int64_t support_requests = 0, gifts = 0, rewards = 0;
};

// Every account passes the checks of user input (the accounts service's validation and duplicate
// engine, in bulk): a plan that is a duplicate is skipped (GenResult::refused) and the next one
// taken; an invalid one is a defect of the generator and throws.
// `progress` is called after each batch with the accounts written so far.
GenResult generate(db::Database& database, org::OrgService& org, accounts::AccountService& accounts,
                   const GenOptions& options, const std::function<void(int64_t)>& progress = {});

// Opportunities in every stage (most of them closed: won or lost), one vehicle line each of a
// type the account's industry buys (fitting.h), the stage's procurement stage (rules.h), and
// deliveries of the won ones in the months after, spread over the 36 months up to now; key
// accounts are given more and larger orders. Written with copy_rows, without history rows.
GenResult generate_pipeline(db::Database& database, const GenOptions& options,
                            const std::function<void(int64_t)>& progress = {});

// Tops the demo organisation up to options.dealers dealers (spread over the provinces by their
// number of cities and counties, each in one of them) and options.people people: each dealer a
// manager and sales reps, each province an area manager. Users share the demo password.
void generate_network(db::Database& database, org::OrgService& org, const GenOptions& options);

// Visits over the last 365 days by the dealers' people on their dealers' accounts (key accounts
// six times as often as potential, secondary twice), with contacts, opportunities and next steps
// (the older ones done), and accounts.last_visit_at; bulk-loaded (gen_visits.cpp).
GenResult generate_visits(db::Database& database, const GenOptions& options,
                          const std::function<void(int64_t)>& progress = {});

// Customer care over the last year (gen_care.cpp): a satisfaction follow-up of every delivery of
// the year (the ones due called on their due day, a few low and with complaints) with the charts'
// totals, and each province's monthly exhibition and each dealer's quarterly promotion event with
// their dealers' decision makers and evaluators invited, answers and check-ins.
GenResult generate_care(db::Database& database, const GenOptions& options,
                        const std::function<void(int64_t)>& progress = {});

// A plan for the twelve months up to this one (HQ's director), issued, and every province's split
// to its dealers and people saved and submitted by its area manager, through TargetService.
// Returns the plan's id (0 when the organisation has no director or area managers to do it).
int64_t generate_plan(db::Database& database, const GenOptions& options);

// The calendar reports of every dealer person (reports/service.h) for options.report_weeks weeks
// and a third as many months up to now, and this week's and month's opened: most submitted on
// time, some late, some missing, a few corrected; each weekly table judges the person's key
// accounts. Written with copy_rows. Returns the reports written.
int64_t generate_reports(db::Database& database, const GenOptions& options);

// Framework agreements (gen_agreements.cpp): 20 central and 15 per province (3 provincial, 12 of its
// cities) over the last two years and the coming months, in every application state, with their
// documents, applied and listed models (the catalogue added when there is none), competitors and
// authorised dealers; a tenth of the authorised dealers' agreement-method orders name their
// province's first listed agreement in force. The centres are accounts made through `accounts`.
// Returns the agreements written.
int64_t generate_agreements(db::Database& database, accounts::AccountService& accounts, const GenOptions& options);

}  // namespace fleetkam::app
