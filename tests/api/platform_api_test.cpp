// Health, OpenAPI, security headers, bad input of every kind, audit trail, divisions.
#include "harness.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class PlatformApi : public ServerFixture {};

TEST_F(PlatformApi, HealthAndSecurityHeadersOnEveryResponse) {
  auto health = api().request("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body["status"], "ok");
  for (const auto& r : {health, api().request("GET", "/api/v1/me"), api().request("GET", "/api/v1/nothing-here"),
                        api().get("/api/v1/me", admin())}) {
    EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r.header("X-Request-Id").size(), 16u);
  }
  auto traced = api().request("GET", "/healthz", "", {{"X-Request-Id", "trace-abc-123"}});
  EXPECT_EQ(traced.header("X-Request-Id"), "trace-abc-123");
}

TEST_F(PlatformApi, OpenApiDescribesEveryRoute) {
  auto r = api().request("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["openapi"], "3.1.0");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/healthz", "get"},
      {"/api/v1/openapi.json", "get"},
      {"/api/v1/auth/login", "post"},
      {"/api/v1/auth/logout", "post"},
      {"/api/v1/me", "get"},
      {"/api/v1/me/password", "post"},
      {"/api/v1/org/units", "get"},
      {"/api/v1/org/units", "post"},
      {"/api/v1/org/units/{id}", "get"},
      {"/api/v1/org/units/{id}", "patch"},
      {"/api/v1/users", "get"},
      {"/api/v1/users", "post"},
      {"/api/v1/users/{id}", "get"},
      {"/api/v1/users/{id}", "patch"},
      {"/api/v1/users/{id}/password", "post"},
      {"/api/v1/overview", "get"},
      {"/api/v1/audit", "get"},
      {"/api/v1/divisions", "get"},
      {"/api/v1/directories/{directory}", "get"},
      {"/api/v1/directories/{directory}", "post"},
      {"/api/v1/directories/{directory}/{code}", "patch"},
      {"/api/v1/accounts", "get"},
      {"/api/v1/accounts", "post"},
      {"/api/v1/accounts/duplicates", "get"},
      {"/api/v1/accounts/export", "get"},
      {"/api/v1/accounts/import", "post"},
      {"/api/v1/accounts/{id}", "get"},
      {"/api/v1/accounts/{id}", "patch"},
      {"/api/v1/accounts/{id}/contacts", "get"},
      {"/api/v1/accounts/{id}/contacts", "post"},
      {"/api/v1/accounts/{id}/contacts/{contact_id}", "patch"},
      {"/api/v1/accounts/{id}/analysis", "get"},
      {"/api/v1/accounts/{id}/analysis", "post"},
      {"/api/v1/registrations", "get"},
      {"/api/v1/registrations", "post"},
      {"/api/v1/registrations/stats", "get"},
      {"/api/v1/registrations/{id}", "get"},
      {"/api/v1/registrations/{id}/review", "post"},
      {"/api/v1/registrations/{id}/extend", "post"},
      {"/api/v1/settings/registrations", "get"},
      {"/api/v1/settings/registrations", "put"},
      {"/api/v1/opportunities", "get"},
      {"/api/v1/opportunities", "post"},
      {"/api/v1/opportunities/board", "get"},
      {"/api/v1/opportunities/{id}", "get"},
      {"/api/v1/opportunities/{id}", "patch"},
      {"/api/v1/opportunities/{id}/transitions", "get"},
      {"/api/v1/opportunities/{id}/transitions", "post"},
      {"/api/v1/opportunities/{id}/tenders", "post"},
      {"/api/v1/tenders/{id}", "patch"},
      {"/api/v1/tenders", "get"},
      {"/api/v1/opportunities/{id}/competitor-quotes", "post"},
      {"/api/v1/competitor-quotes/{id}", "delete"},
      {"/api/v1/opportunities/{id}/quotes", "post"},
      {"/api/v1/quotes/{id}/decision", "post"},
      {"/api/v1/quotes/{id}/send", "post"},
      {"/api/v1/quotes", "get"},
      {"/api/v1/vehicle-models", "get"},
      {"/api/v1/vehicle-models", "post"},
      {"/api/v1/vehicle-models/{id}", "patch"},
      {"/api/v1/vehicle-models/{id}/bands", "put"},
      {"/api/v1/opportunities/{id}/deliveries", "post"},
      {"/api/v1/opportunities/{id}/deliveries", "get"},
      {"/api/v1/deliveries/summary", "get"},
      {"/api/v1/deliveries/{id}/void", "post"},
      {"/api/v1/accounts/pyramid", "get"},
      {"/api/v1/opportunity-stage-probabilities", "get"},
      {"/api/v1/opportunity-stage-probabilities", "put"},
      {"/api/v1/home", "get"},
      {"/api/v1/registrations/status-counts", "get"},
      {"/api/v1/opportunities/stage-counts", "get"},
      {"/api/v1/accounts/{id}/summary", "get"},
      {"/api/v1/accounts/status-counts", "get"},
      {"/api/v1/target-plans", "post"},
      {"/api/v1/target-plans", "get"},
      {"/api/v1/target-plans/{id}", "get"},
      {"/api/v1/target-plans/{id}", "put"},
      {"/api/v1/target-plans/{id}/method", "put"},
      {"/api/v1/target-plans/{id}/preview", "post"},
      {"/api/v1/target-plans/{id}/cells", "get"},
      {"/api/v1/target-plans/{id}/capacity-import", "post"},
      {"/api/v1/target-plans/{id}/issue", "post"},
      {"/api/v1/target-plans/{id}/revisions", "post"},
      {"/api/v1/target-plans/{id}/diff", "get"},
      {"/api/v1/target-plans/{id}/provinces/{unit_id}/split", "get"},
      {"/api/v1/target-plans/{id}/provinces/{unit_id}/split", "put"},
      {"/api/v1/target-plans/{id}/provinces/{unit_id}/submit", "post"},
      {"/api/v1/attainment", "get"},
      {"/api/v1/attainment/export", "get"},
      {"/api/v1/forecast", "get"},
      {"/api/v1/reports", "get"},
      {"/api/v1/reports/{id}", "get"},
      {"/api/v1/reports/{id}/draft", "post"},
      {"/api/v1/reports/{id}/submit", "post"},
      {"/api/v1/reports/{id}/comments", "post"},
      {"/api/v1/reports/{id}/export", "get"},
      {"/api/v1/report-board", "get"},
      {"/api/v1/report-periods", "get"},
      {"/api/v1/report-periods/{kind}/{period}", "put"},
      {"/api/v1/notifications", "get"},
      {"/api/v1/notifications/unread-count", "get"},
      {"/api/v1/notifications/{id}/read", "post"},
      {"/api/v1/notifications/read-all", "post"},
      {"/api/v1/org/units/{id}/wecom-webhook", "get"},
      {"/api/v1/org/units/{id}/wecom-webhook", "put"},
      {"/api/v1/org/units/{id}/wecom-webhook/test", "post"},
      {"/api/v1/visits", "post"},
      {"/api/v1/visits", "get"},
      {"/api/v1/visits/{id}", "get"},
      {"/api/v1/visits/{id}", "patch"},
      {"/api/v1/visits/{id}/next-step", "post"},
      {"/api/v1/next-steps", "get"},
      {"/api/v1/accounts/{id}/buying-centre", "get"},
      {"/api/v1/visit-rules", "get"},
      {"/api/v1/visit-rules", "put"},
      {"/api/v1/unvisited-accounts", "get"},
      {"/api/v1/assessment-templates", "get"},
      {"/api/v1/assessment-templates/{period}", "get"},
      {"/api/v1/assessment-templates/{period}", "put"},
      {"/api/v1/assessments", "get"},
      {"/api/v1/assessments/{period}/people/{id}", "get"},
      {"/api/v1/assessments/{period}/people/{id}", "patch"},
      {"/api/v1/assessment-months", "get"},
      {"/api/v1/assessment-months/{period}", "get"},
      {"/api/v1/assessment-months/{period}/export", "get"},
      {"/api/v1/assessment-months/{period}/compile", "post"},
      {"/api/v1/assessment-months/{period}/review", "post"},
      {"/api/v1/assessment-months/{period}/approve", "post"},
      {"/api/v1/assessment-months/{period}/reopen", "post"},
      {"/api/v1/rectifications", "post"},
      {"/api/v1/rectifications", "get"},
      {"/api/v1/rectifications/{id}", "get"},
      {"/api/v1/rectifications/{id}/respond", "post"},
      {"/api/v1/rectifications/{id}/close", "post"},
      {"/api/v1/rectifications/{id}/send-back", "post"},
      {"/api/v1/rectifications/{id}/cancel", "post"},
      {"/api/v1/rectification-summary", "get"},
      {"/api/v1/satisfaction/rules", "get"},
      {"/api/v1/satisfaction/rules", "put"},
      {"/api/v1/satisfaction/followups", "get"},
      {"/api/v1/satisfaction/followups/export", "get"},
      {"/api/v1/satisfaction/followups/{id}", "get"},
      {"/api/v1/satisfaction/followups/{id}/record", "post"},
      {"/api/v1/satisfaction/followups/{id}/review", "post"},
      {"/api/v1/satisfaction/followups/{id}/owners", "get"},
      {"/api/v1/satisfaction/followups/{id}/complaints", "post"},
      {"/api/v1/satisfaction/summary", "get"},
      {"/api/v1/complaints", "get"},
      {"/api/v1/complaints/{id}", "get"},
      {"/api/v1/complaints/{id}/resolve", "post"},
      {"/api/v1/events", "post"},
      {"/api/v1/events", "get"},
      {"/api/v1/events/export", "get"},
      {"/api/v1/complaints/export", "get"},
      {"/api/v1/events/{id}", "get"},
      {"/api/v1/events/{id}", "put"},
      {"/api/v1/events/{id}/hold", "post"},
      {"/api/v1/events/{id}/cancel", "post"},
      {"/api/v1/events/{id}/candidates", "get"},
      {"/api/v1/events/{id}/invitations", "post"},
      {"/api/v1/events/{id}/invitations", "get"},
      {"/api/v1/events/{id}/invitations/{invitation_id}/respond", "post"},
      {"/api/v1/support/rules", "get"},
      {"/api/v1/support/rules", "put"},
      {"/api/v1/support/items", "get"},
      {"/api/v1/support/items", "post"},
      {"/api/v1/support/items/{id}", "put"},
      {"/api/v1/support/items/{id}/restock", "post"},
      {"/api/v1/support/requests", "get"},
      {"/api/v1/support/requests", "post"},
      {"/api/v1/support/requests/export", "get"},
      {"/api/v1/support/requests/{id}", "get"},
      {"/api/v1/support/requests/{id}/approve", "post"},
      {"/api/v1/support/requests/{id}/reject", "post"},
      {"/api/v1/support/requests/{id}/issue", "post"},
      {"/api/v1/support/requests/{id}/receive", "post"},
      {"/api/v1/support/requests/{id}/cancel", "post"},
      {"/api/v1/support/gift-allowance", "get"},
      {"/api/v1/support/ledger", "get"},
      {"/api/v1/support/upfitter-policies", "get"},
      {"/api/v1/support/upfitter-policies", "post"},
      {"/api/v1/support/upfitter-policies/{id}", "put"},
      {"/api/v1/support/hq-visits", "get"},
      {"/api/v1/support/hq-visits", "post"},
      {"/api/v1/support/hq-visits/{id}/log", "post"},
      {"/api/v1/support/hq-visits/{id}/cancel", "post"},
      {"/api/v1/support/policy-notes", "get"},
      {"/api/v1/support/policy-notes", "post"},
      {"/api/v1/support/policy-notes/{id}/mark", "post"},
      {"/api/v1/support/rewards", "get"},
      {"/api/v1/events/{id}/invitations/{invitation_id}/check-in", "post"},
      {"/api/v1/events/{id}/results", "get"},
      {"/api/v1/boards/attainment", "get"},
      {"/api/v1/boards/attainment/export", "get"},
      {"/api/v1/boards/funnel", "get"},
      {"/api/v1/boards/funnel/export", "get"},
      {"/api/v1/boards/registrations", "get"},
      {"/api/v1/boards/registrations/export", "get"},
      {"/api/v1/boards/discipline", "get"},
      {"/api/v1/boards/discipline/export", "get"},
      {"/api/v1/boards/pyramid", "get"},
      {"/api/v1/boards/pyramid/export", "get"},
      {"/api/v1/agreements", "get"},
      {"/api/v1/agreements", "post"},
      {"/api/v1/agreements/export", "get"},
      {"/api/v1/agreements/options", "get"},
      {"/api/v1/agreements/coverage", "get"},
      {"/api/v1/agreements/coverage/export", "get"},
      {"/api/v1/agreements/{id}", "get"},
      {"/api/v1/agreements/{id}", "put"},
      {"/api/v1/agreements/{id}/application", "put"},
      {"/api/v1/agreements/{id}/application/submit", "post"},
      {"/api/v1/agreements/{id}/application/outcome", "post"},
      {"/api/v1/agreements/{id}/listings", "put"},
      {"/api/v1/agreements/{id}/dealers", "put"},
      {"/api/v1/agreements/{id}/competitors", "post"},
      {"/api/v1/agreements/{id}/competitors/{competitor_id}", "delete"},
      {"/api/v1/agreements/{id}/sales", "get"}};
  size_t operations = 0;
  for (const auto& [path, methods] : r.body["paths"].items()) operations += methods.size();
  EXPECT_EQ(operations, routes.size());
  for (const auto& [path, method] : routes) {
    ASSERT_TRUE(r.body["paths"].contains(path)) << path;
    EXPECT_TRUE(r.body["paths"][path].contains(method)) << method << " " << path;
  }
  // every referenced schema exists
  std::function<void(const json&)> check = [&](const json& node) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        if (key == "$ref") {
          auto name = value.get<std::string>().substr(std::string("#/components/schemas/").size());
          EXPECT_TRUE(r.body["components"]["schemas"].contains(name)) << name;
        }
        check(value);
      }
    } else if (node.is_array()) {
      for (const auto& item : node) check(item);
    }
  };
  check(r.body);
}

