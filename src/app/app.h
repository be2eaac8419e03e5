// The wiring: one database, the platform services, every module's service and routes, and
// the HTTP server. `fleetkam serve` and the API tests build the same App.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "modules/accounts/service.h"
#include "modules/accounts/transfer.h"
#include "modules/agreements/service.h"
#include "modules/assessment/service.h"
#include "modules/boards/service.h"
#include "modules/directories/directories.h"
#include "modules/events/service.h"
#include "modules/home/service.h"
#include "modules/notifications/service.h"
#include "modules/notifications/sweep.h"
#include "modules/opportunities/service.h"
#include "modules/org/service.h"
#include "modules/rectification/service.h"
#include "modules/registrations/service.h"
#include "modules/reports/service.h"
#include "modules/satisfaction/service.h"
#include "modules/support/service.h"
#include "modules/targets/service.h"
#include "modules/visits/service.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"
#include "platform/http/server.h"
#include "platform/jobs/jobs.h"

namespace fleetkam::app {

struct Config {
  std::string database_url = "sqlite:fleetkam.db";
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 64;
  int database_pool = 16;
  std::string web_root;
  auth::SessionPolicy session;
  std::optional<std::string> admin_password;  // FLEETKAM_ADMIN_PASSWORD
  bool demo = false;
  // The background worker (jobs table: reminders, WeCom messages, upkeep). `serve` runs it; the
  // API tests leave it off unless a test asks for it, and run jobs when they choose.
  bool background_jobs = false;
  int64_t jobs_poll_ms = 1000;
  int64_t reminder_interval_ms = int64_t{5} * 60000;  // serve --reminder-minutes
  // The web app's address for the links in WeCom messages (serve --public-url); empty: no links.
  std::string public_url;
  // serve --allow-http-webhooks: robots may also be http://127.0.0.1:PORT/... (local receivers).
  bool allow_http_webhooks = false;
  notifications::wecom::Timeouts webhook_timeouts;
  // serve --test-hooks: POST /api/v1/test/clock and /api/v1/test/run-jobs (loopback only).
  bool test_hooks = false;
};

class App {
 public:
  explicit App(Config config);
  ~App();

  // Migrates, creates HQ and admin on an empty database (the generated password is
  // returned once), loads the demo set when asked and the database is empty.
  struct StartInfo {
    int migrations_run = 0;
    std::optional<std::string> generated_admin_password;
    bool admin_created = false;
    bool demo_loaded = false;
  };
  StartInfo prepare();
  int bind();  // returns the port
  void run();  // blocks until stop()
  void stop();

  db::Database& database() { return *database_; }
  http::Server& server() { return *server_; }
  org::OrgService& org() { return *org_; }
  jobs::Queue& jobs() { return *jobs_; }
  notifications::ReminderSweep& sweep() { return *sweep_; }
  notifications::NotificationService& notifications() { return *notifications_; }

 private:
  Config config_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<org::OrgService> org_;
  std::unique_ptr<directories::DirectoryService> directories_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<accounts::AccountTransfer> transfer_;
  std::unique_ptr<registrations::RegistrationService> registrations_;
  std::unique_ptr<opportunities::OpportunityService> opportunities_;
  std::unique_ptr<targets::TargetService> targets_;
  std::unique_ptr<reports::ReportService> reports_;
  std::unique_ptr<visits::VisitService> visits_;
  std::unique_ptr<assessment::AssessmentService> assessment_;
  std::unique_ptr<rectification::RectificationService> rectification_;
  std::unique_ptr<satisfaction::SatisfactionService> satisfaction_;
  std::unique_ptr<events::EventService> events_;
  std::unique_ptr<agreements::AgreementService> agreements_;
  std::unique_ptr<support::SupportService> support_;
  std::unique_ptr<boards::BoardService> boards_;
  std::unique_ptr<home::HomeService> home_;
  std::unique_ptr<notifications::NotificationService> notifications_;
  std::unique_ptr<notifications::ReminderSweep> sweep_;
  // The worker of the jobs table; also runs the recurring upkeep (expired sessions and old sign-in
  // failures removed, registrations whose protection ended lapsed) and the reminder sweep.
  std::unique_ptr<jobs::Queue> jobs_;
  std::unique_ptr<http::Server> server_;
};

// Every route, registered on `server` (also used to print the OpenAPI document).
struct Services {
  db::Database& database;
  auth::AuthService& auth;
  org::OrgService& org;
  directories::DirectoryService& directories;
  accounts::AccountService& accounts;
  accounts::AccountTransfer& transfer;
  registrations::RegistrationService& registrations;
  opportunities::OpportunityService& opportunities;
  home::HomeService& home;
  targets::TargetService& targets;
  reports::ReportService& reports;
  notifications::NotificationService& notifications;
  visits::VisitService& visits;
  assessment::AssessmentService& assessment;
  rectification::RectificationService& rectification;
  satisfaction::SatisfactionService& satisfaction;
  events::EventService& events;
  support::SupportService& support;
  boards::BoardService& boards;
  agreements::AgreementService& agreements;
  // Set only for `serve --test-hooks`: the test routes run these.
  jobs::Queue* test_hooks_queue = nullptr;
  notifications::ReminderSweep* test_hooks_sweep = nullptr;
};
void register_all_routes(http::Server& server, const Services& services);
void register_test_hooks(http::Server& server, jobs::Queue& queue, notifications::ReminderSweep& sweep);
// Every reminder source, added to the sweep here: adding one is one line.
void add_reminder_sources(notifications::ReminderSweep& sweep);

// Kinds of the recurring jobs App schedules.
constexpr const char* kUpkeepJob = "upkeep";

}  // namespace fleetkam::app
