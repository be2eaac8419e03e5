#include "app/demo.h"

#include <cstdlib>
#include <map>

#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/refdata/divisions.h"
#include "platform/text/credit_code.h"

namespace fleetkam::app {
namespace {

struct RegionPlan {
  const char* name;
  std::vector<const char*> provinces;
};

const std::vector<RegionPlan>& plan() {
  static const std::vector<RegionPlan> regions = {
      {"华北大区", {"110000", "120000", "130000", "140000", "150000"}},
      {"东北大区", {"210000", "220000", "230000"}},
      {"华东大区", {"310000", "320000", "330000", "340000", "350000", "360000", "370000"}},
      {"华中大区", {"410000", "420000", "430000"}},
      {"华南大区", {"440000", "450000", "460000"}},
      {"西南大区", {"500000", "510000", "520000", "530000", "540000"}},
      {"西北大区", {"610000", "620000", "630000", "640000", "650000"}},
  };
  return regions;
}

const char* kDealerSuffixes[] = {"鑫达汽车销售服务有限公司", "众诚汽车贸易有限公司", "恒通行业车辆服务有限公司"};

std::string short_name(std::string name) {
  for (const char* suffix : {"市", "地区", "自治州", "盟", "区", "县"}) {
    std::string s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      return name.substr(0, name.size() - s.size());
    }
  }
  return name;
}

}  // namespace

std::string demo_password() {
  const char* env = std::getenv("FLEETKAM_DEMO_PASSWORD");
  return env && *env ? env : "Demo-pass-2026";
}

const std::vector<DemoUser>& demo_users() {
  static const std::vector<DemoUser> users = {
      {"director", "ka_director", "总部"},
      {"executive", "ka_executive", "总部"},
      {"rd_southwest", "regional_director", "西南大区"},
      {"am_sichuan", "area_manager", "四川省"},
      {"dm_chengdu", "dealer_manager", "成都鑫达汽车销售服务有限公司"},
      {"rep_chengdu", "sales_rep", "成都鑫达汽车销售服务有限公司"},
      {"rep_zigong", "sales_rep", "自贡众诚汽车贸易有限公司"},
  };
  return users;
}

bool demo_needed(db::Database& database) {
  bool needed = false;
  database.read([&](db::Connection& c) { needed = c.query_one("SELECT COUNT(*) FROM org_units")->integer(0) <= 1; });
  return needed;
}

namespace {

struct Agency {
  const char* suffix;
  const char* industry;
  const char* admin_level;
};

// Buying organisations of a city, as the dealers' key-account lists name them.
const std::vector<Agency>& agencies() {
  static const std::vector<Agency> list = {
      {"公安局", "police", "municipal"},
      {"中级人民法院", "court", "municipal"},
      {"人民检察院", "procuratorate", "municipal"},
      {"疾病预防控制中心", "disease_control", "municipal"},
      {"生态环境监测站", "environment", "municipal"},
      {"市场监督管理局", "market_regulation", "municipal"},
      {"交通运输局", "transport", "municipal"},
      {"公路管理局", "road_administration", "municipal"},
      {"应急管理局", "emergency", "municipal"},
      {"消防救援支队", "fire_rescue", "municipal"},
      {"计量测试研究院", "metrology", "municipal"},
      {"卫生健康委员会", "health", "municipal"},
  };
  return list;
}

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                           "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const char* kGiven[] = {"建华", "志强", "秀英", "海燕", "国庆", "丽娟", "伟", "敏",
                        "军",   "静",   "磊",   "洋",   "勇",   "艳",   "杰", "涛"};
const char* kChannels[] = {"gov_procurement_site", "own_customers",    "vehicle_administration",
                           "exhibitions",          "personal_network", "associations"};

struct DemoContact {
  const char* title;
  const char* department;
  const char* role;
};
const DemoContact kContacts[] = {{"局长", "局领导", "decision_maker"},
                                 {"装备财务处处长", "装备财务处", "finance"},
                                 {"科长", "后勤保障科", "evaluator"},
                                 {"驾驶员班长", "车管科", "operator"}};

