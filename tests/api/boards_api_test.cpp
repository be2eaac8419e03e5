// Performance boards (业绩看板, issue 16): each board's figures for HQ, a region, a province, a
// dealer and one person equal a recomputation from the records (opportunities, transitions,
// registrations, deliveries, reports, assessment results) with plain SQL; the totals kept with
// the writes equal the totals rebuilt from the records; other scopes get 404, bad input 422; the
// exports carry the same figures.
#include <map>
#include <set>

#include "harness.h"
#include "modules/boards/totals.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/sheets/sheets.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace {

// Figures of a stage as the test recomputes them.
struct Expected {
  int64_t count = 0, units = 0, amount_fen = 0, weighted_x100 = 0;
};

}  // namespace

class BoardsApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  struct World {
    Tree tree;
    Session rep_a, rep_a2, rep_b, dm_a, am, rd, director, other_am;
    std::map<int64_t, std::string> names;  // user id → username, to sign in again
    int64_t won = 0, registered_won = 0;
  };

  Session person(World& w, const std::string& prefix, const std::string& role, int64_t unit) {
    auto name = unique(prefix);
    auto s = make_user(name, role, unit);
    w.names[s.user_id] = name;
    return s;
  }

  Response move(int64_t id, const std::string& stage, const Session& as, json extra = json::object()) {
    auto current = api().get("/api/v1/opportunities/" + std::to_string(id), as);
    extra["stage"] = stage;
    extra["version"] = current.body.value("version", 0);
    return api().post("/api/v1/opportunities/" + std::to_string(id) + "/transitions", extra, as);
  }

  int64_t opportunity(const Session& as, int64_t quantity, std::optional<int64_t> probability, int days,
                      const json& extra = json::object()) {
    json body = {{"lines", {{{"vehicle_type", "command"}, {"quantity", quantity}, {"unit_price_fen", 20000000}}}},
                 {"expected_date", day_from_today(days)}};
    if (probability) body["probability"] = *probability;
    body.update(extra);
    auto account = make_account(as, "510104", "成都市公安局");
    return make_opportunity(as, account, body)["id"].get<int64_t>();
  }

  // A region over a province over dealers A and B with their people, and a pipeline on both
  // tracks: open at several stages (with and without the owner's probability, one overdue), won
  // with part delivered, lost, and registrations approved, converted and won, rejected, pending.
  World world(const std::string& tag) {
    World w;
    w.tree = make_tree(tag);
    auto other = make_tree(tag + "外");
    w.rep_a = person(w, "bd_a", "sales_rep", w.tree.dealer_a);
    w.rep_a2 = person(w, "bd_a2", "sales_rep", w.tree.dealer_a);
    w.rep_b = person(w, "bd_b", "sales_rep", w.tree.dealer_b);
    w.dm_a = person(w, "bd_dm", "dealer_manager", w.tree.dealer_a);
    w.am = person(w, "bd_am", "area_manager", w.tree.province);
    w.rd = person(w, "bd_rd", "regional_director", w.tree.region);
    w.director = person(w, "bd_dir", "ka_director", 1);
    w.other_am = person(w, "bd_am2", "area_manager", other.province);

    opportunity(w.rep_a, 4, 30, 20);
    int64_t moved = opportunity(w.rep_a, 6, std::nullopt, 40);
    EXPECT_EQ(move(moved, "contact", w.rep_a).status, 200);
    EXPECT_EQ(move(moved, "analyze", w.rep_a).status, 200);
    w.won = opportunity(w.rep_a, 5, 60, 10);
    EXPECT_EQ(move(w.won, "won", w.rep_a, {{"reason", "中标"}}).status, 200);
    auto delivery = api().post(
        "/api/v1/opportunities/" + std::to_string(w.won) + "/deliveries",
        {{"date", day_from_today(0)}, {"quantity", 3}, {"model", "江铃 指挥车"}, {"vehicle_type", "command"}}, w.rep_a);
    EXPECT_EQ(delivery.status, 201) << delivery.raw;
    int64_t lost = opportunity(w.rep_a, 2, 40, 30);
    EXPECT_EQ(move(lost, "lost", w.rep_a, {{"reason", "价格偏高"}, {"lost_to", "某竞品"}}).status, 200);
    int64_t overdue = opportunity(w.rep_a2, 3, 50, -10);
    EXPECT_EQ(move(overdue, "contact", w.rep_a2).status, 200);
    opportunity(w.rep_b, 8, 20, 90);

    // registrations: approved → converted → won; rejected; pending
    auto approve = [&](const json& reg, const std::string& decision) {
      json body = {{"decision", decision}, {"authentic", true}, {"version", reg["version"]}};
      if (decision == "reject") body["note"] = "信息不实";
      auto r = api().post("/api/v1/registrations/" + std::to_string(reg["id"].get<int64_t>()) + "/review", body, w.am);
      EXPECT_EQ(r.status, 200) << r.raw;
    };
    auto registered = make_registration(w.rep_a, account_body(unique("成都市交通运输局"), "510104"));
    approve(registered, "approve");
    auto converted = make_opportunity(w.rep_a, registered["account_id"].get<int64_t>(),
                                      {{"registration_id", registered["id"]}, {"probability", 70}});
    w.registered_won = converted["id"].get<int64_t>();
    EXPECT_EQ(move(w.registered_won, "won", w.rep_a, {{"reason", "框架协议"}}).status, 200);
    approve(make_registration(w.rep_a, account_body(unique("成都市卫生健康委员会"), "510104")), "reject");
    make_registration(w.rep_b, account_body(unique("自贡市应急管理局"), "510104"));
    return w;
  }

  json board(const std::string& name, const Session& as, const std::string& query = "") {
    auto r = api().get("/api/v1/boards/" + name + (query.empty() ? "" : "?" + query), as);
    EXPECT_EQ(r.status, 200) << name << "?" << query << ": " << r.raw;
    return r.body;
  }

  // ---- the recomputation from the records -------------------------------------------------

  std::string path_of(int64_t unit) {
    std::string path;
    app_->database().read(
        [&](db::Connection& c) { path = c.query_one("SELECT path FROM org_units WHERE id = ?", {unit})->text(0); });
    return path;
  }

  // Open opportunities per stage of `column` (stage or procurement_stage) under `path`, or the
  // person's; weighted by the owner's probability, else HQ's default for the stage.
  std::map<std::string, Expected> open_by(const std::string& column, int64_t unit, std::optional<int64_t> user) {
    std::map<std::string, Expected> out;
    auth::Scope scope{path_of(unit)};
    std::string sql = "SELECT o." + column +
                      ", COUNT(*), SUM(o.quantity), SUM(o.amount_fen), SUM(o.quantity * COALESCE(o.probability, "
                      "sp.probability, 0)) FROM opportunities o JOIN org_units u ON u.id = o.owner_unit_id LEFT JOIN "
                      "opportunity_stage_probabilities sp ON sp.stage = o.stage WHERE o.stage NOT IN ('won', 'lost') "
                      "AND u.path >= ? AND u.path < ?";
    db::Params params = {scope.lower(), scope.upper()};
    if (user) {
      sql += " AND o.owner_user_id = ?";
      params.emplace_back(*user);
    }
    app_->database().read([&](db::Connection& c) {
      for (const auto& row : c.query(sql + " GROUP BY o." + column, params)) {
        out[row.text(0)] = {row.integer(1), row.integer(2), row.integer(3), row.integer(4)};
      }
    });
    return out;
  }

  // Won (units won) or lost opportunities closed in [from, to) under the unit, or the person's.
  Expected closed(const std::string& stage, int64_t unit, std::optional<int64_t> user, int64_t from, int64_t to) {
    Expected out;
    auth::Scope scope{path_of(unit)};
    std::string sql = std::string("SELECT COUNT(*), COALESCE(SUM(") + (stage == "won" ? "o.won_units" : "o.quantity") +
                      "), 0), COALESCE(SUM(o.amount_fen), 0) FROM opportunities o JOIN org_units u ON u.id = "
                      "o.owner_unit_id WHERE o.stage = ? AND o.closed_at >= ? AND o.closed_at < ? AND u.path >= ? "
                      "AND u.path < ?";
    db::Params params = {stage, from, to, scope.lower(), scope.upper()};
    if (user) {
      sql += " AND o.owner_user_id = ?";
      params.emplace_back(*user);
    }
    app_->database().read([&](db::Connection& c) {
      auto row = c.query_one(sql, params);
      out = {row->integer(0), row->integer(1), row->integer(2), 0};
    });
    return out;
  }

  // Delivered units (void ones out) in month YYYYMM under the unit, or the person's.
  int64_t delivered(int64_t unit, std::optional<int64_t> user, int64_t month) {
    auth::Scope scope{path_of(unit)};
    std::string sql =
        "SELECT COALESCE(SUM(d.quantity), 0) FROM deliveries d JOIN org_units u ON u.id = d.unit_id WHERE "
        "d.voided_at IS NULL AND d.month = ? AND u.path >= ? AND u.path < ?";
    db::Params params = {month, scope.lower(), scope.upper()};
    if (user) {
      sql += " AND d.user_id = ?";
      params.emplace_back(*user);
    }
    int64_t n = 0;
    app_->database().read([&](db::Connection& c) { n = c.query_one(sql, params)->integer(0); });
    return n;
  }

  // Registrations made in [from, to) under the unit (or registered by the person) per status,
  // and `won`: those whose opportunity was won.
  std::map<std::string, int64_t> registrations(int64_t unit, std::optional<int64_t> user, int64_t from, int64_t to) {
    std::map<std::string, int64_t> out;
    auth::Scope scope{path_of(unit)};
    std::string where =
        " FROM registrations r JOIN org_units u ON u.id = r.dealer_unit_id LEFT JOIN opportunities o ON o.id = "
        "r.opportunity_id WHERE r.created_at >= ? AND r.created_at < ? AND u.path >= ? AND u.path < ?";
    db::Params params = {from, to, scope.lower(), scope.upper()};
    if (user) {
      where += " AND r.registered_by = ?";
      params.emplace_back(*user);
    }
    app_->database().read([&](db::Connection& c) {
      for (const auto& row : c.query("SELECT r.status, COUNT(*)" + where + " GROUP BY r.status", params))
        out[row.text(0)] = row.integer(1);
      out["won"] = c.query_one("SELECT COUNT(*)" + where + " AND o.stage = 'won'", params)->integer(0);
    });
    return out;
  }

  // The funnel of a board against the recomputation.
  void expect_funnel(const json& f, int64_t unit, std::optional<int64_t> user, const std::string& who) {
    SCOPED_TRACE(who);
    auto sales = open_by("stage", unit, user);
    auto procurement = open_by("procurement_stage", unit, user);
    auto year = calendar::month_of(clock::now_ms()).year;
    int64_t from = calendar::month_start({year, 1}), to = calendar::month_start({year + 1, 1});
    auto won = closed("won", unit, user, from, to);
    auto lost = closed("lost", unit, user, from, to);
    int64_t later = won.count;
    ASSERT_EQ(f["sales"].size(), 5U);
    for (size_t i = f["sales"].size(); i-- > 0;) {
      const auto& s = f["sales"][i];
      auto e = sales[s["stage"].get<std::string>()];
      EXPECT_EQ(s["count"], e.count) << s.dump();
      EXPECT_EQ(s["units"], e.units) << s.dump();
      EXPECT_EQ(s["amount_fen"], e.amount_fen) << s.dump();
      EXPECT_DOUBLE_EQ(s["weighted_units"].get<double>(), static_cast<double>(e.weighted_x100) / 100.0) << s.dump();
      EXPECT_EQ(s["reached"], later + e.count) << "in the stage or beyond, or won in the period";
      later += e.count;
    }
    ASSERT_EQ(f["procurement"].size(), 6U);
    for (const auto& s : f["procurement"]) {
      auto e = procurement[s["stage"].get<std::string>()];
      EXPECT_EQ(s["count"], e.count) << s.dump();
      EXPECT_EQ(s["units"], e.units) << s.dump();
    }
    EXPECT_EQ(f["won"]["count"], won.count);
    EXPECT_EQ(f["won"]["units"], won.units);
    EXPECT_EQ(f["won"]["amount_fen"], won.amount_fen);
    EXPECT_EQ(f["lost"]["count"], lost.count);
    EXPECT_EQ(f["lost"]["units"], lost.units);
  }

  void expect_registrations(const json& b, int64_t unit, std::optional<int64_t> user, const std::string& who) {
    SCOPED_TRACE(who);
    auto year = calendar::month_of(clock::now_ms()).year;
    auto e = registrations(unit, user, calendar::month_start({year, 1}), calendar::month_start({year + 1, 1}));
    int64_t made = 0;
    for (const auto& status : {"pending", "conflict", "approved", "rejected", "lapsed", "converted"}) {
      EXPECT_EQ(b["total"][status], e[status]) << status;
      made += e[status];
    }
    EXPECT_EQ(b["total"]["won"], e["won"]);
    EXPECT_EQ(b["total"]["new"], made);
    int64_t by_months = 0;
    for (const auto& m : b["months"]) by_months += m["new"].get<int64_t>();
    EXPECT_EQ(by_months, made) << "the months add up to the total";
  }

  void expect_attainment(const json& a, int64_t unit, std::optional<int64_t> user, const std::string& who) {
    SCOPED_TRACE(who);
    auto now = calendar::month_of(clock::now_ms());
    int64_t this_month = int64_t{now.year} * 100 + now.month;
    ASSERT_EQ(a["months"].size(), 12U);
    // to date: the months up to this one that the plan in force covers (all without a plan)
    int64_t plan_from = 0, plan_to = 999999;
    if (!a["plan"].is_null()) {
      app_->database().read([&](db::Connection& c) {
        auto row =
            c.query_one("SELECT from_month, to_month FROM target_plans WHERE id = ?", {a["plan"]["id"].get<int64_t>()});
        plan_from = row->integer(0);
        plan_to = row->integer(1);
      });
    }
    int64_t to_date = 0;
    for (const auto& m : a["months"]) {
      auto month = calendar::parse_month(m["month"].get<std::string>());
      int64_t number = int64_t{month->year} * 100 + month->month;
      int64_t units = delivered(unit, user, number);
      EXPECT_EQ(m["actual"], units) << m.dump();
      if (number <= this_month && number >= plan_from && number <= plan_to) to_date += units;
      if (number < this_month) EXPECT_DOUBLE_EQ(m["forecast"].get<double>(), static_cast<double>(units));
    }
    EXPECT_EQ(a["to_date"]["actual"], to_date);
  }
};

