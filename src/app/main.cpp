// fleetkam: one binary for the server and the command line.
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/backup.h"
#include "app/demo.h"
#include "app/gen.h"
#include "modules/boards/totals.h"
#include "modules/opportunities/service.h"
#include "modules/org/store.h"
#include "modules/reports/service.h"
#include "platform/auth/password.h"
#include "platform/db/migrations.h"
#include "platform/errors.h"

namespace {

using fleetkam::app::App;
using fleetkam::app::Config;

App* running_app = nullptr;

void on_signal(int) {
  if (running_app) running_app->stop();
}

std::string default_web_root() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& candidate : {exe.parent_path().parent_path() / "web" / "dist", exe.parent_path() / "web"}) {
      if (std::filesystem::exists(candidate / "index.html", ec)) return candidate.string();
    }
  }
  if (std::filesystem::exists("web/dist/index.html", ec)) return "web/dist";
  return "";
}

void apply_environment() {
  if (const char* cost = std::getenv("FLEETKAM_PASSWORD_COST")) {
    std::string c(cost);
    if (c == "minimum") fleetkam::auth::set_hash_cost(fleetkam::auth::HashCost::minimum);
    if (c == "moderate") fleetkam::auth::set_hash_cost(fleetkam::auth::HashCost::moderate);
  }
}

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

std::string read_password_from_stdin() {
  std::string password;
  if (isatty(STDIN_FILENO)) std::cerr << "password: " << std::flush;
  std::getline(std::cin, password);
  return password;
}

