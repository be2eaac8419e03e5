// The demo's exhibitions and promotion events (展销会、推广会), written through EventService (the
// checks of user input) with the clock pinned to when each step happened: the Sichuan area manager's
// provincial exhibition three weeks ago (held, its cost recorded; 杨帆's guests invited, most came),
// 成都鑫达's promotion event today (guests invited, waiting at the door to be checked in on a
// phone), and next month's exhibition in 自贡 (planned, the first invitations out).
#include <stdexcept>

#include "app/demo_pipeline.h"
#include "modules/events/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"

namespace fleetkam::app {

void load_events(events::EventService& service, std::map<std::string, auth::Principal>& people) {
  for (const char* who : {"am_sichuan", "dm_chengdu", "rep_chengdu", "rep_zigong"}) {
    if (!people.count(who)) return;
  }
  const auto& am = people.at("am_sichuan");
  const auto& dm = people.at("dm_chengdu");
  const auto& rep = people.at("rep_chengdu");
  const auto& zigong = people.at("rep_zigong");
  constexpr int64_t kHour = 3600000;
  int64_t now = clock::now_ms();
  auto today = calendar::days_from_civil(calendar::china_date(now));
  auto day = [&](int64_t days) { return calendar::date_text(calendar::civil_from_days(today + days)); };
  auto at = [&](int64_t days, int hour) {
    return std::min(now, calendar::china_midnight(calendar::civil_from_days(today + days)) + hour * kHour);
  };
  // the rep's decision makers and evaluators of key and secondary accounts, at most `n`
  auto guests = [&](const auth::Principal& who, int64_t event_id, size_t n) {
    events::CandidateFilter f;
    f.buying_roles = {"decision_maker", "decision_layer", "evaluator"};
    f.grades = {"key", "secondary"};
    f.limit = static_cast<int>(n);
    std::vector<int64_t> ids;
    for (const auto& c : service.candidates(who, event_id, f)) ids.push_back(c.contact_id);
    if (ids.empty()) throw std::runtime_error("the demo has no contacts to invite");
    return ids;
  };
  try {
    // the provincial exhibition, three weeks ago, planned a month before it
    clock::pin(at(-52, 10));
    events::EventInput expo;
    expo.kind = "exhibition";
    expo.title = "四川省公务及行业用车展销会";
    expo.unit_id = am.org_unit_id;
    expo.starts_on = day(-22);
    expo.ends_on = day(-21);
    expo.place = "成都世纪城新国际会展中心 3号馆";
    expo.budget_fen = int64_t{80000} * 100;
    expo.vehicles = {"江铃 JX5030XZF 执法车", "江铃 JX5040XZH 指挥车", "江铃 JX5046XJC 化验车"};
    expo.description = "面向全省公安、交通、应急、卫健等单位的集中展示与试乘试驾，邀请各单位决策人和评估人参观。";
    auto held = service.create(am, expo);
    clock::pin(at(-40, 15));
    auto invited = service.invite(rep, held.id, guests(rep, held.id, 8));
    clock::pin(at(-30, 11));
    for (size_t i = 0; i < invited.size(); ++i) {
      service.respond(rep, held.id, invited[i].id, invited[i].version, i % 4 == 3 ? "declined" : "accepted");
    }
    for (size_t i = 0; i < invited.size(); ++i) {
      if (i % 4 == 3 || i == 5) continue;  // the declined ones, and one who accepted but did not come
      clock::pin(at(i % 2 ? -21 : -22, 9 + static_cast<int>(i)));
      service.check_in(i % 2 ? am : rep, held.id, invited[i].id);
    }
    clock::pin(at(-19, 16));
    held = service.get(am, held.id);
    service.hold(am, held.id, held.version, int64_t{72600} * 100);

    // 成都鑫达's promotion event today, its guests invited last week
    clock::pin(at(-12, 10));
    events::EventInput promo;
    promo.kind = "promotion";
    promo.title = "江铃新款执法车推介会";
    promo.unit_id = dm.org_unit_id;
    promo.starts_on = day(0);
    promo.ends_on = day(0);
    promo.place = "成都鑫达展厅（武侯区）";
    promo.budget_fen = int64_t{15000} * 100;
    promo.vehicles = {"江铃 JX5030XZF 执法车", "江铃 JX5036XJC-P 警备车"};
    promo.description = "新款执法车静态展示、配置讲解和试驾，面向成都市各执法单位。";
    auto today_event = service.create(dm, promo);
    clock::pin(at(-7, 14));
    auto asked = service.invite(rep, today_event.id, guests(rep, today_event.id, 6));
    clock::pin(at(-3, 10));
    for (size_t i = 0; i < asked.size() && i < 4; ++i) {
      service.respond(rep, today_event.id, asked[i].id, asked[i].version, i == 3 ? "declined" : "accepted");
    }

    // next month's exhibition in 自贡, its first invitations out
    clock::pin(at(-2, 9));
    events::EventInput next;
    next.kind = "exhibition";
    next.title = "川南片区应急与执法车辆巡展（自贡站）";
    next.unit_id = am.org_unit_id;
    next.starts_on = day(26);
    next.ends_on = day(27);
    next.place = "自贡市会展中心";
    next.budget_fen = int64_t{50000} * 100;
    next.vehicles = {"江铃 JX5040XZH 指挥车", "江铃 JX5032XLZ 路政车"};
    auto coming = service.create(am, next);
    clock::pin(at(-1, 16));
    service.invite(zigong, coming.id, guests(zigong, coming.id, 3));
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
