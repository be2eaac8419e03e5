#include "app/app.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "app/demo.h"
#include "app/route_permissions.h"
#include "modules/accounts/routes.h"
#include "modules/agreements/routes.h"
#include "modules/assessment/routes.h"
#include "modules/boards/routes.h"
#include "modules/boards/totals.h"
#include "modules/events/routes.h"
#include "modules/home/routes.h"
#include "modules/notifications/routes.h"
#include "modules/opportunities/reminders.h"
#include "modules/opportunities/routes.h"
#include "modules/org/routes.h"
#include "modules/rectification/routes.h"
#include "modules/registrations/reminders.h"
#include "modules/registrations/routes.h"
#include "modules/reports/routes.h"
#include "modules/satisfaction/routes.h"
#include "modules/support/routes.h"
#include "modules/targets/routes.h"
#include "modules/visits/reminders.h"
#include "modules/visits/routes.h"
#include "platform/audit/routes.h"
#include "platform/clock.h"
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
  reports::register_routes(server, services.reports);
  visits::register_routes(server, services.visits);
  assessment::register_routes(server, services.assessment);
  rectification::register_routes(server, services.rectification);
  satisfaction::register_routes(server, services.satisfaction);
  events::register_routes(server, services.events);
  agreements::register_routes(server, services.agreements);
  support::register_routes(server, services.support);
  boards::register_routes(server, services.boards);
  home::register_routes(server, services.home);
  notifications::register_routes(server, services.notifications);
  if (services.test_hooks_queue && services.test_hooks_sweep) {
    register_test_hooks(server, *services.test_hooks_queue, *services.test_hooks_sweep);
  }
  audit::register_routes(server, services.database);
  refdata::register_routes(server);
  server.permissions(route_permissions());
  server.finish_routes();
}

void add_reminder_sources(notifications::ReminderSweep& sweep) {
  sweep.add_source(opportunities::reminders::quotes_to_approve);
  sweep.add_source(registrations::reminders::awaiting_review);
  sweep.add_source(opportunities::reminders::tenders_closing);
  sweep.add_source(reports::reminders);
  sweep.add_source(visits::next_step_reminders);
  sweep.add_source(assessment::reminders);
  sweep.add_source(rectification::reminders);
  sweep.add_source(satisfaction::reminders);
  sweep.add_source(events::reminders);
  sweep.add_source(agreements::reminders);
  sweep.add_source(support::reminders);
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
  reports_ = std::make_unique<reports::ReportService>(*database_);
  assessment_ = std::make_unique<assessment::AssessmentService>(*database_);
  rectification_ = std::make_unique<rectification::RectificationService>(*database_);
  satisfaction_ = std::make_unique<satisfaction::SatisfactionService>(*database_);
  org::on_subtree_moved("satisfaction", satisfaction::rebuild_rollup);
  org::on_subtree_moved("boards", boards::totals::rebuild);
  events_ = std::make_unique<events::EventService>(*database_);
  agreements_ = std::make_unique<agreements::AgreementService>(*database_, *directories_);
  support_ = std::make_unique<support::SupportService>(*database_);
  boards_ = std::make_unique<boards::BoardService>(*database_);
  home_ = std::make_unique<home::HomeService>(*database_, *org_, *reports_);
  notifications_ = std::make_unique<notifications::NotificationService>(
      *database_, notifications::WebhookSettings{{config_.allow_http_webhooks}, config_.webhook_timeouts});
  sweep_ = std::make_unique<notifications::ReminderSweep>(*database_, config_.public_url);
  add_reminder_sources(*sweep_);
  jobs::QueueOptions queue_options;
  queue_options.poll_ms = config_.jobs_poll_ms;
  jobs_ = std::make_unique<jobs::Queue>(*database_, queue_options);
  jobs_->handle(notifications::kSendJob, [this](const jobs::Job& job) { notifications_->send(job); });
  jobs_->every(notifications::kSweepJob, config_.reminder_interval_ms, [this](const jobs::Job&) {
    reports_->open_current_periods();  // the reports source reminds of the current periods' reports
    auto result = sweep_->run(clock::now_ms());
    spdlog::info("reminder sweep: {} reminders, {} new, {} robot messages in {} ms ({} ms reading)", result.reminders,
                 result.created, result.messages, result.elapsed_ms, result.read_ms);
  });
  jobs_->every(kUpkeepJob, int64_t{10} * 60000, [this](const jobs::Job&) {
    auth_->sweep();
    if (int lapsed = registrations_->lapse_expired()) spdlog::info("{} registrations lapsed", lapsed);
    if (auto opened = reports_->open_current_periods()) spdlog::info("{} reports opened", opened);
  });
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
  Services services{*database_,     *auth_,          *org_,           *directories_, *accounts_,
                    *transfer_,     *registrations_, *opportunities_, *home_,        *targets_,
                    *reports_,      *notifications_, *visits_,        *assessment_,  *rectification_,
                    *satisfaction_, *events_,        *support_,       *boards_,      *agreements_};
  if (config_.test_hooks) {
    services.test_hooks_queue = jobs_.get();
    services.test_hooks_sweep = sweep_.get();
  }
  register_all_routes(*server_, services);
}

App::~App() {
  stop();
  jobs_->stop();
}

App::StartInfo App::prepare() {
  StartInfo info;
  info.migrations_run = db::migrate(*database_);
  boards::totals::ensure_built(*database_);  // the boards' totals, once, after their migration
  auto bootstrapped = org_->bootstrap(config_.admin_password);
  if (bootstrapped) {
    info.admin_created = true;
    if (!bootstrapped->empty()) info.generated_admin_password = bootstrapped;
  }
  if (config_.demo && demo_needed(*database_)) {
    load_demo(*database_, *org_, *accounts_, registrations_.get(), opportunities_.get(), targets_.get(), reports_.get(),
              visits_.get(), rectification_.get(), satisfaction_.get(), events_.get(), support_.get(),
              agreements_.get());
    info.demo_loaded = true;
  }
  auth_->sweep();
  registrations_->lapse_expired();
  reports_->open_current_periods();
  // Load the duplicate index now (about 4 s at 500,000 accounts) rather than inside the first
  // request that checks an account, which on SQLite would hold the writer lock meanwhile.
  database_->read([this](db::Connection& c) { accounts_->index().sync(c, false); });
  return info;
}

int App::bind() { return server_->bind(); }
void App::run() {
  if (config_.background_jobs) jobs_->start();
  server_->run();
  jobs_->stop();  // waits for the job in hand, if any
}

void App::stop() {
  jobs_->request_stop();
  server_->stop();
}

}  // namespace fleetkam::app
