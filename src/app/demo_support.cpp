// The demo's support ledger (支持台账), written through SupportService (the checks of user input)
// with the clock pinned to when each step happened: HQ's materials and sales tools with their
// stock; 成都鑫达's roll-up banners received three weeks ago, its display stands approved and waiting
// for HQ to send them, its demo tablets waiting for the regional director (over the area manager's
// limit), a gift for a key account's director bought and to be handed over, one refused; 自贡众诚's
// leaflets waiting for the area manager; the upfitters' supply policies of the catalogue's upfit
// models; HQ's dedicated visits (one done last week, one today, one next week); policy information
// fed back — one marked useful (its reward on the ledger), one waiting for the area manager.
#include <stdexcept>

#include "app/demo_pipeline.h"
#include "modules/support/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"

namespace fleetkam::app {

void load_support(support::SupportService& service, accounts::AccountService& accounts,
                  opportunities::OpportunityService* opportunities, visits::VisitService* visits,
                  std::map<std::string, auth::Principal>& people, const Owned& chengdu_accounts) {
  for (const char* who :
       {"director", "ka_staff", "rd_southwest", "am_sichuan", "dm_chengdu", "rep_chengdu", "rep_zigong"}) {
    if (!people.count(who)) return;
  }
  const auto& director = people.at("director");
  const auto& staff = people.at("ka_staff");
  const auto& am = people.at("am_sichuan");
  const auto& dm = people.at("dm_chengdu");
  const auto& rep = people.at("rep_chengdu");
  const auto& zigong = people.at("rep_zigong");
  constexpr int64_t kSupportHour = 3600000;
  int64_t now = clock::now_ms();
  auto today = calendar::days_from_civil(calendar::china_date(now));
  auto day = [&](int64_t days) { return calendar::date_text(calendar::civil_from_days(today + days)); };
  auto at = [&](int64_t days, int hour) {
    return std::min(now, calendar::china_midnight(calendar::civil_from_days(today + days)) + hour * kSupportHour);
  };
  try {
    clock::pin(at(-60, 9));
    service.set_rules(director, support::Rules{});
    auto item = [&](const char* kind, const char* name, const char* unit, int64_t yuan, int64_t stock) {
      return service.create_item(staff, {kind, name, unit, yuan * 100, stock, true}).id;
    };
    int64_t banner = item("material", "行业展示易拉宝（公务用车版）", "件", 180, 200);
    int64_t stand = item("material", "警用车型展示展架", "套", 1200, 40);
    int64_t leaflet = item("material", "行业解决方案宣传折页", "千份", 650, 80);
    item("tool", "公务用车采购政策汇编（2026版）", "本", 45, 500);
    int64_t tablet = item("tool", "行业解决方案演示平板", "台", 3200, 12);

    auto request = [&](const auth::Principal& who, const char* kind, int64_t item_id, int64_t quantity,
                       const char* purpose) {
      support::RequestInput in;
      in.kind = kind;
      in.item_id = item_id;
      in.quantity = quantity;
      in.purpose = purpose;
      return service.create(who, in);
    };
    // 成都鑫达's roll-up banners: approved, sent, received three weeks ago
    clock::pin(at(-30, 10));
    auto banners = request(rep, "material", banner, 6, "市公安局装备处走访及展厅布置");
    clock::pin(at(-29, 16));
    banners = service.approve(am, banners.id, banners.version, std::string("同意，展厅与走访共用"));
    clock::pin(at(-27, 11));
    banners = service.issue(staff, banners.id, banners.version);
    clock::pin(at(-22, 15));
    service.receive(rep, banners.id, banners.version, std::string("6 件已收到，完好"));
    // its display stands: approved last week, waiting for HQ to send them
    clock::pin(at(-9, 10));
    auto stands = request(dm, "material", stand, 2, "下月公安系统推广会展台");
    clock::pin(at(-8, 17));
    service.approve(am, stands.id, stands.version, std::nullopt);
    // its demo tablets: ¥6,400, over the area manager's ¥5,000 — approved by him, waiting for the region
    clock::pin(at(-4, 9));
    auto tablets = request(dm, "tool", tablet, 2, "重点客户方案演示（应急、卫健）");
    clock::pin(at(-3, 14));
    service.approve(am, tablets.id, tablets.version, std::string("金额超出省区权限，报大区"));
    // 自贡众诚's leaflets: waiting for the area manager
    clock::pin(at(-1, 16));
    request(zigong, "material", leaflet, 2, "市交通运输局路政车推介");

    // gifts for the director of a key account of 成都鑫达: one bought, to be handed over; one refused
    const accounts::Contact* chief = nullptr;
    std::vector<accounts::Contact> found;
    for (const auto& [name, account] : chengdu_accounts) {
      if (account.grade != "key") continue;
      found = accounts.contacts(rep, account.id);
      for (const auto& k : found) {
        if (k.buying_role == "decision_maker") {
          chief = &k;
          break;
        }
      }
      if (chief) break;
    }
    if (chief) {
      auto gift = [&](const char* kind, const char* what, int64_t quantity, int64_t yuan, const char* purpose) {
        support::RequestInput in;
        in.kind = "gift";
        in.gift_kind = kind;
        in.description = what;
        in.quantity = quantity;
        in.amount_fen = yuan * 100;
        in.contact_id = chief->id;
        in.purpose = purpose;
        return service.create(rep, in);
      };
      clock::pin(at(-6, 11));
      auto tea = gift("small", "品牌定制茶具礼盒", 1, 360, "年度走访答谢");
      clock::pin(at(-5, 9));
      tea = service.approve(am, tea.id, tea.version, std::nullopt);
      clock::pin(at(-2, 15));
      service.issue(rep, tea.id, tea.version);
      clock::pin(at(-2, 16));
      auto pr = gift("pr", "车型模型纪念品（1:18 执法车）", 2, 560, "新车交付仪式");
      clock::pin(at(-1, 10));
      service.reject(am, pr.id, pr.version, "交付仪式由总部统一准备纪念品");
    }

    // the upfitters' supply policies of the upfit models
    if (opportunities) {
      clock::pin(at(-45, 10));
      for (const auto& m : opportunities->models(director, true, std::nullopt, std::nullopt)) {
        if (!m.upfitter) continue;
        support::PolicyInput p;
        p.upfitter = *m.upfitter;
        p.model_id = m.id;
        p.supply = m.vehicle_type == "laboratory" || m.vehicle_type == "monitoring"
                       ? "二类底盘 + 检测上装整车，含仪器安装调试"
                   : m.vehicle_type == "command" ? "二类底盘 + 指挥通信上装整车"
                                                 : "二类底盘 + 专用上装整车";
        p.terms = "预付 30%，交车前付清；上装质保 2 年或 6 万公里；政府采购项目可按合同节点付款";
        p.lead_days = m.vehicle_type == "command" ? 60 : 45;
        p.price_fen = m.guide_price_fen * 92 / 100;
        p.valid_from = day(-45);
        p.valid_to = day(320);
        service.create_policy(director, p);
      }
    }

    // HQ's dedicated visits to key accounts: one done last week, one today, one next week
    std::vector<int64_t> key_accounts;
    for (const auto& [name, account] : chengdu_accounts)
      if (account.grade == "key") key_accounts.push_back(account.id);
    if (visits && key_accounts.size() >= 3) {
      clock::pin(at(-12, 10));
      auto done =
          service.plan_hq_visit(director, {key_accounts[0], staff.user_id, day(-7), "总部专职人员上门推介指挥车方案"});
      clock::pin(at(-7, 15));
      visits::VisitInput v;
      v.account_id = key_accounts[0];
      v.kind = "visit";
      v.occurred_at = at(-7, 14);
      v.contact_ids = std::vector<int64_t>{};
      v.summary = "总部专员与成都鑫达一同上门，演示指挥车通信方案，对方计划明年二季度立项";
      auto logged = visits->create(staff, v);
      service.log_hq_visit(staff, done.id, done.version, logged.id);
      clock::pin(at(-3, 11));
      service.plan_hq_visit(director, {key_accounts[1], staff.user_id, day(0), "了解 2027 年执法车更新预算"});
      service.plan_hq_visit(staff, {key_accounts[2], staff.user_id, day(6), "协助经销商准备框架协议入围材料"});
    }

    // policy information fed back: useful (the reward), and one waiting for the area manager
    clock::pin(at(-14, 17));
    auto note = service.create_note(
        rep, {"省财政厅：2027 年公务用车更新指标一季度下达",
              "据省财政厅采购处反馈，明年执法执勤用车更新指标将于一季度集中下达，新能源车型占比不低于 30%，"
              "建议提前与各市公安、交通部门对接需求。",
              std::nullopt});
    clock::pin(at(-13, 10));
    service.mark_note(am, note.id, note.version, true, std::string("信息及时，已通报全省经销商"));
    clock::pin(at(-2, 18));
    service.create_note(zigong,
                        {"自贡市应急管理局拟采购应急指挥车",
                         "市应急局装备科透露，明年拟通过框架协议采购 2 台应急指挥车，预算约 90 万元。", std::nullopt});
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
