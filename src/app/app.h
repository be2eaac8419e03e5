// The wiring: one database, the platform services, every module's service and routes, and
// the HTTP server. `fleetkam serve` and the API tests build the same App.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "modules/accounts/service.h"
#include "modules/accounts/transfer.h"
#include "modules/directories/directories.h"
#include "modules/home/service.h"
#include "modules/opportunities/service.h"
#include "modules/org/service.h"
#include "modules/registrations/service.h"
#include "modules/targets/service.h"
#include "modules/visits/service.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"
#include "platform/http/server.h"

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
  std::unique_ptr<visits::VisitService> visits_;
  std::unique_ptr<home::HomeService> home_;
  std::unique_ptr<http::Server> server_;
  // Removes expired sessions and old sign-in failures, and lapses registrations whose protection
  // ended, every few minutes while serving.
  std::thread sweeper_;
  std::mutex sweeper_mutex_;
  std::condition_variable sweeper_wake_;
  bool stopping_ = false;
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
  visits::VisitService& visits;
};
void register_all_routes(http::Server& server, const Services& services);

}  // namespace fleetkam::app
