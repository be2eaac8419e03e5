// The demo's calendar reports: the last four weeks' tracking tables of the Sichuan dealers'
// people — 杨帆 (rep_chengdu) and 陈静 (dm_chengdu) always on Saturday, 赵磊 (rep_zigong) on time
// twice, once on Sunday morning (late) and not at all last week (missing, on the area manager's
// overdue board) — with the area manager's comment on the latest; last month's statistics tables
// and summaries (赵磊's statistics a day late, his summary missing); and this week's table as
// 杨帆's draft. Written through ReportService, with its checks, at past moments.
#include <algorithm>
#include <map>

#include "modules/reports/rules.h"
#include "modules/reports/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"

namespace fleetkam::app {

namespace {

using json = nlohmann::json;

const std::vector<std::string> kNotes = {
    "已拜访装备财务处，确认年内更新计划", "使用单位对底盘通过性有顾虑，已安排试驾",
    "预算待财政批复，保持每周电话跟进",   "竞品报价偏低，需强调售后网点优势",
    "决策层已认可方案，等待采购意向公开", "信息来源为采购网公示，已核实真实性",
};

// The report of `kind` for `period` of the person, as they see it.
json report_of(reports::ReportService& service, const auth::Principal& who, const std::string& kind,
               const std::string& period) {
  reports::ListFilter f;
  f.kind = kind;
  f.period = period;
  f.user_id = who.user_id;
  auto page = service.list(who, f);
  if (page.items.empty()) return json();
  return service.get(who, page.items[0]["id"].get<int64_t>());
}

json weekly_body(const json& report, size_t week, bool correction = false) {
  json rows = json::array();
  size_t i = week;
  for (const auto& row : report["content"]["rows"]) {
    int64_t probability = row["deal_probability"].is_number() ? row["deal_probability"].get<int64_t>() : 30;
    probability = std::min<int64_t>(95, probability + static_cast<int64_t>(week % 3) * 5);
    rows.push_back({{"account_id", row["account_id"]},
                    {"deal_probability", probability},
                    {"value_analysis", row["value_analysis"].is_string() ? row["value_analysis"] : json("medium")},
                    {"difficulty", row["difficulty"].is_string() ? row["difficulty"] : json("medium")},
                    {"authenticity", row["authenticity"].is_string() ? row["authenticity"] : json("confirmed")},
                    {"note", kNotes[i++ % kNotes.size()]}});
  }
  json body = {{"version", report["version"]}, {"rows", rows}};
  if (correction) body["correction_reason"] = "补充本周拜访后的成交概率";
  return body;
}

json stats_body(const json& report, bool round_up) {
  const auto& c = report["content"];
  return {{"version", report["version"]},
          {"won_count", c["won_count"]},
          {"won_units", c["won_units"].get<int64_t>() + (round_up ? 2 : 0)},  // one deal the system lacks
          {"amount_fen", c["amount_fen"]},
          {"delivered_units", c["delivered_units"]},
          {"note", round_up ? "含一笔已签合同未录入系统的订单" : ""}};
}

json summary_body(const json& report, const std::string& who) {
  const auto& f = report["content"]["figures"];
  std::string target = f["target_units"].is_number() ? std::to_string(f["target_units"].get<int64_t>()) : "—";
  return {
      {"version", report["version"]},
      {"results", "本月目标" + target + "台，实销" + std::to_string(f["delivered_units"].get<int64_t>()) + "台；赢单" +
                      std::to_string(f["won_units"].get<int64_t>()) + "台，报备" +
                      std::to_string(f["registrations"].get<int64_t>()) + "条。"},
      {"key_accounts", who == "rep_chengdu" ? "成都市公安局指挥车项目进入方案阶段；成都市卫健委救护车已完成需求调研。"
                                            : "店内重点客户整体推进正常，两家单位待财政预算批复。"},
      {"problems", "部分单位预算批复时间不确定，竞品价格压力较大。"},
      {"support_needed", "申请演示样车一台、行业宣传资料一批。"},
      {"next_month_plan", "完成两家重点单位的方案汇报，跟进采购意向公开。"}};
}

}  // namespace

void load_reports(reports::ReportService& service, std::map<std::string, auth::Principal>& people) {
  for (const char* who : {"rep_chengdu", "rep_zigong", "dm_chengdu", "am_sichuan"}) {
    if (!people.count(who)) return;
  }
  const auto& rep = people.at("rep_chengdu");
  const auto& zigong = people.at("rep_zigong");
  const auto& dm = people.at("dm_chengdu");
  const auto& am = people.at("am_sichuan");
  int64_t now = clock::now_ms();
  auto pin = [now](int64_t t) { clock::pin(std::min(now, t)); };
  constexpr int64_t kHour = 3600LL * 1000;
  service.set_open_on_read(false);
  try {
    auto week = calendar::week_of(now);
    std::vector<calendar::Week> weeks;
    for (int k = 4; k >= 1; --k) {
      auto w = week;
      for (int i = 0; i < k; ++i) w = calendar::previous_week(w);
      weeks.push_back(w);
    }
    for (size_t i = 0; i < weeks.size(); ++i) {
      const auto& w = weeks[i];
      std::string period = calendar::week_text(w);
      int64_t saturday = calendar::week_start(w) + 5 * calendar::kDayMs;
      pin(calendar::week_start(w) + 9 * kHour);
      service.open_current_periods({"weekly_tracking"});
      pin(saturday + 11 * kHour);
      service.submit(dm, report_of(service, dm, "weekly_tracking", period)["id"],
                     weekly_body(report_of(service, dm, "weekly_tracking", period), i).dump());
      pin(saturday + 16 * kHour + 30LL * 60 * 1000);
      auto mine = report_of(service, rep, "weekly_tracking", period);
      service.submit(rep, mine["id"], weekly_body(mine, i).dump());
      if (i == 2) {  // a correction the same evening, kept as revision 2
        pin(saturday + 21 * kHour);
        mine = report_of(service, rep, "weekly_tracking", period);
        service.submit(rep, mine["id"], weekly_body(mine, i + 1, true).dump());
      }
      if (i < 2) {
        pin(saturday + 20 * kHour);
      } else if (i == 2) {
        pin(saturday + calendar::kDayMs + 10 * kHour + 30LL * 60 * 1000);  // Sunday morning: late
      }
      if (i <= 2) {
        auto his = report_of(service, zigong, "weekly_tracking", period);
        service.submit(zigong, his["id"], weekly_body(his, i + 1).dump());
      }
      if (i + 1 == weeks.size()) {
        pin(saturday + calendar::kDayMs + 2 * calendar::kDayMs);
        service.comment(am, mine["id"],
                        json({{"body", "成都市公安局的采购计划请在下周跟踪表中补充预算批复情况。"}}).dump());
      }
    }
    // last month's statistics tables and summaries
    auto month = calendar::previous_month(calendar::month_of(now));
    std::string period = calendar::month_text(month);
    pin(calendar::month_start(month) + 9 * kHour);
    service.open_current_periods({"monthly_stats", "monthly_summary"});
    int64_t last_day = calendar::month_end(month) - calendar::kDayMs;
    pin(last_day + 17 * kHour);
    for (const auto* who : {&rep, &dm}) {
      auto stats = report_of(service, *who, "monthly_stats", period);
      service.submit(*who, stats["id"], stats_body(stats, who == &rep).dump());
      auto summary = report_of(service, *who, "monthly_summary", period);
      service.submit(*who, summary["id"], summary_body(summary, who->username).dump());
    }
    pin(calendar::month_end(month) + 10 * kHour);  // the 1st: a day late
    auto stats = report_of(service, zigong, "monthly_stats", period);
    service.submit(zigong, stats["id"], stats_body(stats, false).dump());
    // this week: the periods open, 杨帆's table saved as a draft
    clock::pin(std::nullopt);
    service.open_current_periods();
    auto current = report_of(service, rep, "weekly_tracking", calendar::week_text(week));
    if (!current.is_null() && current["revision"] == 0) {
      auto body = weekly_body(current, 5);
      body.erase("correction_reason");
      service.save_draft(rep, current["id"], body.dump());
    }
  } catch (...) {
    clock::pin(std::nullopt);
    service.set_open_on_read(true);
    throw;
  }
  clock::pin(std::nullopt);
  service.set_open_on_read(true);
}

}  // namespace fleetkam::app