int serve(Config config, const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw CLI::ValidationError("--listen", "use HOST:PORT");
  config.host = listen.substr(0, colon);
  config.port = std::stoi(listen.substr(colon + 1));
  if (config.test_hooks && config.host != "127.0.0.1" && config.host != "localhost" && config.host != "::1" &&
      config.host != "[::1]") {
    throw CLI::ValidationError("--test-hooks", "test hooks move the clock: only with a loopback --listen address");
  }
  if (config.test_hooks) spdlog::warn("test hooks on: POST /api/v1/test/clock and /api/v1/test/run-jobs exist");
  config.background_jobs = true;
  if (config.web_root.empty()) config.web_root = default_web_root();
  config.admin_password = env("FLEETKAM_ADMIN_PASSWORD");
  App app(config);
  auto info = app.prepare();
  int port = app.bind();
  spdlog::info("fleetkam serving http://{}:{} database {} ({} migrations applied now){}", config.host, port,
               app.database().describe(), info.migrations_run,
               config.web_root.empty() ? " — web app not built, API only" : "");
  if (info.admin_created) {
    if (info.generated_admin_password) {
      std::cout << "\nFirst start: user 'admin' was created with password: " << *info.generated_admin_password
                << "\n(shown once; set FLEETKAM_ADMIN_PASSWORD to choose it)\n\n";
    } else {
      std::cout << "\nFirst start: user 'admin' was created with the password in FLEETKAM_ADMIN_PASSWORD\n\n";
    }
  }
  if (info.demo_loaded) {
    std::cout << "Demo data loaded. Sign in at http://" << config.host << ":" << port
              << " as any of these users with password " << fleetkam::app::demo_password() << "\n";
    for (const auto& user : fleetkam::app::demo_users()) {
      std::cout << "  " << user.username << "  (" << user.role << ", " << user.unit << ")\n";
    }
    std::cout << std::flush;
  }
  running_app = &app;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  app.run();
  running_app = nullptr;
  spdlog::info("fleetkam stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  apply_environment();
  CLI::App cli{"fleetkam — key-account sales management for official and industry vehicles"};
  cli.require_subcommand(1);
  std::string database_url = "sqlite:fleetkam.db";

  Config config;
  std::string listen = "127.0.0.1:8080";
  int idle_minutes = 8 * 60, max_hours = 7 * 24, session_cache_ms = 2000;
  auto* serve_cmd = cli.add_subcommand("serve", "Run the HTTP server (API and web app); migrates at start");
  serve_cmd->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  serve_cmd->add_option("--listen", listen, "HOST:PORT")->capture_default_str();
  serve_cmd->add_flag("--demo", config.demo, "load the demo data set when the database is empty");
  serve_cmd->add_option("--web-root", config.web_root, "the built web app (default: web/dist next to the binary)");
  int reminder_minutes = 5;
  serve_cmd->add_option("--reminder-minutes", reminder_minutes, "run the reminder sweep this often")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 60));
  serve_cmd->add_option("--public-url", config.public_url,
                        "the web app's address as people reach it (e.g. https://fleetkam.example.com), for the "
                        "links in WeCom messages");
  serve_cmd->add_flag(
      "--allow-http-webhooks", config.allow_http_webhooks,
      "let WeCom robots also be http://127.0.0.1:PORT/... (a local test receiver); never in production");
  serve_cmd->add_flag("--test-hooks", config.test_hooks,
                      "add POST /api/v1/test/clock and /api/v1/test/run-jobs for end-to-end tests (loopback only)");
  serve_cmd->add_option("--threads", config.threads, "worker threads (each kept-alive connection holds one)")
      ->capture_default_str()
      ->check(CLI::Range(2, 1024));
  serve_cmd->add_option("--db-pool", config.database_pool, "database connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve_cmd->add_option("--session-idle-minutes", idle_minutes, "sign out after this long without a request")
      ->capture_default_str()
      ->check(CLI::Range(1, 7 * 24 * 60));
  serve_cmd->add_option("--session-max-hours", max_hours, "sign out this long after sign-in in any case")
      ->capture_default_str()
      ->check(CLI::Range(1, 90 * 24));
  serve_cmd
      ->add_option("--session-cache-ms", session_cache_ms,
                   "answer a session from memory for this long (0: read it on every request); a sign-out or a "
                   "disabled user in another process sharing the database takes effect here within this time")
      ->capture_default_str()
      ->check(CLI::Range(0, 60000));

  bool migrate_status = false;
  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply the database migrations");
  migrate_cmd->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  migrate_cmd->add_flag("--status", migrate_status, "list applied and pending migrations, change nothing");

  auto* demo_cmd = cli.add_subcommand("demo", "Load the demo data set into an empty database");
  demo_cmd->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();

  fleetkam::app::GenOptions gen_options;
  auto* gen_cmd = cli.add_subcommand(
      "gen", "Add a national-scale data set (accounts named as real agencies, with contacts) for benchmarks");
  gen_cmd->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  gen_cmd->add_option("--accounts", gen_options.accounts, "accounts to add")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{2000000}));
  gen_cmd->add_option("--contacts-per-account", gen_options.contacts_per_account, "mean contacts per account")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 20.0));
  gen_cmd->add_option("--opportunities", gen_options.opportunities, "opportunities to add over all accounts")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{10000000}));
  gen_cmd->add_option("--deliveries", gen_options.deliveries, "about this many deliveries of the won ones")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{20000000}));
  gen_cmd->add_option("--dealers", gen_options.dealers, "dealers of the national network (the demo's topped up)")
      ->capture_default_str();
  gen_cmd->add_option("--people", gen_options.people, "dealers' people (managers and sales reps) in all")
      ->capture_default_str();
  gen_cmd->add_flag("!--no-plan", gen_options.plan, "no target plan");
  gen_cmd->add_option("--report-weeks", gen_options.report_weeks,
                      "weeks of weekly tracking tables before this one (a third as many months of monthly ones)");
  gen_cmd->add_option("--visits", gen_options.visits, "visits over the last year by the dealers' people")
      ->capture_default_str();
  gen_cmd->add_flag("--agreements-only", gen_options.agreements_only,
                    "add only the framework agreements to a database generated before");
  gen_cmd->add_option("--seed", gen_options.seed, "random seed: the same seed gives the same data")
      ->capture_default_str();

  auto* user_cmd = cli.add_subcommand("user", "Manage users from the command line (as the system)");
  user_cmd->require_subcommand(1);
  std::string username, display_name, role = "admin";
  int64_t unit_id = 1;
  auto* user_create = user_cmd->add_subcommand("create", "Create a user; the password is read from standard input");
  user_create->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  user_create->add_option("--username", username, "sign-in name")->required();
  user_create->add_option("--display-name", display_name, "name shown to people")->required();
  user_create
      ->add_option("--role", role,
                   "admin, ka_director, ka_executive, ka_staff, regional_director, "
                   "area_manager, dealer_manager or sales_rep")
      ->capture_default_str();
  user_create->add_option("--unit", unit_id, "organisation unit id (1 = HQ)")->capture_default_str();
  auto* user_password = user_cmd->add_subcommand("password", "Set a user's password, read from standard input");
  user_password->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  user_password->add_option("--username", username, "sign-in name")->required();
  auto* user_disable = user_cmd->add_subcommand("disable", "Disable a user and end their sessions");
  user_disable->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  user_disable->add_option("--username", username, "sign-in name")->required();

  auto* openapi_cmd = cli.add_subcommand("openapi", "Print the OpenAPI 3.1 document of the HTTP API");

  std::string backup_file;
  auto* backup_cmd = cli.add_subcommand(
      "backup",
      "Write a consistent copy of the database to a file while servers keep running (SQLite: the online "
      "backup API; PostgreSQL: pg_dump --format=custom). Exit 0 done, 1 failed");
  backup_cmd->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  backup_cmd->add_option("--to", backup_file, "the backup file (replaced once the new copy is whole)")->required();
  auto* restore_cmd = cli.add_subcommand(
      "restore",
      "Restore a backup into an empty database (a new SQLite file, or a PostgreSQL database made with createdb). "
      "Exit 0 done, 1 failed, 3 the target is not empty (nothing changed), 4 not a backup of the target's kind");
  restore_cmd->add_option("--db", database_url, "sqlite:PATH or postgresql://...")->capture_default_str();
  restore_cmd->add_option("--from", backup_file, "a file written by fleetkam backup")->required();

  CLI11_PARSE(cli, argc, argv);

  try {
    if (serve_cmd->parsed()) {
      config.database_url = database_url;
      config.session.idle_ms = int64_t{idle_minutes} * 60 * 1000;
      config.session.absolute_ms = int64_t{max_hours} * 3600 * 1000;
      config.session.cache_ms = session_cache_ms;
      config.reminder_interval_ms = int64_t{reminder_minutes} * 60000;
      return serve(config, listen);
    }
    if (openapi_cmd->parsed()) {
      // Routes only: nothing is opened but a throw-away SQLite file for the wiring.
      auto path = std::filesystem::temp_directory_path() / ("fleetkam-openapi-" + std::to_string(getpid()) + ".db");
      {
        Config c;
        c.database_url = "sqlite:" + path.string();
        c.database_pool = 1;
        App app(c);
        std::cout << app.server().openapi().dump(2) << "\n";
      }
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
      return 0;
    }
    // before any Database::open, which would create a missing SQLite file
    if (backup_cmd->parsed()) {
      auto started = std::chrono::steady_clock::now();
      auto result = fleetkam::app::backup_database(database_url, backup_file);
      std::cout << "backed up " << fleetkam::app::backup_description(database_url) << " to " << backup_file << " ("
                << result.kind << ", " << result.bytes << " bytes) in "
                << fmt::format("{:.1f}",
                               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count())
                << " s\n";
      return 0;
    }
    if (restore_cmd->parsed()) {
      fleetkam::app::restore_database(backup_file, database_url);
      std::cout << "restored " << backup_file << " into " << fleetkam::app::backup_description(database_url)
                << "; start the server on it\n";
      return 0;
    }
    auto database = fleetkam::db::Database::open(database_url, 2);
    if (migrate_cmd->parsed()) {
      if (migrate_status) {
        auto applied = fleetkam::db::applied_migrations(*database);
        for (const auto& m : fleetkam::db::migrations_for(database->dialect())) {
          bool done = std::find(applied.begin(), applied.end(), m.number) != applied.end();
          std::cout << (done ? "applied  " : "pending  ") << m.number << " " << m.name << "\n";
        }
        return 0;
      }
      int ran = fleetkam::db::migrate(*database);
      std::cout << "applied " << ran << " migration(s) to " << database->describe() << "\n";
      return 0;
    }
    fleetkam::db::migrate(*database);
    fleetkam::org::OrgService org(*database);
    auto bootstrapped = org.bootstrap(env("FLEETKAM_ADMIN_PASSWORD"));
    if (bootstrapped && !bootstrapped->empty()) {
      std::cout << "user 'admin' was created with password: " << *bootstrapped << "\n";
    }
    auto system = fleetkam::org::OrgService::system_principal();
    if (demo_cmd->parsed()) {
      if (!fleetkam::app::demo_needed(*database)) {
        std::cerr << "the database already has organisation units; the demo set loads only into an empty one\n";
        return 1;
      }
      fleetkam::directories::DirectoryService directories(*database);
      fleetkam::accounts::AccountService accounts(*database, directories);
      fleetkam::registrations::RegistrationService registrations(*database, directories, accounts);
      fleetkam::opportunities::OpportunityService opportunities(*database, directories);
      fleetkam::targets::TargetService targets(*database);
      fleetkam::reports::ReportService reports(*database);
      fleetkam::visits::VisitService visits(*database);
      fleetkam::rectification::RectificationService rectifications(*database);
      fleetkam::satisfaction::SatisfactionService satisfaction(*database);
      fleetkam::events::EventService events(*database);
      fleetkam::support::SupportService support(*database);
      fleetkam::agreements::AgreementService agreements(*database, directories);
      auto users =
          fleetkam::app::load_demo(*database, org, accounts, &registrations, &opportunities, &targets, &reports,
                                   &visits, &rectifications, &satisfaction, &events, &support, &agreements);
      std::cout << "demo data loaded; users (password " << fleetkam::app::demo_password() << "):\n";
      for (const auto& user : users) std::cout << "  " << user.username << "  (" << user.role << ")\n";
      return 0;
    }
    if (gen_cmd->parsed()) {
      fleetkam::directories::DirectoryService directories(*database);
      fleetkam::accounts::AccountService accounts(*database, directories);
      auto started = std::chrono::steady_clock::now();
      auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
      if (gen_options.agreements_only) {
        auto agreements = fleetkam::app::generate_agreements(*database, accounts, gen_options);
        std::cout << "added " << agreements << " framework agreements to " << database->describe() << " in "
                  << fmt::format("{:.1f}", seconds()) << " s\n";
        return 0;
      }
      auto result = fleetkam::app::generate(*database, org, accounts, gen_options, [&](int64_t written) {
        std::cerr << "\r" << written << " accounts (" << static_cast<int>(seconds()) << " s)" << std::flush;
      });
      std::cout << "\nadded " << result.accounts << " accounts and " << result.contacts << " contacts to "
                << database->describe() << " in " << fmt::format("{:.1f}", seconds()) << " s (" << result.refused
                << " planned accounts refused as duplicates)\n";
      if (gen_options.opportunities > 0) {
        auto pipeline = fleetkam::app::generate_pipeline(*database, gen_options, [&](int64_t written) {
          std::cerr << "\r" << written << " opportunities (" << static_cast<int>(seconds()) << " s)" << std::flush;
        });
        std::cout << "\nadded " << pipeline.opportunities << " opportunities and " << pipeline.deliveries
                  << " deliveries in " << fmt::format("{:.1f}", seconds()) << " s\n";
      }
      if (gen_options.visits > 0) {
        auto visits = fleetkam::app::generate_visits(*database, gen_options, [&](int64_t written) {
          std::cerr << "\r" << written << " visits (" << static_cast<int>(seconds()) << " s)" << std::flush;
        });
        std::cout << "\nadded " << visits.visits << " visits with " << visits.visit_contacts << " contacts met in "
                  << fmt::format("{:.1f}", seconds()) << " s\n";
      }
      {
        auto care = fleetkam::app::generate_care(*database, gen_options, [&](int64_t written) {
          std::cerr << "\r" << written << " follow-ups (" << static_cast<int>(seconds()) << " s)" << std::flush;
        });
        std::cout << "\nadded " << care.followups << " satisfaction follow-ups with " << care.complaints
                  << " complaints, " << care.events << " events with " << care.invitations << " invitations, "
                  << care.support_requests << " support requests (" << care.gifts << " gifts) and " << care.rewards
                  << " feedback rewards in " << fmt::format("{:.1f}", seconds()) << " s\n";
      }
      if (auto plan = fleetkam::app::generate_plan(*database, gen_options)) {
        std::cout << "added target plan " << plan << ", issued and split by every province, in "
                  << fmt::format("{:.1f}", seconds()) << " s\n";
      }
      if (gen_options.report_weeks > 0) {
        auto reports = fleetkam::app::generate_reports(*database, gen_options);
        std::cout << "added " << reports << " calendar reports in " << fmt::format("{:.1f}", seconds()) << " s\n";
      }
      if (auto agreements = fleetkam::app::generate_agreements(*database, accounts, gen_options)) {
        std::cout << "added " << agreements << " framework agreements in " << fmt::format("{:.1f}", seconds())
                  << " s\n";
      }
      // the records were written in bulk, past the writers that keep the boards' totals
      database->write([](fleetkam::db::Connection& c) { fleetkam::boards::totals::rebuild(c); });
      std::cout << "computed the boards' totals in " << fmt::format("{:.1f}", seconds()) << " s\n";
      return 0;
    }
    if (user_create->parsed()) {
      auto password = env("FLEETKAM_USER_PASSWORD").value_or("");
      if (password.empty()) password = read_password_from_stdin();
      auto user = org.create_user(system, {username, password, display_name, role, unit_id});
      std::cout << "created user " << user.username << " (id " << user.id << ")\n";
      return 0;
    }
    std::optional<fleetkam::org::User> target;
    database->read([&](fleetkam::db::Connection& c) {
      target = fleetkam::org::store::find_user_by_username(c, fleetkam::auth::username_key(username));
    });
    if (!target) {
      std::cerr << "no user named " << username << "\n";
      return 1;
    }
    if (user_password->parsed()) {
      auto password = env("FLEETKAM_USER_PASSWORD").value_or("");
      if (password.empty()) password = read_password_from_stdin();
      org.reset_password(system, target->id, password);
      std::cout << "password set for " << username << "; their sessions ended\n";
      return 0;
    }
    if (user_disable->parsed()) {
      org.update_user(system, target->id, {target->version, std::nullopt, std::nullopt, std::nullopt, false});
      std::cout << "disabled " << username << "\n";
      return 0;
    }
  } catch (const fleetkam::app::BackupError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return error.exit_code();
  } catch (const fleetkam::AppError& error) {
    std::cerr << "error: " << error.what() << "\n";
    for (const auto& e : error.errors()) std::cerr << "  " << e.field << ": " << e.message << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
