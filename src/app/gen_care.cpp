// `fleetkam gen`'s customer care: a follow-up of every delivery of the last year (due HQ's delay
// after it; the ones due before the last three days called on their due day — mostly 4–5 points,
// about one in twenty-five low, most low ones reviewed, a complaint on about one in fifty, the older
// ones resolved), the charts' totals computed from them; and a year of events — each province's
// monthly exhibition and each dealer's quarterly promotion event, with their dealers' contacts
// invited (decision makers and evaluators), answers and check-ins, the past ones held with their
// cost. And a year of the support ledger: HQ's items, each dealer's monthly materials and
// two-monthly sales tools (approved by the area manager, issued by HQ and received; the last
// weeks' still on their way), two gifts a month to its key contacts within HQ's limit per contact
// and year, and the information-feedback reward of every registration won in the year. Written with
// copy_rows (COPY on PostgreSQL), without audit rows or approval steps.
#include <algorithm>
#include <map>
#include <random>

#include "app/gen.h"
#include "modules/satisfaction/service.h"
#include "modules/support/service.h"
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

using Guests = std::map<int64_t, std::vector<std::pair<int64_t, std::pair<int64_t, std::string>>>>;

// The support ledger's year (see the file's comment).
template <typename AtDay, typename Pick>
void generate_support_year(db::Database& database, int64_t today, AtDay at_day, Pick pick, const Guests& guests,
                           const std::map<int64_t, std::vector<int64_t>>& dealers_of,
                           std::map<int64_t, std::vector<int64_t>>& people, GenResult& result) {
  struct GenItem {
    const char* kind;
    const char* name;
    const char* unit;
    int64_t cost_fen;
  };
  static const GenItem kItems[] = {{"material", "行业展示易拉宝", "件", 18000},
                                   {"material", "车型展示展架", "套", 120000},
                                   {"material", "行业解决方案折页", "千份", 65000},
                                   {"tool", "公务用车采购政策汇编", "本", 4500},
                                   {"tool", "方案演示平板", "台", 320000}};
  static const char* kGiftWhat[] = {"品牌定制保温杯", "定制笔记本礼盒", "茶具礼盒", "车型模型纪念品"};
  auto rules = support::Rules{};
  int64_t staff = 0, area_manager_fallback = 0;
  std::map<int64_t, int64_t> area_manager;  // province → its area manager
  std::map<int64_t, int64_t> province_of;   // dealer → province
  for (const auto& [province, dealers] : dealers_of)
    for (auto d : dealers) province_of[d] = province;
  std::vector<int64_t> item_ids;
  database.write([&](db::Connection& c) {
    rules = support::load_rules(c);
    if (auto row = c.query_one("SELECT id FROM users WHERE role IN ('ka_staff', 'ka_director') AND active = 1 ORDER BY "
                               "role DESC, id LIMIT 1"))
      staff = row->integer(0);
    for (const auto& row : c.query("SELECT org_unit_id, id FROM users WHERE role = 'area_manager' AND active = 1 "
                                   "ORDER BY id")) {
      area_manager.try_emplace(row.integer(0), row.integer(1));
      if (!area_manager_fallback) area_manager_fallback = row.integer(1);
    }
    int64_t made = at_day(today - 380, 9);
    std::vector<std::vector<std::optional<std::string>>> items;
    auto ids = db::reserve_ids(c, "support_items", std::size(kItems));
    for (size_t i = 0; i < std::size(kItems); ++i) {
      item_ids.push_back(ids[i]);
      items.push_back({db::cell(ids[i]), std::string(kItems[i].kind), std::string(kItems[i].name),
                       std::string(kItems[i].unit), db::cell(kItems[i].cost_fen), db::cell(int64_t{10000000}),
                       std::string("1"), std::string("1"), db::cell(made), db::cell(made)});
    }
    c.copy_rows(
        "support_items",
        {"id", "kind", "name", "unit_label", "unit_cost_fen", "stock", "active", "version", "created_at", "updated_at"},
        items);
  });
  if (!staff) return;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> gifts_given;  // (contact, year) → fen, count
  for (const auto& [dealer, province] : province_of) {
    auto who = people.find(dealer);
    if (who == people.end() || who->second.empty()) continue;
    auto approver_it = area_manager.find(province);
    int64_t approver = approver_it != area_manager.end() ? approver_it->second : area_manager_fallback;
    if (!approver) continue;
    auto guest_it = guests.find(dealer);
    for (int month = 0; month < 12; ++month) {
      // a material every month, a tool every other month, two gifts to key contacts
      std::vector<int> kinds = {0};
      if (month % 2 == 0) kinds.push_back(1);
      if (guest_it != guests.end() && !guest_it->second.empty()) {
        kinds.push_back(2);
        kinds.push_back(2);
      }
      for (size_t n = 0; n < kinds.size(); ++n) {
        int64_t day = today - 360 + int64_t{month} * 30 + pick(28);
        if (day > today) day = today;
        int64_t requester = who->second[static_cast<size_t>(pick(who->second.size()))];
        int64_t age = today - day;
        // the last weeks' are still on their way: pending, approved or issued
        std::string status = age > 21 ? "received" : age > 10 ? "issued" : age > 4 ? "approved" : "pending";
        std::vector<std::optional<std::string>> r(26);
        r[1] = std::string(kinds[n] == 2 ? "gift" : kinds[n] == 1 ? "tool" : "material");
        r[2] = db::cell(dealer);
        r[3] = db::cell(requester);
        int64_t quantity = 0, amount = 0;
        if (kinds[n] == 2) {
          const auto& list = guest_it->second;
          // each contact a gift every half year at most: well within HQ's yearly limit
          const auto& guest = list[static_cast<size_t>((month * 2 + static_cast<int>(n)) % list.size())];
          quantity = 1 + pick(2);
          amount = std::min<int64_t>((100 + pick(300)) * 100, rules.gift_limit_fen / 2);
          // within HQ's limit per contact and calendar year, as the form enforces it
          auto& so_far = gifts_given[{guest.first, calendar::civil_from_days(day).year}];
          if (so_far.first + amount > rules.gift_limit_fen || so_far.second + 1 > rules.gift_count_limit) continue;
          so_far.first += amount;
          so_far.second += 1;
          r[5] = std::string(pick(4) == 0 ? "pr" : "small");
          r[6] = std::string(kGiftWhat[pick(std::size(kGiftWhat))]);
          r[9] = db::cell(guest.second.first);
          r[10] = db::cell(guest.first);
          r[11] = std::string("客户走访答谢");
          ++result.gifts;
        } else {
          size_t item = kinds[n] == 1 ? 3 + static_cast<size_t>(pick(2)) : static_cast<size_t>(pick(3));
          quantity = kinds[n] == 1 ? 1 + pick(kItems[item].cost_fen > 100000 ? 1 : 20) : 1 + pick(8);
          // within the area manager's limit: the generator's requests are approved at the province
          quantity = std::max<int64_t>(1, std::min(quantity, rules.province_limit_fen / kItems[item].cost_fen));
          amount = quantity * kItems[item].cost_fen;
          r[4] = db::cell(item_ids[item]);
          r[6] = std::string(kItems[item].name);
          r[11] = std::string(kinds[n] == 1 ? "重点客户方案演示" : "展厅与走访布置");
        }
        r[7] = db::cell(quantity);
        r[8] = db::cell(amount);
        r[12] = day_text(day);
        r[13] = status;
        r[14] = std::string("province");
        if (status == "pending") {
          r[15] = std::string("province");
          r[16] = db::cell(province);
        }
        int64_t made = at_day(day, 10);
        bool issued = status == "issued" || status == "received";
        if (issued) {
          r[18] = db::cell(kinds[n] == 2 ? requester : staff);
          r[19] = db::cell(at_day(day + 3, 15));
        }
        if (status == "received") {
          r[20] = db::cell(requester);
          r[21] = db::cell(at_day(day + 8, 11));
        }
        r[23] = std::string("1");
        r[24] = db::cell(made);
        r[25] = db::cell(status == "received" ? at_day(day + 8, 11) : made);
        rows.push_back(std::move(r));
      }
    }
  }
  database.write([&](db::Connection& c) {
    auto ids = db::reserve_ids(c, "support_requests", rows.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i][0] = db::cell(ids[i]);
    c.copy_rows("support_requests",
                {"id",          "kind",      "unit_id",        "requested_by", "item_id",       "gift_kind",
                 "description", "quantity",  "amount_fen",     "account_id",   "contact_id",    "purpose",
                 "day",         "status",    "required_level", "next_level",   "next_unit_id",  "decided_note",
                 "issued_by",   "issued_at", "received_by",    "received_at",  "received_note", "version",
                 "created_at",  "updated_at"},
                rows);
    c.execute(
        "UPDATE support_items SET stock = stock - (SELECT COALESCE(SUM(r.quantity), 0) FROM support_requests r WHERE "
        "r.item_id = support_items.id AND r.status IN ('issued', 'received'))");
  });
  result.support_requests = static_cast<int64_t>(rows.size());
  // policy information: each dealer's people feed back a note every other month; the area manager
  // marks most of the older ones (half useful: the reward), the last weeks' wait
  static const char* kNoteTitles[] = {"市财政局公车更新预算提前下达", "公安局执法车框架协议明年续签",
                                      "应急局拟采购应急指挥车", "交通局路政车纳入集中采购目录"};
  std::vector<std::vector<std::optional<std::string>>> notes, rewards;
  for (const auto& [dealer, province] : province_of) {
    auto who = people.find(dealer);
    auto approver_it = area_manager.find(province);
    if (who == people.end() || who->second.empty() || approver_it == area_manager.end()) continue;
    for (int k = 0; k < 6; ++k) {
      int64_t day = std::min(today, today - 360 + int64_t{k} * 60 + pick(50));
      int64_t author = who->second[static_cast<size_t>(pick(who->second.size()))];
      int64_t made = at_day(day, 17);
      bool waiting = today - day < 14;
      bool useful = !waiting && pick(2) == 0;
      int64_t marked = at_day(day + 2, 10);
      notes.push_back({std::nullopt, db::cell(author), db::cell(dealer), std::string(kNoteTitles[pick(4)]),
                       std::string("据采购单位反馈的政策与采购信息，建议提前对接需求。"), std::nullopt,
                       std::string(waiting  ? "submitted"
                                   : useful ? "useful"
                                            : "not_useful"),
                       waiting ? std::nullopt : db::cell(approver_it->second),
                       waiting ? std::nullopt : db::cell(marked), std::nullopt, std::string("1"), db::cell(made),
                       db::cell(waiting ? made : marked)});
      if (useful) {
        auto d = calendar::china_date(marked);
        rewards.push_back({std::nullopt, db::cell(author), db::cell(dealer), db::cell(int64_t{d.year} * 100 + d.month),
                           std::string("note"), std::nullopt, std::nullopt, db::cell(rules.points_per_useful_note),
                           db::cell(rules.points_per_useful_note * rules.fen_per_point), db::cell(marked)});
      }
    }
  }
  database.write([&](db::Connection& c) {
    if (notes.empty()) return;
    auto ids = db::reserve_ids(c, "policy_notes", notes.size());
    size_t r = 0;
    for (size_t i = 0; i < notes.size(); ++i) {
      notes[i][0] = db::cell(ids[i]);
      if (*notes[i][6] == "useful") rewards[r++][5] = db::cell(ids[i]);
    }
    c.copy_rows("policy_notes",
                {"id", "user_id", "unit_id", "title", "body", "account_id", "status", "marked_by", "marked_at",
                 "mark_note", "version", "created_at", "updated_at"},
                notes);
  });
  // the reward of every registration won in the year, to who registered it
  database.write([&](db::Connection& c) {
    for (const auto& row : c.query(
             "SELECT r.id, r.registered_by, p.org_unit_id, o.id, o.closed_at FROM opportunities o JOIN registrations r "
             "ON r.id = o.registration_id JOIN users p ON p.id = r.registered_by WHERE o.stage = 'won' AND o.closed_at "
             ">= ? AND NOT EXISTS (SELECT 1 FROM feedback_rewards f WHERE f.source = 'registration' AND f.source_id = "
             "r.id) ORDER BY r.id",
             {at_day(today - 365, 0)})) {
      auto d = calendar::china_date(row.integer(4));
      rewards.push_back({std::nullopt, db::cell(row.integer(1)), db::cell(row.integer(2)),
                         db::cell(int64_t{d.year} * 100 + d.month), std::string("registration"),
                         db::cell(row.integer(0)), db::cell(row.integer(3)),
                         db::cell(rules.points_per_won_registration),
                         db::cell(rules.points_per_won_registration * rules.fen_per_point), db::cell(row.integer(4))});
    }
    if (rewards.empty()) return;
    auto ids = db::reserve_ids(c, "feedback_rewards", rewards.size());
    for (size_t i = 0; i < rewards.size(); ++i) rewards[i][0] = db::cell(ids[i]);
    c.copy_rows("feedback_rewards",
                {"id", "user_id", "unit_id", "month", "source", "source_id", "opportunity_id", "points", "amount_fen",
                 "created_at"},
                rewards);
  });
  result.rewards = static_cast<int64_t>(rewards.size());
}

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
    satisfaction::rebuild_rollup(c);
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
  generate_support_year(database, today, at_day, pick, guests, dealers_of, people, result);
  auto lease = database.acquire();
  lease->execute_script(database.dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
  return result;
}

}  // namespace fleetkam::app
