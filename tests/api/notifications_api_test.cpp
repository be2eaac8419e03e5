// The notification centre, the reminder sweep and units' WeCom robots through the API, on a server
// run as `serve --allow-http-webhooks --test-hooks --public-url …` would run it, with real local
// HTTP receivers standing in for WeCom: messages well-formed and chunked, a failing receiver retried
// with backoff and nothing lost, the request path unaffected by a hanging one; and the jobs table
// claimed by two workers at once without a job run twice.
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "harness.h"
#include "modules/notifications/wecom.h"
#include "modules/reports/rules.h"
#include "platform/auth/password.h"
#include "platform/clock.h"
#include "platform/jobs/jobs.h"

namespace fleetkam::test {
namespace {

using json = nlohmann::json;

// A stand-in for WeCom's webhook on an ephemeral local port: records every POST and answers each
// as told, in turn ("ok" once the list is used up): ok, http500, errcode, hang (answers after
// longer than the server's read timeout).
class Receiver {
 public:
  struct Received {
    std::string content_type, path, key, body;
  };

  Receiver() {
    server_.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      std::string mode = "ok";
      {
        std::lock_guard lock(mutex_);
        received_.push_back(
            {request.get_header_value("Content-Type"), request.path, request.get_param_value("key"), request.body});
        if (!modes_.empty()) {
          mode = modes_.front();
          modes_.pop_front();
        }
      }
      if (mode == "http500") {
        response.status = 500;
        response.set_content("busy", "text/plain");
      } else if (mode == "errcode") {
        response.set_content(R"({"errcode":93000,"errmsg":"invalid webhook url"})", "application/json");
      } else {
        if (mode == "hang") std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        response.set_content(R"({"errcode":0,"errmsg":"ok"})", "application/json");
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& key) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/cgi-bin/webhook/send?key=" + key;
  }
  void answer(std::initializer_list<std::string> modes) {
    std::lock_guard lock(mutex_);
    modes_.insert(modes_.end(), modes);
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<std::string> modes_;
  std::vector<Received> received_;
};

std::string content_of(const Receiver::Received& r) {
  auto body = json::parse(r.body, nullptr, false);
  return body.is_object() ? body["markdown"].value("content", "") : "";
}

}  // namespace

class NotificationsApi : public ServerFixture {
 protected:
  // As ServerFixture's server, with the settings of `serve --allow-http-webhooks --test-hooks
  // --public-url https://fleetkam.example` and a WeCom read timeout of one second. No background
  // worker: each test runs the sweep and the jobs when it chooses.
  static void SetUpTestSuite() {
    use_test_password_cost();
    app::Config config;
    database_url_ = fresh_database_url("notifications");
    config.database_url = database_url_;
    config.port = 0;
    config.threads = 16;
    config.admin_password = kAdminPassword;
    config.web_root = make_web_root();
    config.allow_http_webhooks = true;
    config.test_hooks = true;
    config.public_url = "https://fleetkam.example";
    config.webhook_timeouts = {1000, 1000};
    app_ = std::make_unique<app::App>(config);
    app_->prepare();
    port_ = app_->bind();
    thread_ = std::make_unique<std::thread>([] { app_->run(); });
    api_ = std::make_unique<Api>(port_);
    admin_ = api_->login("admin", kAdminPassword);
    // reminders a test asks for: `flood_` many to one person, long enough to need several messages
    app_->sweep().add_source([](db::Connection&, int64_t) {
      std::vector<notifications::Reminder> out;
      if (flood_user_ == 0) return out;
      for (int i = 0; i < 150; ++i) {
        out.push_back({flood_user_, "report_due", "flood:" + std::to_string(flood_round_) + ":" + std::to_string(i),
                       "重点大客户跟踪表第" + std::to_string(i) + "份将于周六24:00截止",
                       "请在截止前提交本周的拜访与判断，逾期将记为迟交", "/reports/" + std::to_string(i)});
      }
      return out;
    });
  }
  // The calendar reports' reminders are ReportsApi's business: here the current periods' deadlines
  // are moved three weeks out (as HQ moves one), so no report is due or overdue whatever day it runs.
  void SetUp() override {
    app_->database().write([](db::Connection& c) {
      int64_t now = clock::now_ms();
      for (const auto& kind : reports::kinds()) {
        auto p = reports::current_period(kind, now);
        int64_t due = p.default_due_at + 21 * 86400000LL;
        c.execute(
            "INSERT INTO report_periods (kind, period, starts_at, ends_at, default_due_at, due_at, version, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (kind, period) DO NOTHING",
            {kind, p.period, p.starts_at, p.ends_at, p.default_due_at, due, now});
        c.execute("UPDATE report_periods SET due_at = ? WHERE kind = ? AND period = ?", {due, kind, p.period});
        c.execute("UPDATE reports SET due_at = ? WHERE kind = ? AND period = ?", {due, kind, p.period});
      }
    });
  }
  void TearDown() override {
    clock::pin(std::nullopt);
    flood_user_ = 0;
  }

