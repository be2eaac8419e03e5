// The HTTP layer's guards as pure functions: JSON nesting before parsing, web paths before
// the file system, and whether a request reached us over HTTPS.
#include <gtest/gtest.h>

#include "platform/http/json_input.h"
#include "platform/http/server.h"
#include "platform/http/static_files.h"

using namespace fleetkam;

namespace {
std::string nested(size_t depth, const std::string& inner) {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}
std::string code_of(const std::string& raw) {
  try {
    http::parse_json_object(raw);
  } catch (const AppError& e) {
    return std::to_string(e.status()) + " " + e.code();
  }
  return "ok";
}
}  // namespace

TEST(JsonNesting, CountsBracketsOutsideStringsOnly) {
  EXPECT_TRUE(http::json_nesting_within(R"({"a":[1,{"b":[]}],"c":{}})", 4));
  EXPECT_FALSE(http::json_nesting_within(R"({"a":[1,{"b":[]}],"c":{}})", 3));
  // brackets inside strings, escaped quotes included, do not count
  EXPECT_TRUE(http::json_nesting_within(R"({"a":"[[[[{{{{","b":"\"[[[[\\"})", 1));
  EXPECT_FALSE(http::json_nesting_within(R"({"a":"\\",[[1]]})", 2));
  EXPECT_TRUE(http::json_nesting_within("", 0));
  EXPECT_TRUE(http::json_nesting_within(nested(32, ""), 32));
  EXPECT_FALSE(http::json_nesting_within(nested(33, ""), 32));
  // unbalanced closers never make room for more openers
  EXPECT_FALSE(http::json_nesting_within("]]]]" + nested(3, ""), 2));
}

TEST(JsonNesting, ParsingRefusesDeepBodiesBeforeAnyRecursion) {
  // 100,000 levels with a byte that is not UTF-8: refused at once, not walked
  std::string hostile = R"({"username":)" + nested(100000, "\"\xff\"") + "}";
  EXPECT_EQ(code_of(hostile), "400 json_too_deep");
  EXPECT_EQ(code_of(R"({"a":)" + nested(300000, "1") + "}"), "400 json_too_deep");
  EXPECT_EQ(code_of(R"({"a":)" + nested(31, "1") + "}"), "ok");
  EXPECT_EQ(code_of(R"({"a":)" + nested(3, "\"\xff\"") + "}"), "400 invalid_utf8");
  EXPECT_EQ(code_of(std::string((1u << 20) + 1, ' ')), "413 payload_too_large");
}

TEST(WebPath, OnlyPlainRelativePathsInsideTheRoot) {
  for (const char* ok : {"index.html", "assets/app-3f9a1c.js", "favicon.ico", "a/b/c.txt"}) {
    EXPECT_TRUE(http::safe_web_path(ok)) << ok;
  }
  for (std::string bad : {"", "/etc/passwd", "/", "a//b", "a/", "../etc/passwd", "assets/../../x", "./index.html",
                          "a\\b", ".env", "assets/.hidden", "x/..", "\\etc\\passwd"}) {
    EXPECT_FALSE(http::safe_web_path(bad)) << bad;
  }
  EXPECT_FALSE(http::safe_web_path(std::string("index.html\0.js", 14)));
  EXPECT_FALSE(http::safe_web_path("a\nb"));
}

TEST(ForwardedHttps, HonoursXForwardedProtoAndForwarded) {
  EXPECT_TRUE(http::forwarded_https("https", ""));
  EXPECT_TRUE(http::forwarded_https("HTTPS", ""));
  EXPECT_TRUE(http::forwarded_https("https, http", ""));  // the first proxy's view of the client
  EXPECT_FALSE(http::forwarded_https("http", ""));
  EXPECT_FALSE(http::forwarded_https("", ""));
  EXPECT_FALSE(http::forwarded_https("httpsx", ""));
  EXPECT_TRUE(http::forwarded_https("", "for=192.0.2.60;proto=https;by=203.0.113.43"));
  EXPECT_TRUE(http::forwarded_https("", "Proto=\"https\""));
  EXPECT_FALSE(http::forwarded_https("", "for=192.0.2.60;proto=http"));
  EXPECT_FALSE(http::forwarded_https("", "for=\"proto=https\""));
}
