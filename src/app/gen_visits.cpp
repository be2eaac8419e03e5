// `fleetkam gen`'s visits (拜访/跟进): a year of them by the dealers' people on their dealers'
// accounts — key accounts six times as often as potential ones, secondary twice — with 0–3 of
// the account's contacts each, a share following up one of the account's opportunities, and next
// steps: the ones due before the last two days done (all but a few), the recent ones open. Written
// in occurred order with copy_rows (COPY on PostgreSQL); the visits' indexes (read from the
// database, so they are the migration's own) are dropped for the load and built after it, which
// sorts once instead of inserting 5 million keys at random places. accounts.last_visit_at is set
// from the visits in one statement.
#include <algorithm>
#include <map>
#include <random>

#include "app/gen.h"
#include "platform/clock.h"
#include "platform/db/bulk.h"

namespace fleetkam::app {
namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kHour = 3600000;
constexpr int64_t kChinaOffset = 8 * kHour;

const char* kSummaries[] = {
    "拜访装备科，了解车辆更新计划和预算安排",
    "电话沟通采购进度，对方预算已报财政审批",
    "接待客户来店参观样车，重点关注底盘和改装质量",
    "与分管领导会谈，介绍厂家大客户支持政策",
    "现场演示专用车，使用部门对空调和座椅评价较好",
    "了解招标时间表，预计下季度发布公告",
    "回访已交付车辆使用情况，驾驶员反馈良好",
    "沟通协议供货目录入围事宜，需补充资质文件",
    "拜访财务部门，确认资金来源和付款方式",
    "了解竞品报价情况，对方认为我方价格偏高",
    "陪同区域经理拜访，介绍省内同类项目案例",
    "电话确认技术参数，对方要求增加车载电源",
    "参加客户内部论证会，讲解配置方案",
    "接待客户驾驶员试驾，对通过性满意",
    "拜访使用部门，了解现有车辆车况和更新周期",
    "沟通售后服务网点和保养方案",
};
const char* kNextSteps[] = {
    "送报价单",         "提交配置方案", "安排试驾",     "补充资质文件", "约见分管领导",
    "提供同类用户案例", "确认技术参数", "跟进招标公告", "回访使用部门", "协调改装厂报价",
};

// China day YYYY-MM-DD of a moment.
std::string day_of(int64_t ms) { return clock::format_rfc3339(ms).substr(0, 10); }

}  // namespace

