// The demo's organisation (regions, every mainland province, two or three dealers each), its users
// and the accounts every dealer lists, written through the org and accounts services; then the
// Sichuan dealers' pipeline (demo_pipeline.cpp).
#include "app/demo.h"

#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include "app/demo_pipeline.h"
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
      {"ka_staff", "ka_staff", "总部"},
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

// A buying organisation as the dealers' key-account lists name it: "<city>公安局", "<county>人民法院".
struct Agency {
  const char* city;    // after a prefecture-level city's name
  const char* county;  // after a county's or district's name (a district has no 中级人民法院)
  const char* industry;
  bool institution;         // 事业单位: credit code type 12 (an organ of state is 11)
  const char* grade;        // how the value pyramid usually grades it: police and fire are key
  const char* procurement;  // tender, agreement (framework 协议供货)
};

// One per organisation in a place: no dealer lists an agency twice, and two dealers of one
// place share none (the duplicate engine would refuse the second).
const std::vector<Agency>& agencies() {
  static const std::vector<Agency> list = {
      {"公安局", "公安分局", "police", false, "key", "tender"},
      {"中级人民法院", "人民法院", "court", false, "secondary", "tender"},
      {"人民检察院", "人民检察院", "procuratorate", false, "secondary", "tender"},
      {"消防救援支队", "消防救援大队", "fire_rescue", false, "key", "tender"},
      {"公路管理局", "公路养护管理段", "road_administration", false, "secondary", "tender"},
      {"疾病预防控制中心", "疾病预防控制中心", "disease_control", true, "secondary", "agreement"},
      {"市场监督管理局", "市场监督管理局", "market_regulation", false, "potential", "tender"},
      {"交通运输局", "交通运输局", "transport", false, "secondary", "tender"},
      {"应急管理局", "应急管理局", "emergency", false, "potential", "tender"},
      {"卫生健康委员会", "卫生健康局", "health", false, "key", "agreement"},
      {"公安局交通警察支队", "公安分局交通警察大队", "police", false, "key", "tender"},
      {"生态环境局", "生态环境局", "environment", false, "potential", "tender"},
      {"计量检定测试院", "计量检定所", "metrology", true, "potential", "agreement"},
      {"司法局", "司法局", "justice", false, "potential", "tender"},
      {"城市管理局", "综合行政执法局", "urban_management", false, "potential", "tender"},
      {"自然资源和规划局", "自然资源局", "natural_resources", false, "potential", "agreement"},
      {"水务局", "水务局", "water", false, "potential", "agreement"},
      {"农业农村局", "农业农村局", "agriculture", false, "potential", "tender"},
      {"急救指挥中心", "急救中心", "health", true, "secondary", "agreement"},
  };
  return list;
}

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                           "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const char* kGiven[] = {"建华", "志强", "秀英", "海燕", "国庆", "丽娟", "伟", "敏",
                        "军",   "静",   "磊",   "洋",   "勇",   "艳",   "杰", "涛"};
const char* kChannels[] = {"gov_procurement_site", "own_customers",    "vehicle_administration",
                           "exhibitions",          "personal_network", "associations"};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The head of an organisation by what it is: 院长, 检察长, 支队长, 主任, 局长.
const char* head_title(std::string_view name) {
  if (ends_with(name, "检察院")) return "检察长";
  if (ends_with(name, "院")) return "院长";
  if (ends_with(name, "支队")) return "支队长";
  if (ends_with(name, "大队")) return "大队长";
  if (ends_with(name, "中心") || ends_with(name, "委员会")) return "主任";
  if (ends_with(name, "段")) return "段长";
  return "局长";
}

struct DemoContact {
  const char* title;
  const char* department;
  const char* role;
};
const DemoContact kContacts[] = {{nullptr, "领导班子", "decision_maker"},
                                 {"计划财务科科长", "计划财务科", "finance"},
                                 {"装备科科长", "装备科", "evaluator"},
                                 {"驾驶员班长", "车管科", "operator"}};

// Creates the account of `agency` in `place` for the dealer, through the accounts service (the
// validation and duplicate check of user input: a refused one fails the load), with its buying
// centre: key accounts have four people on file, secondary two, potential one.
accounts::Account add_account(accounts::AccountService& service, const auth::Principal& system, int64_t dealer_id,
                              const refdata::Division& place, const Agency& agency, int serial) {
  bool county = place.level == "county";
  accounts::AccountInput in;
  in.name = place.name + (county ? agency.county : agency.city);
  in.industry = agency.industry;
  in.admin_level = county ? "county" : "municipal";
  in.division_code = place.code;
  in.grade = agency.grade;
  in.business_class = std::string(agency.procurement) == "agreement" ? "direct" : "tender";
  in.procurement_method = agency.procurement;
  in.source_channel = kChannels[serial % 6];
  in.owner_unit_id = dealer_id;
  char body[16];  // 8 digits here; room for any int keeps GCC's -Wformat-truncation quiet
  std::snprintf(body, sizeof body, "%08d", 10000000 + serial * 37);
  in.credit_code = text::complete_credit_code(std::string(agency.institution ? "12" : "11") + place.code + body);
  const char* streets[] = {"人民路", "建设路", "解放路", "中山路", "新华路"};
  in.address = place.name + streets[serial % 5] + std::to_string(serial % 200 + 1) + "号";
  accounts::Account created;
  try {
    created = service.create(system, in);
  } catch (const AppError& e) {
    throw std::runtime_error("demo account " + *in.name + " refused: " + e.what());
  }
  int contacts = created.grade == "key" ? 4 : created.grade == "secondary" ? 2 : 1;
  std::optional<int64_t> chief;
  for (int k = 0; k < contacts; ++k) {
    accounts::ContactInput contact;
    contact.name = std::string(kSurnames[(serial + k) % 16]) + kGiven[(serial * 3 + k) % 16];
    contact.title = kContacts[k].title ? kContacts[k].title : head_title(created.name);
    contact.department = kContacts[k].department;
    contact.buying_role = kContacts[k].role;
    contact.phone = "13" + std::to_string(800000000 + serial * 131 + k);
    if (chief) contact.reports_to_id = chief;
    auto added = service.add_contact(system, created.id, contact);
    if (k == 0) chief = added.id;
  }
  return created;
}

}  // namespace

