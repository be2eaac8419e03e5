// The demo's satisfaction follow-ups (客户满意度回访), written through SatisfactionService (the
// checks of user input) with the clock pinned to the day each call was made: the Sichuan dealers'
// deliveries of the year were followed up on their due day, mostly 4–5 points; two scored low — an
// older one reviewed by the area manager (刘洋) with its complaint resolved, and a recent one with its
// complaint still open at 成都鑫达's manager (陈静) and waiting for the area manager's review. Each
// rep's newest follow-up due is left for them to call (their home page's to-do).
#include <array>
#include <string>

#include "app/demo_pipeline.h"
#include "modules/satisfaction/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"

namespace fleetkam::app {

namespace {

struct Call {
  int vehicle, delivery, service;
  const char* contact;
  const char* comment;
};

// What customers say, in turn (the low ones are placed apart below).
constexpr std::array<Call, 8> kCalls = {{
    {5, 5, 5, "王科长", "车辆性能稳定，交车准时，培训讲解细致。"},
    {5, 4, 5, "李主任", "整体满意，上牌资料交接稍慢了一天。"},
    {4, 5, 5, "张队长", "警灯警报器改装质量好，驾驶员反馈操控不错。"},
    {5, 5, 4, "刘处长", "车辆满意，希望售后保养能上门取送车。"},
    {4, 4, 4, "陈科长", "总体可以，随车工具清单和实物有一处不符，已补齐。"},
    {5, 5, 5, "赵主任", "交车仪式安排周到，单位领导很满意。"},
    {4, 5, 4, "周股长", "油耗比预期略高，其他都满意。"},
    {5, 4, 5, "吴所长", "交付按合同时间完成，发票开具及时。"},
}};

int64_t morning_of(const std::string& day, int hour) {
  auto date = calendar::parse_date(day);
  return calendar::china_midnight(*date) + int64_t{hour} * 3600000;
}

}  // namespace

void load_satisfaction(satisfaction::SatisfactionService& service, std::map<std::string, auth::Principal>& people) {
  for (const char* who : {"rep_chengdu", "rep_zigong", "dm_chengdu", "am_sichuan"}) {
    if (!people.count(who)) return;
  }
  const auto& dm = people.at("dm_chengdu");
  const auto& am = people.at("am_sichuan");
  int64_t now = clock::now_ms();
  auto days_before = [&](int days) {
    return calendar::date_text(calendar::civil_from_days(calendar::days_from_civil(calendar::china_date(now)) - days));
  };
  try {
    for (const char* who : {"rep_chengdu", "rep_zigong"}) {
      const auto& rep = people.at(who);
      satisfaction::FollowupFilter filter;
      filter.statuses = {"scheduled"};
      filter.limit = 500;
      auto due = service.list(rep, filter);
      bool chengdu = std::string(who) == "rep_chengdu";
      // the newest one due is left for the rep to call (the home page's to-do); the low ones:
      // Chengdu's oldest (reviewed, its complaint resolved) and the latest before the one left (open)
      int64_t left = 0, old_low = 0, new_low = 0;
      for (const auto& f : due) {
        if (f.due_on <= days_before(0)) left = f.id;
      }
      if (chengdu && due.size() > 2) {
        old_low = due.front().id;
        for (const auto& f : due) {
          if (f.id != left && f.due_on <= days_before(0)) new_low = f.id;
        }
      }
      size_t turn = chengdu ? 0 : 3;
      for (const auto& f : due) {
        if (f.id == left || f.due_on > days_before(0)) continue;  // the reps' to-do, and not due yet
        clock::pin(std::min(now, morning_of(f.due_on, 10 + static_cast<int>(f.id % 6))));
        satisfaction::RecordInput in;
        in.version = f.version;
        if (f.id == old_low || f.id == new_low) {
          bool old = f.id == old_low;
          in.vehicle_score = old ? 2 : 4;
          in.delivery_score = old ? 3 : 4;
          in.service_score = old ? 3 : 2;
          in.contact_name = old ? "孙队长" : "黄科长";
          in.comment = old ? "新车空调制冷不足，跑长途时驾驶室闷热，影响执勤。"
                           : "首保预约三次都排不上，服务站电话经常无人接听。";
          satisfaction::ComplaintInput complaint;
          complaint.category = old ? "vehicle" : "service";
          complaint.description =
              old ? "空调制冷不足，要求检修并出具检测报告" : "首保预约困难，要求指定专人对接并上门保养";
          complaint.owner_user_id = dm.user_id;
          // the old one was due a week after the call; the open one is due in three days
          complaint.due_on = calendar::date_text(
              calendar::civil_from_days(old ? calendar::days_from_civil(*calendar::parse_date(f.due_on)) + 7
                                            : calendar::days_from_civil(calendar::china_date(now)) + 3));
          in.complaint = complaint;
          auto made = service.record(rep, f.id, in);
          if (old) {
            clock::pin(std::min(now, morning_of(f.due_on, 17)));
            made = service.review_low(am, made.id, made.version,
                                      "已电话回访客户单位，督促经销商三日内完成空调检修并回访确认。");
            const auto& k = made.complaints.at(0);
            clock::pin(std::min(now, morning_of(complaint.due_on, 15)));
            service.resolve(dm, k.id, k.version, "已更换空调膨胀阀并加注冷媒，出具检测报告，客户签字确认。");
          }
          continue;
        }
        const auto& call = kCalls[turn++ % kCalls.size()];
        in.vehicle_score = call.vehicle;
        in.delivery_score = call.delivery;
        in.service_score = call.service;
        in.contact_name = call.contact;
        in.comment = call.comment;
        service.record(rep, f.id, in);
      }
    }
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
