// Importing 100,000 accounts from a spreadsheet, as a fleet-sales office would after exporting
// another system's list: parse the file, check every row (credit code, directories, divisions,
// owner), look up duplicates, write the valid rows with their search keys and audit rows in one
// transaction. The file is made once (cached in build/bench-data/): `fleetkam gen`'s accounts
// exported by the export code itself. Each run imports into a fresh database with the demo
// organisation (its 348 demo accounts make 348 rows duplicates). On SQLite (a file in /tmp), and
// on PostgreSQL when FLEETKAM_TEST_POSTGRES_URL names a server (bench/run.sh starts one).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/demo.h"
#include "app/gen.h"
#include "modules/accounts/transfer.h"
#include "platform/db/migrations.h"

using namespace fleetkam;

namespace {

constexpr int64_t kRows = 100000;
const std::filesystem::path kData = "build/bench-data";

std::string csv_escape(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Files {
  std::string csv, xlsx;
};

std::unique_ptr<db::Database> open_fresh(const std::string& tag) {
  static int counter = 0;
  std::string name = "fk_import_" + tag + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  if (const char* pg = std::getenv("FLEETKAM_TEST_POSTGRES_URL"); pg && tag == "postgresql") {
    auto admin = db::Database::open(pg, 1);
    auto lease = admin->acquire();
    lease->execute_script("DROP DATABASE IF EXISTS " + name);
    lease->execute_script("CREATE DATABASE " + name);
    std::string url = pg;
    return db::Database::open(url.substr(0, url.rfind('/') + 1) + name, 2);
  }
  auto path = std::filesystem::temp_directory_path() / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return db::Database::open("sqlite:" + path.string(), 2);
}

// A database with the demo organisation and nothing else to import into.
struct Target {
  std::unique_ptr<db::Database> database;
  std::unique_ptr<org::OrgService> org;
  std::unique_ptr<directories::DirectoryService> directories;
  std::unique_ptr<accounts::AccountService> accounts;
  std::unique_ptr<accounts::AccountTransfer> transfer;
};

Target make_target(const std::string& tag) {
  Target t;
  t.database = open_fresh(tag);
  db::migrate(*t.database);
  t.org = std::make_unique<org::OrgService>(*t.database);
  t.org->bootstrap("Bench-secret-2026");
  t.directories = std::make_unique<directories::DirectoryService>(*t.database);
  t.accounts = std::make_unique<accounts::AccountService>(*t.database, *t.directories);
  t.transfer = std::make_unique<accounts::AccountTransfer>(*t.database, *t.accounts, *t.directories);
  app::load_demo(*t.database, *t.org, *t.accounts);
  return t;
}

const Files& files() {
  static Files f = [] {
    Files out;
    std::filesystem::create_directories(kData);
    auto csv_path = kData / "import-100k.csv", xlsx_path = kData / "import-100k.xlsx";
    if (!std::filesystem::exists(csv_path) || !std::filesystem::exists(xlsx_path)) {
      auto source = make_target("source");
      app::GenOptions options;
      options.accounts = kRows - 348;
      options.contacts_per_account = 0;
      app::generate(*source.database, *source.org, *source.accounts, options);
      auto rows = source.transfer->export_rows(org::OrgService::system_principal(), {}, kRows);
      std::ostringstream csv;
      for (const auto& row : rows) {
        for (size_t i = 0; i < row.size(); ++i) csv << (i ? "," : "") << csv_escape(row[i]);
        csv << "\n";
      }
      std::ofstream(csv_path, std::ios::binary) << csv.str();
      std::ofstream(xlsx_path, std::ios::binary) << sheets::write_xlsx("客户", rows);
    }
    auto slurp = [](const std::filesystem::path& p) {
      std::ifstream in(p, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    out.csv = slurp(csv_path);
    out.xlsx = slurp(xlsx_path);
    return out;
  }();
  return f;
}

void run_import(benchmark::State& state, const std::string& tag, bool xlsx, bool dry_run) {
  const auto& file = xlsx ? files().xlsx : files().csv;
  if (tag == "postgresql" && !std::getenv("FLEETKAM_TEST_POSTGRES_URL")) {
    state.SkipWithError("FLEETKAM_TEST_POSTGRES_URL is not set");
    return;
  }
  auto admin = org::OrgService::system_principal();
  admin.user_id = 1;
  for (auto _ : state) {
    state.PauseTiming();
    auto target = make_target(tag);
    state.ResumeTiming();
    auto table = sheets::read_table(file);
    auto result = target.transfer->import_table(admin, table, dry_run);
    benchmark::DoNotOptimize(result.valid);
    state.counters["rows"] = result.total;
    state.counters["valid"] = result.valid;
    state.counters["written"] = result.written;
  }
  state.counters["file_MiB"] = static_cast<double>(file.size()) / (1 << 20);
}

}  // namespace

BENCHMARK_CAPTURE(run_import, sqlite_csv_preview, std::string("sqlite"), false, true)
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(run_import, sqlite_csv_write, std::string("sqlite"), false, false)
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(run_import, sqlite_xlsx_write, std::string("sqlite"), true, false)
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(run_import, postgresql_csv_preview, std::string("postgresql"), false, true)
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(run_import, postgresql_csv_write, std::string("postgresql"), false, false)
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(run_import, postgresql_xlsx_write, std::string("postgresql"), true, false)
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

BENCHMARK_MAIN();
