// The per-request work of the platform: resolving a session token to its caller (one indexed
// read), reading a JSON body strictly, hashing a token. SQLite file in /tmp.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "modules/org/service.h"
#include "platform/auth/auth_service.h"
#include "platform/auth/password.h"
#include "platform/db/migrations.h"
#include "platform/http/json_input.h"

using namespace fleetkam;

static void BM_TokenHash(benchmark::State& state) {
  auto token = auth::new_token();
  for (auto _ : state) benchmark::DoNotOptimize(auth::token_hash(token));
}
BENCHMARK(BM_TokenHash);

static void BM_JsonInputUserCreate(benchmark::State& state) {
  const std::string body =
      R"({"username":"rep_chengdu","password":"Demo-pass-2026","display_name":"杨帆","role":"sales_rep","org_unit_id":42})";
  for (auto _ : state) {
    http::JsonInput in(body, {"username", "password", "display_name", "role", "org_unit_id"});
    benchmark::DoNotOptimize(in.required_string("username", 64));
    benchmark::DoNotOptimize(in.required_string("display_name", 100));
    benchmark::DoNotOptimize(in.required_integer("org_unit_id"));
    in.finish();
  }
}
BENCHMARK(BM_JsonInputUserCreate);

struct AuthFixture {
  std::unique_ptr<db::Database> database;
  std::unique_ptr<auth::AuthService> service;
  std::string token;
};

static AuthFixture& auth_fixture() {
  static AuthFixture fixture = [] {
    AuthFixture f;
    auto path = std::filesystem::temp_directory_path() / "fleetkam-bench-auth.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    auth::set_hash_cost(auth::HashCost::minimum);
    f.database = db::Database::open("sqlite:" + path.string(), 4);
    db::migrate(*f.database);
    org::OrgService org(*f.database);
    org.bootstrap(std::string("Bench-secret-2026"));
    f.service = std::make_unique<auth::AuthService>(*f.database);
    f.token = f.service->login("admin", "Bench-secret-2026", "bench", "127.0.0.1").token;
    return f;
  }();
  return fixture;
}

// Every signed-in request starts with this: token → hash → one indexed join.
static void BM_AuthenticateSqlite(benchmark::State& state) {
  auto& fixture = auth_fixture();  // a function-local static: built once, thread-safe
  for (auto _ : state) benchmark::DoNotOptimize(fixture.service->authenticate(fixture.token));
}
BENCHMARK(BM_AuthenticateSqlite)->Threads(1)->Threads(2);

BENCHMARK_MAIN();
