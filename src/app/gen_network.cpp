// `fleetkam gen`'s national network and target plan: see gen.h.
#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "app/demo.h"
#include "app/gen.h"
#include "modules/org/store.h"
#include "modules/targets/rounding.h"
#include "modules/targets/service.h"
#include "modules/targets/tree.h"
#include "platform/auth/password.h"
#include "platform/clock.h"
#include "platform/refdata/divisions.h"

namespace fleetkam::app {

namespace {

const char* kTradeNames[] = {"鑫达", "众诚", "恒通", "宏远", "华瑞", "德顺", "万通", "博源", "嘉禾", "盛世",
                             "安达", "瑞丰", "永昌", "通盛", "广汇", "中驰", "国泰", "利民", "宇通", "金桥"};
const char* kSuffixes[] = {"汽车销售服务有限公司", "汽车贸易有限公司", "行业车辆服务有限公司"};
const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
                           "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋"};
const char* kGiven[] = {"建华", "志强", "秀英", "海燕", "国庆", "丽娟", "伟", "敏", "军", "静",   "磊",   "洋",
                        "勇",   "艳",   "杰",   "涛",   "超",   "明",   "霞", "平", "刚", "桂英", "晓东", "文博"};

std::string place_short(const std::string& name) {
  for (const char* tail : {"市", "县", "区"}) {
    std::string t = tail;
    if (name.size() > t.size() + 3 && name.compare(name.size() - t.size(), t.size(), t) == 0)
      return name.substr(0, name.size() - t.size());
  }
  return name;
}

}  // namespace

void generate_network(db::Database& database, org::OrgService& org, const GenOptions& options) {
  auto system = org::OrgService::system_principal();
  struct Province {
    int64_t id;
    std::string code;
    std::vector<const refdata::Division*> places;
    int64_t dealers = 0;
    bool has_manager = false;
  };
  std::vector<Province> provinces;
  std::set<std::string> names;
  int64_t dealers = 0, people = 0;
  database.read([&](db::Connection& c) {
    for (const auto& row : c.query("SELECT id, division_code FROM org_units WHERE kind = 'province' AND active = 1 "
                                   "ORDER BY id"))
      provinces.push_back({row.integer(0), row.optional_text(1).value_or(""), {}});
    for (const auto& row : c.query("SELECT name, parent_id FROM org_units WHERE kind = 'dealer'"))
      names.insert(row.text(0));
    dealers = c.query_one("SELECT COUNT(*) FROM org_units WHERE kind = 'dealer' AND active = 1")->integer(0);
    people = c.query_one("SELECT COUNT(*) FROM users WHERE role IN ('sales_rep', 'dealer_manager') AND active = 1")
                 ->integer(0);
    for (auto& p : provinces) {
      p.dealers =
          c.query_one("SELECT COUNT(*) FROM org_units WHERE kind = 'dealer' AND parent_id = ?", {p.id})->integer(0);
      p.has_manager = c.query_one("SELECT COUNT(*) FROM users WHERE role = 'area_manager' AND org_unit_id = ?", {p.id})
                          ->integer(0) > 0;
    }
  });
  if (provinces.empty()) return;
  int64_t weight_total = 0;
  for (auto& p : provinces) {
    for (const auto& d : refdata::divisions()) {
      if (d.parent_code == p.code && (d.level == "city" || d.level == "county")) p.places.push_back(&d);
    }
    if (p.places.empty()) {
      if (const auto* self = refdata::find_division(p.code)) p.places.push_back(self);
    }
    weight_total += static_cast<int64_t>(p.places.size());
  }
  // each province's share of the dealers by its number of places
  int64_t wanted = std::max<int64_t>(0, options.dealers - dealers);
  size_t serial = 0;
  std::vector<double> exact;
  exact.reserve(provinces.size());
  for (const auto& p : provinces)
    exact.push_back(weight_total ? static_cast<double>(wanted) * static_cast<double>(p.places.size()) /
                                       static_cast<double>(weight_total)
                                 : 0.0);
  auto counts = weight_total ? targets::round_vector(exact, wanted) : std::vector<int64_t>(provinces.size(), 0);
  for (size_t index = 0; index < provinces.size(); ++index) {
    auto& p = provinces[index];
    if (p.places.empty()) continue;
    int64_t n = counts[index];
    for (int64_t i = 0; i < n; ++i) {
      const auto* place = p.places[static_cast<size_t>(i) % p.places.size()];
      std::string name;
      for (size_t attempt = 0; attempt < 200; ++attempt, ++serial) {
        name = place_short(place->name) + kTradeNames[serial % std::size(kTradeNames)] +
               kSuffixes[(serial / std::size(kTradeNames)) % std::size(kSuffixes)];
        if (names.insert(name).second) break;
        name.clear();
      }
      if (name.empty()) continue;
      org.create_unit(system, {"dealer", name, p.id, place->code});
    }
  }
  // people: an area manager in each province without one; each dealer a manager and reps
  std::string hash = auth::hash_password(demo_password());
  database.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    std::mt19937 random(options.seed + 11);
    auto person_name = [&] {
      return std::string(kSurnames[random() % std::size(kSurnames)]) + kGiven[random() % std::size(kGiven)];
    };
    for (const auto& p : provinces) {
      if (p.has_manager) continue;
      org::store::insert_user(c, {"g_am_" + p.code, "", person_name(), "area_manager", p.id}, hash, now);
    }
    std::vector<std::pair<int64_t, int64_t>> staffed;  // dealer → people it has
    for (const auto& row : c.query("SELECT d.id, (SELECT COUNT(*) FROM users u WHERE u.org_unit_id = d.id AND u.role "
                                   "IN ('sales_rep', 'dealer_manager')) FROM org_units d WHERE d.kind = 'dealer' AND "
                                   "d.active = 1 ORDER BY d.id"))
      staffed.emplace_back(row.integer(0), row.integer(1));
    int64_t to_add = std::max<int64_t>(0, options.people - people);
    if (staffed.empty()) return;
    int64_t per_dealer = to_add / static_cast<int64_t>(staffed.size());
    int64_t extra = to_add % static_cast<int64_t>(staffed.size());
    for (size_t i = 0; i < staffed.size(); ++i) {
      auto [dealer, has] = staffed[i];
      int64_t n = per_dealer + (static_cast<int64_t>(i) < extra ? 1 : 0);
      for (int64_t k = 0; k < n; ++k) {
        std::string role = has == 0 && k == 0 ? "dealer_manager" : "sales_rep";
        org::store::insert_user(
            c, {"g_" + std::to_string(dealer) + "_" + std::to_string(has + k + 1), "", person_name(), role, dealer},
            hash, now);
      }
    }
  });
}

