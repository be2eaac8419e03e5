// Sign-in, sessions, CSRF, throttling and expiry against the real server.
#include <httplib.h>

#include <algorithm>
#include <latch>
#include <thread>
#include <vector>

#include "harness.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class AuthApi : public ServerFixture {};

TEST_F(AuthApi, LoginReturnsTokenCsrfAndAStrictCookie) {
  auto r =
      api().request("POST", "/api/v1/auth/login", json{{"username", "admin"}, {"password", kAdminPassword}}.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["token"].get<std::string>().size(), 43u);
  EXPECT_EQ(r.body["csrf_token"].get<std::string>().size(), 43u);
  EXPECT_EQ(r.body["user"]["username"], "admin");
  EXPECT_EQ(r.body["user"]["role"], "admin");
  EXPECT_FALSE(r.body["user"].contains("password_hash"));
  EXPECT_EQ(r.raw.find("argon2"), std::string::npos);
  auto cookie = r.header("Set-Cookie");
  EXPECT_NE(cookie.find("fleetkam_session=" + r.body["token"].get<std::string>()), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  // the token is stored hashed, never as it is
  int64_t stored = 0;
  app_->database().read([&](db::Connection& c) {
    stored = c.query_one("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {r.body["token"].get<std::string>()})
                 ->integer(0);
  });
  EXPECT_EQ(stored, 0);
}

TEST_F(AuthApi, MeIsTheSameRecordAsTheUserAndUnitRoutesGive) {
  auto region = make_unit("region", unique("我的大区"), 1);
  auto province = make_unit("province", unique("我的省区"), region, next_province_code());
  auto manager = make_user(unique("me_am"), "area_manager", province);
  auto unit_path = "/api/v1/org/units/" + std::to_string(province);
  ASSERT_EQ(api().patch(unit_path, {{"version", 1}, {"name", unique("改名省区")}}, admin()).status, 200);
  auto me = api().get("/api/v1/me", manager);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body["user"], api().get("/api/v1/users/" + std::to_string(manager.user_id), admin()).body);
  EXPECT_EQ(me.body["org_unit"], api().get(unit_path, admin()).body);
  EXPECT_EQ(me.body["org_unit"]["version"], 2);
}

TEST_F(AuthApi, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  auto wrong =
      api().request("POST", "/api/v1/auth/login", json{{"username", "admin"}, {"password", "nope-nope-1"}}.dump());
  auto unknown =
      api().request("POST", "/api/v1/auth/login", json{{"username", "nobody"}, {"password", "nope-nope-1"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(wrong.body["code"], "auth.invalid_credentials");
  EXPECT_EQ(wrong.body["detail"], unknown.body["detail"]);
}

TEST_F(AuthApi, LoginInputIsChecked) {
  auto missing = api().request("POST", "/api/v1/auth/login", R"({"username":"admin"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body["errors"][0]["field"], "password");
  auto malformed = api().request("POST", "/api/v1/auth/login", R"({"username":)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body["code"], "malformed_json");
  auto wrong_type = api().request("POST", "/api/v1/auth/login", R"({"username":1,"password":"x"})");
  EXPECT_EQ(wrong_type.status, 422);
  EXPECT_EQ(wrong_type.body["errors"][0]["code"], "wrong_type");
  auto text = api().request("POST", "/api/v1/auth/login", "username=admin", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
}

TEST_F(AuthApi, FiveFailuresWithinFifteenMinutesLockTheUsername) {
  auto user = unique("locked");
  auto region = make_unit("region", unique("锁定大区"), 1);
  (void)region;
  auto r = api().post(
      "/api/v1/users",
      {{"username", user}, {"password", kPassword}, {"display_name", "x"}, {"role", "ka_director"}, {"org_unit_id", 1}},
      admin());
  ASSERT_EQ(r.status, 201) << r.raw;
  for (int i = 0; i < 5; ++i) {
    auto failed =
        api().request("POST", "/api/v1/auth/login", json{{"username", user}, {"password", "Wrong-pass-1"}}.dump());
    EXPECT_EQ(failed.status, 401);
  }
  // now even the right password is refused for this username (case does not matter) ...
  auto locked = api().request("POST", "/api/v1/auth/login", json{{"username", user}, {"password", kPassword}}.dump());
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.body["code"], "rate_limited");
  std::string upper = user;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(
      api().request("POST", "/api/v1/auth/login", json{{"username", upper}, {"password", kPassword}}.dump()).status,
      429);
  // ... but not for another username
  EXPECT_EQ(api()
                .request("POST", "/api/v1/auth/login", json{{"username", "admin"}, {"password", kAdminPassword}}.dump())
                .status,
            200);
  // and 15 minutes later it is open again
  clock::pin(clock::now_ms() + 15LL * 60 * 1000 + 1000);
  auto later = api().request("POST", "/api/v1/auth/login", json{{"username", user}, {"password", kPassword}}.dump());
  clock::pin(std::nullopt);
  EXPECT_EQ(later.status, 200) << later.raw;
}

TEST_F(AuthApi, BearerAndCookieBothWorkAndCookieWritesNeedCsrf) {
  auto session = api().login("admin", kAdminPassword);
  EXPECT_EQ(api().get("/api/v1/me", session).status, 200);
  std::map<std::string, std::string> cookie = {{"Cookie", "theme=dark; fleetkam_session=" + session.token}};
  auto me = api().request("GET", "/api/v1/me", "", cookie);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body["user"]["username"], "admin");
  EXPECT_EQ(me.body["org_unit"]["id"], 1);
  EXPECT_EQ(me.body["org_unit"]["kind"], "hq");
  EXPECT_TRUE(me.body["permissions"].is_array());
  json body = {{"kind", "region"}, {"name", unique("CSRF大区")}, {"parent_id", 1}};
  auto without = api().request("POST", "/api/v1/org/units", body.dump(), cookie);
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(without.body["code"], "csrf_failed");
  auto wrong = cookie;
  wrong["X-CSRF-Token"] = "not-the-token";
  EXPECT_EQ(api().request("POST", "/api/v1/org/units", body.dump(), wrong).status, 403);
  auto right = cookie;
  right["X-CSRF-Token"] = session.csrf;
  EXPECT_EQ(api().request("POST", "/api/v1/org/units", body.dump(), right).status, 201);
}

TEST_F(AuthApi, EveryCookieWriteNeedsCsrfPatchPutDeleteAndLogout) {
  auto session = api().login("admin", kAdminPassword);
  std::map<std::string, std::string> cookie = {{"Cookie", "fleetkam_session=" + session.token}};
  auto with_csrf = cookie;
  with_csrf["X-CSRF-Token"] = session.csrf;
  auto refused = [](const Response& r) {
    EXPECT_EQ(r.status, 403) << r.raw;
    EXPECT_EQ(r.body["code"], "csrf_failed");
  };
  // PATCH: refused, the unit unchanged; then done with the token
  auto region = make_unit("region", unique("CSRF改大区"), 1);
  std::string unit = "/api/v1/org/units/" + std::to_string(region);
  std::string deactivate = json{{"version", 1}, {"active", false}}.dump();
  refused(api().request("PATCH", unit, deactivate, cookie));
  EXPECT_EQ(api().get(unit, session).body["active"], true);
  EXPECT_EQ(api().request("PATCH", unit, deactivate, with_csrf).status, 200);
  // PUT
  std::string days = R"({"protection_days": 90})";
  refused(api().request("PUT", "/api/v1/settings/registrations", days, cookie));
  EXPECT_EQ(api().request("PUT", "/api/v1/settings/registrations", days, with_csrf).status, 200);
  // DELETE: refused before the route looks for the thing (which does not exist: 404 with the token)
  refused(api().request("DELETE", "/api/v1/competitor-quotes/999999", "", cookie));
  EXPECT_EQ(api().request("DELETE", "/api/v1/competitor-quotes/999999", "", with_csrf).status, 404);
  // logout: a page elsewhere cannot sign the user out
  refused(api().request("POST", "/api/v1/auth/logout", "{}", cookie));
  EXPECT_EQ(api().request("GET", "/api/v1/me", "", cookie).status, 200);
  EXPECT_EQ(api().request("POST", "/api/v1/auth/logout", "{}", with_csrf).status, 204);
  EXPECT_EQ(api().request("GET", "/api/v1/me", "", cookie).status, 401);
}

TEST_F(AuthApi, SignedOutAndUnknownTokensAre401) {
  EXPECT_EQ(api().request("GET", "/api/v1/me").status, 401);
  EXPECT_EQ(api().request("GET", "/api/v1/me").body["code"], "unauthenticated");
  EXPECT_EQ(api().get("/api/v1/me", {"made-up-token", "", 0}).status, 401);
  auto session = api().login("admin", kAdminPassword);
  auto out = api().post("/api/v1/auth/logout", json::object(), session);
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(api().get("/api/v1/me", session).status, 401);
  EXPECT_EQ(api().post("/api/v1/auth/logout", json::object(), session).status, 401);
}

TEST_F(AuthApi, SessionsEndAfterIdleTimeAndAtTheAbsoluteLimit) {
  auto session = api().login("admin", kAdminPassword);
  const int64_t start = clock::now_ms();
  // 7 hours idle: still valid (idle limit 8 h); the request refreshes last-seen
  clock::pin(start + 7LL * 3600 * 1000);
  EXPECT_EQ(api().get("/api/v1/me", session).status, 200);
  // another 7 hours: valid, because the last request was 7 hours ago
  clock::pin(start + 14LL * 3600 * 1000);
  EXPECT_EQ(api().get("/api/v1/me", session).status, 200);
  // 8 hours after that without a request: ended
  clock::pin(start + 22LL * 3600 * 1000 + 1000);
  EXPECT_EQ(api().get("/api/v1/me", session).status, 401);
  clock::pin(std::nullopt);

  // kept busy, a session still ends 7 days after sign-in
  auto busy = api().login("admin", kAdminPassword);
  const int64_t signed_in = clock::now_ms();
  for (int64_t hours = 6; hours < 7LL * 24; hours += 6) {
    clock::pin(signed_in + hours * 3600 * 1000);
    ASSERT_EQ(api().get("/api/v1/me", busy).status, 200) << hours;
  }
  clock::pin(signed_in + 7LL * 24 * 3600 * 1000 + 1000);
  EXPECT_EQ(api().get("/api/v1/me", busy).status, 401);
  clock::pin(std::nullopt);
}

TEST_F(AuthApi, ChangeOwnPassword) {
  auto region = make_unit("region", unique("改密大区"), 1);
  auto name = unique("pwuser");
  auto session = make_user(name, "regional_director", region);
  auto wrong = api().post("/api/v1/me/password", {{"current_password", "Wrong-pass-9"}, {"password", "New-pass-2026x"}},
                          session);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.body["errors"][0]["field"], "current_password");
  auto weak = api().post("/api/v1/me/password", {{"current_password", kPassword}, {"password", "short"}}, session);
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.body["errors"][0]["field"], "password");
  auto ok =
      api().post("/api/v1/me/password", {{"current_password", kPassword}, {"password", "New-pass-2026x"}}, session);
  EXPECT_EQ(ok.status, 204) << ok.raw;
  EXPECT_EQ(
      api().request("POST", "/api/v1/auth/login", json{{"username", name}, {"password", kPassword}}.dump()).status,
      401);
  EXPECT_EQ(api().login(name, "New-pass-2026x").user_id, session.user_id);
}

// --- Throttling per user and per client address (issue 20, items 7 and 8) ---

namespace {

// A request from another loopback address (127.0.0.x), so a test has a client address of its own.
Response from(const std::string& address, int port, const std::string& path, const json& body,
              const std::string& token = "") {
  httplib::Client client("127.0.0.1", port);
  client.set_interface(address);  // bind the client socket to this source address
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto result = client.Post(path, headers, body.dump(), "application/json");
  Response out;
  if (!result) {
    ADD_FAILURE() << path << " from " << address << ": no response (" << httplib::to_string(result.error()) << ")";
    return out;
  }
  out.status = result->status;
  out.raw = result->body;
  out.body = json::parse(result->body, nullptr, false);
  return out;
}

Response login_from(const std::string& address, int port, const std::string& username, const std::string& password) {
  return from(address, port, "/api/v1/auth/login", {{"username", username}, {"password", password}});
}

}  // namespace

TEST_F(AuthApi, ParallelWrongPasswordsAreCountedAtomically) {
  auto name = unique("parallel");
  make_user(name, "ka_director", 1);
  constexpr int kAttempts = 40;
  std::vector<int> statuses(kAttempts);
  std::latch start(kAttempts);
  std::vector<std::thread> threads;
  threads.reserve(kAttempts);
  const std::string body = json{{"username", name}, {"password", "Wrong-pass-1"}}.dump();
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", port_);
      client.set_interface("127.0.0.2");
      client.set_read_timeout(30, 0);
      start.arrive_and_wait();
      auto result = client.Post("/api/v1/auth/login", body, "application/json");
      statuses[i] = result ? result->status : 0;
    });
  }
  for (auto& t : threads) t.join();
  // 40 connects at once on loopback: some (up to a third, seen here) fail before the server
  // reads them (status 0, never counted). The assertions are on the attempts it answered.
  auto unauthorized = std::count(statuses.begin(), statuses.end(), 401);
  auto refused = std::count(statuses.begin(), statuses.end(), 429);
  auto dropped = std::count(statuses.begin(), statuses.end(), 0);
  EXPECT_EQ(unauthorized + refused + dropped, kAttempts);
  // under load more connects drop (21 of 40 seen on a busy 2-core machine): what matters is that
  // every answered attempt after the fifth was refused
  EXPECT_GE(refused, 1);
  EXPECT_EQ(refused, kAttempts - dropped - 5);
  // exactly five wrong passwords are checked; every other attempt is refused before the hash
  EXPECT_EQ(unauthorized, 5);
  // and every attempt was counted, none lost between a read and a write
  int64_t user_attempts = 0, address_attempts = 0;
  app_->database().read([&](db::Connection& c) {
    user_attempts = c.query_one("SELECT attempts FROM auth_throttle WHERE subject = ?", {"user:" + name})->integer(0);
    address_attempts =
        c.query_one("SELECT attempts FROM auth_throttle WHERE subject = ?", {"address:127.0.0.2"})->integer(0);
  });
  EXPECT_EQ(user_attempts, unauthorized + refused);
  EXPECT_EQ(address_attempts, unauthorized + refused);
}