TEST_F(BoardsApi, EachScopesBoardsEqualTheRecords) {
  auto w = world("看板");
  struct Case {
    std::string who;
    const Session* as;
    std::string query;
    int64_t unit;
    std::optional<int64_t> user;
  };
  std::vector<Case> cases = {
      {"the regional director: the region", &w.rd, "", w.tree.region, std::nullopt},
      {"the area manager: the province", &w.am, "", w.tree.province, std::nullopt},
      {"HQ reads the province", &w.director, "unit_id=" + std::to_string(w.tree.province), w.tree.province,
       std::nullopt},
      {"the dealer manager: the dealer", &w.dm_a, "", w.tree.dealer_a, std::nullopt},
      {"the sales rep: their own", &w.rep_a, "", w.tree.dealer_a, w.rep_a.user_id},
      {"the dealer manager reads a rep's", &w.dm_a, "user_id=" + std::to_string(w.rep_a2.user_id), w.tree.dealer_a,
       w.rep_a2.user_id},
      {"HQ: the whole network", &w.director, "", 1, std::nullopt},
  };
  for (const auto& c : cases) {
    auto funnel = board("funnel", *c.as, c.query);
    expect_funnel(funnel, c.unit, c.user, c.who);
    expect_registrations(board("registrations", *c.as, c.query), c.unit, c.user, c.who);
    expect_attainment(board("attainment", *c.as, c.query), c.unit, c.user, c.who);
    EXPECT_EQ(funnel["unit"]["id"], c.unit) << c.who;
    if (c.user) {
      EXPECT_EQ(funnel["user"]["id"], *c.user) << c.who;
    } else {
      EXPECT_TRUE(funnel["user"].is_null()) << c.who;
    }
  }

  // the figures this world holds, spelt out: the province's open pipeline and its outcome
  auto province = board("funnel", w.am);
  std::map<std::string, int64_t> counts;
  for (const auto& s : province["sales"]) counts[s["stage"]] = s["count"];
  EXPECT_EQ(counts["discover"], 2) << "rep A's and rep B's";
  EXPECT_EQ(counts["contact"], 1);
  EXPECT_EQ(counts["analyze"], 1);
  EXPECT_EQ(province["won"]["count"], 2);
  EXPECT_EQ(province["won"]["units"], 15) << "5 and 10 units won";
  EXPECT_EQ(province["lost"]["count"], 1);
  EXPECT_DOUBLE_EQ(province["win_rate"].get<double>(), 2.0 / 3.0);
  // the stage's count equals the length of the list it opens
  auto listed = items_of(api().get(
      "/api/v1/opportunities?stage=discover&owner_unit_id=" + std::to_string(w.tree.province) + "&limit=100", w.am));
  EXPECT_EQ(listed.size(), 2U);
  // the last four weeks: everything above was made this week
  ASSERT_EQ(province["weeks"].size(), 4U);
  const auto& week = province["weeks"][3];
  std::map<std::string, std::pair<int64_t, int64_t>> flows;
  for (const auto& f : week["sales"]) flows[f["stage"]] = {f["entered"], f["exited"]};
  EXPECT_EQ(flows["discover"].first, 7) << "seven opportunities made";
  EXPECT_EQ(flows["discover"].second, 5) << "five moved on";
  EXPECT_EQ(flows["won"].first, 2);
  EXPECT_EQ(flows["lost"].first, 1);
  EXPECT_EQ(province["sales"][0]["count_4w_ago"], 0) << "none existed four weeks ago";

  // attainment: this month's delivered units and forecast (3 delivered + the open ones expected
  // this month or overdue, weighted: rep A2's 3 units at 50 %), the dealers ranked
  auto attainment = board("attainment", w.am);
  auto now = calendar::month_of(clock::now_ms());
  const auto& month = attainment["months"][static_cast<size_t>(now.month - 1)];
  EXPECT_EQ(month["actual"], 3);
  double expected_this_month = 3.0 + 1.5;
  // rep A's discover one (4 at 30 %, in 20 days) lands this month when 20 days are still in it
  if (day_from_today(20).substr(0, 7) == day_from_today(0).substr(0, 7)) expected_this_month += 1.2;
  EXPECT_NEAR(month["forecast"].get<double>(), expected_this_month, 0.001) << month.dump();
  EXPECT_EQ(attainment["units_kind"], "dealer");
  ASSERT_EQ(attainment["units"].size(), 2U);
  EXPECT_EQ(attainment["units"][0]["unit_id"], w.tree.dealer_a) << "dealer A delivered";
  EXPECT_EQ(attainment["units"][0]["actual"], 3);
  double forecasts = 0;  // the dealers partition the province: their forecasts add up to its own
  for (const auto& u : attainment["units"]) forecasts += u["forecast"].get<double>();
  EXPECT_NEAR(forecasts, attainment["period"]["forecast"].get<double>(), 0.001);
  auto people = board("attainment", w.dm_a);
  EXPECT_EQ(people["units_kind"], "user");
  std::set<int64_t> ranked;
  for (const auto& u : people["units"]) ranked.insert(u["user_id"].get<int64_t>());
  EXPECT_EQ(ranked, (std::set<int64_t>{w.rep_a.user_id, w.rep_a2.user_id, w.dm_a.user_id}));

  // registrations: 3 made, one converted and won, one rejected, one pending; conversion 1 in 3
  auto regs = board("registrations", w.am);
  EXPECT_EQ(regs["total"]["new"], 3);
  EXPECT_EQ(regs["total"]["converted"], 1);
  EXPECT_EQ(regs["total"]["won"], 1);
  EXPECT_EQ(regs["total"]["rejected"], 1);
  EXPECT_EQ(regs["total"]["pending"], 1);
  EXPECT_DOUBLE_EQ(regs["conversion_rate"].get<double>(), 1.0 / 3.0);

  // the pyramid is the accounts pyramid of the same scope
  auto pyramid = board("pyramid", w.am);
  auto accounts = api().get("/api/v1/accounts/pyramid", w.am);
  ASSERT_EQ(accounts.status, 200) << accounts.raw;
  EXPECT_EQ(pyramid["total_accounts"], accounts.body["total_accounts"]);
  EXPECT_EQ(pyramid["total_units"], accounts.body["total_units"]);
  EXPECT_EQ(pyramid["total_units"], 3);
}

