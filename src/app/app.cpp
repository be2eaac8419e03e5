#include "app/app.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "app/demo.h"
#include "modules/accounts/routes.h"
#include "modules/home/routes.h"
#include "modules/opportunities/routes.h"
#include "modules/org/routes.h"
#include "modules/registrations/routes.h"
#include "modules/targets/routes.h"
#include "modules/visits/routes.h"
#include "platform/audit/routes.h"
#include "platform/db/migrations.h"

namespace fleetkam::app {

void register_auth_routes(http::Server& server, auth::AuthService& auth, org::OrgService& org);

void register_all_routes(http::Server& server, const Services& services) {
  register_auth_routes(server, services.auth, services.org);
  org::register_routes(server, services.org);
  directories::register_routes(server, services.directories);
  accounts::register_routes(server, services.accounts, services.transfer);
  registrations::register_routes(server, services.registrations);
  opportunities::register_routes(server, services.opportunities);
  targets::register_routes(server, services.targets);
  visits::register_routes(server, services.visits);
  home::register_routes(server, services.home);
  audit::register_routes(server, services.database);
  refdata::register_routes(server);
  server.finish_routes();
}

App::App(Config config) : config_(std::move(config)) {
  database_ = db::Database::open(config_.database_url, config_.database_pool);
  auth_ = std::make_unique<auth::AuthService>(*database_, config_.session);
  org_ = std::make_unique<org::OrgService>(*database_);
  directories_ = std::make_unique<directories::DirectoryService>(*database_);
  accounts_ = std::make_unique<accounts::AccountService>(*database_, *directories_);
  transfer_ = std::make_unique<accounts::AccountTransfer>(*database_, *accounts_, *directories_);
  registrations_ = std::make_unique<registrations::RegistrationService>(*database_, *directories_, *accounts_);
  opportunities_ = std::make_unique<opportunities::OpportunityService>(*database_, *directories_);
  targets_ = std::make_unique<targets::TargetService>(*database_);
  visits_ = std::make_unique<visits::VisitService>(*database_);
  home_ = std::make_unique<home::HomeService>(*database_, *org_);
  http::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  if (const char* secure = std::getenv("FLEETKAM_SECURE_COOKIES")) options.secure_cookies = std::string(secure) == "1";
  options.threads = config_.threads;
  options.web_root = config_.web_root;
  auto* database = database_.get();
  server_ = std::make_unique<http::Server>(options, *auth_, [database] {
    auto lease = database->acquire();
    return lease->query_one("SELECT 1").has_value();
  });
  register_all_routes(*server_, {*database_, *auth_, *org_, *directories_, *accounts_, *transfer_, *registrations_,
                                 *opportunities_, *home_, *targets_, *visits_});
}

App::~App() {
  stop();
  if (sweeper_.joinable()) sweeper_.join();
}

App::StartInfo App::prepare() {
  StartInfo info;
  info.migrations_run = db::migrate(*database_);
  auto bootstrapped = org_->bootstrap(config_.admin_password);
  if (bootstrapped) {
    info.admin_created = true;
    if (!bootstrapped->empty()) info.generated_admin_password = bootstrapped;
  }
  if (config_.demo && demo_needed(*database_)) {
    load_demo(*database_, *org_, *accounts_, registrations_.get(), opportunities_.get(), targets_.get(), visits_.get());
    info.demo_loaded = true;
  }
  auth_->sweep();
  registrations_->lapse_expired();
  // Load the duplicate index now (about 4 s at 500,000 accounts) rather than inside the first
  // request that checks an account, which on SQLite would hold the writer lock meanwhile.
  database_->read([this](db::Connection& c) { accounts_->index().sync(c, false); });
  return info;
}

int App::bind() { return server_->bind(); }
void App::run() {
  sweeper_ = std::thread([this] {
    std::unique_lock lock(sweeper_mutex_);
    while (!sweeper_wake_.wait_for(lock, std::chrono::minutes(10), [this] { return stopping_; })) {
      try {
        auth_->sweep();
      } catch (const std::exception& e) {
        spdlog::warn("session sweep failed: {}", e.what());
      }
      try {
        if (int lapsed = registrations_->lapse_expired()) spdlog::info("{} registrations lapsed", lapsed);
      } catch (const std::exception& e) {
        spdlog::warn("registration lapse failed: {}", e.what());
      }
    }
  });
  server_->run();
}

void App::stop() {
  {
    std::lock_guard lock(sweeper_mutex_);
    stopping_ = true;
  }
  sweeper_wake_.notify_all();
  server_->stop();
}

}  // namespace fleetkam::app
