// `fleetkam gen`'s customer care: a follow-up of every delivery of the last year (due HQ's delay
// after it; the ones due before the last three days called on their due day — mostly 4–5 points,
// about one in twenty-five low, most low ones reviewed, a complaint on about one in fifty, the older
// ones resolved), the charts' totals computed from them; and a year of events — each province's
// monthly exhibition and each dealer's quarterly promotion event, with their dealers' contacts
// invited (decision makers and evaluators), answers and check-ins, the past ones held with their
// cost. Written with copy_rows (COPY on PostgreSQL), without audit rows.
#include <algorithm>
#include <map>
#include <random>

#include "app/gen.h"
#include "modules/satisfaction/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/db/bulk.h"

namespace fleetkam::app {
namespace {

constexpr int64_t kCareHour = 3600000;

const char* kComments[] = {
    "车辆性能稳定，交车准时", "整体满意，上牌资料交接稍慢", "改装质量好，驾驶员反馈操控不错",
    "希望保养能上门取送车",   "随车工具清单有出入，已补齐", "交车仪式安排周到",
    "油耗比预期略高",         "交付按合同时间完成",
};
const char* kContacts[] = {"王科长", "李主任", "张队长", "刘处长", "陈科长", "赵主任", "周股长", "吴所长"};
const char* kComplaints[] = {"空调制冷不足，要求检修", "首保预约困难，要求专人对接", "车门异响，要求复检",
                             "随车资料缺失，要求补齐"};

std::string day_text(int64_t days) { return calendar::date_text(calendar::civil_from_days(days)); }

}  // namespace

GenResult generate_care(db::Database& database, const GenOptions& options,
                        const std::function<void(int64_t)>& progress) {
  GenResult result;
  std::mt19937_64 random(options.seed + 29);
  auto pick = [&](uint64_t n) { return static_cast<int64_t>(random() % n); };
  int64_t now = clock::now_ms();
  int64_t today = calendar::days_from_civil(calendar::china_date(now));
  auto at_day = [&](int64_t days, int64_t hour) {
    return std::min(now - 1, calendar::china_midnight(calendar::civil_from_days(days)) + hour * kCareHour);
  };
  satisfaction::Rules rules;
  std::map<int64_t, std::vector<int64_t>> managers, people;  // unit → its dealer managers, its people
  database.read([&](db::Connection& c) {
    rules = satisfaction::load_rules(c);
    for (const auto& row : c.query("SELECT org_unit_id, id, role FROM users WHERE active = 1 AND role IN "
                                   "('dealer_manager', 'sales_rep', 'area_manager') ORDER BY id")) {
      people[row.integer(0)].push_back(row.integer(1));
      if (row.text(2) != "sales_rep") managers[row.integer(0)].push_back(row.integer(1));
    }
  });

  // ---- follow-ups of the last year's deliveries, in batches by delivery id
  std::string from_day = day_text(today - 365);
  int64_t after = 0;
  const int64_t batch = 50000;
  while (true) {
    bool more = false;
    database.write([&](db::Connection& c) {
      auto rows = c.query(
          "SELECT d.id, d.opportunity_id, d.account_id, d.unit_id, d.model, d.quantity, d.day, d.user_id FROM "
          "deliveries d WHERE d.id > ? AND d.day >= ? AND d.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
          "satisfaction_followups f WHERE f.delivery_id = d.id) ORDER BY d.id LIMIT ?",
          {after, from_day, batch});
      if (rows.empty()) return;
      more = true;
      auto ids = db::reserve_ids(c, "satisfaction_followups", rows.size());
      std::vector<std::vector<std::optional<std::string>>> followups, complaints;
      std::vector<int64_t> complaint_ids;
      for (size_t i = 0; i < rows.size(); ++i) {
        const auto& d = rows[i];
        after = d.integer(0);
        int64_t delivered = calendar::days_from_civil(*calendar::parse_date(d.text(6)));
        int64_t due = delivered + rules.delay_days;
        int64_t unit = d.integer(3);
        std::vector<std::optional<std::string>> f = {db::cell(ids[i]),       db::cell(d.integer(0)),
                                                     db::cell(d.integer(1)), db::cell(d.integer(2)),
                                                     db::cell(unit),         d.text(4),
                                                     db::cell(d.integer(5)), d.text(6),
                                                     day_text(due)};
        int64_t created = at_day(delivered, 17);
        if (due < today - 3 && pick(100) < 97) {
          bool low = pick(100) < 4;
          int64_t v = low ? 1 + pick(2) : 4 + pick(2), dl = low ? 2 + pick(2) : 4 + pick(2),
                  sv = low ? 1 + pick(2) : 3 + pick(3);
          int64_t recorded = at_day(due, 9 + pick(9));
          auto date = calendar::china_date(recorded);
          int64_t month = int64_t{date.year} * 100 + date.month;
          const auto& unit_people = people[unit];
          std::optional<std::string> by = d.is_null(7)
                                              ? (unit_people.empty() ? std::nullopt : db::cell(unit_people.front()))
                                              : db::cell(d.integer(7));
          if (!by) {
            f.insert(f.end(), {std::string("scheduled"), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                               std::nullopt, std::string("0"), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                               std::nullopt, std::nullopt, std::string("1"), db::cell(created), db::cell(created)});
          } else {
            bool reviewed = low && due < today - 10 && pick(100) < 85;
            f.insert(f.end(),
                     {std::string("done"), std::string(kContacts[pick(std::size(kContacts))]), db::cell(v),
                      db::cell(dl), db::cell(sv), std::string(kComments[pick(std::size(kComments))]),
                      std::string(low ? "1" : "0"), by, db::cell(recorded), db::cell(month),
                      reviewed ? by : std::nullopt, reviewed ? db::cell(recorded + 26 * kCareHour) : std::nullopt,
                      reviewed ? std::optional<std::string>("已电话回访，督促经销商整改") : std::nullopt,
                      std::string("1"), db::cell(created), db::cell(recorded)});
            if (low || pick(100) < 2) {
              bool resolved = due < today - 20;
              int64_t owner = managers[unit].empty() ? std::stoll(*by) : managers[unit].front();
              complaint_ids.push_back(0);
              complaints.push_back(
                  {std::nullopt, db::cell(ids[i]), db::cell(d.integer(2)), db::cell(unit),
                   std::string(low ? "service" : "vehicle"), std::string(kComplaints[pick(std::size(kComplaints))]),
                   db::cell(owner), day_text(due + 7), std::string(resolved ? "resolved" : "open"),
                   resolved ? std::optional<std::string>("已处理，客户确认") : std::nullopt,
                   resolved ? db::cell(owner) : std::nullopt, resolved ? db::cell(at_day(due + 5, 15)) : std::nullopt,
                   *by, std::string("1"), db::cell(recorded), db::cell(resolved ? at_day(due + 5, 15) : recorded)});
            }
          }
        } else {
          f.insert(f.end(), {std::string("scheduled"), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                             std::nullopt, std::string("0"), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                             std::nullopt, std::nullopt, std::string("1"), db::cell(created), db::cell(created)});
        }
        followups.push_back(std::move(f));
      }
      c.copy_rows("satisfaction_followups",
                  {"id",
                   "delivery_id",
                   "opportunity_id",
                   "account_id",
                   "unit_id",
                   "model",
                   "quantity",
                   "delivered_on",
                   "due_on",
                   "status",
                   "contact_name",
                   "vehicle_score",
                   "delivery_score",
                   "service_score",
                   "comment",
                   "low",
                   "recorded_by",
                   "recorded_at",
                   "recorded_month",
                   "low_reviewed_by",
                   "low_reviewed_at",
                   "low_review_note",
                   "version",
                   "created_at",
                   "updated_at"},
                  followups);
      if (!complaints.empty()) {
        auto kids = db::reserve_ids(c, "complaints", complaints.size());
        for (size_t k = 0; k < complaints.size(); ++k) complaints[k][0] = db::cell(kids[k]);
        c.copy_rows(
            "complaints",
            {"id", "followup_id", "account_id", "unit_id", "category", "description", "owner_user_id", "due_on",
             "status", "resolution", "resolved_by", "resolved_at", "created_by", "version", "created_at", "updated_at"},
            complaints);
      }
      result.followups += static_cast<int64_t>(followups.size());
      result.complaints += static_cast<int64_t>(complaints.size());
    });
    if (progress) progress(result.followups);
    if (!more) break;
  }
  database.write([&](db::Connection& c) {
    c.execute("DELETE FROM satisfaction_totals");
    c.execute(
        "INSERT INTO satisfaction_totals (unit_id, month, model, responses, vehicle_sum, delivery_sum, service_sum, "
        "low) SELECT unit_id, recorded_month, model, COUNT(*), SUM(vehicle_score), SUM(delivery_score), "
        "SUM(service_score), SUM(low) FROM satisfaction_followups WHERE status = 'done' GROUP BY unit_id, "
        "recorded_month, model");
  });

  // ---- a year of events: each province's monthly exhibition, each dealer's quarterly promotion
  struct Organiser {
    int64_t unit, user;
    bool province;
  };
  std::vector<Organiser> organisers;
  std::map<int64_t, std::vector<std::pair<int64_t, std::pair<int64_t, std::string>>>> guests;  // unit → contacts
  std::map<int64_t, std::vector<int64_t>> dealers_of;                                          // province → dealers
  database.read([&](db::Connection& c) {
    for (const auto& row :
         c.query("SELECT u.id, u.kind, u.parent_id FROM org_units u WHERE u.kind IN ('province', 'dealer') AND "
                 "u.active = 1 ORDER BY u.id")) {
      int64_t unit = row.integer(0);
      bool province = row.text(1) == "province";
      if (!province) dealers_of[row.integer(2)].push_back(unit);
      auto m = managers.find(unit);
      if (m != managers.end() && !m->second.empty()) organisers.push_back({unit, m->second.front(), province});
    }
    // up to 12 decision makers and evaluators of each dealer's key and secondary accounts
    for (const auto& row :
         c.query("SELECT a.owner_unit_id, k.id, a.id, k.buying_role FROM contacts k JOIN accounts a ON a.id = "
                 "k.account_id JOIN org_units u ON u.id = a.owner_unit_id WHERE u.kind = 'dealer' AND k.active = 1 AND "
                 "a.grade IN ('key', 'secondary') AND k.buying_role IN ('decision_maker', 'decision_layer', "
                 "'evaluator') ORDER BY a.owner_unit_id, k.id")) {
      auto& list = guests[row.integer(0)];
      if (list.size() < 12) list.push_back({row.integer(1), {row.integer(2), row.text(3)}});
    }
  });
  std::vector<std::vector<std::optional<std::string>>> events, invitations;
  database.write([&](db::Connection& c) {
    for (const auto& o : organisers) {
      int count = o.province ? 12 : 4;
      for (int k = 0; k < count; ++k) {
        int64_t starts = today - 360 + int64_t{k} * (o.province ? 30 : 90) + pick(20);
        int64_t ends = starts + (o.province ? 1 : 0);
        bool past = ends < today;
        int64_t budget = (o.province ? 60000 + pick(40000) : 10000 + pick(10000)) * 100;
        events.push_back({std::nullopt, std::string(o.province ? "exhibition" : "promotion"),
                          std::string(o.province ? "公务及行业用车展销会" : "新车推介会"), db::cell(o.unit),
                          db::cell(o.user), day_text(starts), day_text(ends),
                          std::string(o.province ? "省会会展中心" : "经销商展厅"), db::cell(budget),
                          past ? db::cell(budget * (80 + pick(25)) / 100) : std::nullopt,
                          std::string(R"(["江铃 执法车","江铃 指挥车"])"), std::nullopt,
                          std::string(past ? "held" : "planned"), std::string("1"), db::cell(at_day(starts - 30, 10)),
                          db::cell(past ? at_day(ends + 2, 16) : at_day(starts - 30, 10))});
      }
    }
    auto ids = db::reserve_ids(c, "events", events.size());
    size_t e = 0;
    for (const auto& o : organisers) {
      int count = o.province ? 12 : 4;
      for (int k = 0; k < count; ++k, ++e) {
        events[e][0] = db::cell(ids[e]);
        int64_t starts = calendar::days_from_civil(*calendar::parse_date(*events[e][5]));
        bool past = *events[e][12] == "held";
        // the guests: a province's from up to 6 of its dealers (4 each), a dealer's its own (8)
        std::vector<int64_t> from = o.province ? dealers_of[o.unit] : std::vector<int64_t>{o.unit};
        if (from.size() > 6) from.resize(6);
        for (auto dealer : from) {
          const auto& list = guests[dealer];
          size_t take = std::min<size_t>(list.size(), o.province ? 4 : 8);
          auto inviter = managers[dealer].empty() ? o.user : managers[dealer].front();
          for (size_t g = 0; g < take; ++g) {
            int64_t r = pick(100);
            std::string response = past ? (r < 75   ? "accepted"
                                           : r < 90 ? "declined"
                                                    : "pending")
                                        : (r < 40 ? "accepted" : "pending");
            bool came = past && response == "accepted" && pick(100) < 85;
            int64_t invited_at = at_day(starts - 20, 10);
            invitations.push_back(
                {std::nullopt, db::cell(ids[e]), db::cell(list[g].first), db::cell(list[g].second.first),
                 list[g].second.second, db::cell(inviter), db::cell(dealer), response,
                 response == "pending" ? std::nullopt : db::cell(at_day(starts - 7, 11)),
                 came ? db::cell(at_day(starts, 9 + pick(6))) : std::nullopt, came ? db::cell(o.user) : std::nullopt,
                 std::string("1"), db::cell(invited_at), db::cell(invited_at)});
          }
        }
      }
    }
    c.copy_rows("events",
                {"id", "kind", "title", "unit_id", "created_by", "starts_on", "ends_on", "place", "budget_fen",
                 "cost_fen", "vehicles", "description", "status", "version", "created_at", "updated_at"},
                events);
    auto iids = db::reserve_ids(c, "event_invitations", invitations.size());
    for (size_t i = 0; i < invitations.size(); ++i) invitations[i][0] = db::cell(iids[i]);
    c.copy_rows("event_invitations",
                {"id", "event_id", "contact_id", "account_id", "buying_role", "invited_by", "unit_id", "response",
                 "responded_at", "attended_at", "checked_in_by", "version", "created_at", "updated_at"},
                invitations);
  });
  result.events = static_cast<int64_t>(events.size());
  result.invitations = static_cast<int64_t>(invitations.size());
  auto lease = database.acquire();
  lease->execute_script(database.dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
  return result;
}

}  // namespace fleetkam::app