TEST_F(PlatformApi, UnknownRoutesAreProblem404) {
  auto r = api().get("/api/v1/nothing-here", admin());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(r.body["status"], 404);
  EXPECT_EQ(api().get("/api/v1/org/units/abc", admin()).status, 404);
  EXPECT_EQ(api().get("/api/v1/org/units/0", admin()).status, 404);
  EXPECT_EQ(api().get("/api/v1/org/units/99999999999999999999", admin()).status, 404);
}

TEST_F(PlatformApi, BadInputGets4xxAndChangesNothing) {
  const int64_t units = count("org_units"), audit = count("audit_log");
  auto post = [&](const std::string& body, std::map<std::string, std::string> extra = {}) {
    auto headers = extra;
    headers["Authorization"] = "Bearer " + admin().token;
    return api().request("POST", "/api/v1/org/units", body, headers);
  };
  std::string huge = R"({"kind":"region","parent_id":1,"name":")" + std::string(1100000, 'x') + "\"}";
  auto too_big = post(huge);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(too_big.body["code"], "payload_too_large");
  auto bad_utf8 = post("{\"kind\":\"region\",\"parent_id\":1,\"name\":\"\xE5\x8C\"}");
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_EQ(bad_utf8.body["errors"][0]["field"], "name");
  EXPECT_EQ(post("{not json").status, 400);
  EXPECT_EQ(post("[]").status, 400);
  EXPECT_EQ(post("").status, 400);
  EXPECT_EQ(post(R"({"kind":"region","parent_id":1,"name":"x"})", {{"Content-Type", "text/plain"}}).status, 415);
  auto unknown = post(R"({"kind":"region","parent_id":1,"name":"x","colour":"red"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.body["errors"][0]["field"], "colour");
  EXPECT_EQ(post(R"({"kind":"region","parent_id":"1","name":"x"})").status, 422);
  EXPECT_EQ(post(R"({"kind":"region","parent_id":-5,"name":"x"})").status, 422);
  EXPECT_EQ(post(R"({"kind":"region","parent_id":1,"name":"a\u0000b"})").status, 422);
  EXPECT_EQ(post(R"({"kind":"region","parent_id":1,"name":null})").status, 422);
  EXPECT_EQ(post(R"({"kind":["region"],"parent_id":1,"name":"x"})").status, 422);
  auto bad_query = api().request("GET", "/api/v1/users?q=%FF%FE", "", {{"Authorization", "Bearer " + admin().token}});
  EXPECT_EQ(bad_query.status, 400);
  EXPECT_EQ(count("org_units"), units);
  EXPECT_EQ(count("audit_log"), audit);
}