std::vector<DemoUser> load_demo(db::Database& database, org::OrgService& org, accounts::AccountService& accounts,
                                registrations::RegistrationService* registrations,
                                opportunities::OpportunityService* opportunities, targets::TargetService* targets,
                                reports::ReportService* reports, visits::VisitService* visits,
                                rectification::RectificationService* rectifications,
                                satisfaction::SatisfactionService* satisfaction, events::EventService* events,
                                support::SupportService* support, agreements::AgreementService* agreements) {
  // everything goes through the services (the database is read for the provinces' ids only)
  int serial = 0;
  auto system = org::OrgService::system_principal();
  std::map<std::string, int64_t> unit_ids = {{"总部", 1}};
  std::map<int64_t, std::pair<std::string, std::string>> unit_paths = {{1, {"/1/", "hq"}}};  // id → path, kind
  std::map<std::string, Owned> owned;  // dealer name → its accounts by name
  // Each dealer lists four agencies of its place, the next ones round the list; the two dealers
  // whose pipeline the demo shows (成都鑫达, 自贡众诚) list more. One place's agencies go to one
  // dealer only.
  std::map<std::string, std::set<size_t>> taken;  // place code → agencies listed
  size_t next_agency = 0;
  auto list_accounts = [&](int64_t dealer_id, const std::string& dealer, const refdata::Division& place, size_t n) {
    auto& used = taken[place.code];
    for (size_t listed = 0; listed < n && used.size() < agencies().size(); ++next_agency) {
      size_t k = next_agency % agencies().size();
      if (!used.insert(k).second) continue;
      auto a = add_account(accounts, system, dealer_id, place, agencies()[k], ++serial);
      owned[dealer].emplace(a.name, a);
      ++listed;
    }
  };
  for (const auto& region : plan()) {
    auto created = org.create_unit(system, {"region", region.name, 1, std::nullopt});
    unit_ids[region.name] = created.id;
    unit_paths[created.id] = {created.path, created.kind};
    for (const char* code : region.provinces) {
      const auto* province = refdata::find_division(code);
      auto province_unit = org.create_unit(system, {"province", province->name, created.id, std::string(code)});
      unit_ids[province->name] = province_unit.id;
      unit_paths[province_unit.id] = {province_unit.path, province_unit.kind};
      // dealers in the first cities of the province (districts of the municipalities)
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
        size_t n = name == "成都鑫达汽车销售服务有限公司" ? agencies().size()
                   : name == "自贡众诚汽车贸易有限公司"   ? 10
                                                          : 4;
        if (n > 4) next_agency = 0;  // the showcase dealers list the agencies from the first
        list_accounts(dealer.id, name, *place, n);
      }
    }
  }
  const std::map<std::string, std::string> display = {
      {"director", "王建国"}, {"executive", "李振华"}, {"ka_staff", "孙丽"},    {"rd_southwest", "张伟"},
      {"am_sichuan", "刘洋"}, {"dm_chengdu", "陈静"},  {"rep_chengdu", "杨帆"}, {"rep_zigong", "赵磊"}};
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
  const auto& chengdu = owned["成都鑫达汽车销售服务有限公司"];
  const auto& zigong = owned["自贡众诚汽车贸易有限公司"];
  std::optional<int64_t> to_convert;
  if (registrations) to_convert = load_registrations(*registrations, people, chengdu, zigong);
  if (opportunities) load_opportunities(*opportunities, people, chengdu, zigong, to_convert);
  if (targets) load_targets(database, *targets, people);
  if (visits) load_visits(*visits, accounts, opportunities, people, chengdu, zigong);
  if (reports) load_reports(*reports, people);
  if (rectifications) load_rectifications(*rectifications, people, chengdu);
  if (satisfaction) load_satisfaction(*satisfaction, people);
  if (events) load_events(*events, people);
  if (support) load_support(*support, accounts, opportunities, visits, people, chengdu);
  if (agreements) load_agreements(*agreements, accounts, opportunities, people, chengdu);
  return created;
}

}  // namespace fleetkam::app
