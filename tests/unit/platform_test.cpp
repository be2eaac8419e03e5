// Platform pieces without a server: request body reading, time, SQL placeholders, divisions.
#include <gtest/gtest.h>

#include "platform/clock.h"
#include "platform/db/database.h"
#include "platform/db/migrations.h"
#include "platform/http/json_input.h"
#include "platform/refdata/divisions.h"

using namespace fleetkam;

namespace {
std::vector<FieldError> errors_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const AppError& e) {
    return e.errors();
  }
  return {};
}
}  // namespace

TEST(JsonInput, ReadsValidBody) {
  http::JsonInput in(R"({"name":"华北大区","parent_id":1,"active":true})", {"name", "parent_id", "active"});
  EXPECT_EQ(in.required_string("name", 100), "华北大区");
  EXPECT_EQ(in.required_integer("parent_id"), 1);
  EXPECT_EQ(in.optional_bool("active"), true);
  EXPECT_NO_THROW(in.finish());
}

TEST(JsonInput, CollectsEveryFieldError) {
  auto errors = errors_of([] {
    http::JsonInput in(R"({"name":"","parent_id":"1","extra":1,"kind":"city"})", {"name", "parent_id", "kind"});
    in.required_string("name", 100);
    in.required_integer("parent_id");
    in.required_enum("kind", {"region", "province"});
    in.required_string("display_name");
    in.finish();
  });
  std::map<std::string, std::string> by_field;
  for (const auto& e : errors) by_field[e.field] = e.code;
  EXPECT_EQ(by_field["extra"], "unknown_field");
  EXPECT_EQ(by_field["name"], "required");
  EXPECT_EQ(by_field["parent_id"], "wrong_type");
  EXPECT_EQ(by_field["kind"], "invalid_value");
  EXPECT_EQ(by_field["display_name"], "required");
  EXPECT_EQ(errors.size(), 5u);
}

TEST(JsonInput, LengthsCountCharactersNotBytes) {
  http::JsonInput ok(R"({"name":"一二三"})", {"name"});
  EXPECT_EQ(ok.required_string("name", 3), "一二三");
  EXPECT_NO_THROW(ok.finish());
  auto errors = errors_of([] {
    http::JsonInput in(R"({"name":"一二三四"})", {"name"});
    in.required_string("name", 3);
    in.finish();
  });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_long");
}

TEST(JsonInput, MalformedAndNonObjectBodiesAre400) {
  for (const char* body : {"", "{", "[1,2]", "\"text\"", "{\"a\":1,}", "null"}) {
    try {
      http::JsonInput in(body, {"a"});
      FAIL() << "accepted: " << body;
    } catch (const AppError& e) {
      EXPECT_EQ(e.status(), 400) << body;
      EXPECT_EQ(e.code(), "malformed_json") << body;
    }
  }
}

TEST(JsonInput, InvalidUtf8NamesTheField) {
  std::string body = "{\"name\":\"ab\xC3\x28\"}";
  try {
    http::JsonInput in(body, {"name"});
    FAIL();
  } catch (const AppError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "invalid_utf8");
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].field, "name");
  }
}

TEST(JsonInput, Utf8Validation) {
  EXPECT_TRUE(http::valid_utf8("plain"));
  EXPECT_TRUE(http::valid_utf8("北京市公安局"));
  EXPECT_TRUE(http::valid_utf8("\xF0\x9F\x9A\x93"));  // U+1F693 police car
  EXPECT_FALSE(http::valid_utf8("\xC0\xAF"));         // overlong '/'
  EXPECT_FALSE(http::valid_utf8("\xED\xA0\x80"));     // surrogate
  EXPECT_FALSE(http::valid_utf8("\xE5\x8C"));         // truncated
  EXPECT_FALSE(http::valid_utf8("\xFF"));
}

TEST(JsonInput, IntegersOutOfRangeAndFractions) {
  auto errors = errors_of([] {
    http::JsonInput in(R"({"a":0,"b":1.5,"c":99999999999999999999})", {"a", "b", "c"});
    in.required_integer("a");
    in.required_integer("b");
    in.required_integer("c");
    in.finish();
  });
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "invalid_value");
  EXPECT_EQ(errors[1].code, "wrong_type");
  EXPECT_EQ(errors[2].code, "invalid_value") << "too large for a 64-bit integer";
  EXPECT_EQ(errors[2].message, "is too large");
}

TEST(Clock, FormatsInShanghaiTime) {
  // 2026-11-27T18:40:05Z is 02:40:05 the next day in Beijing
  EXPECT_EQ(clock::format_rfc3339(1795804805000), "2026-11-28T02:40:05+08:00");
  EXPECT_EQ(clock::parse_rfc3339("2026-11-28T02:40:05+08:00"), 1795804805000);
  EXPECT_EQ(clock::parse_rfc3339("2026-11-27T18:40:05Z"), 1795804805000);
  EXPECT_EQ(clock::parse_rfc3339("2026-11-27T18:40:05.250Z"), 1795804805250);
  EXPECT_FALSE(clock::parse_rfc3339("2026-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(clock::parse_rfc3339("2026-11-27 18:40").has_value());
  EXPECT_FALSE(clock::parse_rfc3339("2026-11-27T18:40:05").has_value());
}

TEST(Clock, PinnedForTests) {
  clock::pin(12345);
  EXPECT_EQ(clock::now_ms(), 12345);
  clock::pin(std::nullopt);
  EXPECT_GT(clock::now_ms(), 1700000000000);
}

TEST(Database, PostgresPlaceholders) {
  EXPECT_EQ(db::to_postgres_placeholders("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(db::to_postgres_placeholders("SELECT '?' , ? -- why?\n, ?"), "SELECT '?' , $1 -- why?\n, $2");
}

TEST(Database, MigrationsDifferOnlyWhereTheyMust) {
  auto sqlite = db::migrations_for(db::Dialect::sqlite);
  auto postgres = db::migrations_for(db::Dialect::postgres);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].number, static_cast<int>(i + 1));
    EXPECT_EQ(sqlite[i].number, postgres[i].number);
    EXPECT_EQ(sqlite[i].sql.find('%'), std::string::npos) << "token left in " << sqlite[i].name;
  }
}

TEST(Divisions, ProvincesAndContainment) {
  int provinces = 0;
  for (const auto& d : refdata::divisions()) provinces += d.level == "province";
  EXPECT_EQ(provinces, 34);
  ASSERT_NE(refdata::find_division("510000"), nullptr);
  EXPECT_EQ(refdata::find_division("510000")->name, "四川省");
  EXPECT_EQ(refdata::province_of("510104")->code, "510000");  // 锦江区 in 成都 in 四川
  EXPECT_TRUE(refdata::division_contains("510000", "510104"));
  EXPECT_TRUE(refdata::division_contains("510100", "510104"));
  EXPECT_FALSE(refdata::division_contains("500000", "510104"));
  EXPECT_TRUE(refdata::division_contains("110000", "110105"));  // 朝阳区, Beijing
  EXPECT_FALSE(refdata::division_contains("220000", "110105"));
  EXPECT_EQ(refdata::find_division("999999"), nullptr);
}
