// The Sichuan dealers' pipeline of the demo (see demo_pipeline.h): the vehicle catalogue's table,
// then the registrations and opportunities written through the services.
#include "app/demo_pipeline.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "app/fitting.h"
#include "platform/clock.h"

namespace fleetkam::app {
namespace {

constexpr int64_t kDay = 86400000;

// Calendar days in China (UTC+8): the day of a moment, and 10:00 of a day.
std::string day_of(int64_t ms) { return clock::format_rfc3339(ms).substr(0, 10); }
int64_t morning_of(const std::string& day) { return *clock::parse_rfc3339(day + "T10:00:00+08:00"); }

// Runs `script` with the clock pinned to the moments it asks for, and releases the clock after.
template <typename F>
void with_pinned_clock(F&& script) {
  try {
    script();
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

const accounts::Account& account(const Owned& owned, const std::string& name) {
  auto found = owned.find(name);
  if (found == owned.end()) throw std::runtime_error("the demo has no account " + name);
  return found->second;
}

struct ModelSeed {
  const char* code;
  const char* name;
  const char* type;
  const char* upfitter;
  int64_t guide_yuan;
};

const std::vector<ModelSeed>& catalogue() {
  static const std::vector<ModelSeed> seeds = {
      {"JX5045XQC", "江铃 JX5045XQC 囚车", "prisoner_transport", "江铃晶马专用车", 268000},
      {"JX5036XJC-P", "江铃 JX5036XJC 警备车", "police_patrol", "江铃晶马专用车", 219000},
      {"JX5046XJC-L", "江铃 JX5046XJC 化验车", "laboratory", "北京华林特装", 356000},
      {"JX5040XZH", "江铃 JX5040XZH 指挥车", "command", "中通专用车", 412000},
      {"JX5032XLZ", "江铃 JX5032XLZ 路政车", "road_administration", "江铃晶马专用车", 198000},
      {"JX6503-BASE", "江铃特顺 JX6503 (底盘)", "official_car", nullptr, 159000},
      {"JX5043XJE", "江铃 JX5043XJE 监测车", "monitoring", "北京华林特装", 389000},
      {"JX5030XZF", "江铃 JX5030XZF 执法车", "law_enforcement", "中通专用车", 186000},
      {"JX5048XFY", "江铃 JX5048XFY 防疫车", "epidemic_prevention", "北京华林特装", 298000},
  };
  return seeds;
}

}  // namespace

int64_t load_registrations(registrations::RegistrationService& service, std::map<std::string, auth::Principal>& people,
                           const Owned& chengdu_accounts, const Owned& zigong_accounts) {
  const auto& chengdu = people.at("rep_chengdu");
  const auto& zigong = people.at("rep_zigong");
  const auto& manager = people.at("am_sichuan");
  int64_t now = clock::now_ms();
  auto at = [&](int64_t days_ago) { clock::pin(now - days_ago * kDay); };
  auto lead = [&](const accounts::Account& a, const char* type, const char* model, int64_t quantity, int64_t unit_yuan,
                  int64_t days_ahead, int64_t hours_late, const char* note) {
    if (!fits(a.industry, type)) throw std::runtime_error(a.name + " does not buy " + type);
    registrations::NewRegistration r;
    r.account_id = a.id;
    r.vehicle_type = type;
    r.model = model;
    r.quantity = quantity;
    r.budget_fen = quantity * unit_yuan * 100;
    r.expected_date = day_of(clock::now_ms() + days_ahead * kDay);
    r.procurement_method = a.procurement_method;
    r.source_channel = hours_late > 48 ? "own_customers" : "gov_procurement_site";
    r.info_class = "tender";
    r.info_obtained_at = clock::now_ms() - hours_late * 3600000;
    r.note = note;
    return r;
  };
  auto approve = [&](const registrations::Registration& r) {
    service.review(manager, r.id, {"approve", true, true, std::string("信息属实，已电话核实采购意向"), r.version});
  };
  const auto& c = chengdu_accounts;
  const auto& z = zigong_accounts;
  int64_t to_convert = 0;
  with_pinned_clock([&] {
    at(120);  // approved; its protection (90 days) is over by now: lapsed, the account back with the province
    approve(service.create(chengdu, lead(account(c, "成都市农业农村局"), "law_enforcement", "JX5030XZF 执法车", 2,
                                         186000, 60, 5, "农业综合行政执法车辆配备，政府采购网已公示意向")));
    at(84);  // approved: protection ends in 6 days
    approve(service.create(chengdu, lead(account(c, "成都市生态环境局"), "monitoring", "JX5043XJE 监测车", 2, 389000,
                                         150, 20, "大气移动监测能力建设项目")));
    at(80);  // approved: protection ends in 10 days
    approve(service.create(chengdu, lead(account(c, "成都市人民检察院"), "law_enforcement", "JX5030XZF 执法车", 4,
                                         186000, 140, 30, "检察技术装备配备计划")));
    at(20);  // approved and converted below
    auto converted =
        service.create(chengdu, lead(account(c, "成都市疾病预防控制中心"), "laboratory", "JX5046XJC 化验车", 2, 356000,
                                     90, 30, "卫生应急检测能力提升项目，财政资金已下达"));
    approve(converted);
    to_convert = converted.id;
    at(6);  // rejected as not genuine
    {
      auto r = service.create(zigong, lead(account(z, "自贡市应急管理局"), "command", "JX5040XZH 指挥车", 1, 412000,
                                           120, 200, "听说局里有更新意向"));
      service.review(manager, r.id, {"reject", false, false, std::string("经核实本年度无采购计划"), r.version});
    }
    at(4);  // pending
    service.create(chengdu, lead(account(c, "成都市市场监督管理局"), "law_enforcement", "JX5030XZF 执法车", 3, 186000,
                                 100, 6, "综合行政执法车辆更新"));
    at(2);  // pending
    service.create(chengdu, lead(account(c, "成都市公安局"), "police_patrol", "JX5036XJC 警备车", 10, 219000, 150, 2,
                                 "派出所警备车更新，采购意向已公示"));
    at(1);  // Zigong registers an account the Chengdu dealer owns, by the name in its old spreadsheet (the fire
            // brigade left the police in 2018): the duplicate engine finds it, a conflict for the area manager
    {
      const auto& target = account(c, "成都市消防救援支队");
      auto r = lead(target, "command", "JX5040XZH 指挥车", 2, 412000, 150, 12, "支队指挥车更新");
      r.account_id.reset();
      accounts::AccountInput a;
      a.name = "成都市公安消防支队";
      a.division_code = target.division_code;
      a.industry = target.industry;
      a.admin_level = target.admin_level;
      a.grade = "key";
      a.business_class = "tender";
      a.procurement_method = "tender";
      a.source_channel = "personal_network";
      r.account = a;
      service.create(zigong, r);
    }
    at(0);  // today: a pending one of Zigong's own
    service.create(zigong, lead(account(z, "自贡市公安局"), "prisoner_transport", "JX5045XQC 囚车", 3, 268000, 200, 1,
                                "看守所押解车辆更新"));
  });
  return to_convert;
}

void load_opportunities(opportunities::OpportunityService& service, std::map<std::string, auth::Principal>& people,
                        const Owned& chengdu_accounts, const Owned& zigong_accounts,
                        std::optional<int64_t> approved_registration) {
  using namespace opportunities;
  const auto& director = people.at("director");
  const auto& regional = people.at("rd_southwest");
  std::map<std::string, VehicleModel> models;
  for (const auto& seed : catalogue()) {
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
  const auto& c = chengdu_accounts;
  const auto& z = zigong_accounts;
  int64_t now = clock::now_ms();
  auto day = [&](int64_t offset_days) { return day_of(clock::now_ms() + offset_days * kDay); };
  auto input = [&](const accounts::Account& a, const std::string& title, const char* model, int64_t quantity,
                   int64_t days_ahead) {
    const auto& m = models.at(model);
    if (!fits(a.industry, m.vehicle_type)) throw std::runtime_error(a.name + " does not buy " + m.vehicle_type);
    OpportunityInput in;
    in.account_id = a.id;
    in.title = title;
    in.lines = std::vector<Line>{{0, m.vehicle_type, m.id, m.name, quantity, m.guide_price_fen * 96 / 100}};
    in.budget_fen = std::optional<int64_t>(quantity * m.guide_price_fen);
    in.budget_analysis = std::optional<std::string>("财政预算已批复，资金来源为本级财政");
    in.expected_date = day(days_ahead);
    in.worth_investing = std::optional<bool>(true);
    in.risks = std::optional<std::string>("竞品价格较低；招标参数可能倾向竞品");
    in.req_body = std::optional<std::string>("高顶长轴，侧滑门");
    in.req_configuration = std::optional<std::string>("柴油国六，自动挡");
    in.usage_area = "in_province";
    in.procurement_method = a.procurement_method;
    in.value = std::optional<std::string>(a.grade == "key" ? "high" : a.grade == "secondary" ? "medium" : "low");
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
  // a day's 10:00 in China, pinned: deliveries on calendar days (this month, last month, a year ago)
  auto on = [&](const std::string& d) { clock::pin(std::min(now, morning_of(d))); };
  std::string today = day_of(now);
  int year = std::stoi(today.substr(0, 4)), month = std::stoi(today.substr(5, 2));
  char buffer[32];  // room for any two ints keeps GCC's -Wformat-truncation quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-15", month == 1 ? year - 1 : year, month == 1 ? 12 : month - 1);
  const std::string last_month_15th = buffer;
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-10", year - 1, month);
  const std::string a_year_ago_10th = buffer;
  auto deliver = [&](const Opportunity& o, const char* model, int64_t quantity, const std::string& d) {
    on(d);
    DeliveryInput in;
    in.model = models.at(model).name;
    in.vehicle_type = models.at(model).vehicle_type;
    in.model_id = models.at(model).id;
    in.quantity = quantity;
    in.day = d;
    service.deliver(chengdu, o.id, in);
  };
  // created `created_days_ago`, moved through the open stages up to `stage` a day apart
  auto open_one = [&](const auth::Principal& who, const accounts::Account& a, const std::string& title,
                      const char* model, int64_t quantity, int64_t created_days_ago, int64_t expected_after_creation,
                      const char* stage) {
    at(created_days_ago);
    auto o = service.create(who, input(a, title, model, quantity, expected_after_creation));
    int64_t day_moved = created_days_ago;
    for (const char* s : {"contact", "analyze", "position", "bid"}) {
      if (o.stage == stage) break;
      at(--day_moved);
      o = move(who, o, s);
    }
    return o;
  };
  with_pinned_clock([&] {
    // the approved registration of the disease-control centre, converted
    if (approved_registration) {
      at(10);
      auto in =
          input(account(c, "成都市疾病预防控制中心"), "卫生应急检测化验车采购项目（报备转商机）", "JX5046XJC-L", 2, 80);
      in.registration_id = approved_registration;
      auto o = service.create(chengdu, in);
      at(5);
      move(chengdu, o, "contact");
    }
    // one per open stage, all moved within the last month
    open_one(chengdu, account(c, "成都市公安局交通警察支队"), "2027年度交通执勤警备车更新采购", "JX5036XJC-P", 8, 26,
             90, "discover");
    open_one(chengdu, account(c, "成都市公路管理局"), "路政巡查车辆购置项目", "JX5032XLZ", 6, 24, 75, "contact");
    open_one(chengdu, account(c, "成都市交通运输局"), "交通综合行政执法车辆采购", "JX5030XZF", 6, 20, 70, "analyze");
    auto positioned =
        open_one(chengdu, account(c, "成都市应急管理局"), "应急指挥车采购项目", "JX5040XZH", 3, 16, 60, "position");
    auto bidding =
        open_one(chengdu, account(c, "成都市公安局"), "看守所押解囚车采购项目", "JX5045XQC", 6, 12, 40, "bid");
    // past its expected date, and not moved for seven weeks
    open_one(chengdu, account(c, "成都市市场监督管理局"), "市场监管综合执法车辆采购", "JX5030XZF", 3, 50, 40,
             "analyze");
    // not moved for five weeks (its date still ahead)
    open_one(chengdu, account(c, "成都市城市管理局"), "城管执法车辆更新", "JX5030XZF", 5, 36, 100, "contact");
    clock::pin(std::nullopt);
    // competitors and quotes on the positioned one: one within the band (sent), one waiting for HQ
    service.add_competitor_quote(chengdu, positioned.id,
                                 {0, 0, "上汽大通", "V90 指挥车", 39500000, day(-3), std::string("含三年保养"), "", 0});
    service.add_competitor_quote(chengdu, positioned.id,
                                 {0, 0, "福特全顺", "新全顺指挥车", 41800000, day(-2), std::nullopt, "", 0});
    auto within = service.add_quote(chengdu, positioned.id, {models.at("JX5040XZH").id, 3, 40000000, std::nullopt});
    service.send_quote(chengdu, within.id, within.version);
    auto deep = service.add_quote(chengdu, positioned.id,
                                  {models.at("JX5040XZH").id, 3, 36500000, std::string("对标上汽大通报价")});
    service.decide_quote(regional, deep.id, "approve", std::string("同意，需总部确认"), deep.version);
    // the bidding one: a tender closing in five days and a quote waiting for the regional director
    {
      TenderInput t;
      t.notice_no = "SCZC2026-" + std::to_string(1000 + bidding.id);
      t.published_where = "四川政府采购网";
      t.published_on = day(-12);
      t.bid_deadline = now + 5 * kDay;
      t.opening_at = std::optional<int64_t>(now + 5 * kDay + int64_t{2} * 3600000);
      t.lots_json = R"([{"no":"1","name":"囚车","quantity":6,"budget_fen":160800000}])";
      service.add_tender(chengdu, bidding.id, t);
      service.add_competitor_quote(chengdu, bidding.id,
                                   {0, 0, "依维柯", "得意囚车", 25900000, day(-4), std::nullopt, "", 0});
      service.add_quote(chengdu, bidding.id, {models.at("JX5045XQC").id, 6, 25200000, std::string("跟进投标价")});
    }
    // Zigong: a tender closing in two days, one past its expected date, a lost one
    {
      auto o = open_one(zigong, account(z, "自贡市公路管理局"), "路政巡查车采购", "JX5032XLZ", 5, 15, 20, "bid");
      clock::pin(std::nullopt);
      TenderInput t;
      t.notice_no = "ZGZC2026-0" + std::to_string(o.id);
      t.published_where = "自贡市公共资源交易中心";
      t.published_on = day(-8);
      t.bid_deadline = now + 2 * kDay;
      service.add_tender(zigong, o.id, t);
      open_one(zigong, account(z, "自贡市交通运输局"), "交通执法车辆更新", "JX5030XZF", 2, 70, 50, "contact");
      at(60);
      auto lost = service.create(zigong, input(account(z, "自贡市消防救援支队"), "消防指挥车更新", "JX5040XZH", 3, 10));
      lost = move(zigong, lost, "analyze");
      at(30);
      move(zigong, lost, "lost", "预算削减后选择了低价车型", "上汽大通");
    }
    // won orders of the Chengdu dealer over the past year: the key accounts bring most units
    struct Won {
      const char* account;
      const char* title;
      const char* model;
      int64_t quantity;
      int64_t won_days_ago;
    };
    auto win = [&](const Won& w) {
      at(w.won_days_ago + 45);
      auto o = service.create(chengdu, input(account(c, w.account), w.title, w.model, w.quantity, 60));
      at(w.won_days_ago + 20);
      o = move(chengdu, o, "position");
      at(w.won_days_ago);
      return move(chengdu, o, "won", "价格与售后方案优于竞品，入围协议供货");
    };
    // delivered the same month last year and the month after
    auto traffic = win({"成都市公安局交通警察支队", "交通执勤警备车采购", "JX5036XJC-P", 18, 430});
    deliver(traffic, "JX5036XJC-P", 10, a_year_ago_10th);
    deliver(traffic, "JX5036XJC-P", 8, day_of(morning_of(a_year_ago_10th) + 30 * kDay));
    // delivered last month and today (this month), two still to come
    auto guard = win({"成都市公安局", "看守所押解囚车采购（一期）", "JX5045XQC", 8, 60});
    deliver(guard, "JX5045XQC", 4, last_month_15th);
    deliver(guard, "JX5045XQC", 2, today);
    // half delivered
    auto prosecutors = win({"成都市人民检察院", "司法警察执法执勤车辆采购", "JX5030XZF", 4, 50});
    deliver(prosecutors, "JX5030XZF", 2, day_of(now - 40 * kDay));
    // delivered in full, one batch each
    const Won delivered[] = {
        {"成都市消防救援支队", "火场指挥车采购", "JX5040XZH", 6, 200},
        {"成都市疾病预防控制中心", "防疫车采购", "JX5048XFY", 2, 150},
        {"成都市交通运输局", "执法执勤车辆采购", "JX5030XZF", 5, 100},
        {"成都市急救指挥中心", "公务保障用车采购", "JX6503-BASE", 3, 250},
        {"成都市生态环境局", "环境监测车采购", "JX5043XJE", 1, 300},
        {"成都市司法局", "社区矫正执法车采购", "JX5030XZF", 1, 220},
        {"成都市公路管理局", "路政巡查车采购", "JX5032XLZ", 4, 330},
    };
    for (const auto& w : delivered) {
      auto o = win(w);
      deliver(o, w.model, w.quantity, day_of(now - (w.won_days_ago - 12) * kDay));
    }
  });
}

}  // namespace fleetkam::app