int64_t generate_plan(db::Database& database, const GenOptions& options) {
  if (!options.plan) return 0;
  // HQ's director and the provinces' area managers, as principals of their units
  std::optional<auth::Principal> director;
  std::map<int64_t, auth::Principal> managers;
  database.read([&](db::Connection& c) {
    for (const auto& row : c.query("SELECT u.id, u.username, u.role, u.org_unit_id, o.path, o.kind FROM users u JOIN "
                                   "org_units o ON o.id = u.org_unit_id WHERE u.active = 1 AND u.role IN "
                                   "('ka_director', 'area_manager') ORDER BY u.id")) {
      auth::Principal p;
      p.user_id = row.integer(0);
      p.username = row.text(1);
      p.role = *auth::parse_role(row.text(2));
      p.org_unit_id = row.integer(3);
      p.scope.path = row.text(4);
      p.unit_kind = row.text(5);
      if (p.role == auth::Role::ka_director && !director && p.unit_kind == "hq") director = p;
      if (p.role == auth::Role::area_manager && !managers.count(p.org_unit_id)) managers[p.org_unit_id] = p;
    }
  });
  if (!director) return 0;
  targets::TargetService service(database);
  int64_t now = clock::now_ms();
  int64_t to = targets::this_month(now);
  int64_t from = targets::add_months(to, -11);
  int64_t people = 0;
  database.read([&](db::Connection& c) {
    people = c.query_one("SELECT COUNT(*) FROM users WHERE role IN ('sales_rep', 'dealer_manager') AND active = 1")
                 ->integer(0);
  });
  targets::PlanFields fields;
  fields.name = "全国大客户销售目标（近十二个月）";
  fields.from_month = from;
  fields.to_month = to;
  fields.per_person_month_units = 13;
  fields.total_units = std::max<int64_t>(1, people) * 13 * 12 / 2;  // half the standard: what the gen data sells
  auto plan = service.create(*director, fields);
  targets::PlanMethod method;
  database.read([&](db::Connection& c) {
    // capacity: each province's accounts, a stand-in for the market HQ's planners would enter
    for (const auto& row : c.query("SELECT p.id, COUNT(a.id) FROM org_units p JOIN org_units u ON u.path >= p.path AND "
                                   "u.path < p.path || '~' JOIN accounts a ON a.owner_unit_id = u.id WHERE p.kind = "
                                   "'province' AND p.active = 1 GROUP BY p.id"))
      method.market_capacity[row.integer(0)] = row.integer(1);
  });
  plan = service.set_method(*director, plan.id, plan.version, method);
  plan = service.issue(*director, plan.id, plan.version);
  for (const auto& [province, manager] : managers) {
    auto sheet = service.split_sheet(manager, plan.id, province);
    service.save_split(manager, plan.id, province, sheet.suggested);
    service.submit_split(manager, plan.id, province);
  }
  return plan.id;
}

}  // namespace fleetkam::app