// The accounts of one dealer: agencies of its place, graded as the value pyramid has it.
void load_accounts(accounts::AccountService& service, const auth::Principal& system, int64_t dealer_id,
                   const refdata::Division& place, int& serial) {
  const std::string city = place.name;
  for (int i = 0; i < 4; ++i) {
    const auto& agency = agencies()[static_cast<size_t>(serial) % agencies().size()];
    ++serial;
    accounts::AccountInput in;
    in.name = city + agency.suffix;
    in.industry = agency.industry;
    in.admin_level = place.level == "county" ? "county" : agency.admin_level;
    in.division_code = place.code;
    in.grade = serial % 5 == 0 ? "key" : serial % 3 == 0 ? "secondary" : "potential";
    in.business_class = serial % 4 == 0 ? "direct" : serial % 7 == 0 ? "one_time" : "tender";
    in.procurement_method = serial % 3 == 0 ? "agreement" : "tender";
    in.source_channel = kChannels[serial % 6];
    in.owner_unit_id = dealer_id;
    char body[9];
    std::snprintf(body, sizeof body, "%08d", 10000000 + serial * 37);
    in.credit_code = text::complete_credit_code("11" + place.code + body);
    in.address = city + "人民路" + std::to_string(serial % 200 + 1) + "号";
    accounts::Account created;
    try {
      created = service.create(system, in);
    } catch (const AppError&) {
      continue;  // two dealers in one municipality may both list its public security bureau: the first keeps it
    }
    int contacts = created.grade == "key" ? 4 : created.grade == "secondary" ? 2 : 1;
    std::optional<int64_t> chief;
    for (int k = 0; k < contacts; ++k) {
      accounts::ContactInput contact;
      contact.name = std::string(kSurnames[(serial + k) % 16]) + kGiven[(serial * 3 + k) % 16];
      contact.title = kContacts[k].title;
      contact.department = kContacts[k].department;
      contact.buying_role = kContacts[k].role;
      contact.phone = "13" + std::to_string(800000000 + serial * 131 + k);
      if (chief) contact.reports_to_id = chief;
      auto added = service.add_contact(system, created.id, contact);
      if (k == 0) chief = added.id;
    }
  }
}

}  // namespace

