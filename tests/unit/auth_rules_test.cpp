// The rules of sign-in, sessions, passwords, roles and scope, without a database.
#include <gtest/gtest.h>

#include "modules/org/model.h"
#include "platform/auth/password.h"
#include "platform/auth/roles.h"
#include "platform/auth/scope.h"
#include "platform/auth/session.h"

using namespace fleetkam;
using namespace fleetkam::auth;

TEST(Scope, SubtreeIsAHalfOpenRangeOfPaths) {
  Scope region{"/1/4/"};
  EXPECT_EQ(region.lower(), "/1/4/");
  EXPECT_EQ(region.upper(), "/1/40");
  EXPECT_TRUE(region.contains("/1/4/"));
  EXPECT_TRUE(region.contains("/1/4/17/"));
  EXPECT_TRUE(region.contains("/1/4/17/203/"));
  // unit 41 is not inside unit 4, though its path starts with the same digit
  EXPECT_FALSE(region.contains("/1/41/"));
  EXPECT_FALSE(region.contains("/1/"));
  EXPECT_FALSE(region.contains("/1/5/4/"));
  // the range agrees with contains(): "/1/41/" sorts at or after the upper bound... no: it must be outside
  std::string sibling = "/1/41/";
  bool in_range = sibling >= region.lower() && sibling < region.upper();
  EXPECT_FALSE(in_range);
  std::string child = "/1/4/99999/";
  EXPECT_TRUE(child >= region.lower() && child < region.upper());
}

TEST(Scope, EmptyScopeContainsNothing) {
  Scope none{""};
  EXPECT_FALSE(none.contains("/1/"));
}

TEST(Scope, ChildPathsAndValidation) {
  EXPECT_EQ(child_path("", 1), "/1/");
  EXPECT_EQ(child_path("/1/4/", 17), "/1/4/17/");
  EXPECT_TRUE(valid_path("/1/"));
  EXPECT_TRUE(valid_path("/1/4/17/"));
  EXPECT_FALSE(valid_path("/1"));
  EXPECT_FALSE(valid_path("//"));
  EXPECT_FALSE(valid_path("/1//2/"));
  EXPECT_FALSE(valid_path("/a/"));
}

TEST(Scope, PathIdsAreTheUnitAndEveryUnitAboveRootFirst) {
  EXPECT_EQ(path_ids("/1/"), (std::vector<int64_t>{1}));
  EXPECT_EQ(path_ids("/1/107/123/2039/"), (std::vector<int64_t>{1, 107, 123, 2039}));
  EXPECT_EQ(path_ids(child_path("/1/4/", 17)), (std::vector<int64_t>{1, 4, 17}));
  EXPECT_TRUE(path_ids("").empty());
}

TEST(Password, RulesRejectWeakPasswords) {
  EXPECT_EQ(password_problem("Str0ng-pass", "alice"), std::nullopt);
  EXPECT_TRUE(password_problem("short1A", "alice").has_value());                               // under 10
  EXPECT_TRUE(password_problem("abcdefghijkl", "alice").has_value());                          // letters only
  EXPECT_TRUE(password_problem("123456789012", "alice").has_value());                          // digits only
  EXPECT_TRUE(password_problem("xxALICE12345", "alice").has_value());                          // contains the username
  EXPECT_EQ(password_problem("Password123", "alice"), "is one of the most common passwords");  // any case
  EXPECT_EQ(password_problem("woaini1314", "alice"), "is one of the most common passwords");
  EXPECT_TRUE(password_problem(std::string(129, 'a') + "1", "alice").has_value());  // over 128
  EXPECT_TRUE(password_problem("密码是一二三四五六七", "alice").has_value());  // Chinese counts as letters: one class
  EXPECT_EQ(password_problem("密码是一二三四五六七8", "alice"), std::nullopt);
}

TEST(Password, HashAndVerifyWithArgon2id) {
  set_hash_cost(HashCost::minimum);
  auto hash = hash_password("Correct-horse-1");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(hash, "Correct-horse-1"));
  EXPECT_FALSE(verify_password(hash, "Correct-horse-2"));
  EXPECT_FALSE(verify_password("not a hash", "Correct-horse-1"));
  // salted: the same password hashes differently
  EXPECT_NE(hash_password("Correct-horse-1"), hash);
}

