// The home page's figures for the caller, composed from what each module offers for it
// (registrations/home_figures.h, opportunities/home_figures.h) in one read transaction, so the
// to-dos, the pipeline and the ranking are one consistent snapshot.
#pragma once

#include "modules/home/model.h"
#include "modules/org/service.h"
#include "modules/reports/service.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::home {

// The windows of the to-dos.
inline constexpr int64_t kProtectionDays = 14;  // registrations whose protection ends within
inline constexpr int64_t kTenderDays = 14;      // tenders whose bid deadline is within
// opportunities unmoved: opportunities::kStaleDays, as GET /opportunities?attention=stale reads it

class HomeService {
 public:
  HomeService(db::Database& database, org::OrgService& org, reports::ReportService& reports)
      : database_(database), org_(org), reports_(reports) {}
  Home home(const auth::Principal& caller);

 private:
  db::Database& database_;
  org::OrgService& org_;
  reports::ReportService& reports_;  // opens the current periods' reports before the to-dos count them
};

}  // namespace fleetkam::home