TEST_F(AuthApi, AStrangerCannotLockTheRealUserOut) {
  auto name = unique("victim");
  make_user(name, "ka_director", 1);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login_from("127.0.0.3", port_, name, "Wrong-pass-1").status, 401);
  // the guessing address is refused, even with the right password ...
  auto refused = login_from("127.0.0.3", port_, name, kPassword);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body["code"], "rate_limited");
  // ... but the user, from an address that has not failed for them, signs in
  auto real = login_from("127.0.0.4", port_, name, kPassword);
  EXPECT_EQ(real.status, 200) << real.raw;
  // a second guessing address gets one guess while the username is under attack, then 429
  EXPECT_EQ(login_from("127.0.0.5", port_, name, "Wrong-pass-2").status, 401);
  EXPECT_EQ(login_from("127.0.0.5", port_, name, "Wrong-pass-3").status, 429);
  EXPECT_EQ(login_from("127.0.0.5", port_, name, kPassword).status, 429);
  // the user's own address still works, and a success does not count as a failure
  EXPECT_EQ(login_from("127.0.0.4", port_, name, kPassword).status, 200);
}

TEST_F(AuthApi, OneAddressGuessingManyUsernamesIsThrottled) {
  // 50 failures from one address within 15 minutes, each for another username
  std::vector<int> statuses(50);
  std::vector<std::thread> threads;
  threads.reserve(5);
  for (int t = 0; t < 5; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 50; i += 5) {
        statuses[i] = login_from("127.0.0.6", port_, "spray" + std::to_string(i), "Wrong-pass-1").status;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 50);
  // then that address is refused, whoever it names
  EXPECT_EQ(login_from("127.0.0.6", port_, "admin", kAdminPassword).status, 429);
  // other addresses are not
  EXPECT_EQ(login_from("127.0.0.7", port_, "admin", kAdminPassword).status, 200);
}

