#include "app/demo.h"

#include <cstdlib>
#include <map>

#include "platform/refdata/divisions.h"

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

std::vector<DemoUser> load_demo(db::Database&, org::OrgService& org) {
  auto system = org::OrgService::system_principal();
  std::map<std::string, int64_t> unit_ids = {{"总部", 1}};
  for (const auto& region : plan()) {
    auto created = org.create_unit(system, {"region", region.name, 1, std::nullopt});
    unit_ids[region.name] = created.id;
    for (const char* code : region.provinces) {
      const auto* province = refdata::find_division(code);
      auto province_unit = org.create_unit(system, {"province", province->name, created.id, std::string(code)});
      unit_ids[province->name] = province_unit.id;
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
      }
    }
  }
  const std::map<std::string, std::string> display = {
      {"director", "王建国"}, {"executive", "李振华"}, {"rd_southwest", "张伟"}, {"am_sichuan", "刘洋"},
      {"dm_chengdu", "陈静"}, {"rep_chengdu", "杨帆"}, {"rep_zigong", "赵磊"}};
  std::vector<DemoUser> created;
  for (const auto& user : demo_users()) {
    auto unit = unit_ids.find(user.unit);
    if (unit == unit_ids.end()) continue;
    org.create_user(system, {user.username, demo_password(), display.at(user.username), user.role, unit->second});
    created.push_back(user);
  }
  return created;
}

}  // namespace fleetkam::app
