#include "harness.h"

#include "modules/accounts/index.h"

#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "platform/http/compress.h"

#include "platform/auth/password.h"
#include "platform/clock.h"

namespace fleetkam::test {

std::unique_ptr<app::App> ServerFixture::app_;
std::unique_ptr<std::thread> ServerFixture::thread_;
std::unique_ptr<Api> ServerFixture::api_;
Session ServerFixture::admin_;
int ServerFixture::port_ = 0;

std::string Response::header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? "" : found->second;
}

Response Api::request(const std::string& method, const std::string& path, const std::string& body,
                      std::map<std::string, std::string> headers) {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  httplib::Headers h;
  std::string content_type = "application/json";
  for (const auto& [k, v] : headers) {
    if (k == "Content-Type") {
      content_type = v;
    } else {
      h.emplace(k, v);
    }
  }
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return client.Get(path, h);
    if (method == "POST") return client.Post(path, h, body, content_type);
    if (method == "PATCH") return client.Patch(path, h, body, content_type);
    if (method == "PUT") return client.Put(path, h, body, content_type);
    return client.Delete(path, h, body, content_type);
  };
  httplib::Result result = send();
  Response out;
  if (!result) {
    ADD_FAILURE() << method << " " << path << ": no response (" << httplib::to_string(result.error()) << ")";
    return out;
  }
  out.status = result->status;
  out.raw = result->body;
  for (const auto& [k, v] : result->headers) out.headers.emplace(k, v);
  out.body = nlohmann::json::parse(result->body, nullptr, false);
  return out;
}

namespace {
std::map<std::string, std::string> auth_headers(const Session& as) {
  if (as.token.empty()) return {};
  return {{"Authorization", "Bearer " + as.token}};
}
}  // namespace

Response Api::get(const std::string& path, const Session& as) { return request("GET", path, "", auth_headers(as)); }
Response Api::post(const std::string& path, const nlohmann::json& body, const Session& as) {
  return request("POST", path, body.dump(), auth_headers(as));
}
Response Api::patch(const std::string& path, const nlohmann::json& body, const Session& as) {
  return request("PATCH", path, body.dump(), auth_headers(as));
}
Response Api::put(const std::string& path, const nlohmann::json& body, const Session& as) {
  return request("PUT", path, body.dump(), auth_headers(as));
}

Session Api::login(const std::string& username, const std::string& password) {
  auto r = request("POST", "/api/v1/auth/login", nlohmann::json{{"username", username}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 200) << username << ": " << r.raw;
  if (r.status != 200) return {};
  return {r.body["token"], r.body["csrf_token"], r.body["user"]["id"]};
}

std::string next_province_code() {
  static const char* codes[] = {"110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
                                "310000", "320000", "330000", "340000", "350000", "360000", "370000", "410000",
                                "420000", "430000", "440000", "450000", "460000", "500000", "510000", "520000",
                                "530000", "540000", "610000", "620000", "630000", "640000", "650000"};
  static std::atomic<size_t> next{0};
  return codes[next++ % 31];
}

bool using_postgres() {
  const char* url = std::getenv("FLEETKAM_TEST_POSTGRES_URL");
  return url && *url;
}

std::string fresh_database_url(const std::string& tag) {
  static std::atomic<int> counter{0};
  std::string name = "fk_" + tag + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  if (using_postgres()) {
    std::string admin_url = std::getenv("FLEETKAM_TEST_POSTGRES_URL");
    auto admin = db::Database::open(admin_url, 1);
    auto lease = admin->acquire();
    lease->execute_script("DROP DATABASE IF EXISTS " + name);
    lease->execute_script("CREATE DATABASE " + name);
    auto slash = admin_url.rfind('/');
    auto query = admin_url.find('?', slash);
    return admin_url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : admin_url.substr(query));
  }
  auto dir = std::filesystem::temp_directory_path() / "fleetkam-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return "sqlite:" + path.string();
}

// A small built web app: index.html, a hashed asset with its pre-compressed copy.
SecondServer::SecondServer(const std::string& url) {
  fleetkam::app::Config config;
  config.database_url = url;
  config.port = 0;
  config.threads = 8;
  config.admin_password = kSecondServerAdminPassword;
  config.web_root = make_web_root();
  app = std::make_unique<fleetkam::app::App>(config);
  app->prepare();
  api = std::make_unique<Api>(app->bind());
  thread = std::thread([this] { app->run(); });
}

void SecondServer::wait_for_hints() {
  std::this_thread::sleep_for(fleetkam::accounts::AccountIndex::hint_window() + std::chrono::milliseconds(20));
}

SecondServer::~SecondServer() {
  app->stop();
  thread.join();
}

std::string make_web_root() {
  auto dir = std::filesystem::temp_directory_path() / ("fleetkam-web-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "assets");
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
  };
  write("index.html", "<!doctype html><title>fleetkam</title><div id=app></div>");
  write("assets/app-3f9a1c.js", "console.log('fleetkam');");
  write("assets/app-3f9a1c.js.gz", http::gzip("console.log('fleetkam');", 9));
  return dir.string();
}

int64_t at(const std::string& rfc3339) { return *clock::parse_rfc3339(rfc3339); }

std::string day_from_today(int days) {
  return clock::format_rfc3339(clock::now_ms() + int64_t{days} * 86400000).substr(0, 10);
}

