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
    char body[16];  // 8 digits here; room for any int keeps GCC's -Wformat-truncation quiet
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

namespace {

// The catalogue (base models and upfits, with HQ's price bands) and the Sichuan dealers'
// pipeline: opportunities in every stage, the approved registration converted, tenders with
// near deadlines, competitors' and our quotes (one waiting for the regional director, one for
// HQ), and won orders delivered over the past year to accounts of every grade.
void load_opportunities(db::Database& database, opportunities::OpportunityService& service,
                        std::map<std::string, auth::Principal>& people) {
  using namespace opportunities;
  const auto& director = people.at("director");
  const auto& regional = people.at("rd_southwest");
  struct ModelSeed {
    const char* code;
    const char* name;
    const char* type;
    const char* upfitter;
    int64_t guide_yuan;
  };
  const std::vector<ModelSeed> seeds = {
      {"JX5045XQC", "江铃 JX5045XQC 囚车", "prisoner_transport", "江铃晶马专用车", 268000},
      {"JX5036XJC-P", "江铃 JX5036XJC 警备车", "police_patrol", "江铃晶马专用车", 219000},
      {"JX5046XJC-L", "江铃 JX5046XJC 化验车", "laboratory", "北京华林特装", 356000},
      {"JX5040XZH", "江铃 JX5040XZH 指挥车", "command", "中通专用车", 412000},
      {"JX5032XLZ", "江铃 JX5032XLZ 路政车", "road_administration", "江铃晶马专用车", 198000},
      {"JX6503-BASE", "江铃特顺 JX6503 (底盘)", "official_car", nullptr, 159000},
      {"JX5043XJE", "江铃 JX5043XJE 监测车", "monitoring", "北京华林特装", 389000},
      {"JX5030XZF", "江铃 JX5030XZF 执法车", "law_enforcement", "中通专用车", 186000},
  };
  std::map<std::string, VehicleModel> models;
  for (const auto& seed : seeds) {
    ModelInput m;
    m.code = seed.code;
    m.name = seed.name;
    m.vehicle_type = seed.type;
    m.kind = seed.upfitter ? "upfit" : "base";
    if (seed.upfitter) m.upfitter = std::optional<std::string>(seed.upfitter);
    m.guide_price_fen = seed.guide_yuan * 100;
    auto made = service.create_model(director, m);
    // tenders allow a little more discount than framework agreements
    models[seed.code] =
        service.set_bands(director, made.id, {{"tender", 500, 1000}, {"agreement", 300, 800}, {"direct", 200, 600}});
  }
  const auto& chengdu = people.at("rep_chengdu");
  const auto& zigong = people.at("rep_zigong");
  struct Owned {
    int64_t id;
    std::string grade;
  };
  std::vector<Owned> chengdu_accounts, zigong_accounts;
  std::optional<int64_t> approved_registration, approved_account;
  int64_t now = clock::now_ms();
  database.read([&](db::Connection& c) {
    for (const auto& row :
         c.query("SELECT id, grade FROM accounts WHERE owner_unit_id = ? ORDER BY id", {chengdu.org_unit_id}))
      chengdu_accounts.push_back({row.integer(0), row.text(1)});
    for (const auto& row :
         c.query("SELECT id, grade FROM accounts WHERE owner_unit_id = ? ORDER BY id", {zigong.org_unit_id}))
      zigong_accounts.push_back({row.integer(0), row.text(1)});
    if (auto row = c.query_one("SELECT id, account_id FROM registrations WHERE status = 'approved' AND protected_until "
                               "> ? ORDER BY id LIMIT 1",
                               {now})) {
      approved_registration = row->integer(0);
      approved_account = row->integer(1);
    }
  });
  if (chengdu_accounts.size() < 6 || zigong_accounts.size() < 3) return;
  constexpr int64_t kDay = 86400000;
  auto day = [&](int64_t offset_days) {
    return clock::format_rfc3339(clock::now_ms() + offset_days * kDay).substr(0, 10);
  };
  auto input = [&](int64_t account, const std::string& title, const char* model, int64_t quantity, int64_t days_ahead) {
    const auto& m = models.at(model);
    OpportunityInput in;
    in.account_id = account;
    in.title = title;
    in.lines = std::vector<Line>{{0, m.vehicle_type, m.id, m.name, quantity, m.guide_price_fen * 96 / 100}};
    in.budget_fen = std::optional<int64_t>(quantity * m.guide_price_fen);
    in.budget_analysis = std::optional<std::string>("财政预算已批复，资金来源为本级财政");
    in.expected_date = day(days_ahead);
    in.worth_investing = std::optional<bool>(true);
    in.risks = std::optional<std::string>("竞品价格较低；招标参数可能倾向竞品");
    in.req_body = std::optional<std::string>("高顶长轴，侧滑门");
    in.req_configuration = std::optional<std::string>("柴油国六，自动挡，警灯警报器");
    in.usage_area = "in_province";
    in.procurement_method = "tender";
    in.probability = std::optional<int64_t>(40);
    in.value = std::optional<std::string>("high");
    in.difficulty = std::optional<std::string>("medium");
    return in;
  };
  auto move = [&](const auth::Principal& who, const Opportunity& o, const char* stage, const char* reason = nullptr,
                  const char* lost_to = nullptr) {
    MoveInput m;
    m.stage = stage;
    if (reason) m.reason = reason;
    if (lost_to) m.lost_to = lost_to;
    m.version = o.version;
    return service.move(who, o.id, m);
  };
  auto at = [&](int64_t days_ago) { clock::pin(now - days_ago * kDay); };
  try {
    // the approved registration, converted
    if (approved_registration) {
      at(10);
      auto in = input(*approved_account, "化验车采购项目（报备转商机）", "JX5046XJC-L", 2, 80);
      in.registration_id = approved_registration;
      auto o = service.create(chengdu, in);
      at(5);
      move(chengdu, o, "contact");
    }
    // one per open stage
    const char* open[] = {"discover", "contact", "analyze", "position", "bid"};
    const char* models_by_stage[] = {"JX5036XJC-P", "JX5032XLZ", "JX5030XZF", "JX5040XZH", "JX5045XQC"};
    std::optional<Opportunity> positioned, bidding;
    for (int i = 0; i < 5; ++i) {
      at(40 - i * 5);
      auto o = service.create(chengdu, input(chengdu_accounts[static_cast<size_t>(i)].id,
                                             std::string("2027年度") + (i % 2 ? "执法执勤车辆" : "警用车辆") +
                                                 "采购（" + std::to_string(i + 1) + "期）",
                                             models_by_stage[i], 4 + i * 2, 30 + i * 20));
      for (int k = 1; k <= i; ++k) {
        at(38 - i * 5 + k);
        o = move(chengdu, o, open[k]);
      }
      if (i == 3) positioned = o;
      if (i == 4) bidding = o;
    }
    clock::pin(std::nullopt);
    // competitors and quotes on the positioned one: one within band (sent), one needing HQ
    if (positioned) {
      service.add_competitor_quote(
          chengdu, positioned->id,
          {0, 0, "上汽大通", "V90 指挥车", 39500000, day(-3), std::string("含三年保养"), "", 0});
      service.add_competitor_quote(chengdu, positioned->id,
                                   {0, 0, "福特全顺", "新全顺指挥车", 41800000, day(-2), std::nullopt, "", 0});
      auto within = service.add_quote(chengdu, positioned->id, {models.at("JX5040XZH").id, 10, 40000000, std::nullopt});
      service.send_quote(chengdu, within.id, within.version);
      auto deep = service.add_quote(chengdu, positioned->id,
                                    {models.at("JX5040XZH").id, 10, 36500000, std::string("对标上汽大通报价")});
      service.decide_quote(regional, deep.id, "approve", std::string("同意，需总部确认"), deep.version);
    }
    // the bidding one: a tender closing in five days and a quote waiting for the regional director
    if (bidding) {
      TenderInput t;
      t.notice_no = "SCZC2026-" + std::to_string(1000 + bidding->id);
      t.published_where = "四川政府采购网";
      t.published_on = day(-12);
      t.bid_deadline = now + 5 * kDay;
      t.opening_at = std::optional<int64_t>(now + 5 * kDay + int64_t{2} * 3600000);
      t.lots_json = R"([{"no":"1","name":"囚车","quantity":12,"budget_fen":321600000}])";
      service.add_tender(chengdu, bidding->id, t);
      service.add_competitor_quote(chengdu, bidding->id,
                                   {0, 0, "依维柯", "得意囚车", 25900000, day(-4), std::nullopt, "", 0});
      service.add_quote(chengdu, bidding->id, {models.at("JX5045XQC").id, 12, 25200000, std::string("跟进投标价")});
    }
    // a tender of Zigong's closing in two days
    {
      at(15);
      auto o = service.create(zigong, input(zigong_accounts[0].id, "路政巡查车采购", "JX5032XLZ", 5, 20));
      o = move(zigong, o, "contact");
      o = move(zigong, o, "analyze");
      o = move(zigong, o, "position");
      o = move(zigong, o, "bid");
      clock::pin(std::nullopt);
      TenderInput t;
      t.notice_no = "ZGZC2026-0" + std::to_string(o.id);
      t.published_where = "自贡市公共资源交易中心";
      t.published_on = day(-8);
      t.bid_deadline = now + 2 * kDay;
      service.add_tender(zigong, o.id, t);
    }
    // won orders over the past year, delivered month by month: the key accounts bring most units
    struct Won {
      size_t account;
      const char* model;
      int64_t quantity;
      int64_t days_ago;
    };
    std::vector<Won> won;
    for (size_t i = 0; i < chengdu_accounts.size(); ++i) {
      const auto& g = chengdu_accounts[i].grade;
      int64_t quantity = g == "key" ? 18 : g == "secondary" ? 4 : 1;
      won.push_back({i, i % 2 ? "JX5036XJC-P" : "JX5030XZF", quantity, 330 - static_cast<int64_t>(i) * 23});
    }
    for (const auto& w : won) {
      if (w.days_ago < 20) continue;
      at(w.days_ago + 40);
      auto o = service.create(chengdu,
                              input(chengdu_accounts[w.account].id, "年度公务用车框架采购", w.model, w.quantity, 40));
      o = move(chengdu, o, "position");
      at(w.days_ago);
      o = move(chengdu, o, "won", "价格与售后方案优于竞品，入围协议供货");
      // delivered in two batches, a month apart (the second only when it is in the past)
      int64_t first = (w.quantity + 1) / 2;
      DeliveryInput d;
      d.model = models.at(w.model).name;
      d.vehicle_type = models.at(w.model).vehicle_type;
      d.model_id = models.at(w.model).id;
      d.quantity = first;
      d.day = clock::format_rfc3339(now - (w.days_ago - 10) * kDay).substr(0, 10);
      at(w.days_ago - 10);
      service.deliver(chengdu, o.id, d);
      if (w.quantity > first && w.days_ago > 45) {
        at(w.days_ago - 40);
        d.quantity = w.quantity - first;
        d.day = clock::format_rfc3339(now - (w.days_ago - 40) * kDay).substr(0, 10);
        service.deliver(chengdu, o.id, d);
      }
    }
    // a lost one
    at(60);
    auto lost = service.create(zigong, input(zigong_accounts[1].id, "消防指挥车更新", "JX5040XZH", 3, 10));
    lost = move(zigong, lost, "analyze");
    at(30);
    move(zigong, lost, "lost", "预算削减后选择了低价车型", "上汽大通");
  } catch (const std::exception&) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace

std::vector<DemoUser> load_demo(db::Database& database, org::OrgService& org, accounts::AccountService& accounts,
                                registrations::RegistrationService* registrations,
                                opportunities::OpportunityService* opportunities) {
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
  // the Chengdu dealer, whose pipeline the demo shows, has a dozen more accounts of every grade
  if (people.count("rep_chengdu")) {
    std::string code;
    database.read([&](db::Connection& c) {
      code =
          c.query_one("SELECT division_code FROM org_units WHERE id = ?", {people["rep_chengdu"].org_unit_id})->text(0);
    });
    if (const auto* place = refdata::find_division(code)) {
      for (int k = 0; k < 3; ++k) load_accounts(accounts, system, people["rep_chengdu"].org_unit_id, *place, serial);
    }
  }
  if (registrations && people.count("rep_chengdu") && people.count("rep_zigong") && people.count("am_sichuan")) {
    load_registrations(database, *registrations, people);
  }
  if (opportunities && people.count("director") && people.count("rd_southwest")) {
    load_opportunities(database, *opportunities, people);
  }
  return created;
}

}  // namespace fleetkam::app
