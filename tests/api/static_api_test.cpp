// The built web app as the server sends it, and what it does with compression.
#include <filesystem>
#include <fstream>
#include <map>

#include "harness.h"
#include "platform/http/compress.h"

using namespace fleetkam::test;

class StaticApi : public ServerFixture {};

TEST_F(StaticApi, IndexIsNeverCachedAndAppRoutesFallBackToIt) {
  for (const char* path : {"/", "/org/units", "/users/42/edit"}) {
    auto r = api().request("GET", path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.raw.find("<div id=app>"), std::string::npos) << path;
    EXPECT_EQ(r.header("Cache-Control"), "no-cache") << path;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(r.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  }
}

TEST_F(StaticApi, HashedAssetsAreImmutableAndPreCompressed) {
  auto plain = api().request("GET", "/assets/app-3f9a1c.js");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.raw, "console.log('fleetkam');");
  EXPECT_EQ(plain.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.header("Content-Encoding"), "");
  // a browser offering br gets the gzip copy made at build time, never Brotli made per request
  auto zipped = api().request("GET", "/assets/app-3f9a1c.js", "", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.raw, "console.log('fleetkam');");  // the client library decompresses
}

// The build writes index.html, then the .gz copies: an asset asked for in between was cached
// without its copy and then sent uncompressed until a restart.
TEST_F(StaticApi, AGzipCopyWrittenAfterTheAssetWasServedIsSentFromThen) {
  auto root = std::filesystem::path(make_web_root());
  auto built = std::filesystem::last_write_time(root / "index.html");
  std::ofstream(root / "assets" / "late-5d1e0c.js") << "console.log('late');";
  std::ofstream(root / "index.html") << "<!doctype html><div id=app></div><script src=/assets/late-5d1e0c.js>";
  std::filesystem::last_write_time(root / "index.html", built + std::chrono::seconds(2));
  std::map<std::string, std::string> gzip = {{"Accept-Encoding", "gzip"}};
  auto before = api().request("GET", "/assets/late-5d1e0c.js", "", gzip);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.header("Content-Encoding"), "") << "no copy yet";
  std::ofstream(root / "assets" / "late-5d1e0c.js.gz", std::ios::binary)
      << fleetkam::http::gzip("console.log('late');", 9);
  auto after = api().request("GET", "/assets/late-5d1e0c.js", "", gzip);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.header("Content-Encoding"), "gzip");
  EXPECT_EQ(after.raw, "console.log('late');");
  std::filesystem::remove(root / "assets" / "late-5d1e0c.js");
  std::filesystem::remove(root / "assets" / "late-5d1e0c.js.gz");
  make_web_root();  // the original index.html again, for the other tests
}

TEST_F(StaticApi, MissingFilesAndTraversalAre404) {
  EXPECT_EQ(api().request("GET", "/assets/gone-123.js").status, 404);
  EXPECT_EQ(api().request("GET", "/favicon.ico").status, 404);
  EXPECT_EQ(api().request("GET", "/../../etc/passwd").status, 404);
  EXPECT_EQ(api().request("GET", "/assets/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(api().request("GET", "/.env").status, 404);
}

TEST_F(StaticApi, JsonIsGzippedOnlyWhenLargeAndNeverBrotli) {
  auto small = api().request("GET", "/api/v1/me", "",
                             {{"Authorization", "Bearer " + admin().token}, {"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(small.status, 200);
  EXPECT_EQ(small.header("Content-Encoding"), "");
  auto large = api().request("GET", "/api/v1/divisions?level=province", "",
                             {{"Authorization", "Bearer " + admin().token}, {"Accept-Encoding", "br"}});
  EXPECT_EQ(large.header("Content-Encoding"), "");
  auto gzipped = api().request("GET", "/api/v1/divisions?level=province", "",
                               {{"Authorization", "Bearer " + admin().token}, {"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(gzipped.header("Content-Encoding"), "gzip");
  EXPECT_EQ(gzipped.body["items"].size(), 34u);
}

TEST_F(StaticApi, UserSearchTreatsWildcardsAsText) {
  auto dealer_parent = make_unit("region", unique("搜索大区"), 1);
  auto province = make_unit("province", unique("搜索省区"), dealer_parent, next_province_code());
  auto dealer = make_unit("dealer", unique("搜索经销商"), province);
  make_user("nj_rep", "sales_rep", dealer);
  make_user("njxrep", "sales_rep", dealer);
  auto r = api().get("/api/v1/users?q=nj_r", admin());
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.body["items"].size(), 1u);
  EXPECT_EQ(r.body["items"][0]["username"], "nj_rep");
  EXPECT_EQ(api().get("/api/v1/users?q=NJ_R", admin()).body["items"].size(), 1u);
  EXPECT_TRUE(items_of(api().get("/api/v1/users?q=%25", admin())).empty());
}

TEST_F(StaticApi, UserSearchFindsDisplayNamesByPinyin) {
  auto region = make_unit("region", unique("拼音大区"), 1);
  auto created = api().post("/api/v1/users",
                            {{"username", unique("py_user")},
                             {"password", kPassword},
                             {"display_name", "欧阳长征"},
                             {"role", "regional_director"},
                             {"org_unit_id", region}},
                            admin());
  ASSERT_EQ(created.status, 201) << created.raw;
  auto id = created.body["id"].get<int64_t>();
  auto ids = [&](const std::string& q) {
    std::vector<int64_t> out;
    for (const auto& u : items_of(api().get("/api/v1/users?q=" + q, admin()))) out.push_back(u["id"]);
    return out;
  };
  EXPECT_EQ(ids("ouyang"), std::vector<int64_t>{id});
  EXPECT_EQ(ids("oyzz"), std::vector<int64_t>{id});  // 长 read zhǎng as well as cháng
  EXPECT_EQ(ids("oycz"), std::vector<int64_t>{id});
  EXPECT_TRUE(ids("yangchang").empty());  // keys match from their start only
  // renamed: the keys follow the name
  auto renamed =
      api().patch("/api/v1/users/" + std::to_string(id), {{"version", 1}, {"display_name", "司马光"}}, admin());
  ASSERT_EQ(renamed.status, 200) << renamed.raw;
  EXPECT_TRUE(ids("oycz").empty());
  EXPECT_EQ(ids("smg"), std::vector<int64_t>{id});
}
