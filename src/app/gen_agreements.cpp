// `fleetkam gen`'s framework agreements (协议供货): 20 central ones (the central government
// procurement centre's, owned by a regional director) and 15 for every province (3 provincial, 12
// of its cities), spread over the last two years and the coming months — most listed, some not
// listed, submitted or being prepared — each with its documents, the models applied with and
// listed (2 to 8 catalogue models at 92–98% of the guide price), two competitors, and the
// province's dealers authorised (the regional director's region for a central one). A tenth of the
// agreement-method opportunities of every authorised dealer name their province's first listed
// agreement in force, and their deliveries the listed model. The catalogue is added when the
// database has none. Plain statements in one transaction: some 500 agreements.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "app/gen.h"
#include "modules/accounts/service.h"
#include "modules/agreements/rules.h"
#include "modules/org/service.h"
#include "platform/auth/scope.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/refdata/divisions.h"

namespace fleetkam::app {
namespace {

struct GenModel {
  const char* code;
  const char* name;
  const char* type;
  int64_t guide_yuan;
};
const GenModel kModels[] = {{"JX5045XQC", "江铃 JX5045XQC 囚车", "prisoner_transport", 268000},
                            {"JX5036XJC-P", "江铃 JX5036XJC 警备车", "police_patrol", 219000},
                            {"JX5046XJC-L", "江铃 JX5046XJC 化验车", "laboratory", 356000},
                            {"JX5040XZH", "江铃 JX5040XZH 指挥车", "command", 412000},
                            {"JX5032XLZ", "江铃 JX5032XLZ 路政车", "road_administration", 198000},
                            {"JX5043XJE", "江铃 JX5043XJE 监测车", "monitoring", 389000},
                            {"JX5030XZF", "江铃 JX5030XZF 执法车", "law_enforcement", 186000},
                            {"JX5048XFY", "江铃 JX5048XFY 防疫车", "epidemic_prevention", 298000}};
const char* kRivals[][2] = {{"福特", "全顺"}, {"依维柯", "欧胜"}, {"上汽大通", "V80"}, {"金杯", "海狮"}};

}  // namespace

int64_t generate_agreements(db::Database& database, accounts::AccountService& accounts, const GenOptions& options) {
  std::mt19937 rng(options.seed + 17);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  int64_t now = clock::now_ms();
  int64_t today = calendar::days_from_civil(calendar::china_date(now));
  auto day = [&](int64_t d) { return calendar::date_text(calendar::civil_from_days(d)); };
  int64_t written = 0;
  // a database that has them: its sales kept again (a set generated before migration 0040)
  bool present = false;
  database.write([&](db::Connection& c) {
    present = c.query_one("SELECT COUNT(*) FROM agreements")->integer(0) > 0;
    if (!present) return;
    for (const auto& row : c.query("SELECT DISTINCT agreement_id FROM opportunities WHERE agreement_id IS NOT NULL"))
      agreements::rebuild_sales(c, row.integer(0));
  });
  if (present) return 0;
  // the procurement centres: an account for the centre, each province and its cities, made through
  // AccountService (found again by name on a re-run)
  std::map<std::string, int64_t> centres;
  std::vector<std::tuple<std::string, std::string, std::string, int64_t>> wanted;  // name, level, division, unit
  database.read([&](db::Connection& c) {
    wanted.emplace_back("中央国家机关政府采购中心", "central", "110102", 1);
    for (const auto& row : c.query("SELECT id, name, COALESCE(division_code, '') FROM org_units WHERE kind = "
                                   "'province' AND active = 1 ORDER BY id")) {
      std::string code = row.text(2);
      if (code.size() < 2) continue;
      wanted.emplace_back(row.text(1) + "政府采购中心", "provincial", code, row.integer(0));
      int k = 0;
      for (const auto& d : refdata::divisions())
        if (d.level == "city" && d.code.substr(0, 2) == code.substr(0, 2) && k++ < 12)
          wanted.emplace_back(d.name + "公共资源交易中心", "municipal", d.code, row.integer(0));
    }
    for (const auto& [name, level, division, unit] : wanted)
      if (auto found = c.query_one("SELECT id FROM accounts WHERE name = ?", {name})) centres[name] = found->integer(0);
  });
  auto system = org::OrgService::system_principal();
  for (const auto& [name, level, division, unit] : wanted) {
    if (centres.count(name)) continue;
    accounts::AccountInput in;
    in.name = name;
    in.industry = level == "central" ? "central_agencies" : "other";
    in.admin_level = level;
    in.division_code = division;
    in.grade = "key";
    in.business_class = "direct";
    in.procurement_method = "agreement";
    in.source_channel = "personal_network";
    in.owner_unit_id = unit;
    try {
      centres[name] = accounts.create(system, in).id;
    } catch (const AppError&) {
      // a duplicate of a stored account by the engine: that centre gets no agreements
    }
  }
  database.write([&](db::Connection& c) {
    // the catalogue
    if (c.query_one("SELECT COUNT(*) FROM vehicle_models")->integer(0) == 0) {
      for (const auto& m : kModels)
        c.execute(
            "INSERT INTO vehicle_models (code, name, vehicle_type, kind, upfitter, guide_price_fen, active, "
            "version, created_at, updated_at) VALUES (?, ?, ?, 'upfit', '江铃晶马专用车', ?, 1, 1, ?, ?)",
            {std::string(m.code), std::string(m.name), std::string(m.type), m.guide_yuan * 100, now, now});
    }
    struct Model {
      int64_t id, guide;
      std::string type;
    };
    std::vector<Model> models;
    for (const auto& row : c.query("SELECT id, guide_price_fen, vehicle_type FROM vehicle_models WHERE active = 1 "
                                   "ORDER BY id"))
      models.push_back({row.integer(0), row.integer(1), row.text(2)});
    if (models.empty()) return;
    auto rd =
        c.query_one("SELECT id, org_unit_id FROM users WHERE role = 'regional_director' AND active = 1 ORDER BY id");
    auto creator = c.query_one("SELECT id FROM users WHERE role IN ('ka_director', 'admin') ORDER BY id");
    if (!creator) return;
    int64_t by = creator->integer(0);
    struct Province {
      int64_t id;
      std::string name, code, path;
      int64_t manager = 0;
      std::vector<int64_t> dealers;
    };
    std::vector<Province> provinces;
    for (const auto& row : c.query("SELECT id, name, COALESCE(division_code, ''), path FROM org_units WHERE kind = "
                                   "'province' AND active = 1 ORDER BY id"))
      provinces.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), 0, {}});
    for (auto& p : provinces) {
      if (auto m = c.query_one("SELECT id FROM users WHERE role = 'area_manager' AND active = 1 AND org_unit_id = ? "
                               "ORDER BY id",
                               {p.id}))
        p.manager = m->integer(0);
      for (const auto& row : c.query("SELECT id FROM org_units WHERE kind = 'dealer' AND active = 1 AND parent_id = ? "
                                     "ORDER BY id",
                                     {p.id}))
        p.dealers.push_back(row.integer(0));
    }
    auto centre = [&](const std::string& name) -> std::optional<int64_t> {
      auto it = centres.find(name);
      if (it == centres.end()) return std::nullopt;
      return it->second;
    };
    auto insert = [&](const std::string& level, int64_t centre_id, int64_t unit, const std::string& name, int64_t owner,
                      const std::vector<int64_t>& dealers, const std::string& notice) {
      int64_t starts = today - pick(-60, 700);
      int64_t ends = starts + pick(365, 730);
      std::string app;
      int64_t r = pick(0, 99);
      if (starts > today)
        app = r < 50 ? "preparing" : "submitted";
      else
        app = r < 65 ? "listed" : r < 80 ? "not_listed" : r < 90 ? "submitted" : "preparing";
      // 1 to 3 vehicle types of the catalogue's
      std::vector<std::string> categories;
      size_t first = static_cast<size_t>(pick(0, static_cast<int64_t>(models.size()) - 1));
      int64_t n_types = pick(1, 3);
      for (int64_t k = 0; k < n_types; ++k) {
        const auto& t = models[(first + static_cast<size_t>(k) * 3) % models.size()].type;
        if (std::find(categories.begin(), categories.end(), t) == categories.end()) categories.push_back(t);
      }
      std::optional<int64_t> submitted, decided;
      int64_t deadline = app == "preparing" ? today + pick(-3, 40) : starts - pick(20, 40);
      if (app != "preparing") submitted = calendar::china_midnight(calendar::civil_from_days(deadline - 2)) + 36000000;
      if (app == "listed" || app == "not_listed")
        decided = calendar::china_midnight(calendar::civil_from_days(deadline + 10)) + 36000000;
      int64_t id =
          c.query_one(
               "INSERT INTO agreements (level, centre_account_id, unit_id, name, notice_no, notice_url, starts_on, "
               "ends_on, categories, lots, owner_user_id, application, deadline_on, submitted_at, decided_at, "
               "version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, "
               "?, ?, 1, ?, ?, ?) RETURNING id",
               {level, centre_id, unit, name, notice, day(starts), day(ends), nlohmann::json(categories).dump(),
                nlohmann::json({"第一包"}).dump(), owner, app, day(deadline), db::nullable(submitted),
                db::nullable(decided), by, now, now})
              ->integer(0);
      const char* docs[][2] = {
          {"营业执照及法人授权书", "dealer"}, {"车辆产品公告及3C认证", "hq"}, {"售后服务网点承诺函", "dealer"}};
      for (int64_t k = 0; k < 3; ++k)
        c.execute(
            "INSERT INTO agreement_documents (agreement_id, position, name, provider, ready) VALUES (?, ?, ?, ?, "
            "?)",
            {id, k, std::string(docs[k][0]), std::string(docs[k][1]), int64_t{app == "preparing" ? 0 : 1}});
      int64_t listed = 0;
      for (size_t k = 0; k < models.size(); ++k) {
        const auto& m = models[(first + k) % models.size()];
        if (listed >= 8) break;
        c.execute("INSERT INTO agreement_applied_models (agreement_id, model_id) VALUES (?, ?)", {id, m.id});
        if (app == "listed" && (listed < 2 || pick(0, 2) > 0)) {
          c.execute(
              "INSERT INTO agreement_listings (agreement_id, model_id, price_cap_fen, discount_terms) VALUES (?, "
              "?, ?, NULL)",
              {id, m.id, m.guide * pick(92, 98) / 100});
          ++listed;
        }
        if (k >= 3 && listed >= 2) break;
      }
      for (int64_t k = 0; k < 2; ++k) {
        const auto* rival = kRivals[pick(0, 3)];
        c.execute(
            "INSERT INTO agreement_competitors (agreement_id, brand, model, price_fen, note, created_by, "
            "created_at) VALUES (?, ?, ?, ?, NULL, ?, ?)",
            {id, std::string(rival[0]), std::string(rival[1]), models[first].guide * pick(88, 104) / 100, by, now});
      }
      if (app == "listed")
        for (int64_t d : dealers)
          c.execute("INSERT INTO agreement_dealers (agreement_id, dealer_id) VALUES (?, ?)", {id, d});
      ++written;
      return std::make_pair(id, app == "listed" &&
                                    agreements::state_on(day(starts), day(ends), day(today)) != "expired" &&
                                    starts <= today);
    };
    // central: the regional director's region's dealers
    if (rd) {
      std::vector<int64_t> region_dealers;
      auto path = c.query_one("SELECT path FROM org_units WHERE id = ?", {rd->integer(1)})->text(0);
      auth::Scope region{path};
      for (const auto& row : c.query("SELECT id FROM org_units WHERE kind = 'dealer' AND active = 1 AND path >= ? AND "
                                     "path < ? ORDER BY id",
                                     {region.lower(), region.upper()}))
        region_dealers.push_back(row.integer(0));
      auto central = centre("中央国家机关政府采购中心");
      for (int k = 0; k < 20 && central; ++k)
        insert("central", *central, 1, fmt::format("中央国家机关公务用车协议供货（第{}批）", k + 1), rd->integer(0),
               region_dealers, fmt::format("GC{}-{:04}", 2024 + k % 3, 100 + k));
    }
    for (const auto& p : provinces) {
      if (!p.manager || p.code.size() < 2) continue;
      auto provincial = centre(p.name + "政府采购中心");
      std::optional<int64_t> named;
      for (int k = 0; k < 3 && provincial; ++k) {
        auto [id, in_force] =
            insert("provincial", *provincial, p.id, fmt::format("{}省级公务用车协议供货（第{}批）", p.name, k + 1),
                   p.manager, p.dealers, fmt::format("ZC{}-{}-{:03}", p.code.substr(0, 2), 2024 + k, 10 + k));
        if (in_force && !named) named = id;
      }
      std::vector<const refdata::Division*> cities;
      for (const auto& d : refdata::divisions())
        if (d.level == "city" && d.code.substr(0, 2) == p.code.substr(0, 2)) cities.push_back(&d);
      for (int k = 0; k < 12; ++k) {
        std::string city = cities.empty() ? p.name : cities[static_cast<size_t>(k) % cities.size()]->name;
        auto municipal = centre(city + "公共资源交易中心");
        if (!municipal) continue;
        insert("municipal", *municipal, p.id, fmt::format("{}公务用车协议供货（{}）", city, 2024 + k % 3), p.manager,
               p.dealers, fmt::format("SZ{}-{:04}", p.code.substr(0, 4), 200 + k));
      }
      // a tenth of the agreement-method orders of the authorised dealers name it; their deliveries the
      // first listed model
      if (named && !p.dealers.empty()) {
        auto scope = auth::Scope{p.path};
        c.execute(
            "UPDATE opportunities SET agreement_id = ? WHERE procurement_method = 'agreement' AND agreement_id IS "
            "NULL AND id % 10 = 0 AND owner_unit_id IN (SELECT id FROM org_units WHERE kind = 'dealer' AND "
            "path >= ? AND path < ?)",
            {*named, scope.lower(), scope.upper()});
        if (auto m = c.query_one("SELECT model_id FROM agreement_listings WHERE agreement_id = ? ORDER BY model_id",
                                 {*named}))
          c.execute(
              "UPDATE deliveries SET model_id = ? WHERE opportunity_id IN (SELECT id FROM opportunities WHERE "
              "agreement_id = ?)",
              {m->integer(0), *named});
        agreements::rebuild_sales(c, *named);
      }
    }
  });
  // the opportunities and deliveries updated above: fresh statistics (and on PostgreSQL visibility)
  // for the planner
  // for the planner; one VACUUM a statement (two in one script are one implicit transaction, which
  // VACUUM refuses)
  auto lease = database.acquire();
  if (database.dialect() == db::Dialect::postgres) {
    lease->execute_script("VACUUM ANALYZE opportunities");
    lease->execute_script("VACUUM ANALYZE deliveries");
  } else {
    lease->execute_script("ANALYZE");
  }
  return written;
}

}  // namespace fleetkam::app
