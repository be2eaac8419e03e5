// Conflicting writes sent at the same moment through the real server (issue 20, item 6): of
// requests that contradict each other exactly one succeeds, the others get 409 with a code, and
// what is stored matches the one that succeeded. On PostgreSQL transactions are READ COMMITTED,
// so every read-then-write path needs a row lock or a checked UPDATE; on SQLite writers are
// serialised and these pass as a regression guard. Each case is repeated: a race shows up in
// some rounds only.
#include <latch>
#include <set>
#include <thread>

#include "harness.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace {
constexpr int kRounds = 10;
}  // namespace

class ConcurrencyApi : public ServerFixture {
 protected:
  void SetUp() override {
    auto tree = make_tree("并发");
    region_ = tree.region;
    province_code_ = tree.province_code;
    province_ = tree.province;
    dealer_a_ = tree.dealer_a;
    dealer_b_ = tree.dealer_b;
    rep_a_ = make_user(unique("cc_a"), "sales_rep", dealer_a_);
    rep_b_ = make_user(unique("cc_b"), "sales_rep", dealer_b_);
    manager_ = make_user(unique("cc_am"), "area_manager", province_);
    manager2_ = make_user(unique("cc_am"), "area_manager", province_);
    regional_ = make_user(unique("cc_rd"), "regional_director", region_);
    director_ = make_user(unique("cc_dir"), "ka_director", 1);
    auto model = api().post("/api/v1/vehicle-models",
                            {{"code", unique("CC")},
                             {"name", "江铃 指挥车"},
                             {"vehicle_type", "command"},
                             {"kind", "base"},
                             {"guide_price_fen", 20000000}},
                            director_);
    ASSERT_EQ(model.status, 201) << model.raw;
    model_ = model.body["id"];
    auto bands = api().request(
        "PUT", "/api/v1/vehicle-models/" + std::to_string(model_) + "/bands",
        json{{"bands", {{{"procurement_method", "tender"}, {"max_discount_bp", 500}, {"hq_discount_bp", 1000}}}}}
            .dump(),
        {{"Authorization", "Bearer " + director_.token}});
    ASSERT_EQ(bands.status, 200) << bands.raw;
  }

  // Runs each request on its own thread, all released at once; returns the responses in order.
  static std::vector<Response> at_once(const std::vector<std::function<Response()>>& requests) {
    std::vector<Response> out(requests.size());
    std::latch start(static_cast<std::ptrdiff_t>(requests.size()));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < requests.size(); ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        out[i] = requests[i]();
      });
    }
    for (auto& t : threads) t.join();
    return out;
  }

  // Exactly one response has `ok`; every other one is 409 with one of `codes`. Returns the
  // index of the success (or -1).
  static int one_wins(const std::vector<Response>& responses, int ok, const std::set<std::string>& codes, int round) {
    int winner = -1, wins = 0;
    for (size_t i = 0; i < responses.size(); ++i) {
      const auto& r = responses[i];
      if (r.status == ok) {
        ++wins;
        winner = static_cast<int>(i);
        continue;
      }
      EXPECT_EQ(r.status, 409) << "round " << round << ": " << r.raw;
      if (r.status == 409) EXPECT_TRUE(codes.count(r.body.value("code", ""))) << "round " << round << ": " << r.raw;
    }
    EXPECT_EQ(wins, 1) << "round " << round;
    return wins == 1 ? winner : -1;
  }

  json account_body(const std::string& name) { return test::account_body(name, province_code_); }
  json lead(const json& account) {
    return registration_body(account, {{"quantity", 4}, {"expected_date", day_from_today(200)}});
  }
  int64_t account(const Session& as) { return make_account(as, province_code_); }
  // An open opportunity of rep A's dealer.
  json opportunity(int64_t quantity = 10) {
    return make_opportunity(rep_a_, account(rep_a_),
                            {{"lines", {{{"vehicle_type", "command"}, {"model_id", model_}, {"quantity", quantity}}}},
                             {"expected_date", day_from_today(200)}});
  }
  json won_opportunity(int64_t quantity) {
    auto o = opportunity(quantity);
    auto r = api().post("/api/v1/opportunities/" + std::to_string(o.value("id", 0)) + "/transitions",
                        {{"stage", "won"}, {"reason", "中标"}, {"version", o.value("version", 0)}}, rep_a_);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  int64_t scalar(const std::string& sql, const db::Params& params) {
    int64_t n = 0;
    app_->database().read([&](db::Connection& c) { n = c.query_one(sql, params)->integer(0); });
    return n;
  }

  int64_t region_ = 0, province_ = 0, dealer_a_ = 0, dealer_b_ = 0, model_ = 0;
  std::string province_code_;
  Session rep_a_, rep_b_, manager_, manager2_, regional_, director_;
};