TEST_F(BoardsApi, TheTotalsKeptWithTheWritesEqualTheTotalsRebuiltFromTheRecords) {
  auto w = world("重算");
  // a void and a reopened registration path change figures too
  auto deliveries = items_of(api().get("/api/v1/opportunities/" + std::to_string(w.won) + "/deliveries", w.rep_a));
  ASSERT_EQ(deliveries.size(), 1U);
  ASSERT_EQ(api()
                .post("/api/v1/deliveries/" + std::to_string(deliveries[0]["id"].get<int64_t>()) + "/void",
                      {{"reason", "录错"}}, w.rep_a)
                .status,
            200);
  auto edit = api().get("/api/v1/opportunities?stage=discover&limit=1", w.rep_b);
  ASSERT_EQ(items_of(edit).size(), 1U);
  auto patched = api().patch(
      "/api/v1/opportunities/" + std::to_string(items_of(edit)[0]["id"].get<int64_t>()),
      {{"version", items_of(edit)[0]["version"]}, {"probability", nullptr}, {"expected_date", day_from_today(200)}},
      w.rep_b);
  ASSERT_EQ(patched.status, 200) << patched.raw;
  // the won opportunity's account regraded: its delivered units move to the new grade
  auto won = api().get("/api/v1/opportunities/" + std::to_string(w.won), w.rep_a);
  auto account_path = "/api/v1/accounts/" + std::to_string(won.body["account_id"].get<int64_t>());
  auto account = api().get(account_path, w.rep_a);
  ASSERT_EQ(account.status, 200) << account.raw;
  auto regraded = api().patch(account_path, {{"version", account.body["version"]}, {"grade", "secondary"}}, w.am);
  ASSERT_EQ(regraded.status, 200) << regraded.raw;
  // this period's reports made (on first reading) and one submitted
  auto reports = items_of(api().get("/api/v1/reports?kind=weekly_tracking", w.rep_a));
  ASSERT_FALSE(reports.empty());
  auto detail = api().get("/api/v1/reports/" + std::to_string(reports[0]["id"].get<int64_t>()), w.rep_a);
  json rows = json::array();
  for (const auto& row : detail.body["content"]["rows"]) {
    rows.push_back({{"account_id", row["account_id"]},
                    {"deal_probability", 60},
                    {"value_analysis", "high"},
                    {"difficulty", "medium"},
                    {"authenticity", "confirmed"}});
  }
  auto submitted = api().post("/api/v1/reports/" + std::to_string(reports[0]["id"].get<int64_t>()) + "/submit",
                              {{"version", detail.body["version"]}, {"rows", rows}}, w.rep_a);
  ASSERT_EQ(submitted.status, 200) << submitted.raw;

  auto snapshot = [&] {
    std::vector<std::string> rows;
    app_->database().read([&](db::Connection& c) {
      // each table, its key and the rows that count (a total back at zero is no row in a rebuild)
      const std::vector<std::tuple<std::string, std::string, std::string>> tables = {
          {"board_pipeline", "unit_id, stage, procurement_stage, month", "count <> 0 OR units <> 0 OR amount_fen <> 0"},
          {"board_flows", "unit_id, week, track, stage", "entered <> 0 OR exited <> 0"},
          {"board_registrations", "unit_id, month, status", "count <> 0"},
          {"board_deliveries", "unit_id, month, grade", "units <> 0"},
          {"board_accounts", "unit_id, grade", "count <> 0"},
          {"board_reports", "unit_id, kind, period", "due <> 0"}};
      for (const auto& [table, key, zero] : tables) {
        for (const auto& row : c.query(std::string("SELECT * FROM ") + table + " WHERE " + zero + " ORDER BY " + key)) {
          std::string line = table;
          for (size_t i = 0; i < row.size(); ++i) line += "|" + row.optional_text(i).value_or("null");
          rows.push_back(line);
        }
      }
    });
    return rows;
  };
  auto kept = snapshot();
  ASSERT_FALSE(kept.empty());
  app_->database().write([](db::Connection& c) { boards::totals::rebuild(c); });
  auto rebuilt = snapshot();
  EXPECT_EQ(kept, rebuilt);
}

