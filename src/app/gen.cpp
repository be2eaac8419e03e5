#include "app/gen.h"

#include <algorithm>
#include <map>
#include <opencc/SimpleConverter.hpp>
#include <random>
#include <set>
#include <stdexcept>

#include "app/demo.h"
#include "app/fitting.h"
#include "app/gen_local_units.h"
#include "modules/dedup/matcher.h"
#include "modules/opportunities/rules.h"
#include "platform/clock.h"
#include "platform/db/bulk.h"
#include "platform/errors.h"
#include "platform/refdata/divisions.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"

namespace fleetkam::app {
namespace {

struct AgencyKind {
  const char* name;                // after the division's name
  const char* industry;            // directory code
  bool public_institution;         // 事业单位 (credit code type 2) rather than an organ of state (type 1)
  std::vector<const char*> units;  // subordinate units; "队" picks 支队 (city, province) or 大队 (county)
};

const std::vector<AgencyKind>& kinds() {
  static const std::vector<AgencyKind> list = {
      {"公安局",
       "police",
       false,
       {"交通警察%队", "刑事侦查%队", "特警%队", "巡逻警察%队", "治安管理%队", "出入境管理处", "网络安全保卫%队",
        "禁毒%队", "看守所", "警务保障处", "经济犯罪侦查%队", "食品药品环境犯罪侦查%队"}},
      {"公安厅", "police", false, {"交通警察总队", "刑事侦查总队", "特警总队"}},
      {"人民法院", "court", false, {"执行局", "司法警察%队"}},
      {"中级人民法院", "court", false, {"执行局", "司法警察%队"}},
      {"人民检察院", "procuratorate", false, {"司法警察%队", "技术处"}},
      {"司法局", "justice", false, {"社区矫正管理局", "公证处"}},
      {"监狱管理局", "justice", false, {}},
      {"疾病预防控制中心", "disease_control", true, {"卫生检测中心", "应急处置中心"}},
      {"卫生健康委员会", "health", false, {"卫生监督所", "急救指挥中心"}},
      {"人民医院", "health", true, {"急诊科", "体检中心"}},
      {"中医医院", "health", true, {}},
      {"妇幼保健院", "health", true, {}},
      {"急救中心", "health", true, {}},
      {"生态环境局", "environment", false, {"生态环境监测站", "生态环境保护综合行政执法%队", "辐射环境监测站"}},
      {"生态环境监测中心", "environment", true, {}},
      {"市场监督管理局", "market_regulation", false, {"综合行政执法%队", "食品安全检测中心", "质量技术监督检测所"}},
      {"计量测试研究院", "metrology", true, {"计量检定站"}},
      {"计量检定所", "metrology", true, {}},
      {"交通运输局", "transport", false, {"综合行政执法%队", "运输管理处", "港航管理处"}},
      {"公路管理局", "road_administration", false, {"路政执法%队", "养护中心", "超限检测站"}},
      {"公路事业发展中心", "road_administration", true, {"养护工区"}},
      {"应急管理局", "emergency", false, {"安全生产执法%队", "应急救援指挥中心"}},
      {"消防救援支队", "fire_rescue", false, {"特勤站"}},
      {"自然资源局", "natural_resources", false, {"执法监察%队", "测绘院"}},
      {"水利局", "water", false, {"水文站", "防汛抗旱指挥部办公室"}},
      {"农业农村局", "agriculture", false, {"农业综合行政执法%队", "动物疫病预防控制中心", "农机推广站"}},
      {"林业局", "natural_resources", false, {"森林病虫害防治检疫站", "林业执法%队"}},
      {"气象局", "other", false, {"气象台", "人工影响天气办公室"}},
      {"地震局", "emergency", false, {}},
      {"通信管理局", "communications", false, {}},
      {"邮政管理局", "communications", false, {}},
      {"城市管理局", "urban_management", false, {"城管执法%队", "环境卫生管理处"}},
      {"税务局", "taxation", false, {"稽查局", "第一税务分局"}},
      {"海关", "customs", false, {"缉私局", "查验处"}},
      {"文化广播电视和旅游局", "other", false, {"文化市场综合执法%队"}},
      {"教育局", "education", false, {"招生考试中心"}},
      {"民政局", "other", false, {"殡仪馆", "救助管理站"}},
      {"人民政府办公室", "other", false, {"机关事务服务中心"}},
      {"机关事务管理局", "other", false, {"公务用车服务中心"}},
      {"财政局", "other", false, {"政府采购中心"}},
      {"统计局", "other", false, {"调查%队"}},
      {"人民武装部", "military", false, {}},
      {"红十字会", "health", true, {}},
      {"广播电视台", "broadcasting", true, {"新闻采访部"}},
      {"电力公司", "power_grid", true, {"抢修中心"}},
      {"供水公司", "water", true, {"抢修队"}},
      {"燃气公司", "other", true, {"抢险队"}},
      {"第二人民医院", "health", true, {"急诊科"}},
      {"中心血站", "health", true, {"采血车队"}},
      {"人力资源和社会保障局", "other", false, {"劳动保障监察%队", "社会保险事业管理中心"}},
      {"住房和城乡建设局", "other", false, {"建设工程质量安全监督站", "城建档案馆"}},
      {"退役军人事务局", "other", false, {"服务中心"}},
      {"审计局", "other", false, {"经济责任审计中心"}},
      {"发展和改革委员会", "other", false, {"价格认证中心"}},
      {"粮食和物资储备局", "other", false, {"储备库", "质量检测中心"}},
      {"烟草专卖局", "other", false, {"专卖稽查%队", "物流中心"}},
      {"体育局", "education", false, {"体育运动学校"}},
      {"商务局", "other", false, {"综合行政执法%队"}},
      {"医疗保障局", "health", false, {"医疗保障基金监管中心"}},
      {"公共资源交易中心", "other", true, {}},
  };
  return list;
}

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
                           "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
                           "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余"};
const char* kGiven[] = {"建华", "志强", "秀英", "海燕", "国庆", "丽娟", "伟",   "敏",   "军",   "静",
                        "磊",   "洋",   "勇",   "艳",   "杰",   "涛",   "明",   "超",   "秀兰", "霞",
                        "平",   "刚",   "桂英", "文",   "辉",   "鹏",   "华",   "红",   "玉兰", "飞",
                        "建国", "建军", "晓东", "晓燕", "春梅", "振华", "志刚", "卫东", "雪梅", "德明"};
const char* kChannels[] = {"gov_procurement_site", "own_customers",    "vehicle_administration",
                           "exhibitions",          "personal_network", "associations"};
struct Role {
  const char* role;
  const char* title;
  const char* department;
};
const Role kRoles[] = {{"decision_maker", "局长", "局领导"}, {"decision_layer", "副局长", "局领导"},
                       {"finance", "处长", "装备财务处"},    {"evaluator", "科长", "后勤保障科"},
                       {"user", "大队长", "执法大队"},       {"operator", "驾驶员班长", "车管科"},
                       {"evaluator", "主任", "办公室"},      {"finance", "会计", "计划财务科"}};

// A subordinate unit's name: "%队" is 支队 under a city or province, 大队 under a county.
std::string unit_name(const char* unit, const refdata::Division& d) {
  std::string name(unit);
  if (auto at = name.find('%'); at != std::string::npos) name.replace(at, 1, d.level == "county" ? "大" : "支");
  return name;
}

std::string admin_level(const refdata::Division& d) {
  if (d.level == "province") return "provincial";
  if (d.level == "city") return "municipal";
  return "county";
}

}  // namespace