TEST_F(ConcurrencyApi, ApproveAndRejectOfOneQuoteOneWins) {
  auto o = opportunity();
  for (int round = 0; round < kRounds; ++round) {
    // 7.5 % off: outside the band, within the regional director's reach
    auto quote = api().post("/api/v1/opportunities/" + std::to_string(o.value("id", 0)) + "/quotes",
                            {{"model_id", model_}, {"quantity", 10}, {"unit_price_fen", 18500000}}, rep_a_);
    ASSERT_EQ(quote.status, 201) << quote.raw;
    ASSERT_EQ(quote.body["status"], "pending_regional");
    std::string path = "/api/v1/quotes/" + std::to_string(quote.body.value("id", 0)) + "/decision";
    int64_t version = quote.body["version"];
    auto results = at_once({
        [&] {
          return api().post(path, {{"decision", "approve"}, {"version", version}}, regional_);
        },
        [&] {
          return api().post(path, {{"decision", "reject"}, {"note", "价格过低"}, {"version", version}}, director_);
        },
    });
    int winner = one_wins(results, 200, {"version_conflict", "quote.not_pending"}, round);
    if (winner < 0) continue;
    std::string expected = winner == 0 ? "approved" : "rejected";
    auto stored = api().get("/api/v1/quotes?status=approved,rejected", director_);
    bool found = false;
    for (const auto& q : stored.body["items"]) {
      if (q["id"] != quote.body["id"]) continue;
      found = true;
      EXPECT_EQ(q["status"], expected) << "round " << round;
      EXPECT_EQ(q["approvals"].size(), 1u) << "round " << round << ": " << q.dump();
    }
    EXPECT_TRUE(found) << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoDealersRegisteringOneNewOrganisationMakeOneAccount) {
  for (int round = 0; round < kRounds; ++round) {
    std::string name = unique("某市生态环境局");  // by name only, no credit code
    auto body = lead(account_body(name));
    auto results = at_once({
        [&] { return api().post("/api/v1/registrations", body, rep_a_); },
        [&] { return api().post("/api/v1/registrations", body, rep_b_); },
    });
    ASSERT_EQ(results[0].status, 201) << results[0].raw;
    ASSERT_EQ(results[1].status, 201) << results[1].raw;
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM accounts WHERE name = ?", {name}), 1) << "round " << round;
    std::multiset<std::string> statuses = {results[0].body["status"], results[1].body["status"]};
    EXPECT_EQ(statuses, (std::multiset<std::string>{"conflict", "pending"})) << "round " << round;
    // the reviewer approves the pending one; the other cannot be approved as well
    int pending = results[0].body["status"] == "pending" ? 0 : 1;
    auto review = [&](const Response& r) {
      return api().post("/api/v1/registrations/" + std::to_string(r.body.value("id", 0)) + "/review",
                        {{"decision", "approve"}, {"authentic", true}, {"version", r.body["version"]}}, manager_);
    };
    EXPECT_EQ(review(results[pending]).status, 200) << "round " << round;
    EXPECT_EQ(review(results[1 - pending]).status, 409) << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoCreatesOfOneAccountMakeOne) {
  for (int round = 0; round < kRounds; ++round) {
    std::string name = unique("某市市场监督管理局");
    auto body = account_body(name);
    auto results = at_once({
        [&] { return api().post("/api/v1/accounts", body, rep_a_); },
        [&] { return api().post("/api/v1/accounts", body, rep_b_); },
        [&] { return api().post("/api/v1/accounts", body, manager_); },
    });
    one_wins(results, 201, {"account.duplicate"}, round);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM accounts WHERE name = ?", {name}), 1) << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoEditsOfOneAccountFromOneVersionOneWins) {
  for (int round = 0; round < kRounds; ++round) {
    auto account = api().post("/api/v1/accounts", account_body(unique("某市交通运输局")), manager_);
    ASSERT_EQ(account.status, 201) << account.raw;
    std::string path = "/api/v1/accounts/" + std::to_string(account.body["id"].get<int64_t>());
    int64_t version = account.body["version"];
    auto edit = [&](const std::string& address) {
      return api().patch(path, {{"version", version}, {"address", address}}, manager_);
    };
    auto results = at_once({[&] { return edit("人民路1号"); }, [&] { return edit("解放路2号"); }});
    int winner = one_wins(results, 200, {"version_conflict"}, round);
    auto after = api().get(path, manager_);
    ASSERT_EQ(after.status, 200) << after.raw;
    EXPECT_EQ(after.body["version"], version + 1) << "round " << round;
    if (winner >= 0) EXPECT_EQ(after.body["address"], results[winner].body["address"]) << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoVoidsOfOneDeliverySubtractOnce) {
  auto o = won_opportunity(1000);
  int64_t id = o.value("id", 0);
  std::string today = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
  int64_t month = std::stoll(today.substr(0, 4)) * 100 + std::stoll(today.substr(5, 2));
  for (int round = 0; round < kRounds; ++round) {
    auto d =
        api().post("/api/v1/opportunities/" + std::to_string(id) + "/deliveries",
                   {{"date", today}, {"quantity", 3}, {"model", "江铃 指挥车"}, {"vehicle_type", "command"}}, rep_a_);
    ASSERT_EQ(d.status, 201) << d.raw;
    std::string path = "/api/v1/deliveries/" + std::to_string(d.body.value("id", 0)) + "/void";
    auto results = at_once({
        [&] {
          return api().post(path, {{"reason", "录错"}}, rep_a_);
        },
        [&] {
          return api().post(path, {{"reason", "重复"}}, manager_);
        },
    });
    one_wins(results, 200, {"delivery.voided"}, round);
    // every delivery made so far is void again: nothing counts
    EXPECT_EQ(scalar("SELECT delivered_units FROM opportunities WHERE id = ?", {id}), 0) << "round " << round;
    EXPECT_EQ(scalar("SELECT COALESCE(SUM(units), 0) FROM delivery_totals WHERE unit_id = ? AND month = ?",
                     {dealer_a_, month}),
              0)
        << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoDeliveriesBeyondTheWonQuantityOneWins) {
  std::string today = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
  for (int round = 0; round < kRounds; ++round) {
    auto o = won_opportunity(10);
    int64_t id = o.value("id", 0);
    std::string path = "/api/v1/opportunities/" + std::to_string(id) + "/deliveries";
    json body = {{"date", today}, {"quantity", 6}, {"model", "江铃 指挥车"}, {"vehicle_type", "command"}};
    auto results = at_once({
        [&] { return api().post(path, body, rep_a_); },
        [&] { return api().post(path, body, manager_); },
    });
    one_wins(results, 201, {"delivery.exceeds_won"}, round);
    EXPECT_EQ(scalar("SELECT delivered_units FROM opportunities WHERE id = ?", {id}), 6) << "round " << round;
  }
}

TEST_F(ConcurrencyApi, ApproveAndRejectOfOneRegistrationOneWins) {
  for (int round = 0; round < kRounds; ++round) {
    auto r = api().post("/api/v1/registrations", lead(account_body(unique("某市审计局"))), rep_a_);
    ASSERT_EQ(r.status, 201) << r.raw;
    std::string path = "/api/v1/registrations/" + std::to_string(r.body.value("id", 0));
    int64_t version = r.body["version"];
    auto results = at_once({
        [&] {
          return api().post(path + "/review", {{"decision", "approve"}, {"authentic", true}, {"version", version}},
                            manager_);
        },
        [&] {
          return api().post(path + "/review",
                            {{"decision", "reject"}, {"authentic", false}, {"note", "信息不实"}, {"version", version}},
                            manager2_);
        },
    });
    int winner = one_wins(results, 200, {"version_conflict", "registration.not_reviewable"}, round);
    if (winner < 0) continue;
    auto stored = api().get(path, manager_);
    EXPECT_EQ(stored.body["status"], winner == 0 ? "approved" : "rejected") << "round " << round;
    EXPECT_EQ(stored.body["version"], version + 1) << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoExtensionsOfOneRegistrationOneWins) {
  for (int round = 0; round < kRounds; ++round) {
    auto r = api().post("/api/v1/registrations", lead(account_body(unique("某市统计局"))), rep_a_);
    std::string path = "/api/v1/registrations/" + std::to_string(r.body.value("id", 0));
    auto approved =
        api().post(path + "/review", {{"decision", "approve"}, {"authentic", true}, {"version", 1}}, manager_);
    ASSERT_EQ(approved.status, 200) << approved.raw;
    int64_t version = approved.body["version"];
    auto results = at_once({
        [&] {
          return api().post(path + "/extend", {{"version", version}, {"reason", "招标公告"}}, manager_);
        },
        [&] {
          return api().post(path + "/extend", {{"version", version}, {"reason", "客户确认"}}, manager2_);
        },
    });
    int winner = one_wins(results, 200, {"version_conflict"}, round);
    if (winner < 0) continue;
    EXPECT_EQ(api().get(path, manager_).body["protected_until"], results[winner].body["protected_until"]);
  }
}

TEST_F(ConcurrencyApi, OneRegistrationConvertsOnce) {
  for (int round = 0; round < kRounds; ++round) {
    int64_t account_id = account(rep_a_);
    auto r = api().post("/api/v1/registrations", lead(account_id), rep_a_);
    std::string path = "/api/v1/registrations/" + std::to_string(r.body.value("id", 0));
    ASSERT_EQ(
        api().post(path + "/review", {{"decision", "approve"}, {"authentic", true}, {"version", 1}}, manager_).status,
        200);
    json body = {{"account_id", account_id},
                 {"registration_id", r.body["id"]},
                 {"title", "指挥车采购"},
                 {"lines", {{{"vehicle_type", "command"}, {"quantity", 4}}}},
                 {"expected_date", day_from_today(200)},
                 {"procurement_method", "tender"},
                 {"usage_area", "in_province"}};
    auto results = at_once({
        [&] { return api().post("/api/v1/opportunities", body, rep_a_); },
        [&] { return api().post("/api/v1/opportunities", body, rep_a_); },
    });
    one_wins(results, 201, {"registration.not_convertible"}, round);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM opportunities WHERE registration_id = ?", {r.body["id"].get<int64_t>()}), 1)
        << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoEditsOfOneTenderOneWins) {
  auto o = opportunity();
  for (int round = 0; round < kRounds; ++round) {
    auto t = api().post("/api/v1/opportunities/" + std::to_string(o.value("id", 0)) + "/tenders",
                        {{"notice_no", unique("N")},
                         {"published_where", "省政府采购网"},
                         {"published_on", day_from_today(-13)},
                         {"bid_deadline", day_from_today(7) + "T09:00:00+08:00"}},
                        rep_a_);
    ASSERT_EQ(t.status, 201) << t.raw;
    std::string path = "/api/v1/tenders/" + std::to_string(t.body.value("id", 0));
    int64_t version = t.body["version"];
    auto results = at_once({
        [&] {
          return api().patch(path, {{"result", "won"}, {"version", version}}, rep_a_);
        },
        [&] {
          return api().patch(path, {{"result", "lost"}, {"version", version}}, manager_);
        },
    });
    int winner = one_wins(results, 200, {"version_conflict"}, round);
    if (winner < 0) continue;
    EXPECT_EQ(scalar("SELECT version FROM tenders WHERE id = ?", {t.body["id"].get<int64_t>()}), version + 1);
  }
}

TEST_F(ConcurrencyApi, TwoReviewersApprovingRivalRegistrationsProtectOne) {
  for (int round = 0; round < kRounds; ++round) {
    auto body = lead(account_body(unique("某市林业局")));
    auto a = api().post("/api/v1/registrations", body, rep_a_);
    auto b = api().post("/api/v1/registrations", body, rep_b_);
    ASSERT_EQ(a.status, 201) << a.raw;
    ASSERT_EQ(b.status, 201) << b.raw;
    ASSERT_EQ(b.body["status"], "conflict");
    auto approve = [&](const Response& r, const Session& as) {
      return api().post("/api/v1/registrations/" + std::to_string(r.body.value("id", 0)) + "/review",
                        {{"decision", "approve"}, {"authentic", true}, {"version", r.body["version"]}}, as);
    };
    auto results = at_once({[&] { return approve(a, manager_); }, [&] { return approve(b, manager2_); }});
    int winner =
        one_wins(results, 200, {"registration.protected", "registration.not_reviewable", "version_conflict"}, round);
    if (winner < 0) continue;
    int64_t account_id = a.body["account_id"];
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM registrations WHERE account_id = ? AND status = 'approved'", {account_id}),
              1)
        << "round " << round;
    EXPECT_EQ(scalar("SELECT owner_unit_id FROM accounts WHERE id = ?", {account_id}),
              winner == 0 ? dealer_a_ : dealer_b_)
        << "round " << round;
  }
}

TEST_F(ConcurrencyApi, TwoStageMovesFromOneVersionOneWins) {
  for (int round = 0; round < kRounds; ++round) {
    auto o = opportunity();
    std::string path = "/api/v1/opportunities/" + std::to_string(o.value("id", 0)) + "/transitions";
    int64_t version = o["version"];
    auto results = at_once({
        [&] {
          return api().post(path, {{"stage", "won"}, {"reason", "中标"}, {"version", version}}, rep_a_);
        },
        [&] {
          return api().post(path, {{"stage", "lost"}, {"reason", "价格"}, {"lost_to", "某品牌"}, {"version", version}},
                            manager_);
        },
    });
    int winner = one_wins(results, 200, {"version_conflict", "opportunity.closed"}, round);
    if (winner < 0) continue;
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM opportunity_transitions WHERE opportunity_id = ?", {o["id"].get<int64_t>()}),
              2)
        << "round " << round;
  }
}
