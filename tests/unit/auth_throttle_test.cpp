// The sign-in throttle's decision on the counts of an attempt (this attempt included).
#include <gtest/gtest.h>

#include "platform/auth/session.h"

using namespace fleetkam::auth;

TEST(AuthThrottle, FiveFailuresFromOneAddressForOneUsernameThenRefused) {
  LoginThrottle throttle;
  EXPECT_FALSE(refuse_attempt(throttle, {1, 1, 1}));
  EXPECT_FALSE(refuse_attempt(throttle, {5, 5, 5}));  // the fifth attempt is still checked
  EXPECT_TRUE(refuse_attempt(throttle, {6, 6, 6}));
  EXPECT_TRUE(refuse_attempt(throttle, {40, 40, 40}));
}

TEST(AuthThrottle, AUsernameUnderAttackStillLetsInAnAddressThatHasNotFailed) {
  LoginThrottle throttle;
  // 30 failures for the username from elsewhere; this address's first attempt: checked
  EXPECT_FALSE(refuse_attempt(throttle, {31, 1, 1}));
  // once this address has failed for it too: refused
  EXPECT_TRUE(refuse_attempt(throttle, {32, 2, 2}));
  // below the username's limit, an address may fail up to five times
  EXPECT_FALSE(refuse_attempt(throttle, {4, 4, 4}));
}

TEST(AuthThrottle, OneAddressNamingManyUsernamesIsRefusedPastItsLimit) {
  LoginThrottle throttle;
  EXPECT_FALSE(refuse_attempt(throttle, {1, 50, 1}));
  EXPECT_TRUE(refuse_attempt(throttle, {1, 51, 1}));
  LoginThrottle strict{3, 10, 60000};
  EXPECT_TRUE(refuse_attempt(strict, {1, 11, 1}));
  EXPECT_TRUE(refuse_attempt(strict, {4, 4, 4}));
  EXPECT_FALSE(refuse_attempt(strict, {3, 3, 3}));
}