TEST_F(PlatformApi, AuditIsForAdminsAndHqAndAppendOnly) {
  auto region = make_unit("region", unique("审计大区"), 1);
  auto director = make_user(unique("dir"), "ka_director", 1);
  auto rd = make_user(unique("rd"), "regional_director", region);
  auto r = api().get("/api/v1/audit?entity=org_unit&id=" + std::to_string(region), director);
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.body["items"].size(), 1u);
  EXPECT_EQ(r.body["items"][0]["action"], "create");
  EXPECT_EQ(r.body["items"][0]["user_id"], admin().user_id);
  EXPECT_TRUE(r.body["items"][0]["before"].is_null());
  EXPECT_EQ(r.body["items"][0]["after"]["kind"], "region");
  EXPECT_EQ(api().get("/api/v1/audit?entity=org_unit&id=" + std::to_string(region), rd).status, 403);
  EXPECT_EQ(api().get("/api/v1/audit?id=5", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/audit?entity=DROP%20TABLE", admin()).status, 422);
  auto all = api().get("/api/v1/audit?limit=3", admin());
  EXPECT_EQ(all.body["items"].size(), 3u);
  EXPECT_FALSE(all.body["next_cursor"].is_null());
  auto next = api().get("/api/v1/audit?limit=3&cursor=" + all.body["next_cursor"].get<std::string>(), admin());
  EXPECT_LT(next.body["items"][0]["id"].get<int64_t>(), all.body["items"][2]["id"].get<int64_t>());
  // the database itself refuses to change or delete the trail
  EXPECT_THROW(app_->database().write([](db::Connection& c) { c.execute("UPDATE audit_log SET action = 'x'"); }),
               db::DatabaseError);
  EXPECT_THROW(app_->database().write([](db::Connection& c) { c.execute("DELETE FROM audit_log"); }),
               db::DatabaseError);
  if (using_postgres()) {  // TRUNCATE fires no row trigger (SQLite has no TRUNCATE)
    EXPECT_THROW(app_->database().write([](db::Connection& c) { c.execute("TRUNCATE audit_log"); }), db::DatabaseError);
  }
  EXPECT_GT(count("audit_log"), 0);
}

TEST_F(PlatformApi, Divisions) {
  auto provinces = api().get("/api/v1/divisions?level=province", admin());
  ASSERT_EQ(provinces.status, 200);
  EXPECT_EQ(provinces.body["items"].size(), 34u);
  auto cities = api().get("/api/v1/divisions?parent_code=510000&level=city", admin());
  ASSERT_GT(cities.body["items"].size(), 10u);
  EXPECT_EQ(cities.body["items"][0]["name"], "成都市");
  EXPECT_EQ(api().get("/api/v1/divisions?level=town", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/divisions?parent_code=999999", admin()).status, 422);
  EXPECT_EQ(api().request("GET", "/api/v1/divisions").status, 401);
}