// What the web board links to: every figure it shows opens a list whose length is that figure —
// the sales and procurement stages, won and lost in the months, the registrations by status (and
// won), and the satisfaction responses — for a province, a dealer, a person and HQ.
TEST_F(BoardsApi, EveryFigureOpensAListOfTheSameLength) {
  auto w = world("点开");
  // the delivery's follow-up recorded, so that the person's satisfaction has a response
  auto due = items_of(api().get("/api/v1/satisfaction/followups?unit_id=" + std::to_string(w.tree.dealer_a), w.rep_a));
  ASSERT_EQ(due.size(), 1U);
  auto recorded = api().post(
      "/api/v1/satisfaction/followups/" + std::to_string(due[0]["id"].get<int64_t>()) + "/record",
      {{"version", due[0]["version"]}, {"vehicle_score", 5}, {"delivery_score", 4}, {"service_score", 2}}, w.rep_a);
  ASSERT_EQ(recorded.status, 200) << recorded.raw;
  // and a year ago: an opportunity won and a registration made then, outside the months asked
  // for, so that a list without the board's months would count one more
  auto this_year = calendar::month_of(clock::now_ms()).year;
  clock::pin(at(std::to_string(this_year - 1) + "-06-15T10:00:00+08:00"));
  int64_t old = opportunity(w.rep_a, 2, 50, 10);
  EXPECT_EQ(move(old, "won", w.rep_a, {{"reason", "去年中标"}}).status, 200);
  EXPECT_EQ(
      move(opportunity(w.rep_a, 1, 50, 10), "lost", w.rep_a, {{"reason", "预算取消"}, {"lost_to", "某竞品"}}).status,
      200);
  make_registration(w.rep_a, account_body(unique("成都市生态环境局"), "510104"));
  clock::pin(std::nullopt);

  auto year = std::to_string(this_year);
  std::string months = "from=" + year + "-01&to=" + year + "-12";
  std::string days = year + "-01-01", last = year + "-12-31";
  auto length = [&](const std::string& path, const Session& as) {
    auto r = api().get(path + "&limit=500", as);
    EXPECT_EQ(r.status, 200) << path << ": " << r.raw;
    return static_cast<int64_t>(items_of(r).size());
  };
  struct Case {
    std::string who;
    const Session* as;
    std::string query;  // the board's
    int64_t unit;
    std::optional<int64_t> user;
  };
  std::vector<Case> cases = {
      {"the area manager: the province", &w.am, "", w.tree.province, std::nullopt},
      {"the dealer manager: the dealer", &w.dm_a, "", w.tree.dealer_a, std::nullopt},
      {"the dealer manager reads rep A's", &w.dm_a, "user_id=" + std::to_string(w.rep_a.user_id), w.tree.dealer_a,
       w.rep_a.user_id},
      {"HQ: the whole network", &w.director, "", 1, std::nullopt},
  };
  int64_t checked = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.who);
    std::string q = c.query.empty() ? months : c.query + "&" + months;
    std::string owner = "owner_unit_id=" + std::to_string(c.unit) +
                        (c.user ? "&owner_user_id=" + std::to_string(*c.user) : std::string());
    auto funnel = board("funnel", *c.as, q);
    for (const auto& s : funnel["sales"]) {
      EXPECT_EQ(length("/api/v1/opportunities?stage=" + s["stage"].get<std::string>() + "&" + owner, *c.as), s["count"])
          << s.dump();
      ++checked;
    }
    for (const auto& s : funnel["procurement"]) {
      EXPECT_EQ(length("/api/v1/opportunities?stage=discover,contact,analyze,position,bid&procurement_stage=" +
                           s["stage"].get<std::string>() + "&" + owner,
                       *c.as),
                s["count"])
          << s.dump();
      ++checked;
    }
    for (const auto& stage : {"won", "lost"}) {
      EXPECT_EQ(length(std::string("/api/v1/opportunities?stage=") + stage + "&closed_from=" + days +
                           "&closed_to=" + last + "&" + owner,
                       *c.as),
                funnel[stage]["count"])
          << stage;
      ++checked;
    }

    auto regs = board("registrations", *c.as, q);
    std::string who = "unit_id=" + std::to_string(c.unit) +
                      (c.user ? "&registered_by=" + std::to_string(*c.user) : std::string()) + "&created_from=" + days +
                      "&created_to=" + last;
    for (const auto& status : {"pending", "conflict", "approved", "rejected", "lapsed", "converted"}) {
      EXPECT_EQ(length(std::string("/api/v1/registrations?status=") + status + "&" + who, *c.as), regs["total"][status])
          << status;
      ++checked;
    }
    EXPECT_EQ(length("/api/v1/registrations?won=true&" + who, *c.as), regs["total"]["won"]);
    EXPECT_EQ(length("/api/v1/registrations?" + who, *c.as), regs["total"]["new"]);
    checked += 2;

    std::string satisfaction = "unit_id=" + std::to_string(c.unit) +
                               (c.user ? "&user_id=" + std::to_string(*c.user) : std::string()) + "&" + months;
    auto summary = api().get("/api/v1/satisfaction/summary?" + satisfaction, *c.as);
    ASSERT_EQ(summary.status, 200) << summary.raw;
    EXPECT_EQ(length("/api/v1/satisfaction/followups?status=done&" + satisfaction, *c.as),
              summary.body["total"]["responses"]);
    EXPECT_EQ(summary.body["total"]["responses"], 1) << "rep A's delivery, recorded";
    ++checked;
  }
  EXPECT_GT(checked, 60);

  // the province's won, spelt out: two this year, three without the months
  std::string province = "&owner_unit_id=" + std::to_string(w.tree.province);
  EXPECT_EQ(length("/api/v1/opportunities?stage=won&closed_from=" + days + "&closed_to=" + last + province, w.am), 2);
  EXPECT_EQ(length("/api/v1/opportunities?stage=won" + province, w.am), 3);
  EXPECT_EQ(length("/api/v1/registrations?unit_id=" + std::to_string(w.tree.province), w.am), 4);
  // the person's satisfaction: rep A2 delivered nothing
  auto none =
      api().get("/api/v1/satisfaction/summary?" + months + "&user_id=" + std::to_string(w.rep_a2.user_id), w.dm_a);
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_EQ(none.body["total"]["responses"], 0);
  EXPECT_TRUE(none.body["groups"].empty()) << "a person has no units below";
  // a person outside the caller's scope, and bad filters
  EXPECT_EQ(api()
                .get("/api/v1/satisfaction/summary?" + months + "&user_id=" + std::to_string(w.rep_a.user_id), w.rep_b)
                .status,
            404);
  EXPECT_EQ(length("/api/v1/registrations?unit_id=" + std::to_string(w.tree.dealer_a), w.rep_b), 0)
      << "another dealer's unit matches nothing";
  for (const auto& bad :
       {"/api/v1/opportunities?closed_from=01/05/2026",
        "/api/v1/opportunities?closed_from=2026-05-02&closed_to=2026-05-01",
        "/api/v1/opportunities?procurement_stage=nowhere", "/api/v1/registrations?created_to=tomorrow",
        "/api/v1/registrations?created_from=2026-05-02&created_to=2026-05-01", "/api/v1/registrations?won=perhaps",
        "/api/v1/registrations?unit_id=0", "/api/v1/satisfaction/followups?user_id=x"}) {
    auto r = api().get(bad, w.am);
    EXPECT_EQ(r.status, 422) << bad << ": " << r.raw;
  }
}

