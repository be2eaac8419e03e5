// The demo's framework agreements (协议供货) and supplier lists (入围), written through
// AgreementService (the checks of user input) with the clock pinned to when each step happened:
// the central government procurement centre's agreement, listed, owned by the southwest regional
// director; Sichuan's provincial agreement, listed and ending within 90 days (the renewal to-do);
// 成都's municipal application still preparing with its deadline next week; the emergency
// management system's application submitted and waiting; 绵阳's not listed, with the competitors
// that were; and an order of 成都鑫达 under the provincial agreement, quoted at the cap.
#include <stdexcept>

#include "app/demo_pipeline.h"
#include "modules/agreements/service.h"
#include "modules/org/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::app {

void load_agreements(agreements::AgreementService& service, accounts::AccountService& accounts,
                     opportunities::OpportunityService* opportunities, std::map<std::string, auth::Principal>& people,
                     const Owned& chengdu_accounts) {
  for (const char* who : {"rd_southwest", "am_sichuan", "dm_chengdu", "rep_chengdu"}) {
    if (!people.count(who)) return;
  }
  const auto& rd = people.at("rd_southwest");
  const auto& am = people.at("am_sichuan");
  const auto& rep = people.at("rep_chengdu");
  const auto& dm = people.at("dm_chengdu");
  int64_t now = clock::now_ms();
  auto today = calendar::days_from_civil(calendar::china_date(now));
  auto day = [&](int64_t days) { return calendar::date_text(calendar::civil_from_days(today + days)); };
  auto at = [&](int64_t days, int hour) {
    return std::min(now, calendar::china_midnight(calendar::civil_from_days(today + days)) + int64_t{hour} * 3600000);
  };
  auto system = org::OrgService::system_principal();
  auto options = service.options(am);
  auto model = [&](const std::string& code) -> int64_t {
    for (const auto& m : options["models"])
      if (m["code"] == code) return m["id"].get<int64_t>();
    throw std::runtime_error("the demo catalogue has no " + code);
  };
  try {
    // the procurement centres, as accounts
    clock::pin(at(-400, 9));
    accounts::AccountInput centre;
    centre.name = "中央国家机关政府采购中心";
    centre.industry = "central_agencies";
    centre.admin_level = "central";
    centre.division_code = "110102";
    centre.grade = "key";
    centre.business_class = "direct";
    centre.procurement_method = "agreement";
    centre.source_channel = "personal_network";
    centre.owner_unit_id = 1;
    centre.address = "北京市西城区西直门内大街";
    auto central_centre = accounts.create(system, centre);
    centre.name = "四川省政府采购中心";
    centre.industry = "other";
    centre.admin_level = "provincial";
    centre.division_code = "510104";
    centre.owner_unit_id = am.org_unit_id;
    centre.address = "成都市锦江区东大街";
    auto sichuan_centre = accounts.create(system, centre);
    centre.name = "成都市公共资源交易中心";
    centre.admin_level = "municipal";
    centre.division_code = "510104";
    centre.address = "成都市锦江区锦城大道";
    auto chengdu_centre = accounts.create(system, centre);
    centre.name = "绵阳市政府采购中心";
    centre.division_code = "510703";
    centre.address = "绵阳市涪城区";
    auto mianyang_centre = accounts.create(system, centre);

    auto make = [&](const auth::Principal& who, const std::string& level, const accounts::Account& at_centre,
                    int64_t unit, const std::string& name, const std::string& notice, int64_t from, int64_t to,
                    std::vector<std::string> categories, std::vector<std::string> lots, int64_t owner) {
      agreements::AgreementInput in;
      in.level = level;
      in.centre_account_id = at_centre.id;
      in.unit_id = unit;
      in.name = name;
      in.notice_no = notice;
      in.notice_url = "https://www.ccgp.gov.cn/cggg/" + notice;
      in.starts_on = day(from);
      in.ends_on = day(to);
      in.categories = std::move(categories);
      in.lots = std::move(lots);
      in.owner_user_id = owner;
      return service.create(who, in);
    };
    auto apply = [&](const auth::Principal& who, const agreements::Agreement& g, int64_t deadline,
                     std::vector<agreements::Document> docs, std::vector<int64_t> models) {
      agreements::ApplicationInput a;
      a.deadline_on = day(deadline);
      a.documents = std::move(docs);
      a.model_ids = std::move(models);
      return service.save_application(who, g.id, g.version, a);
    };
    std::vector<agreements::Document> ready = {{"营业执照及法人授权书", "dealer", true},
                                               {"车辆产品公告及3C认证", "hq", true},
                                               {"改装资质及检测报告", "upfitter", true},
                                               {"售后服务网点承诺函", "dealer", true}};

    // 1. central: listed since last year, owned by the regional director
    clock::pin(at(-380, 10));
    auto central =
        make(rd, "central", central_centre, 1, "中央国家机关2026—2027年度公务用车协议供货", "GC2025-0117", -330, 400,
             {"command", "law_enforcement", "police_patrol"}, {"第一包：指挥通信类", "第二包：执法执勤类"}, rd.user_id);
    central = apply(rd, central, -350, ready, {model("JX5040XZH"), model("JX5030XZF"), model("JX5036XJC-P")});
    clock::pin(at(-352, 16));
    central = service.submit(rd, central.id, central.version);
    clock::pin(at(-335, 11));
    central = service.decide(rd, central.id, central.version, "listed",
                             {{model("JX5040XZH"), int64_t{398000} * 100, std::string("单次采购5台以上优惠1%")},
                              {model("JX5030XZF"), int64_t{179000} * 100, std::nullopt},
                              {model("JX5036XJC-P"), int64_t{212000} * 100, std::nullopt}},
                             std::string("两包均入围"));
    service.add_competitor(rd, central.id, {"福特", "全顺 V348 指挥车", int64_t{425000} * 100, std::nullopt});
    service.add_competitor(rd, central.id, {"依维柯", "欧胜 执法车", int64_t{196000} * 100, std::nullopt});

    // 2. Sichuan's provincial agreement: listed, ending within 90 days — the renewal is due
    clock::pin(at(-300, 10));
    auto provincial =
        make(am, "provincial", sichuan_centre, am.org_unit_id, "四川省2026年度省级行政事业单位公务用车协议供货",
             "SCZC2025-0862", -280, 62, {"command", "police_patrol", "laboratory"},
             {"第一包：指挥车", "第二包：警用车辆"}, am.user_id);
    provincial = apply(am, provincial, -290, ready, {model("JX5040XZH"), model("JX5036XJC-P"), model("JX5046XJC-L")});
    clock::pin(at(-291, 15));
    provincial = service.submit(am, provincial.id, provincial.version);
    clock::pin(at(-282, 10));
    provincial = service.decide(am, provincial.id, provincial.version, "listed",
                                {{model("JX5040XZH"), int64_t{402000} * 100, std::string("含三年或10万公里质保")},
                                 {model("JX5036XJC-P"), int64_t{214000} * 100, std::nullopt}},
                                std::string("化验车未入围，其余入围"));
    service.add_competitor(am, provincial.id, {"上汽大通", "V80 指挥车", int64_t{368000} * 100, std::nullopt});
    std::vector<int64_t> sichuan_dealers;
    for (const auto& d : options["dealers"]) sichuan_dealers.push_back(d["id"].get<int64_t>());
    provincial = service.set_dealers(am, provincial.id, provincial.version, sichuan_dealers);
    // the regional director authorises the Sichuan dealers on the central agreement too
    central = service.get(rd, central.id);
    service.set_dealers(rd, central.id, central.version, sichuan_dealers);

    // 3. 成都's municipal agreement: the application is being prepared, its deadline next week
    clock::pin(at(-9, 10));
    auto chengdu =
        make(am, "municipal", chengdu_centre, am.org_unit_id, "成都市2027—2028年度市级公务用车协议供货",
             "CDGGZY2026-1135", 27, 757, {"command", "law_enforcement"}, {"第一包：执法执勤车辆"}, am.user_id);
    apply(am, chengdu, 6,
          {{"营业执照及法人授权书", "dealer", true},
           {"车辆产品公告及3C认证", "hq", true},
           {"改装资质及检测报告", "upfitter", false},
           {"近三年同类业绩证明", "dealer", false}},
          {model("JX5030XZF"), model("JX5040XZH")});

    // 4. the emergency management system's agreement: submitted, waiting for the result
    clock::pin(at(-40, 10));
    auto emergency = make(am, "provincial", sichuan_centre, am.org_unit_id, "四川省应急管理系统执法车辆协议供货",
                          "SCZC2026-0415", 20, 750, {"law_enforcement", "command"}, {"执法车辆"}, am.user_id);
    emergency = apply(am, emergency, -12, ready, {model("JX5030XZF")});
    clock::pin(at(-14, 17));
    service.submit(am, emergency.id, emergency.version);

    // 5. 绵阳: not listed, with the competitors that were
    clock::pin(at(-200, 10));
    auto mianyang = make(am, "municipal", mianyang_centre, am.org_unit_id, "绵阳市2026年度公务用车协议供货",
                         "MYZC2025-0309", -150, 215, {"police_patrol"}, {"警用车辆"}, am.user_id);
    mianyang = apply(am, mianyang, -170, ready, {model("JX5036XJC-P")});
    clock::pin(at(-171, 11));
    mianyang = service.submit(am, mianyang.id, mianyang.version);
    clock::pin(at(-158, 15));
    service.decide(am, mianyang.id, mianyang.version, "not_listed", {},
                   std::string("报价高于入围线，评分第四名（取前三）"));
    service.add_competitor(am, mianyang.id, {"福特", "全顺 警备车", int64_t{205000} * 100, std::nullopt});
    service.add_competitor(am, mianyang.id, {"依维柯", "得意 警备车", int64_t{199000} * 100, std::nullopt});
    service.add_competitor(am, mianyang.id, {"上汽大通", "V80 警备车", int64_t{186000} * 100, std::nullopt});

    // an order of 成都鑫达 under the provincial agreement, quoted at the agreement price
    if (opportunities) {
      const accounts::Account* buyer = nullptr;
      for (const auto& [name, a] : chengdu_accounts)
        if (name.find("公安局") != std::string::npos) buyer = &a;
      if (buyer) {
        clock::pin(at(-6, 10));
        opportunities::OpportunityInput in;
        in.account_id = buyer->id;
        in.title = "指挥车协议采购（省级协议供货）";
        in.lines = std::vector<opportunities::Line>{
            {0, "command", model("JX5040XZH"), std::string("江铃 JX5040XZH 指挥车"), 2, int64_t{402000} * 100}};
        in.expected_date = day(25);
        in.usage_area = "in_province";
        in.procurement_method = "agreement";
        in.agreement_id = std::optional<int64_t>(provincial.id);
        auto o = opportunities->create(rep, in);
        clock::pin(at(-5, 15));
        opportunities::QuoteInput q;
        q.model_id = model("JX5040XZH");
        q.quantity = 2;
        q.unit_price_fen = int64_t{402000} * 100;
        q.note = std::optional<std::string>("按省级协议价报价");
        opportunities->add_quote(dm, o.id, q);
      }
    }
  } catch (const AppError& e) {
    clock::pin(std::nullopt);
    throw std::runtime_error(std::string("demo agreements refused: ") + e.what());
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