TEST_F(AuthApi, ChangingOnesPasswordEndsEveryOtherSessionAndKeepsThisOne) {
  auto region = make_unit("region", unique("会话大区"), 1);
  auto name = unique("sessions");
  auto current = make_user(name, "regional_director", region);
  auto other = api().login(name, kPassword);
  auto third = api().login(name, kPassword);
  ASSERT_EQ(api().get("/api/v1/me", other).status, 200);
  auto before = count("sessions");
  auto changed =
      api().post("/api/v1/me/password", {{"current_password", kPassword}, {"password", "New-pass-2026y"}}, current);
  ASSERT_EQ(changed.status, 204) << changed.raw;
  EXPECT_EQ(api().get("/api/v1/me", current).status, 200);
  EXPECT_EQ(api().get("/api/v1/me", other).status, 401);
  EXPECT_EQ(api().get("/api/v1/me", third).status, 401);
  EXPECT_EQ(count("sessions"), before - 2);
}

TEST_F(AuthApi, AnAdminResetEndsEverySessionOfTheUser) {
  auto region = make_unit("region", unique("重置大区"), 1);
  auto name = unique("reset");
  auto first = make_user(name, "regional_director", region);
  auto second = api().login(name, kPassword);
  auto reset = api().post("/api/v1/users/" + std::to_string(first.user_id) + "/password",
                          {{"password", "Reset-pass-2026"}}, admin());
  ASSERT_EQ(reset.status, 204) << reset.raw;
  EXPECT_EQ(api().get("/api/v1/me", first).status, 401);
  EXPECT_EQ(api().get("/api/v1/me", second).status, 401);
  EXPECT_EQ(api().get("/api/v1/me", admin()).status, 200);
}