TEST_F(BoardsApi, OtherScopesAre404AndBadInput422) {
  auto w = world("范围");
  std::string a = std::to_string(w.tree.dealer_a);
  for (const auto& name : {"attainment", "funnel", "registrations", "discipline", "pyramid"}) {
    std::string path = std::string("/api/v1/boards/") + name;
    SCOPED_TRACE(path);
    EXPECT_EQ(api().request("GET", path).status, 401);
    EXPECT_EQ(api().get(path, admin()).status, 403) << "the administrator keeps the system, not the figures";
    EXPECT_EQ(api().get(path + "?unit_id=" + a, w.rep_b).status, 404) << "another dealer";
    EXPECT_EQ(api().get(path + "?user_id=" + std::to_string(w.rep_a.user_id), w.rep_b).status, 404);
    EXPECT_EQ(api().get(path + "?user_id=" + std::to_string(w.rep_a2.user_id), w.rep_a).status, 404)
        << "a rep reads only their own";
    EXPECT_EQ(api().get(path + "?unit_id=" + std::to_string(w.tree.province), w.other_am).status, 404);
    EXPECT_EQ(api().get(path + "?user_id=" + std::to_string(w.rep_b.user_id), w.dm_a).status, 404);
    EXPECT_EQ(api().get(path + "?unit_id=99999999", w.director).status, 404);
    for (const auto& bad : {"from=2026-13", "from=2026-1", "to=yesterday", "from=2026-05&to=2026-04",
                            "from=2025-01&to=2027-02", "unit_id=abc", "unit_id=0", "user_id=-3", "month=2026-00"}) {
      auto r = api().get(path + "?" + bad, w.am);
      EXPECT_EQ(r.status, 422) << bad << ": " << r.raw;
      EXPECT_EQ(r.header("Content-Type").find("application/problem+json"), 0U) << bad;
    }
    EXPECT_EQ(api().get(path + "?user_id=" + std::to_string(w.am.user_id), w.am).status, 422)
        << "an area manager has no person's board";
  }
  EXPECT_EQ(api().get("/api/v1/boards/discipline?month=2099-01", w.am).status, 422) << "a month not begun";
}