namespace {

// Registrations of the Sichuan dealers in every state: approved (one long ago, now lapsed),
// pending, a conflict between the two dealers, rejected. Made at past moments (the clock pinned)
// so that delays and protection periods look like real ones.
void load_registrations(db::Database& database, registrations::RegistrationService& service,
                        std::map<std::string, auth::Principal>& people) {
  const auto& chengdu = people.at("rep_chengdu");
  const auto& zigong = people.at("rep_zigong");
  const auto& manager = people.at("am_sichuan");
  std::vector<int64_t> chengdu_accounts, zigong_accounts;
  database.read([&](db::Connection& c) {
    for (const auto& row :
         c.query("SELECT id FROM accounts WHERE owner_unit_id = ? ORDER BY id", {chengdu.org_unit_id}))
      chengdu_accounts.push_back(row.integer(0));
    for (const auto& row : c.query("SELECT id FROM accounts WHERE owner_unit_id = ? ORDER BY id", {zigong.org_unit_id}))
      zigong_accounts.push_back(row.integer(0));
  });
  if (chengdu_accounts.size() < 4 || zigong_accounts.size() < 2) return;
  int64_t now = clock::now_ms();
  constexpr int64_t kDay = 86400000;
  auto at = [&](int64_t days_ago, auto&& action) {
    clock::pin(now - days_ago * kDay);
    action();
  };
  auto lead = [&](int64_t account, const char* type, int64_t quantity, int64_t days_ahead, int64_t hours_late) {
    registrations::NewRegistration r;
    r.account_id = account;
    r.vehicle_type = type;
    r.model = "JX5045XQC";
    r.quantity = quantity;
    r.budget_fen = quantity * 28000000;
    r.expected_date = clock::format_rfc3339(clock::now_ms() + days_ahead * kDay).substr(0, 10);
    r.procurement_method = "tender";
    r.source_channel = "gov_procurement_site";
    r.info_class = "tender";
    r.info_obtained_at = clock::now_ms() - hours_late * 3600000;
    r.note = "采购意向已在政府采购网公示";
    return r;
  };
  auto approve = [&](int64_t id) {
    service.review(manager, id, {"approve", true, true, std::string("信息属实"), service.get(manager, id).version});
  };
  try {
    // 120 days ago: approved, protection (90 days) over by now — lapsed
    at(120, [&] { approve(service.create(chengdu, lead(chengdu_accounts[0], "police_patrol", 6, 60, 5)).id); });
    // 20 days ago: approved and protected
    at(20, [&] { approve(service.create(chengdu, lead(chengdu_accounts[1], "laboratory", 2, 90, 30)).id); });
    // 6 days ago: rejected as not genuine
    at(6, [&] {
      auto r = service.create(zigong, lead(zigong_accounts[0], "command", 1, 120, 200));
      service.review(manager, r.id, {"reject", false, false, std::string("经核实无采购计划"), r.version});
    });
    // 2 days ago: pending
    at(2, [&] { service.create(chengdu, lead(chengdu_accounts[2], "police_patrol", 10, 150, 2)); });
    // yesterday: Zigong registers an account Chengdu owns — a conflict for the area manager
    at(1, [&] {
      registrations::NewRegistration r = lead(0, "police_patrol", 8, 150, 12);
      r.account_id.reset();
      accounts::Account target;
      database.read([&](db::Connection& c) {
        auto row = c.query_one("SELECT name, division_code FROM accounts WHERE id = ?", {chengdu_accounts[3]});
        target.name = row->text(0);
        target.division_code = row->text(1);
      });
      accounts::AccountInput account;
      account.name = target.name;
      account.division_code = target.division_code;
      account.industry = "police";
      account.admin_level = "municipal";
      account.grade = "key";
      account.business_class = "tender";
      account.procurement_method = "tender";
      account.source_channel = "own_customers";
      r.account = account;
      service.create(zigong, r);
    });
    // today: a pending one of Zigong's own
    at(0, [&] { service.create(zigong, lead(zigong_accounts[1], "prisoner_transport", 3, 200, 1)); });
  } catch (const std::exception&) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace

std::vector<DemoUser> load_demo(db::Database& database, org::OrgService& org, accounts::AccountService& accounts,
                                registrations::RegistrationService* registrations) {
  int serial = 0;
  auto system = org::OrgService::system_principal();
  std::map<std::string, int64_t> unit_ids = {{"总部", 1}};
  std::map<int64_t, std::pair<std::string, std::string>> unit_paths = {{1, {"/1/", "hq"}}};  // id → path, kind
  for (const auto& region : plan()) {
    auto created = org.create_unit(system, {"region", region.name, 1, std::nullopt});
    unit_ids[region.name] = created.id;
    unit_paths[created.id] = {created.path, created.kind};
    for (const char* code : region.provinces) {
      const auto* province = refdata::find_division(code);
      auto province_unit = org.create_unit(system, {"province", province->name, created.id, std::string(code)});
      unit_ids[province->name] = province_unit.id;
      unit_paths[province_unit.id] = {province_unit.path, province_unit.kind};
      // dealers in the first cities of the province (the province itself for municipalities)
      std::vector<const refdata::Division*> places;
      for (const auto& d : refdata::divisions()) {
        if (d.parent_code == std::string(code) && (d.level == "city" || d.level == "county")) places.push_back(&d);
        if (places.size() == 3) break;
      }
      if (places.empty()) places.push_back(province);
      size_t dealers = 2 + (province_unit.id % 2);
      for (size_t i = 0; i < dealers; ++i) {
        const auto* place = places[i % places.size()];
        std::string name = short_name(place->name) + kDealerSuffixes[i % 3];
        if (unit_ids.count(name)) name.insert(0, short_name(province->name));
        auto dealer = org.create_unit(system, {"dealer", name, province_unit.id, place->code});
        unit_ids[name] = dealer.id;
        unit_paths[dealer.id] = {dealer.path, dealer.kind};
        load_accounts(accounts, system, dealer.id, *place, serial);
      }
    }
  }
  const std::map<std::string, std::string> display = {
      {"director", "王建国"}, {"executive", "李振华"}, {"rd_southwest", "张伟"}, {"am_sichuan", "刘洋"},
      {"dm_chengdu", "陈静"}, {"rep_chengdu", "杨帆"}, {"rep_zigong", "赵磊"}};
  std::vector<DemoUser> created;
  std::map<std::string, auth::Principal> people;
  for (const auto& user : demo_users()) {
    auto unit = unit_ids.find(user.unit);
    if (unit == unit_ids.end()) continue;
    auto made =
        org.create_user(system, {user.username, demo_password(), display.at(user.username), user.role, unit->second});
    created.push_back(user);
    auth::Principal p;
    p.user_id = made.id;
    p.username = user.username;
    p.role = *auth::parse_role(user.role);
    p.org_unit_id = unit->second;
    p.scope.path = unit_paths[unit->second].first;
    p.unit_kind = unit_paths[unit->second].second;
    people[user.username] = p;
  }
  if (registrations && people.count("rep_chengdu") && people.count("rep_zigong") && people.count("am_sichuan")) {
    load_registrations(database, *registrations, people);
  }
  return created;
}

}  // namespace fleetkam::app
