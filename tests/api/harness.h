// The API test harness: a real fleetkam server (the same App `fleetkam serve` builds) on a
// free port, on a fresh real database — an SQLite file, or a new PostgreSQL database when
// FLEETKAM_TEST_POSTGRES_URL names a server (its maintenance database, e.g. .../postgres).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "app/app.h"

namespace fleetkam::test {

struct Response {
  int status = 0;
  nlohmann::json body;
  std::string raw;
  std::multimap<std::string, std::string> headers;
  std::string header(const std::string& name) const;
};

struct Session {
  std::string token;
  std::string csrf;
  int64_t user_id = 0;
};

class Api {
 public:
  explicit Api(int port) : port_(port) {}
  Response request(const std::string& method, const std::string& path, const std::string& body = "",
                   std::map<std::string, std::string> headers = {});
  Response get(const std::string& path, const Session& as);
  Response post(const std::string& path, const nlohmann::json& body, const Session& as);
  Response patch(const std::string& path, const nlohmann::json& body, const Session& as);
  Response put(const std::string& path, const nlohmann::json& body, const Session& as);
  Session login(const std::string& username, const std::string& password);

 private:
  int port_;
};

// Province codes handed out one by one (each may be used by one province unit only; every
// suite has a fresh database, and no suite needs more than 31).
std::string next_province_code();

// Password hashes at their cheapest when FLEETKAM_PASSWORD_COST=minimum (make test, the e2e servers):
// at the production cost each sign-in and each user created takes about a second under the sanitizers.
void use_test_password_cost();

// Creates a fresh database for this process and returns its URL.
std::string fresh_database_url(const std::string& tag);
bool using_postgres();

std::string make_web_root();

// The day `days` after today (by the clock, pinned or not) in China, YYYY-MM-DD: tests write no
// calendar date that a later day would make stale.
std::string day_from_today(int days);
// The moment of an RFC 3339 time, e.g. at("2026-03-02T10:00:00+08:00"), for a pinned clock.
int64_t at(const std::string& rfc3339);
// The items of a list answer. Any status but 200 is a failure (and no items), so that a check
// such as "the other dealer sees nothing" cannot pass on an error.
nlohmann::json items_of(const Response& r);

// The bodies the fixture builder (ServerFixture::make_account, …) posts, for tests that post them
// themselves.
// The body of a new account: a municipal police bureau in `division`, key grade, bought by
// tender; `extra` adds or overrides fields (credit_code, grade, …).
nlohmann::json account_body(const std::string& name, const std::string& division,
                            const nlohmann::json& extra = nlohmann::json::object());
// The body of a registration (报备) of `account` (an id, or a new account's body): command
// vehicles, tender, expected in 60 days; `extra` adds or overrides fields.
nlohmann::json registration_body(const nlohmann::json& account, const nlohmann::json& extra = nlohmann::json::object());
// The body of an opportunity of `account_id`: one line of command vehicles, tender, expected
// in 60 days; `extra` adds or overrides fields.
nlohmann::json opportunity_body(int64_t account_id, const nlohmann::json& extra = nlohmann::json::object());

// A second server on a database another one shares, as `fleetkam serve` runs it in another
// process: its own connection pool, duplicate index and copy of the units' paths. Its admin
// signs in with kSecondServerAdminPassword.
inline constexpr const char* kSecondServerAdminPassword = "Twin-chief-2026";
struct SecondServer {
  explicit SecondServer(const std::string& url);
  // A server's duplicate hints see what another server wrote within AccountIndex::hint_window():
  // after this wait, at once.
  static void wait_for_hints();
  ~SecondServer();
  SecondServer(const SecondServer&) = delete;
  SecondServer& operator=(const SecondServer&) = delete;
  std::unique_ptr<fleetkam::app::App> app;
  std::unique_ptr<Api> api;
  std::thread thread;
};

// One server shared by the tests of a suite.
class ServerFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static std::unique_ptr<app::App> app_;
  static std::unique_ptr<std::thread> thread_;
  static std::unique_ptr<Api> api_;
  static Session admin_;
  static int port_;

  static constexpr const char* kAdminPassword = "Chief-secret-2026";
  static constexpr const char* kPassword = "Fleet-test-2026";

  Api& api() { return *api_; }
  const Session& admin() { return admin_; }
  // Creates a unit as admin and returns its id.
  int64_t make_unit(const std::string& kind, const std::string& name, int64_t parent,
                    const std::optional<std::string>& division = std::nullopt);
  // Creates a user as admin (password kPassword) and signs them in.
  Session make_user(const std::string& username, const std::string& role, int64_t unit);
  int64_t count(const std::string& table);
  // A name no other test uses, for units and users.
  static std::string unique(const std::string& prefix);

  // ---- the fixture builder: a unit tree, accounts, registrations and opportunities in a line each
  // A region over a province (with a division code of its own) over two dealers, each named
  // uniquely after `tag` ("报备" → 报备大区, 报备省区, 报备甲经销商, 报备乙经销商).
  struct Tree {
    int64_t region = 0, province = 0, dealer_a = 0, dealer_b = 0;
    std::string province_code, dealer_a_name, dealer_b_name;
  };
  Tree make_tree(const std::string& tag);
  // Creates an account named uniquely after `prefix` as `as` (201 expected) and returns its id.
  int64_t make_account(const Session& as, const std::string& division, const std::string& prefix = "某市公安局",
                       const nlohmann::json& extra = nlohmann::json::object());
  // Submits a registration as `as` (201 expected) and returns the answer's body.
  nlohmann::json make_registration(const Session& as, const nlohmann::json& account,
                                   const nlohmann::json& extra = nlohmann::json::object());
  // Creates an opportunity as `as` (201 expected) and returns the answer's body.
  nlohmann::json make_opportunity(const Session& as, int64_t account_id,
                                  const nlohmann::json& extra = nlohmann::json::object());
};

}  // namespace fleetkam::test
