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
};

struct GenResult {
  int64_t accounts = 0;
  int64_t refused = 0;  // plans the checks of user input refused (duplicates of stored accounts)
  int64_t contacts = 0;
  int64_t opportunities = 0;
  int64_t deliveries = 0;
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

}  // namespace fleetkam::app