GenResult generate_visits(db::Database& database, const GenOptions& options,
                          const std::function<void(int64_t)>& progress) {
  GenResult result;
  if (options.visits <= 0) return result;
  struct Target {
    int64_t id, unit;
    int grade;
    uint32_t contacts_from = 0, contacts_to = 0;            // range in `contacts`
    uint32_t opportunities_from = 0, opportunities_to = 0;  // range in `opps`
  };
  std::vector<Target> targets;
  std::vector<int64_t> contacts, opps;
  std::map<int64_t, std::vector<int64_t>> sellers;  // unit → its people
  database.read([&](db::Connection& c) {
    for (const auto& row : c.query("SELECT org_unit_id, id FROM users WHERE active = 1 AND role IN ('sales_rep', "
                                   "'dealer_manager') ORDER BY id"))
      sellers[row.integer(0)].push_back(row.integer(1));
    std::map<int64_t, size_t> index;
    for (const auto& row : c.query("SELECT id, owner_unit_id, grade FROM accounts WHERE active = 1 ORDER BY id")) {
      if (!sellers.count(row.integer(1))) continue;  // a province's own: nobody to visit it
      const auto& g = row.text(2);
      index[row.integer(0)] = targets.size();
      targets.push_back({row.integer(0), row.integer(1), g == "key" ? 0 : g == "secondary" ? 1 : 2});
    }
    // contacts and opportunities grouped by account, as ranges of one array each
    auto group = [&](const std::string& sql, std::vector<int64_t>& into, uint32_t Target::*from, uint32_t Target::*to) {
      int64_t current = -1;
      for (const auto& row : c.query(sql)) {
        auto account = row.integer(0);
        auto found = index.find(account);
        if (found == index.end()) continue;
        auto& t = targets[found->second];
        if (account != current) {
          t.*from = static_cast<uint32_t>(into.size());
          current = account;
        }
        into.push_back(row.integer(1));
        t.*to = static_cast<uint32_t>(into.size());
      }
    };
    group("SELECT account_id, id FROM contacts WHERE active = 1 ORDER BY account_id, id", contacts,
          &Target::contacts_from, &Target::contacts_to);
    group("SELECT account_id, id FROM opportunities ORDER BY account_id, id", opps, &Target::opportunities_from,
          &Target::opportunities_to);
  });
  if (targets.empty()) return result;
  std::vector<uint32_t> weighted;  // key accounts weigh 6, secondary 2, potential 1
  for (size_t i = 0; i < targets.size(); ++i) {
    int weight = targets[i].grade == 0 ? 6 : targets[i].grade == 1 ? 2 : 1;
    for (int k = 0; k < weight; ++k) weighted.push_back(static_cast<uint32_t>(i));
  }
  std::mt19937_64 random(options.seed + 13);
  auto pick = [&](uint64_t n) { return static_cast<int64_t>(random() % n); };
  int64_t now = clock::now_ms();
  int64_t today_start = (now + kChinaOffset) / kDay * kDay - kChinaOffset;
  std::string today = day_of(now);

  // when and where each visit happens, in time order (ids follow it)
  struct Planned {
    int64_t at;
    uint32_t target;
  };
  std::vector<Planned> plan(static_cast<size_t>(options.visits));
  for (auto& p : plan) {
    // a working day's hours, 08:00–18:00 China, over the 365 days up to today
    int64_t day = today_start - pick(365) * kDay;
    p.at = day + 8 * kHour + pick(10 * kHour);
    if (p.at > now) p.at = now - pick(kHour) - 1;
    p.target = weighted[static_cast<size_t>(pick(weighted.size()))];
  }
  std::sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.at < b.at; });

  // the visits' own indexes, dropped for the load and built again after it
  std::vector<std::pair<std::string, std::string>> indexes;
  database.write([&](db::Connection& c) {
    auto rows = c.dialect() == db::Dialect::postgres
                    ? c.query(
                          "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'visits' AND indexname <> "
                          "'visits_pkey'")
                    : c.query(
                          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'visits' AND "
                          "sql IS NOT NULL");
    for (const auto& row : rows) indexes.emplace_back(row.text(0), row.text(1));
    for (const auto& [name, sql] : indexes) c.execute("DROP INDEX " + name);
  });

  const char* kinds[] = {"visit", "visit", "visit", "visit", "call", "call", "call", "reception", "meeting", "demo"};
  const size_t batch = 100000;
  for (size_t start = 0; start < plan.size(); start += batch) {
    size_t n = std::min(batch, plan.size() - start);
    database.write([&](db::Connection& c) {
      auto ids = db::reserve_ids(c, "visits", n);
      std::vector<std::vector<std::optional<std::string>>> rows, links;
      rows.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        const auto& p = plan[start + i];
        const auto& t = targets[p.target];
        const auto& people = sellers.at(t.unit);
        int64_t user = people[static_cast<size_t>(pick(people.size()))];
        std::optional<std::string> opportunity;
        if (t.opportunities_to > t.opportunities_from && pick(100) < 35)
          opportunity = db::cell(
              opps[t.opportunities_from + static_cast<size_t>(pick(t.opportunities_to - t.opportunities_from))]);
        std::optional<std::string> step, due, done;
        int64_t done_at = 0;
        if (pick(100) < 45) {
          step = std::string(kNextSteps[pick(std::size(kNextSteps))]);
          int64_t due_day = (p.at + kChinaOffset) / kDay * kDay - kChinaOffset + (3 + pick(19)) * kDay;
          due = day_of(due_day + 12 * kHour);
          // done on or near its due day when that is two days past; a few are left behind
          if (due_day < today_start - 2 * kDay && pick(100) < 98)
            done_at = std::min(now, due_day - pick(2) * kDay + 9 * kHour + pick(9 * kHour));
          if (done_at) done = db::cell(done_at);
        }
        int64_t logged = std::min(now, p.at + kHour + pick(3 * kHour));
        rows.push_back({db::cell(ids[i]), db::cell(t.id), opportunity, db::cell(user), db::cell(t.unit),
                        std::string(kinds[pick(std::size(kinds))]), db::cell(p.at),
                        std::string(kSummaries[pick(std::size(kSummaries))]), step, due, done, std::string("1"),
                        db::cell(logged), db::cell(std::max(logged, done_at))});
        if (t.contacts_to > t.contacts_from) {
          // 0–3 of the account's contacts, without repeats
          auto on_file = static_cast<int64_t>(t.contacts_to - t.contacts_from);
          auto met = std::min<int64_t>(on_file, pick(100) < 25 ? 0 : 1 + pick(3));
          auto first = pick(static_cast<uint64_t>(on_file));
          for (int64_t k = 0; k < met; ++k)
            links.push_back(
                {db::cell(ids[i]), db::cell(contacts[t.contacts_from + static_cast<size_t>((first + k) % on_file)])});
        }
      }
      c.copy_rows("visits",
                  {"id", "account_id", "opportunity_id", "user_id", "unit_id", "kind", "occurred_at", "summary",
                   "next_step", "next_step_due", "next_step_done_at", "version", "created_at", "updated_at"},
                  rows);
      c.copy_rows("visit_contacts", {"visit_id", "contact_id"}, links);
      result.visit_contacts += static_cast<int64_t>(links.size());
    });
    result.visits += static_cast<int64_t>(n);
    if (progress) progress(result.visits);
  }
  database.write([&](db::Connection& c) {
    for (const auto& [name, sql] : indexes) c.execute(sql);
    // the latest visit of each account, as every visit written through the service keeps it
    c.execute(
        "UPDATE accounts SET last_visit_at = (SELECT MAX(v.occurred_at) FROM visits v WHERE v.account_id = "
        "accounts.id) WHERE id IN (SELECT DISTINCT account_id FROM visits)");
  });
  auto lease = database.acquire();
  lease->execute_script(database.dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
  return result;
}

}  // namespace fleetkam::app