TEST_F(BoardsApi, DisciplineCountsTimelinessFromTheRecordedTimesAndTheAssessment) {
  clock::pin(at("2025-03-15T20:00:00+08:00"));  // a Saturday evening in China
  World w;
  w.tree = make_tree("纪律");
  w.rep_a = person(w, "dc_a", "sales_rep", w.tree.dealer_a);
  w.rep_a2 = person(w, "dc_a2", "sales_rep", w.tree.dealer_a);
  w.rep_b = person(w, "dc_b", "sales_rep", w.tree.dealer_b);
  w.am = person(w, "dc_am", "area_manager", w.tree.province);
  // everyone's reports of this week and month are made when they are first read
  for (const auto* s : {&w.rep_a, &w.rep_a2, &w.rep_b}) {
    ASSERT_EQ(api().get("/api/v1/reports?kind=weekly_tracking&period=2025-W11", *s).status, 200);
  }
  auto mine = items_of(api().get("/api/v1/reports?kind=weekly_tracking&period=2025-W11", w.rep_a));
  ASSERT_EQ(mine.size(), 1U);
  int64_t id = mine[0]["id"];
  auto detail = api().get("/api/v1/reports/" + std::to_string(id), w.rep_a);
  ASSERT_EQ(detail.status, 200) << detail.raw;
  auto submitted = api().post("/api/v1/reports/" + std::to_string(id) + "/submit",
                              {{"version", detail.body["version"]}, {"rows", detail.body["content"]["rows"]}}, w.rep_a);
  ASSERT_EQ(submitted.status, 200) << submitted.raw;
  // Sunday: rep A2 submits late; rep B never
  clock::pin(at("2025-03-16T09:00:00+08:00"));
  w.rep_a2 = api().login(w.names[w.rep_a2.user_id], kPassword);
  auto late = items_of(api().get("/api/v1/reports?kind=weekly_tracking&period=2025-W11", w.rep_a2));
  ASSERT_EQ(late.size(), 1U);
  auto late_detail = api().get("/api/v1/reports/" + std::to_string(late[0]["id"].get<int64_t>()), w.rep_a2);
  ASSERT_EQ(
      api()
          .post("/api/v1/reports/" + std::to_string(late[0]["id"].get<int64_t>()) + "/submit",
                {{"version", late_detail.body["version"]}, {"rows", late_detail.body["content"]["rows"]}}, w.rep_a2)
          .status,
      200);

  clock::pin(at("2025-04-02T10:00:00+08:00"));
  w.am = api().login(w.names[w.am.user_id], kPassword);
  auto d = board("discipline", w.am, "month=2025-03");
  EXPECT_EQ(d["month"], "2025-03");
  json weekly;
  for (const auto& k : d["reports"])
    if (k["kind"] == "weekly_tracking") weekly = k;
  EXPECT_EQ(weekly["due"], 3);
  EXPECT_EQ(weekly["on_time"], 1);
  EXPECT_EQ(weekly["late"], 1);
  EXPECT_EQ(weekly["missing"], 1);
  EXPECT_EQ(weekly["open"], 0);
  EXPECT_DOUBLE_EQ(weekly["on_time_rate"].get<double>(), 1.0 / 3.0);
  // the same from the records: every report due in March under the province
  auth::Scope scope{path_of(w.tree.province)};
  int64_t due = 0, on_time = 0;
  app_->database().read([&](db::Connection& c) {
    auto row = c.query_one(
        "SELECT COUNT(*), SUM(CASE WHEN r.submitted_at <= r.due_at THEN 1 ELSE 0 END) FROM reports r JOIN org_units u "
        "ON u.id = r.unit_id WHERE r.due_at > ? AND r.due_at <= ? AND u.path >= ? AND u.path < ?",
        {calendar::month_start({2025, 3}), calendar::month_end({2025, 3}), scope.lower(), scope.upper()});
    due = row->integer(0);
    on_time = row->optional_integer(1).value_or(0);
  });
  EXPECT_EQ(d["reports_total"]["due"], due);
  EXPECT_EQ(d["reports_total"]["on_time"], on_time);
  // per dealer, every kind: A's two people filed the week's (one on time, one late) and neither
  // March's two monthly tables; B's one person filed none of the three
  ASSERT_EQ(d["units_kind"], "dealer");
  std::map<int64_t, json> units;
  for (const auto& u : d["units"]) units[u["unit_id"].get<int64_t>()] = u;
  EXPECT_EQ(units[w.tree.dealer_a]["on_time"], 1);
  EXPECT_EQ(units[w.tree.dealer_a]["late"], 1);
  EXPECT_EQ(units[w.tree.dealer_a]["missing"], 4);
  EXPECT_EQ(units[w.tree.dealer_b]["due"], 3);
  EXPECT_EQ(units[w.tree.dealer_b]["missing"], 3);
  EXPECT_EQ(d["assessment"]["status"], "open");
  EXPECT_EQ(d["assessment"]["assessed"], 0);
  // a person's own board
  w.rep_b = api().login(w.names[w.rep_b.user_id], kPassword);
  auto own = board("discipline", w.rep_b, "month=2025-03");
  for (const auto& k : own["reports"])
    if (k["kind"] == "weekly_tracking") EXPECT_EQ(k["missing"], 1);
  EXPECT_TRUE(own["units_kind"].is_null());
}

