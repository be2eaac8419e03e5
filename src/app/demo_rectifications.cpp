// The demo's rectification orders (整改), written through RectificationService (the checks of user
// input) with the clock pinned to when each step happened: HQ's KA staff (孙丽) asking 成都鑫达 to
// visit its never-visited key account (open, due in four days); the regional director (张伟)
// asking the Sichuan area manager to oversee 自贡's registrations (answered yesterday, waiting for
// his verification); 自贡's statistics table not matching the system (overdue two days); and last
// month's missing summary, answered and closed.
#include <stdexcept>

#include "app/demo_pipeline.h"
#include "modules/rectification/service.h"
#include "platform/clock.h"

namespace fleetkam::app {

void load_rectifications(rectification::RectificationService& service, std::map<std::string, auth::Principal>& people,
                         const Owned& chengdu_accounts) {
  for (const char* who : {"ka_staff", "rd_southwest", "am_sichuan", "dm_chengdu", "rep_zigong"}) {
    if (!people.count(who)) return;
  }
  const auto& staff = people.at("ka_staff");
  const auto& rd = people.at("rd_southwest");
  const auto& am = people.at("am_sichuan");
  const auto& zigong = people.at("rep_zigong");
  constexpr int64_t kDay = 86400000, kHour = 3600000;
  int64_t now = clock::now_ms();
  int64_t today_start = (now + 8 * kHour) / kDay * kDay - 8 * kHour;
  auto at = [&](int days, int hour) { return std::min(now, today_start + days * kDay + hour * kHour); };
  auto day = [&](int days) { return clock::format_rfc3339(today_start + days * kDay + 12 * kHour).substr(0, 10); };
  try {
    auto unvisited = chengdu_accounts.find("成都市公安局交通警察支队");
    if (unvisited == chengdu_accounts.end()) throw std::runtime_error("the demo has no 成都市公安局交通警察支队");

    clock::pin(at(-20, 10));
    rectification::OrderInput summary;
    summary.recipient_unit_id = zigong.org_unit_id;
    summary.recipient_user_id = zigong.user_id;
    summary.title = "月度工作总结表未按时提交";
    summary.finding = "上月月度工作总结表截至考核汇总时仍未提交，影响月度考核评分。";
    summary.requirement = "三日内补交上月月度工作总结表，并说明今后按月末截止时间提交的措施。";
    summary.due_date = day(-17);
    auto closed = service.raise(staff, summary);
    clock::pin(at(-18, 16));
    closed =
        service.respond(zigong, closed.id, closed.version, "已补交上月总结表；今后每月28日前完成初稿，月末前提交。");
    clock::pin(at(-16, 9));
    service.verify(staff, closed.id, closed.version, "close", std::string("已核实补交，关闭。"));

    clock::pin(at(-9, 11));
    rectification::OrderInput stats;
    stats.recipient_unit_id = zigong.org_unit_id;
    stats.recipient_user_id = zigong.user_id;
    stats.title = "大客户统计表数据与系统不符";
    stats.finding = "上月大客户统计表填报的交车台数与系统实销记录相差2台，报备数量也不一致。";
    stats.requirement = "核对上月交车与报备记录，更正统计表并说明差异原因。";
    stats.due_date = day(-2);
    service.raise(staff, stats);

    clock::pin(at(-5, 15));
    rectification::OrderInput oversight;
    oversight.recipient_unit_id = am.org_unit_id;
    oversight.title = "自贡经销商报备质量督导不到位";
    oversight.finding = "近一个月自贡经销商报备中有多条信息不实或重复，区域经理审核未能及时发现。";
    oversight.requirement = "对自贡经销商开展一次报备规范培训，逐条复核本月报备，提交复核结果。";
    oversight.due_date = day(2);
    auto answered = service.raise(rd, oversight);
    clock::pin(at(-1, 17));
    service.respond(am, answered.id, answered.version,
                    "已于本周三到自贡经销商现场培训报备规范，复核本月报备11条，退回2条信息不全的报备。");

    clock::pin(at(-2, 10));
    rectification::OrderInput visit;
    visit.recipient_unit_id = people.at("dm_chengdu").org_unit_id;
    visit.title = "重点客户长期未拜访";
    visit.finding = "重点客户成都市公安局交通警察支队至今没有任何拜访记录，不符合重点客户每14天至少拜访一次的要求。";
    visit.requirement = "本周内安排拜访，录入拜访记录并明确下一步计划，同步更新重点大客户跟踪表。";
    visit.due_date = day(4);
    visit.evidence_kind = "account";
    visit.evidence_ref = std::to_string(unvisited->second.id);
    service.raise(staff, visit);
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