  json configure(int64_t unit, const std::string& url, const Session& as, int64_t version = 0, bool enabled = true) {
    auto r = api().put(webhook(unit), {{"url", url}, {"enabled", enabled}, {"version", version}}, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  void disable(int64_t unit) {
    auto current = api().get(webhook(unit), admin());
    api().put(webhook(unit), {{"enabled", false}, {"version", current.body["version"]}}, admin());
  }
  static std::string webhook(int64_t unit, const std::string& tail = "") {
    return "/api/v1/org/units/" + std::to_string(unit) + "/wecom-webhook" + tail;
  }
  json notifications(const Session& as, const std::string& query = "") {
    auto r = api().get("/api/v1/notifications" + query, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  int64_t unread(const Session& as) {
    auto r = api().get("/api/v1/notifications/unread-count", as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.value("unread", -1);
  }
  int64_t registration(const Session& rep, const std::string& division) {
    return make_registration(rep, make_account(rep, division))["id"].get<int64_t>();
  }
  std::string job_status(int64_t id) {
    std::string status;
    app_->database().read(
        [&](db::Connection& c) { status = c.query_one("SELECT status FROM jobs WHERE id = ?", {id})->text(0); });
    return status;
  }

  static std::string database_url_;
  static std::atomic<int64_t> flood_user_;
  static std::atomic<int> flood_round_;
};

std::string NotificationsApi::database_url_;
std::atomic<int64_t> NotificationsApi::flood_user_{0};
std::atomic<int> NotificationsApi::flood_round_{0};

TEST_F(NotificationsApi, TheBellListsMarksReadAndKeepsToItsOwner) {
  auto tree = make_tree("铃");
  auto rep = make_user(unique("bell_rep"), "sales_rep", tree.dealer_a);
  auto manager = make_user(unique("bell_am"), "area_manager", tree.province);
  auto second_manager = make_user(unique("bell_am2"), "area_manager", tree.province);
  std::vector<int64_t> registrations;
  for (int i = 0; i < 3; ++i) registrations.push_back(registration(rep, tree.province_code));

  // the test hook runs the sweep and the due jobs
  auto ran = api().request("POST", "/api/v1/test/run-jobs");
  ASSERT_EQ(ran.status, 200) << ran.raw;
  EXPECT_GE(ran.body["sweep"]["created"].get<int64_t>(), 6);

  auto list = notifications(manager);
  ASSERT_EQ(list["items"].size(), 3u) << list.dump();
  EXPECT_EQ(list["unread_count"], 3);
  EXPECT_TRUE(list["next_cursor"].is_null());
  for (size_t i = 0; i < 3; ++i) {
    const auto& item = list["items"][i];
    EXPECT_EQ(item["kind"], "registration_to_review");
    EXPECT_EQ(item["link"], "/registrations/" + std::to_string(registrations[2 - i]));  // newest first
    EXPECT_EQ(item["title"].get<std::string>().rfind("报备待审核：", 0), 0u) << item.dump();
    EXPECT_NE(item["body"].get<std::string>().find(tree.dealer_a_name), std::string::npos) << item.dump();
    EXPECT_TRUE(item["read_at"].is_null());
    EXPECT_TRUE(clock::parse_rfc3339(item["created_at"]));
    if (i > 0) EXPECT_LT(item["id"].get<int64_t>(), list["items"][i - 1]["id"].get<int64_t>());
  }
  EXPECT_EQ(unread(manager), 3);
  EXPECT_EQ(unread(second_manager), 3);
  EXPECT_EQ(unread(rep), 0);
  EXPECT_TRUE(notifications(rep)["items"].empty());

  // keyset pages
  auto first_page = notifications(manager, "?limit=2");
  ASSERT_EQ(first_page["items"].size(), 2u);
  ASSERT_TRUE(first_page["next_cursor"].is_string());
  auto second_page = notifications(manager, "?limit=2&cursor=" + first_page["next_cursor"].get<std::string>());
  ASSERT_EQ(second_page["items"].size(), 1u);
  EXPECT_EQ(second_page["items"][0]["id"], list["items"][2]["id"]);
  EXPECT_TRUE(second_page["next_cursor"].is_null());

  // another's notification is not there for anyone else: 404, and it stays unread
  const int64_t newest = list["items"][0]["id"];
  const std::string read_path = "/api/v1/notifications/" + std::to_string(newest) + "/read";
  EXPECT_EQ(api().post(read_path, json::object(), rep).status, 404);
  EXPECT_EQ(api().post(read_path, json::object(), second_manager).status, 404);
  EXPECT_EQ(api().post(read_path, json::object(), admin()).status, 404);
  EXPECT_EQ(unread(manager), 3);

  EXPECT_EQ(api().post(read_path, json::object(), manager).status, 204);
  EXPECT_EQ(api().post(read_path, json::object(), manager).status, 204);  // again: still read, no error
  EXPECT_EQ(unread(manager), 2);
  EXPECT_EQ(unread(second_manager), 3);
  auto unread_only = notifications(manager, "?unread=true");
  ASSERT_EQ(unread_only["items"].size(), 2u);
  for (const auto& item : unread_only["items"]) EXPECT_NE(item["id"], newest);
  EXPECT_EQ(unread_only["unread_count"], 2);
  auto all = notifications(manager, "?unread=false");
  ASSERT_EQ(all["items"].size(), 3u);
  EXPECT_TRUE(all["items"][0]["read_at"].is_string());

  EXPECT_EQ(api().post("/api/v1/notifications/999999999/read", json::object(), manager).status, 404);
  EXPECT_EQ(api().get("/api/v1/notifications?cursor=nonsense", manager).status, 422);
  EXPECT_EQ(api().get("/api/v1/notifications?limit=0", manager).status, 422);
  EXPECT_EQ(api().get("/api/v1/notifications?unread=perhaps", manager).status, 422);
  EXPECT_EQ(api().request("GET", "/api/v1/notifications/unread-count").status, 401);
  EXPECT_EQ(api().request("POST", "/api/v1/notifications/read-all", "{}").status, 401);

  EXPECT_EQ(api().post("/api/v1/notifications/read-all", json::object(), manager).status, 204);
  EXPECT_EQ(unread(manager), 0);
  EXPECT_EQ(unread(second_manager), 3);  // only the caller's
}

TEST_F(NotificationsApi, TheSweepStoresEachReminderOncePerPersonAndKey) {
  auto tree = make_tree("扫");
  auto rep = make_user(unique("sweep_rep"), "sales_rep", tree.dealer_a);
  auto regional = make_user(unique("sweep_rd"), "regional_director", tree.region);
  auto director = make_user(unique("sweep_dir"), "ka_director", 1);
  auto other_region = make_unit("region", unique("扫别的大区"), 1);
  auto other_regional = make_user(unique("sweep_rd2"), "regional_director", other_region);
  auto model = api().post("/api/v1/vehicle-models",
                          {{"code", unique("SW")},
                           {"name", "江铃 指挥车"},
                           {"vehicle_type", "command"},
                           {"kind", "upfit"},
                           {"upfitter", "中通专用车"},
                           {"guide_price_fen", 20000000}},
                          director);
  ASSERT_EQ(model.status, 201) << model.raw;
  auto bands = api().request(
      "PUT", "/api/v1/vehicle-models/" + model.body["id"].dump() + "/bands",
      json{{"bands", {{{"procurement_method", "tender"}, {"max_discount_bp", 500}, {"hq_discount_bp", 1000}}}}}.dump(),
      {{"Authorization", "Bearer " + director.token}});
  ASSERT_EQ(bands.status, 200) << bands.raw;
  auto opportunity = make_opportunity(rep, make_account(rep, tree.province_code));
  const int64_t opp = opportunity["id"];
  const std::string opp_path = "/api/v1/opportunities/" + std::to_string(opp);
  auto tender = api().post(opp_path + "/tenders",
                           {{"notice_no", "ZC-扫-001"},
                            {"published_where", "省政府采购网"},
                            {"published_on", day_from_today(-10)},
                            {"bid_deadline", clock::format_rfc3339(clock::now_ms() + 2 * 86400000LL)},
                            {"lots", {{{"no", "1"}, {"name", "指挥车"}, {"quantity", 10}}}}},
                           rep);
  ASSERT_EQ(tender.status, 201) << tender.raw;
  // a tender further out than three days is not reminded yet
  ASSERT_EQ(api()
                .post(opp_path + "/tenders",
                      {{"notice_no", "ZC-扫-002"},
                       {"published_where", "省政府采购网"},
                       {"published_on", day_from_today(-10)},
                       {"bid_deadline", clock::format_rfc3339(clock::now_ms() + 5 * 86400000LL)},
                       {"lots", {{{"no", "1"}, {"name", "指挥车"}, {"quantity", 10}}}}},
                      rep)
                .status,
            201);
  auto quote = api().post(opp_path + "/quotes",
                          {{"model_id", model.body["id"]}, {"quantity", 10}, {"unit_price_fen", 17000000}}, rep);
  ASSERT_EQ(quote.status, 201) << quote.raw;
  ASSERT_EQ(quote.body["status"], "pending_regional");

  auto with_link = [&](const Session& as, const std::string& link) {
    json found = json::array();
    auto page = notifications(as, "?limit=500");
    for (const auto& item : page["items"])
      if (item["link"] == link) found.push_back(item);
    return found;
  };
  const std::string quote_link = "/opportunities/" + std::to_string(opp) + "?tab=quotes";
  const std::string tender_link = "/opportunities/" + std::to_string(opp) + "?tab=tenders";

  auto first = app_->sweep().run(clock::now_ms());
  EXPECT_GE(first.created, 2);
  auto regional_quote = with_link(regional, quote_link);
  ASSERT_EQ(regional_quote.size(), 1u);
  EXPECT_EQ(regional_quote[0]["kind"], "quote_to_approve");
  EXPECT_EQ(regional_quote[0]["title"].get<std::string>().rfind("报价待大区审批：", 0), 0u);
  EXPECT_NE(regional_quote[0]["body"].get<std::string>().find("江铃 指挥车 × 10 台"), std::string::npos);
  EXPECT_TRUE(with_link(other_regional, quote_link).empty());  // another region's director
  EXPECT_TRUE(with_link(director, quote_link).empty());        // not HQ's step yet
  auto closing = with_link(rep, tender_link);
  ASSERT_EQ(closing.size(), 1u);  // the one within three days
  EXPECT_EQ(closing[0]["kind"], "tender_closing");
  EXPECT_NE(closing[0]["body"].get<std::string>().find("ZC-扫-001"), std::string::npos);

  // a second sweep finds the same reminders and stores nothing
  const int64_t stored = count("notifications");
  auto second = app_->sweep().run(clock::now_ms());
  EXPECT_EQ(second.reminders, first.reminders);
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(count("notifications"), stored);

  // the region approves: HQ's step is a new reminder, to HQ's approvers, once
  auto decided = api().post("/api/v1/quotes/" + quote.body["id"].dump() + "/decision",
                            {{"decision", "approve"}, {"version", quote.body["version"]}}, regional);
  ASSERT_EQ(decided.status, 200) << decided.raw;
  ASSERT_EQ(decided.body["status"], "pending_hq");
  auto third = app_->sweep().run(clock::now_ms());
  EXPECT_GE(third.created, 2);  // the director and the admin at least
  auto hq = with_link(director, quote_link);
  ASSERT_EQ(hq.size(), 1u);
  EXPECT_EQ(hq[0]["title"].get<std::string>().rfind("报价待总部审批：", 0), 0u);
  EXPECT_EQ(with_link(regional, quote_link).size(), 1u);  // nothing new for the region
  EXPECT_EQ(app_->sweep().run(clock::now_ms()).created, 0);
}

TEST_F(NotificationsApi, ARobotIsConfiguredInScopeWithItsKeyMasked) {
  auto tree = make_tree("机器人");
  auto manager = make_user(unique("bot_am"), "area_manager", tree.province);
  auto regional = make_user(unique("bot_rd"), "regional_director", tree.region);
  auto rep = make_user(unique("bot_rep"), "sales_rep", tree.dealer_a);
  auto dealer_manager = make_user(unique("bot_dm"), "dealer_manager", tree.dealer_a);
  auto other = make_tree("别的机器人");
  auto other_manager = make_user(unique("bot_am2"), "area_manager", other.province);
  const std::string key = "693a91f6-7aaa-4bc4-97a0-0ec2cafe5bbb";
  const std::string url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + key;
  const std::string masked =
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****************************5bbb";

  auto none = api().get(webhook(tree.province), manager);
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_EQ(none.body["configured"], false);
  EXPECT_EQ(none.body["version"], 0);
  EXPECT_TRUE(none.body["url"].is_null());

  // who may: 403 for a role that may not (whatever the unit: the role is checked first), 404
  // outside the caller's scope
  EXPECT_EQ(api().get(webhook(tree.dealer_a), rep).status, 403);
  EXPECT_EQ(api().get(webhook(tree.province), rep).status, 403);
  EXPECT_EQ(api().get(webhook(tree.dealer_a), dealer_manager).status, 403);
  EXPECT_EQ(api().put(webhook(tree.dealer_a), {{"url", url}, {"enabled", true}, {"version", 0}}, rep).status, 403);
  EXPECT_EQ(api().get(webhook(tree.province), other_manager).status, 404);
  EXPECT_EQ(api().put(webhook(tree.province), {{"url", url}, {"enabled", true}, {"version", 0}}, other_manager).status,
            404);
  EXPECT_EQ(api().get(webhook(tree.region), manager).status, 404);  // above the area manager
  EXPECT_EQ(api().get(webhook(999999999), admin()).status, 404);

  // bad input: a clear 422 naming the field, nothing stored
  for (const std::string bad : {"http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
                                "https://evil.example/cgi-bin/webhook/send?key=abc", "http://10.0.0.1:80/send?key=a"}) {
    auto r = api().put(webhook(tree.province), {{"url", bad}, {"enabled", true}, {"version", 0}}, manager);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.body["errors"][0]["field"], "url") << r.raw;
  }
  auto no_url = api().put(webhook(tree.province), {{"enabled", true}, {"version", 0}}, manager);
  EXPECT_EQ(no_url.status, 422);
  EXPECT_EQ(no_url.body["errors"][0]["field"], "url");
  EXPECT_EQ(api().put(webhook(tree.province), {{"url", url}, {"version", 0}}, manager).status, 422);
  EXPECT_EQ(
      api().put(webhook(tree.province), {{"url", url}, {"enabled", true}, {"version", 0}, {"x", 1}}, manager).status,
      422);
  EXPECT_EQ(api().get(webhook(tree.province), admin()).body["configured"], false);
  EXPECT_EQ(api().post(webhook(tree.province, "/test"), json::object(), manager).status, 409);

  // the area manager sets their province's robot and sees the key masked; the admin sees it whole
  auto saved = configure(tree.province, url, manager);
  EXPECT_EQ(saved["url"], masked);
  EXPECT_EQ(saved["key_visible"], false);
  EXPECT_EQ(saved["version"], 1);
  EXPECT_EQ(saved["enabled"], true);
  auto as_admin = api().get(webhook(tree.province), admin());
  EXPECT_EQ(as_admin.body["url"], url);
  EXPECT_EQ(as_admin.body["key_visible"], true);
  auto as_regional = api().get(webhook(tree.province), regional);
  EXPECT_EQ(as_regional.body["url"], masked);
  EXPECT_EQ(as_regional.raw.find(key), std::string::npos);
  EXPECT_EQ(api().get(webhook(tree.province), manager).raw.find(key), std::string::npos);
  auto audit = api().get("/api/v1/audit?entity=unit_webhook&id=" + std::to_string(tree.province), admin());
  ASSERT_EQ(items_of(audit).size(), 1u);
  EXPECT_EQ(audit.raw.find(key), std::string::npos);  // the audit trail never holds the key

  // switched off without sending the URL again (it is kept); a stale version is 409
  EXPECT_EQ(api().put(webhook(tree.province), {{"enabled", false}, {"version", 0}}, manager).status, 409);
  auto off = api().put(webhook(tree.province), {{"enabled", false}, {"version", 1}}, manager);
  ASSERT_EQ(off.status, 200) << off.raw;
  EXPECT_EQ(off.body["enabled"], false);
  EXPECT_EQ(off.body["version"], 2);
  EXPECT_EQ(api().get(webhook(tree.province), admin()).body["url"], url);
  EXPECT_EQ(api().post(webhook(tree.province, "/test"), json::object(), manager).status, 409);
  // a regional director configures a dealer of their region
  EXPECT_EQ(configure(tree.dealer_a, url, regional)["version"], 1);
}

TEST_F(NotificationsApi, RobotsReceiveWellFormedMarkdownChunkedToTheNearestUnit) {
  Receiver province_robot, region_robot;
  auto tree = make_tree("消息");
  auto rep = make_user(unique("msg_rep"), "sales_rep", tree.dealer_a);
  auto manager = make_user(unique("msg_am"), "area_manager", tree.province);
  auto regional = make_user(unique("msg_rd"), "regional_director", tree.region);
  configure(tree.province, province_robot.url("province-key-0001"), admin());
  configure(tree.region, region_robot.url("region-key-0002"), admin());
  const int64_t reg = registration(rep, tree.province_code);
  flood_user_ = regional.user_id;  // 150 long reminders to the regional director
  flood_round_++;

  auto swept = app_->sweep().run(clock::now_ms());
  EXPECT_GE(swept.created, 151);
  EXPECT_GE(swept.messages, 3);
  app_->jobs().run_due();

  // the area manager's reminder went to the robot of their own unit, the province: one message
  auto to_province = province_robot.received();
  ASSERT_EQ(to_province.size(), 1u);
  EXPECT_EQ(to_province[0].content_type, "application/json");
  EXPECT_EQ(to_province[0].path, "/cgi-bin/webhook/send");
  EXPECT_EQ(to_province[0].key, "province-key-0001");
  auto body = json::parse(to_province[0].body);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), 2u) << body.dump();
  EXPECT_EQ(body["msgtype"], "markdown");
  ASSERT_TRUE(body["markdown"].is_object());
  EXPECT_EQ(body["markdown"].size(), 1u);
  const std::string content = body["markdown"]["content"];
  auto manager_name = api().get("/api/v1/me", manager).body["user"]["display_name"].get<std::string>();
  EXPECT_EQ(content.rfind("**fleetkam 提醒**（共 1 条）\n- **" + manager_name + "**：报备待审核：", 0), 0u) << content;
  EXPECT_NE(content.find("[打开](https://fleetkam.example/registrations/" + std::to_string(reg) + ")"),
            std::string::npos)
      << content;

  // the regional director's 150 went to the region's robot, split within 4096 bytes, each line once
  auto to_region = region_robot.received();
  ASSERT_GE(to_region.size(), 3u);
  std::multiset<std::string> lines;
  for (size_t i = 0; i < to_region.size(); ++i) {
    const std::string part = content_of(to_region[i]);
    EXPECT_LE(part.size(), notifications::wecom::kMaxContentBytes);
    EXPECT_EQ(to_region[i].key, "region-key-0002");
    const std::string head =
        "**fleetkam 提醒**（共 150 条）（" + std::to_string(i + 1) + "/" + std::to_string(to_region.size()) + "）\n";
    ASSERT_EQ(part.rfind(head, 0), 0u) << part.substr(0, 100);
    size_t at = head.size();
    while (at < part.size()) {
      size_t end = part.find('\n', at);
      if (end == std::string::npos) end = part.size();
      lines.insert(part.substr(at, end - at));
      at = end + 1;
    }
  }
  EXPECT_EQ(lines.size(), 150u);
  for (int i : {0, 77, 149}) {
    EXPECT_EQ(lines.count("- **" + api().get("/api/v1/me", regional).body["user"]["display_name"].get<std::string>() +
                          "**：重点大客户跟踪表第" + std::to_string(i) +
                          "份将于周六24:00截止（请在截止前提交本周的拜访与判断，逾期将记为迟交） [打开](https://"
                          "fleetkam.example/reports/" +
                          std::to_string(i) + ")"),
              1u)
        << i;
  }

  // nothing new: the next sweep sends nothing
  flood_user_ = 0;
  EXPECT_EQ(app_->sweep().run(clock::now_ms()).messages, 0);
  app_->jobs().run_due();
  EXPECT_EQ(province_robot.received().size(), 1u);

  // the test message
  auto test = api().post(webhook(tree.province, "/test"), json::object(), manager);
  ASSERT_EQ(test.status, 202) << test.raw;
  app_->jobs().run_due();
  ASSERT_EQ(province_robot.received().size(), 2u);
  EXPECT_NE(content_of(province_robot.received()[1]).find("fleetkam 测试消息"), std::string::npos);
  EXPECT_EQ(job_status(test.body["job_id"]), "done");
  disable(tree.province);
  disable(tree.region);
}

TEST_F(NotificationsApi, AFailingRobotIsRetriedWithBackoffNothingLostAndRequestsUnaffected) {
  Receiver robot;
  auto tree = make_tree("重试");
  auto rep = make_user(unique("retry_rep"), "sales_rep", tree.dealer_a);
  auto manager = make_user(unique("retry_am"), "area_manager", tree.province);
  configure(tree.province, robot.url("retry-key"), admin());
  robot.answer({"http500", "errcode", "hang"});
  const int64_t start = clock::now_ms();
  clock::pin(start);
  registration(rep, tree.province_code);
  ASSERT_EQ(app_->sweep().run(start).messages, 1);
  int64_t job = 0;
  app_->database().read(
      [&](db::Connection& c) { job = c.query_one("SELECT MAX(id) FROM jobs WHERE kind = 'wecom_send'")->integer(0); });
  auto outcome_of = [&](const std::vector<jobs::Outcome>& outcomes) {
    for (const auto& o : outcomes)
      if (o.id == job) return o;
    return jobs::Outcome{};
  };

  // HTTP 500: retried in 30 s
  auto first = outcome_of(app_->jobs().run_due());
  EXPECT_EQ(first.status, "pending");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_NE(first.error.find("HTTP 500"), std::string::npos) << first.error;
  EXPECT_EQ(outcome_of(app_->jobs().run_due()).id, 0);  // not due yet
  clock::pin(start + 29000);
  EXPECT_EQ(outcome_of(app_->jobs().run_due()).id, 0);
  // errcode ≠ 0: retried 60 s later
  clock::pin(start + 30000);
  auto second = outcome_of(app_->jobs().run_due());
  EXPECT_EQ(second.status, "pending");
  EXPECT_EQ(second.attempts, 2);
  EXPECT_NE(second.error.find("errcode 93000"), std::string::npos) << second.error;
  clock::pin(start + 30000 + 59000);
  EXPECT_EQ(outcome_of(app_->jobs().run_due()).id, 0);

  // a receiver that hangs past the read timeout, on the worker's thread, while requests are served
  clock::pin(start + 30000 + 60000);
  std::vector<jobs::Outcome> hung;
  std::thread worker([&] { hung = app_->jobs().run_due(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is waiting for the robot now
  auto began = std::chrono::steady_clock::now();
  EXPECT_EQ(unread(manager), 1);
  auto list = notifications(manager);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(
      api().post("/api/v1/notifications/" + list["items"][0]["id"].dump() + "/read", json::object(), manager).status,
      204);  // a write, too
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
  EXPECT_LT(took, 500) << "requests waited for the worker";
  worker.join();
  auto third = outcome_of(hung);
  EXPECT_EQ(third.status, "pending");
  EXPECT_EQ(third.attempts, 3);
  EXPECT_NE(third.error.find("no answer"), std::string::npos) << third.error;

  // the robot recovers: at the next attempt (120 s later) the message arrives, once
  clock::pin(start + 30000 + 60000 + 120000);
  auto fourth = outcome_of(app_->jobs().run_due());
  EXPECT_EQ(fourth.status, "done");
  EXPECT_EQ(fourth.attempts, 4);
  clock::pin(start + 86400000LL);
  EXPECT_EQ(outcome_of(app_->jobs().run_due()).id, 0);
  auto received = robot.received();
  ASSERT_EQ(received.size(), 4u);  // four attempts of one message, the same message each time
  for (const auto& r : received) EXPECT_EQ(r.body, received[0].body);
  EXPECT_NE(content_of(received[3]).find("报备待审核："), std::string::npos);
  EXPECT_EQ(job_status(job), "done");
  std::string last_error = "x";
  app_->database().read([&](db::Connection& c) {
    auto row = c.query_one("SELECT last_error, finished_at FROM jobs WHERE id = ?", {job});
    last_error = row->optional_text(0).value_or("");
    EXPECT_FALSE(row->is_null(1));
  });
  EXPECT_EQ(last_error, "");
  clock::pin(std::nullopt);  // the sessions are good again
  disable(tree.province);
}

TEST_F(NotificationsApi, TwoWorkersNeverRunAJobTwiceAndFailuresAreKept) {
  // two workers on their own connections, as two `serve` processes sharing the database
  auto other = db::Database::open(database_url_, 4);
  jobs::Queue one(app_->database()), two(*other);
  std::mutex mutex;
  std::map<int64_t, int> runs;
  std::set<std::string> workers;
  auto counting = [&](jobs::Queue& queue) {
    return [&](const jobs::Job& job) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      std::lock_guard lock(mutex);
      ++runs[job.id];
      workers.insert(queue.worker_name());
    };
  };
  one.handle("count", counting(one));
  two.handle("count", counting(two));
  const int64_t now = clock::now_ms();
  std::set<int64_t> ids;
  app_->database().write([&](db::Connection& c) {
    for (int i = 0; i < 300; ++i) ids.insert(jobs::enqueue(c, "count", {{"n", i}}, now));
  });
  std::vector<jobs::Outcome> by_one, by_two;
  std::thread a([&] { by_one = one.run_due(); });
  std::thread b([&] { by_two = two.run_due(); });
  a.join();
  b.join();
  for (int64_t id : ids) EXPECT_EQ(runs[id], 1) << "job " << id;
  size_t counted = 0;
  for (const auto* outcomes : {&by_one, &by_two}) {
    for (const auto& o : *outcomes) {
      if (!ids.count(o.id)) continue;
      ++counted;
      EXPECT_EQ(o.status, "done");
    }
  }
  EXPECT_EQ(counted, ids.size());
  EXPECT_EQ(workers.size(), 2u) << "one worker took every job: the test proves nothing";

  // a job that keeps failing is retried up to its attempts, then failed and kept with its error
  one.handle("broken", [](const jobs::Job&) { throw std::runtime_error("receiver said no"); });
  clock::pin(now);
  int64_t broken = 0;
  app_->database().write([&](db::Connection& c) { broken = jobs::enqueue(c, "broken", json::object(), now, 2); });
  one.run_due();
  EXPECT_EQ(job_status(broken), "pending");
  clock::pin(now + jobs::backoff_ms(1));
  one.run_due();
  EXPECT_EQ(job_status(broken), "failed");
  app_->database().read([&](db::Connection& c) {
    auto row = c.query_one("SELECT attempts, last_error FROM jobs WHERE id = ?", {broken});
    EXPECT_EQ(row->integer(0), 2);
    EXPECT_EQ(row->text(1), "receiver said no");
  });

  // a job left running by a worker that died is taken back once its lease has ended, and run
  int64_t orphan = 0;
  app_->database().write([&](db::Connection& c) {
    orphan = jobs::enqueue(c, "count", json::object(), now);
    c.execute("UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'gone:1:1', locked_until = ? WHERE id = ?",
              {now + 60000, orphan});
  });
  clock::pin(now + 59000);
  one.run_due();
  EXPECT_EQ(runs[orphan], 0);  // its lease still holds
  clock::pin(now + 60000);
  one.run_due();
  EXPECT_EQ(runs[orphan], 1);
  EXPECT_EQ(job_status(orphan), "done");
}

TEST_F(NotificationsApi, TestHooksMoveTheClockAndAreRefusedOffLoopback) {
  auto pinned = api().request("POST", "/api/v1/test/clock", R"({"now":"2025-03-01T09:00:00+08:00"})");
  ASSERT_EQ(pinned.status, 200) << pinned.raw;
  EXPECT_EQ(pinned.body["now"], "2025-03-01T09:00:00+08:00");
  EXPECT_EQ(clock::now_ms(), *clock::parse_rfc3339("2025-03-01T01:00:00Z"));
  EXPECT_EQ(api().request("POST", "/api/v1/test/clock", R"({"now":"yesterday"})").status, 422);
  auto released = api().request("POST", "/api/v1/test/clock", R"({"now":null})");
  ASSERT_EQ(released.status, 200);
  EXPECT_EQ(released.body["pinned"], false);
  EXPECT_GT(clock::now_ms(), *clock::parse_rfc3339("2025-03-02T00:00:00Z"));

  // `serve --test-hooks` with an address others can reach does not start (it would serve on a
  // usable database: `timeout` ends it, with status 124, if it did)
  auto db = std::filesystem::temp_directory_path() / ("fleetkam-hooks-" + std::to_string(getpid()) + ".db");
  std::string command = "timeout 20 " + std::string(FLEETKAM_BINARY) +
                        " serve --test-hooks --listen 0.0.0.0:0 --db sqlite:" + db.string() + " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[512];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << output;
  EXPECT_NE(output.find("loopback"), std::string::npos) << output;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
}

}  // namespace fleetkam::test