TEST_F(BoardsApi, ExportsCarryTheBoardsFigures) {
  auto w = world("导出");
  auto r = api().get("/api/v1/boards/attainment/export", w.am);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto table = sheets::read_xlsx(r.raw);
  ASSERT_GE(table.rows.size(), 16U);
  EXPECT_EQ(table.rows[1][0], "月份");
  auto board_json = board("attainment", w.am);
  bool found = false;
  for (const auto& row : table.rows) {
    if (row.size() > 3 && row[1] == board_json["units"][0]["name"].get<std::string>()) {
      found = true;
      EXPECT_EQ(row[3], std::to_string(board_json["units"][0]["actual"].get<int64_t>()));
    }
  }
  EXPECT_TRUE(found) << "the first-ranked dealer is a row";
  for (const auto& name : {"funnel", "registrations", "discipline", "pyramid"}) {
    auto x = api().get(std::string("/api/v1/boards/") + name + "/export", w.am);
    EXPECT_EQ(x.status, 200) << name;
    EXPECT_GT(sheets::read_xlsx(x.raw).rows.size(), 2U) << name;
  }
  EXPECT_EQ(api().get("/api/v1/boards/funnel/export?unit_id=" + std::to_string(w.tree.dealer_a), w.rep_b).status, 404);
}