nlohmann::json items_of(const Response& r) {
  if (r.status == 200 && r.body.is_object() && r.body.contains("items") && r.body["items"].is_array()) {
    return r.body["items"];
  }
  ADD_FAILURE() << "expected a list answer (200 with items), got " << r.status << ": " << r.raw;
  return nlohmann::json::array();
}

void use_test_password_cost() {
  if (const char* cost = std::getenv("FLEETKAM_PASSWORD_COST"); cost && std::string(cost) == "minimum") {
    auth::set_hash_cost(auth::HashCost::minimum);
  }
}

void ServerFixture::SetUpTestSuite() {
  use_test_password_cost();
  app::Config config;
  config.database_url = fresh_database_url("api");
  config.port = 0;
  config.threads = 16;
  config.admin_password = kAdminPassword;
  config.web_root = make_web_root();
  app_ = std::make_unique<app::App>(config);
  app_->prepare();
  port_ = app_->bind();
  thread_ = std::make_unique<std::thread>([] { app_->run(); });
  api_ = std::make_unique<Api>(port_);
  admin_ = api_->login("admin", kAdminPassword);
}

void ServerFixture::TearDownTestSuite() {
  app_->stop();
  thread_->join();
  thread_.reset();
  api_.reset();
  app_.reset();
}

int64_t ServerFixture::make_unit(const std::string& kind, const std::string& name, int64_t parent,
                                 const std::optional<std::string>& division) {
  nlohmann::json body = {{"kind", kind}, {"name", name}, {"parent_id", parent}};
  if (division) body["division_code"] = *division;
  auto r = api().post("/api/v1/org/units", body, admin());
  EXPECT_EQ(r.status, 201) << r.raw;
  return r.status == 201 ? r.body["id"].get<int64_t>() : 0;
}

Session ServerFixture::make_user(const std::string& username, const std::string& role, int64_t unit) {
  auto r = api().post("/api/v1/users",
                      {{"username", username},
                       {"password", kPassword},
                       {"display_name", username},
                       {"role", role},
                       {"org_unit_id", unit}},
                      admin());
  EXPECT_EQ(r.status, 201) << r.raw;
  return api().login(username, kPassword);
}

ServerFixture::Tree ServerFixture::make_tree(const std::string& tag) {
  Tree t;
  t.region = make_unit("region", unique(tag + "大区"), 1);
  t.province_code = next_province_code();
  t.province = make_unit("province", unique(tag + "省区"), t.region, t.province_code);
  t.dealer_a_name = unique(tag + "甲经销商");
  t.dealer_a = make_unit("dealer", t.dealer_a_name, t.province);
  t.dealer_b_name = unique(tag + "乙经销商");
  t.dealer_b = make_unit("dealer", t.dealer_b_name, t.province);
  return t;
}

nlohmann::json account_body(const std::string& name, const std::string& division, const nlohmann::json& extra) {
  nlohmann::json body = {{"name", name},
                         {"industry", "police"},
                         {"admin_level", "municipal"},
                         {"division_code", division},
                         {"grade", "key"},
                         {"business_class", "tender"},
                         {"procurement_method", "tender"},
                         {"source_channel", "gov_procurement_site"}};
  body.update(extra);
  return body;
}

int64_t ServerFixture::make_account(const Session& as, const std::string& division, const std::string& prefix,
                                    const nlohmann::json& extra) {
  auto r = api().post("/api/v1/accounts", account_body(unique(prefix), division, extra), as);
  EXPECT_EQ(r.status, 201) << r.raw;
  return r.status == 201 ? r.body["id"].get<int64_t>() : 0;
}

nlohmann::json registration_body(const nlohmann::json& account, const nlohmann::json& extra) {
  nlohmann::json body = {{"vehicle_type", "command"},
                         {"quantity", 10},
                         {"expected_date", day_from_today(60)},
                         {"procurement_method", "tender"},
                         {"source_channel", "gov_procurement_site"},
                         {"info_class", "tender"}};
  body[account.is_number() ? "account_id" : "account"] = account;
  body.update(extra);
  return body;
}

nlohmann::json ServerFixture::make_registration(const Session& as, const nlohmann::json& account,
                                                const nlohmann::json& extra) {
  auto r = api().post("/api/v1/registrations", registration_body(account, extra), as);
  EXPECT_EQ(r.status, 201) << r.raw;
  return r.body;
}

nlohmann::json opportunity_body(int64_t account_id, const nlohmann::json& extra) {
  nlohmann::json body = {{"account_id", account_id},
                         {"title", "指挥车采购"},
                         {"lines", {{{"vehicle_type", "command"}, {"quantity", 10}}}},
                         {"expected_date", day_from_today(60)},
                         {"procurement_method", "tender"},
                         {"usage_area", "in_province"}};
  body.update(extra);
  return body;
}

nlohmann::json ServerFixture::make_opportunity(const Session& as, int64_t account_id, const nlohmann::json& extra) {
  auto r = api().post("/api/v1/opportunities", opportunity_body(account_id, extra), as);
  EXPECT_EQ(r.status, 201) << r.raw;
  return r.body;
}

int64_t ServerFixture::count(const std::string& table) {
  int64_t n = 0;
  app_->database().read([&](db::Connection& c) { n = c.query_one("SELECT COUNT(*) FROM " + table)->integer(0); });
  return n;
}

std::string ServerFixture::unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(++counter);
}

}  // namespace fleetkam::test