GenResult generate(db::Database& database, org::OrgService& org, accounts::AccountService& service,
                   const GenOptions& options, const std::function<void(int64_t)>& progress) {
  if (demo_needed(database)) load_demo(database, org, service);
  generate_network(database, org, options);
  directories::DirectoryService directories(database);
  // Owners: the dealers of each province (the province unit where it has none).
  std::map<std::string, std::vector<int64_t>> owners;  // province code → unit ids
  std::set<std::string> industries;
  database.read([&](db::Connection& c) {
    for (const auto& row :
         c.query("SELECT u.id, p.division_code, u.kind FROM org_units u JOIN org_units p ON u.path >= p.path AND "
                 "u.path < p.path || '~' WHERE p.kind = 'province' AND u.kind IN ('province', 'dealer') AND "
                 "u.active = 1 ORDER BY u.id")) {
      auto& list = owners[row.text(1)];
      if (row.text(2) == "dealer" || list.empty()) list.push_back(row.integer(0));
    }
    for (const auto& row :
         c.query("SELECT code FROM directory_entries WHERE directory = 'industries' AND active = 1")) {
      industries.insert(row.text(0));
    }
  });
  for (auto& [code, list] : owners) {
    if (list.size() > 1) list.erase(list.begin());  // dealers do the work; the province keeps none
  }
  opencc::SimpleConverter traditional("s2t.json");
  std::mt19937 random(options.seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };

  // Every (division, agency, unit) name, in a shuffled order, so any prefix of it is a fair sample.
  struct Plan {
    const refdata::Division* division;
    const AgencyKind* kind;            // nullptr: a local unit
    int unit;                          // -1: the agency itself
    const LocalUnit* local = nullptr;  // a county's police station, school or clinic (gen_local_units.h)
  };
  std::vector<Plan> plans;
  std::vector<std::vector<LocalUnit>> locals;  // per county, kept for the plans that point into them
  for (const auto& d : refdata::divisions()) {
    if (!owners.count(refdata::province_of(d.code)->code)) continue;
    for (const auto& k : kinds()) {
      std::string_view agency(k.name);
      bool provincial_only = agency == "公安厅" || agency == "监狱管理局" || agency == "通信管理局";
      if (provincial_only != (d.level == "province")) continue;
      bool district = d.name.size() > 3 && (d.name.compare(d.name.size() - 3, 3, "区") == 0 ||
                                            d.name.compare(d.name.size() - 3, 3, "县") == 0);
      if (agency == "中级人民法院" && (d.level != "city" || district)) continue;
      if (agency == "海关" && d.level == "county") continue;
      plans.push_back({&d, &k, -1});
      for (size_t u = 0; u < k.units.size(); ++u) plans.push_back({&d, &k, static_cast<int>(u)});
    }
    // the crowded part of a city's names: every county's police stations, schools and clinics
    locals.push_back(local_units(d));
    for (const auto& local : locals.back()) plans.push_back({&d, nullptr, -1, &local});
  }
  std::shuffle(plans.begin(), plans.end(), random);

  auto system = org::OrgService::system_principal();
  GenResult result;
  int64_t serial = 0;
  // Every row goes through the checks of user input, in bulk as an import does: the accounts
  // service's validation (apply_input) and its duplicate engine — the in-process index and the
  // credit codes (find_duplicates_many) against what is stored, and the same engine (a NameIndex)
  // among the rows of the batch. An organisation has one credit code, so the invented codes are
  // left out of one more probe by name and division alone: a plan the demo (or an earlier run)
  // already holds is refused, not written a second time under another code. Refused rows are
  // counted, and the next plans take their place.
  size_t next_plan = 0;
  while (result.accounts < options.accounts && next_plan < plans.size()) {
    size_t wanted = std::min<size_t>(options.batch, static_cast<size_t>(options.accounts - result.accounts));
    std::vector<accounts::Account> batch;
    std::vector<accounts::Contact> contacts;
    batch.reserve(wanted);
    database.write([&](db::Connection& c) {
      accounts::Lookups lookups(c, directories);
      dedup::NameIndex in_batch;
      while (batch.size() < wanted && next_plan < plans.size()) {
        // a slice of plans, checked against the database together
        size_t end = std::min(plans.size(), next_plan + (wanted - batch.size()));
        std::vector<accounts::Account> drafts;
        drafts.reserve(end - next_plan);
        for (; next_plan < end; ++next_plan) {
          const auto& plan = plans[next_plan];
          const auto& d = *plan.division;
          ++serial;
          accounts::AccountInput in;
          std::string place = d.name;
          if (d.level == "county" && serial % 2 == 0 && place.size() > 3 &&
              place.compare(place.size() - 3, 3, "区") == 0 && d.parent_code) {
            // a district is often written under its city: 成都市武侯区
            const auto* city = refdata::find_division(*d.parent_code);
            if (city && city->name != "市辖区") place = city->name + place;
          }
          std::string name = plan.local ? plan.local->name : place + plan.kind->name;
          if (plan.unit >= 0) name += unit_name(plan.kind->units[static_cast<size_t>(plan.unit)], d);
          const char* industry = plan.local ? plan.local->industry : plan.kind->industry;
          const bool public_institution = plan.local ? plan.local->public_institution : plan.kind->public_institution;
          if (serial % 20 == 0) name = traditional.Convert(name);  // 廣州市公安局: as some old lists have it
          in.name = name;
          in.industry = industries.count(industry) ? industry : "other";
          in.admin_level = admin_level(d);
          in.division_code = d.code;
          const auto& province_owners = owners[refdata::province_of(d.code)->code];
          in.owner_unit_id = province_owners[pick(province_owners.size())];
          in.address = d.name + "人民路" + std::to_string(serial % 300 + 1) + "号";
          auto g = pick(100);
          in.grade = g < 12 ? "key" : g < 40 ? "secondary" : "potential";
          in.business_class = serial % 4 == 0 ? "direct" : serial % 9 == 0 ? "one_time" : "tender";
          in.procurement_method = serial % 3 == 0 ? "agreement" : serial % 7 == 0 ? "direct" : "tender";
          in.source_channel = kChannels[pick(6)];
          if (serial % 5 != 0) {
            // 'G' + seven digits: a body no demo account has
            char body[12];
            std::snprintf(body, sizeof body, "G%07lld", static_cast<long long>(serial % 10000000));
            in.credit_code = text::complete_credit_code(std::string(public_institution ? "12" : "11") + d.code + body);
          }
          accounts::Account a;
          try {
            accounts::apply_input(lookups, system, in, a, true);
          } catch (const AppError& e) {
            std::string problems;
            for (const auto& f : e.errors()) problems += " " + f.field + ": " + f.message + ";";
            throw std::runtime_error("gen: the account " + name + " is refused:" + problems);
          }
          drafts.push_back(std::move(a));
        }
        std::vector<const accounts::Account*> probes;
        probes.reserve(drafts.size());
        for (const auto& a : drafts) probes.push_back(&a);
        auto stored = accounts::find_duplicates_many(c, service.index(), system, probes);
        for (size_t i = 0; i < drafts.size(); ++i) {
          auto& a = drafts[i];
          dedup::Name by_name{a.name, a.division_code, std::nullopt};
          auto is_duplicate = [](const std::vector<dedup::Candidate>& found) {
            return std::any_of(found.begin(), found.end(),
                               [](const dedup::Candidate& x) { return x.match.kind == dedup::MatchKind::duplicate; });
          };
          if (!stored[i].empty() || is_duplicate(service.index().candidates(by_name, 4)) ||
              is_duplicate(in_batch.candidates(by_name, 4)) ||
              is_duplicate(in_batch.candidates({a.name, a.division_code, a.credit_code}, 4))) {
            ++result.refused;
            continue;
          }
          in_batch.add(static_cast<int64_t>(batch.size()), {a.name, a.division_code, a.credit_code});
          // contacts: key accounts have more people on file
          double mean = options.contacts_per_account * (a.grade == "key" ? 1.6 : a.grade == "secondary" ? 1.1 : 0.85);
          auto n = static_cast<size_t>(mean + (static_cast<double>(pick(1000)) / 1000.0));
          std::optional<int64_t> chief;
          for (size_t k = 0; k < n; ++k) {
            accounts::Contact x;
            x.account_id = static_cast<int64_t>(batch.size());
            const auto& role = kRoles[k % std::size(kRoles)];
            x.name = std::string(kSurnames[pick(std::size(kSurnames))]) + kGiven[pick(std::size(kGiven))];
            x.title = role.title;
            x.department = role.department;
            x.buying_role = role.role;
            x.phone = "1" + std::to_string(3 + pick(7)) + std::to_string(100000000 + pick(900000000));
            if (chief) x.reports_to_id = chief;
            if (k == 0) chief = static_cast<int64_t>(contacts.size());
            contacts.push_back(std::move(x));
          }
          batch.push_back(std::move(a));
        }
      }
      accounts::write_new_accounts(c, system, batch, contacts, false);
    });
    result.accounts += static_cast<int64_t>(batch.size());
    result.contacts += static_cast<int64_t>(contacts.size());
    if (progress) progress(result.accounts);
  }
  // after a bulk load: planner statistics, and on PostgreSQL the visibility map and hint bits set
  // now rather than by the first readers (VACUUM runs outside a transaction)
  auto lease = database.acquire();
  lease->execute_script(database.dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
  return result;
}

GenResult generate_pipeline(db::Database& database, const GenOptions& options,
                            const std::function<void(int64_t)>& progress) {
  GenResult result;
  if (options.opportunities <= 0) return result;
  struct Target {
    int64_t id, unit;
    int grade;  // 0 key, 1 secondary, 2 potential
    std::string method;
    const std::vector<std::string>* types;  // the vehicle types its industry buys
    std::string business;                   // the business its deliveries count for (targets/business.h)
  };
  std::vector<Target> targets;
  std::vector<size_t> weighted;                             // key accounts weigh 6, secondary 2, potential 1
  std::map<std::string, std::string> type_names;            // active vehicle type → its Chinese name
  std::map<std::string, std::vector<std::string>> fitting;  // industry → the active types it buys
  int64_t creator = 0;
  std::map<int64_t, std::vector<int64_t>> sellers;  // unit → the people who sell for it
  database.read([&](db::Connection& c) {
    for (const auto& row :
         c.query("SELECT code, name_zh FROM directory_entries WHERE directory = 'vehicle_types' AND active = 1"))
      type_names[row.text(0)] = row.text(1);
    for (const auto& fit : industry_fits()) {
      auto& list = fitting[std::string(fit.industry)];
      for (auto type : fit.vehicle_types) {
        if (type_names.count(std::string(type))) list.emplace_back(type);
      }
    }
    for (const auto& row : c.query("SELECT id, owner_unit_id, grade, procurement_method, industry, business_class FROM "
                                   "accounts ORDER BY id")) {
      const auto& g = row.text(2);
      int grade = g == "key" ? 0 : g == "secondary" ? 1 : 2;
      auto types = fitting.find(row.text(4));
      if (types == fitting.end() || types->second.empty()) continue;  // an industry HQ added since: no table row
      targets.push_back({row.integer(0), row.integer(1), grade, row.text(3), &types->second, row.text(5)});
    }
    creator = c.query_one("SELECT MIN(id) FROM users")->integer(0);
    for (const auto& row : c.query("SELECT org_unit_id, id FROM users WHERE active = 1 AND role IN ('sales_rep', "
                                   "'dealer_manager') ORDER BY id"))
      sellers[row.integer(0)].push_back(row.integer(1));
  });
  if (targets.empty()) return result;
  for (size_t i = 0; i < targets.size(); ++i) {
    int weight = targets[i].grade == 0 ? 6 : targets[i].grade == 1 ? 2 : 1;
    for (int k = 0; k < weight; ++k) weighted.push_back(i);
  }
  std::mt19937_64 random(options.seed + 6);
  auto pick = [&](uint64_t n) { return static_cast<int64_t>(random() % n); };
  constexpr int64_t kDay = 86400000;
  int64_t now = clock::now_ms();
  int64_t span_days = int64_t{3} * 365;
  const auto& open = opportunities::open_stages();
  const auto& procurement = opportunities::procurement_stages();
  // deliveries per won order: enough won orders and batches to reach options.deliveries
  double won_share = 0.55;
  double batches_per_won = std::max(
      1.0, 1.13 * static_cast<double>(options.deliveries) / (static_cast<double>(options.opportunities) * won_share));
  auto day_of = [](int64_t ms) { return clock::format_rfc3339(ms).substr(0, 10); };
  const size_t batch = 50000;
  for (int64_t start = 0; start < options.opportunities; start += static_cast<int64_t>(batch)) {
    auto n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(batch), options.opportunities - start));
    std::vector<std::vector<std::optional<std::string>>> opps, lines, deliveries;
    database.write([&](db::Connection& c) {
      auto ids = db::reserve_ids(c, "opportunities", n);
      std::vector<std::vector<std::optional<std::string>>> delivery_rows;
      for (size_t i = 0; i < n; ++i) {
        const auto& t = targets[weighted[static_cast<size_t>(pick(weighted.size()))]];
        // its owner: one of the unit's people (none for a unit without people)
        std::optional<std::string> owner;
        if (auto s = sellers.find(t.unit); s != sellers.end())
          owner = db::cell(s->second[static_cast<size_t>(pick(s->second.size()))]);
        int64_t created = now - pick(static_cast<uint64_t>(span_days)) * kDay - pick(kDay);
        int64_t quantity = t.grade == 0 ? 6 + pick(25) : t.grade == 1 ? 2 + pick(8) : 1 + pick(3);
        int64_t price = (15 + pick(30)) * 1000000;  // 15–45 万元
        // the industry's most typical types more often: the lower of two draws
        const auto& fits_here = *t.types;
        auto first = static_cast<size_t>(pick(fits_here.size())), second = static_cast<size_t>(pick(fits_here.size()));
        const auto& type = fits_here[std::min(first, second)];
        const std::string model = "江铃特顺 " + type_names.at(type);
        auto roll = pick(100);
        std::string stage, proc;
        std::optional<int64_t> closed;
        std::optional<std::string> reason, lost_to;
        int64_t won_units = 0, delivered = 0;
        int64_t age_days = (now - created) / kDay;
        // recent ones are mostly still open; old ones closed
        bool still_open = roll < (age_days < 120 ? 70 : 8);
        if (still_open) {
          auto s = pick(5);
          stage = open[static_cast<size_t>(s)];
          proc = *opportunities::matching_procurement_stage(stage);
        } else if (roll % 100 < 70) {
          stage = "won";
          proc = *opportunities::matching_procurement_stage(stage);
          closed = created + (20 + pick(100)) * kDay;
          if (*closed > now) closed = now - pick(kDay);
          reason = "价格与服务优于竞品";
          won_units = quantity;
        } else {
          stage = "lost";
          proc = procurement[static_cast<size_t>(pick(procurement.size() - 1))];
          closed = created + (20 + pick(100)) * kDay;
          if (*closed > now) closed = now - pick(kDay);
          reason = "价格高于竞品";
          lost_to = (pick(2) != 0) ? "上汽大通" : "福特全顺";
        }
        if (stage == "won") {
          // batches a few weeks apart after the close, never in the future
          auto k = std::max<int64_t>(
              1,
              std::min<int64_t>(
                  quantity, static_cast<int64_t>(batches_per_won) +
                                (pick(100) < (batches_per_won - static_cast<int64_t>(batches_per_won)) * 100 ? 1 : 0)));
          int64_t left = quantity;
          for (int64_t b = 0; b < k && left > 0; ++b) {
            int64_t at = *closed + (10 + b * 30 + pick(20)) * kDay;
            if (at > now) break;
            int64_t q = b == k - 1 ? left : std::max<int64_t>(1, left / (k - b));
            left -= q;
            delivered += q;
            std::string day = day_of(at);
            delivery_rows.push_back({db::cell(ids[i]), db::cell(t.id), db::cell(t.unit), owner, day,
                                     db::cell(std::stoll(day.substr(0, 4)) * 100 + std::stoll(day.substr(5, 2))),
                                     db::cell(q), model, type, std::nullopt, std::nullopt, std::nullopt,
                                     db::cell(creator), db::cell(at), t.business});
          }
        }
        std::string expected = day_of(closed.value_or(created + (30 + pick(200)) * kDay));
        int64_t changed = closed.value_or(created + pick(std::max<int64_t>(1, now - created)));
        opps.push_back({db::cell(ids[i]),
                        db::cell(t.id),
                        std::nullopt,
                        db::cell(t.unit),
                        owner,
                        std::string("车辆采购项目 ") + std::to_string(start + static_cast<int64_t>(i) + 1),
                        stage,
                        proc,
                        db::cell(quantity),
                        db::cell(quantity * price),
                        db::cell(quantity * price * 105 / 100),
                        std::nullopt,
                        expected,
                        std::string("1"),
                        std::nullopt,
                        std::nullopt,
                        std::nullopt,
                        std::nullopt,
                        std::nullopt,
                        std::string(pick(4) == 0 ? "cross_province" : "in_province"),
                        t.method,
                        std::nullopt,  // win probability: the stage's default
                        std::string(t.grade == 0   ? "high"
                                    : t.grade == 1 ? "medium"
                                                   : "low"),
                        std::string("medium"),
                        db::cell(won_units),
                        db::cell(delivered),
                        reason,
                        lost_to,
                        db::cell(closed),
                        db::cell(changed),
                        db::cell(creator),
                        std::string("1"),
                        db::cell(created),
                        db::cell(changed)});
        lines.push_back(
            {db::cell(ids[i]), std::string("0"), type, std::nullopt, model, db::cell(quantity), db::cell(price)});
      }
      c.copy_rows("opportunities",
                  {"id",
                   "account_id",
                   "registration_id",
                   "owner_unit_id",
                   "owner_user_id",
                   "title",
                   "stage",
                   "procurement_stage",
                   "quantity",
                   "amount_fen",
                   "budget_fen",
                   "budget_analysis",
                   "expected_date",
                   "worth_investing",
                   "risks",
                   "req_body",
                   "req_interior",
                   "req_configuration",
                   "req_accessories",
                   "usage_area",
                   "procurement_method",
                   "probability",
                   "value_level",
                   "difficulty",
                   "won_units",
                   "delivered_units",
                   "outcome_reason",
                   "lost_to",
                   "closed_at",
                   "stage_changed_at",
                   "created_by",
                   "version",
                   "created_at",
                   "updated_at"},
                  opps);
      c.copy_rows("opportunity_lines",
                  {"opportunity_id", "position", "vehicle_type", "model_id", "model", "quantity", "unit_price_fen"},
                  lines);
      c.copy_rows("deliveries",
                  {"opportunity_id", "account_id", "unit_id", "user_id", "day", "month", "quantity", "model",
                   "vehicle_type", "model_id", "over_reason", "note", "created_by", "created_at", "business"},
                  delivery_rows);
      result.deliveries += static_cast<int64_t>(delivery_rows.size());
    });
    result.opportunities += static_cast<int64_t>(n);
    if (progress) progress(result.opportunities);
  }
  // the monthly totals the figures read, rebuilt from every delivery
  database.write([](db::Connection& c) {
    c.execute("DELETE FROM delivery_totals");
    c.execute(
        "INSERT INTO delivery_totals (unit_id, user_id, month, units) SELECT unit_id, COALESCE(user_id, 0), "
        "month, SUM(quantity) FROM deliveries WHERE voided_at IS NULL GROUP BY unit_id, COALESCE(user_id, 0), month");
    c.execute("DELETE FROM grade_delivery_totals");
    c.execute(
        "INSERT INTO grade_delivery_totals (unit_id, month, grade, units) SELECT d.unit_id, d.month, a.grade, "
        "SUM(d.quantity) FROM deliveries d JOIN accounts a ON a.id = d.account_id WHERE d.voided_at IS NULL "
        "GROUP BY d.unit_id, d.month, a.grade");
    c.execute("DELETE FROM business_delivery_totals");
    c.execute(
        "INSERT INTO business_delivery_totals (unit_id, user_id, month, business, units) SELECT unit_id, "
        "COALESCE(user_id, 0), month, business, SUM(quantity) FROM deliveries WHERE voided_at IS NULL GROUP BY "
        "unit_id, COALESCE(user_id, 0), month, business");
  });
  auto lease = database.acquire();
  lease->execute_script(database.dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
  return result;
}

}  // namespace fleetkam::app