TEST(Session, IdleAndAbsoluteExpiry) {
  SessionPolicy policy;
  policy.idle_ms = 1000;
  policy.absolute_ms = 10000;
  policy.touch_every_ms = 100;
  const int64_t signed_in = 50000, expires = signed_in + policy.absolute_ms;
  EXPECT_EQ(session_state(policy, signed_in + 999, signed_in, expires), SessionState::valid);
  EXPECT_EQ(session_state(policy, signed_in + 1000, signed_in, expires), SessionState::idle_expired);
  // kept alive by requests, it still ends at the absolute limit
  EXPECT_EQ(session_state(policy, expires - 1, expires - 500, expires), SessionState::valid);
  EXPECT_EQ(session_state(policy, expires, expires - 500, expires), SessionState::absolute_expired);
  EXPECT_FALSE(should_touch(policy, signed_in + 99, signed_in));
  EXPECT_TRUE(should_touch(policy, signed_in + 100, signed_in));
}

TEST(Session, ThrottleAfterFiveFailures) {
  LoginThrottle throttle;
  EXPECT_FALSE(throttled(throttle, 4));
  EXPECT_TRUE(throttled(throttle, 5));
  EXPECT_TRUE(throttled(throttle, 6));
}

TEST(Session, TokensAreRandomAndStoredHashed) {
  auto a = new_token(), b = new_token();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(Roles, PermissionTable) {
  EXPECT_TRUE(allowed(Role::admin, "org.manage"));
  EXPECT_FALSE(allowed(Role::ka_director, "org.manage"));
  EXPECT_FALSE(allowed(Role::sales_rep, "users.read"));
  EXPECT_TRUE(allowed(Role::sales_rep, "org.read"));
  EXPECT_TRUE(allowed(Role::ka_executive, "audit.read"));
  EXPECT_FALSE(allowed(Role::area_manager, "audit.read"));
  EXPECT_FALSE(allowed(Role::admin, "no.such.action"));
  auto admin = permissions_of(Role::admin);
  EXPECT_NE(std::find(admin.begin(), admin.end(), "users.manage"), admin.end());
  // HQ's KA department staff read what HQ reads; they neither plan targets nor approve quotes
  EXPECT_TRUE(allowed(Role::ka_staff, "reports.board"));
  EXPECT_TRUE(allowed(Role::ka_staff, "registrations.stats"));
  EXPECT_FALSE(allowed(Role::ka_staff, "targets.plan"));
  EXPECT_FALSE(allowed(Role::ka_staff, "quotes.approve"));
  EXPECT_FALSE(allowed(Role::ka_staff, "users.manage"));
}

TEST(Roles, NamesAndUnitKinds) {
  for (const auto& name : role_names()) {
    auto role = parse_role(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(to_string(*role), name);
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_EQ(unit_kind_for(Role::area_manager), "province");
  EXPECT_EQ(unit_kind_for(Role::sales_rep), "dealer");
  EXPECT_EQ(unit_kind_for(Role::regional_director), "region");
  EXPECT_EQ(unit_kind_for(Role::ka_executive), "hq");
  EXPECT_EQ(unit_kind_for(Role::ka_staff), "hq");
  EXPECT_EQ(role_names().back(), "ka_staff");
}

TEST(OrgRules, TreeShapeAndUsernames) {
  EXPECT_EQ(org::parent_kind_for("region"), "hq");
  EXPECT_EQ(org::parent_kind_for("province"), "region");
  EXPECT_EQ(org::parent_kind_for("dealer"), "province");
  EXPECT_EQ(org::parent_kind_for("hq"), "");
  EXPECT_EQ(org::username_problem("rep_chengdu"), std::nullopt);
  EXPECT_EQ(org::username_problem("a.b-c@d"), std::nullopt);
  EXPECT_TRUE(org::username_problem("ab").has_value());
  EXPECT_TRUE(org::username_problem("has space").has_value());
  EXPECT_TRUE(org::username_problem("用户名").has_value());
  EXPECT_TRUE(org::username_problem(std::string(65, 'a')).has_value());
}