TEST_F(AuthApi, WrongCurrentPasswordGuessesAreThrottled) {
  auto region = make_unit("region", unique("猜密大区"), 1);
  auto name = unique("guess");
  auto session = make_user(name, "regional_director", region);
  for (int i = 0; i < 5; ++i) {
    auto wrong =
        from("127.0.0.8", port_, "/api/v1/me/password",
             {{"current_password", "Wrong-pass-" + std::to_string(i)}, {"password", "New-pass-2026z"}}, session.token);
    EXPECT_EQ(wrong.status, 422) << i;
    EXPECT_EQ(wrong.body["errors"][0]["field"], "current_password");
  }
  auto limited = from("127.0.0.8", port_, "/api/v1/me/password",
                      {{"current_password", kPassword}, {"password", "New-pass-2026z"}}, session.token);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body["code"], "rate_limited");
  // nothing changed: the old password still signs in, from an address that has not failed
  EXPECT_EQ(login_from("127.0.0.9", port_, name, kPassword).status, 200);
}

// A server answers a session from memory for up to 2 s (SessionPolicy::cache_ms); whatever
// changes through it is seen on the very next request.
TEST_F(AuthApi, ASessionInMemoryFollowsEveryChangeMadeThroughThisServer) {
  auto region = make_unit("region", unique("缓存大区"), 1);
  auto name = unique("cached");
  auto director = make_user(name, "regional_director", region);
  auto user_path = "/api/v1/users/" + std::to_string(director.user_id);
  auto unit_path = "/api/v1/org/units/" + std::to_string(region);
  ASSERT_EQ(api().get("/api/v1/me", director).status, 200);  // now in memory

  auto user = api().get(user_path, admin());
  auto renamed = api().patch(user_path, {{"version", user.body["version"]}, {"display_name", "缓存测试员"}}, admin());
  ASSERT_EQ(renamed.status, 200) << renamed.raw;
  auto me = api().get("/api/v1/me", director);
  EXPECT_EQ(me.body["user"]["display_name"], "缓存测试员") << me.raw;
  EXPECT_EQ(me.body["user"]["version"], renamed.body["version"]);

  auto unit = api().get(unit_path, admin());
  auto new_unit_name = unique("改名大区");
  ASSERT_EQ(api().patch(unit_path, {{"version", unit.body["version"]}, {"name", new_unit_name}}, admin()).status, 200);
  me = api().get("/api/v1/me", director);
  EXPECT_EQ(me.body["org_unit"]["name"], new_unit_name) << me.raw;

  // a second sign-in of the same user, in memory too: a password reset ends both at once
  auto second = api().login(name, kPassword);
  ASSERT_EQ(api().get("/api/v1/me", second).status, 200);
  ASSERT_EQ(api().post(user_path + "/password", {{"password", "Reset-pass-2026"}}, admin()).status, 204);
  EXPECT_EQ(api().get("/api/v1/me", director).status, 401);
  EXPECT_EQ(api().get("/api/v1/me", second).status, 401);

  // disabled while in memory: out at once
  auto other_name = unique("cached-two");
  auto other = make_user(other_name, "regional_director", region);
  ASSERT_EQ(api().get("/api/v1/me", other).status, 200);
  auto record = api().get("/api/v1/users/" + std::to_string(other.user_id), admin());
  ASSERT_EQ(api()
                .patch("/api/v1/users/" + std::to_string(other.user_id),
                       {{"version", record.body["version"]}, {"active", false}}, admin())
                .status,
            200);
  EXPECT_EQ(api().get("/api/v1/me", other).status, 401);
}

TEST_F(AuthApi, ARepeatedRequestIsAnsweredWithoutReadingTheSessionAgain) {
  auto session = api().login("admin", kAdminPassword);
  ASSERT_EQ(api().get("/api/v1/me", session).status, 200);
  // GET /me reads nothing but the session; the second of two requests in a row (well within the
  // 2 s) reads nothing at all. Tried three times, so one slow moment on a loaded machine is no failure.
  int64_t least = -1;
  for (int attempt = 0; attempt < 3 && least != 0; ++attempt) {
    ASSERT_EQ(api().get("/api/v1/me", session).status, 200);
    int64_t before = app_->database().statements();
    ASSERT_EQ(api().get("/api/v1/me", session).status, 200);
    int64_t cost = app_->database().statements() - before;
    least = least < 0 ? cost : std::min(least, cost);
  }
  EXPECT_EQ(least, 0);
}
