// The demo's visits (拜访/跟进): the Sichuan dealers' people (rep_chengdu, dm_chengdu, rep_zigong)
// and their area manager meeting their accounts over the last five weeks, each with the contacts
// met, what happened and the next step — most of the older ones done, two due today, two past
// their date — written through VisitService (the checks of user input) with the clock pinned to
// shortly after each meeting. 成都市公安局交通警察支队, a key account, is never visited and
// 成都市消防救援支队's last visit is older than the key grade's 14 days: both are flagged.
#include <algorithm>
#include <stdexcept>

#include "app/demo_pipeline.h"
#include "modules/org/service.h"
#include "modules/visits/service.h"
#include "platform/clock.h"

namespace fleetkam::app {
namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kHour = 3600000;

struct DemoVisit {
  const char* who;
  const char* account;
  int days_ago;
  int hour;  // China time
  const char* kind;
  std::vector<const char*> roles;  // the contacts met, by buying role
  const char* summary;
  const char* next_step = nullptr;
  int due_from_today = 0;             // the next step's due day, from today
  bool done = false;                  // done on its due day
  const char* opportunity = nullptr;  // the title of the account's opportunity it follows up
};

const std::vector<DemoVisit>& demo_visits() {
  static const std::vector<DemoVisit> list = {
      {"rep_chengdu",
       "成都市公安局",
       34,
       10,
       "visit",
       {"decision_maker", "finance"},
       "拜访装备财务处和分管副局长，了解明年警用车辆更新计划：拟更新警备车10台、押解囚车6台，预算已报市财政。",
       "整理警备车与囚车配置方案，送装备科审阅",
       -27,
       true},
      {"am_sichuan",
       "成都市公安局",
       26,
       15,
       "visit",
       {"decision_maker"},
       "区域经理陪同拜访，向局领导介绍厂家大客户支持政策和省内同类项目的交付情况。",
       "申请厂家技术支持人员到场答疑",
       -18,
       true},
      {"rep_chengdu",
       "成都市公安局",
       26,
       10,
       "demo",
       {"evaluator", "operator"},
       "在看守所现场演示JX5045XQC囚车，装备科对安全隔离舱和空调评价较好，提出加装车内监控。",
       "协调改装厂确认监控加装方案与报价",
       -19,
       true,
       "看守所押解囚车采购项目"},
      {"rep_chengdu",
       "成都市公安局",
       12,
       14,
       "meeting",
       {"decision_maker", "evaluator"},
       "与局领导会谈招标时间表，预计下月发布招标公告；竞品上汽大通报价偏低，需突出售后网点优势。",
       "准备投标资质文件与本省业绩证明",
       -3,
       false,
       "看守所押解囚车采购项目"},
      {"dm_chengdu",
       "成都市公安局",
       12,
       14,
       "meeting",
       {"decision_maker"},
       "陪同销售顾问与局领导会谈，承诺交付后三年免费保养和驾驶员培训。"},
      {"rep_chengdu",
       "成都市消防救援支队",
       20,
       9,
       "visit",
       {"decision_maker", "evaluator"},
       "拜访支队战勤保障处，了解应急通信指挥车需求，支队关注底盘通过性和车载电源。",
       "邀请支队参加成都车展大客户专场试驾",
       0},
      {"dm_chengdu",
       "成都市卫生健康委员会",
       18,
       16,
       "reception",
       {"decision_maker"},
       "接待卫健委规划财务处来店参观，介绍防疫车和急救转运车型。",
       "安排卫健委驾驶员试驾",
       -11,
       true},
      {"rep_chengdu",
       "成都市卫生健康委员会",
       8,
       11,
       "call",
       {"finance"},
       "电话沟通协议供货目录入围情况，计划财务科确认今年预算剩余额度。",
       "报送协议供货价格清单",
       4},
      {"rep_chengdu",
       "成都市疾病预防控制中心",
       15,
       10,
       "reception",
       {"decision_maker", "finance"},
       "接待疾控中心来店参观化验车样车，确认检测舱布局与冷藏设备要求。",
       "提供化验车改装技术参数表",
       -8,
       true,
       "卫生应急检测化验车采购项目（报备转商机）"},
      {"rep_chengdu",
       "成都市交通运输局",
       5,
       15,
       "visit",
       {"decision_maker"},
       "拜访执法支队，介绍JX5030XZF执法车，对方希望先试驾再定参数。",
       "约执法支队到店试驾",
       3,
       false,
       "交通综合行政执法车辆采购"},
      {"rep_chengdu",
       "成都市公路管理局",
       3,
       10,
       "call",
       {"decision_maker"},
       "电话回访路政巡查车需求，对方本季度无新增预算，明年一季度再联系。"},
      {"rep_chengdu",
       "成都市应急管理局",
       2,
       9,
       "visit",
       {"decision_maker"},
       "拜访应急管理局，指挥车方案已进入评估比较阶段，对方要求提供同类用户案例。",
       "提交指挥车方案与用户案例",
       0,
       false,
       "应急指挥车采购项目"},
      {"rep_zigong",
       "自贡市公安局",
       9,
       10,
       "visit",
       {"decision_maker", "evaluator"},
       "拜访治安支队，了解押解车辆更新需求，预计采购囚车3台。",
       "送囚车样册与报价",
       -1},
      {"rep_zigong",
       "自贡市消防救援支队",
       4,
       15,
       "call",
       {"decision_maker"},
       "电话联系支队长办公室，约定下周当面汇报指挥车方案。",
       "当面汇报指挥车方案",
       2},
      {"rep_zigong",
       "自贡市人民检察院",
       16,
       10,
       "visit",
       {"decision_maker"},
       "拜访检察院办公室，了解执法执勤车辆编制情况，暂无采购计划。"},
  };
  return list;
}

int64_t morning_of(const std::string& day) { return *clock::parse_rfc3339(day + "T10:00:00+08:00"); }

}  // namespace

void load_visits(visits::VisitService& service, accounts::AccountService& accounts,
                 opportunities::OpportunityService* opportunities, std::map<std::string, auth::Principal>& people,
                 const Owned& chengdu_accounts, const Owned& zigong_accounts) {
  auto system = org::OrgService::system_principal();
  int64_t now = clock::now_ms();
  // midnight of today in China, and the day `days` from today
  int64_t today_start = (now + 8 * kHour) / kDay * kDay - 8 * kHour;
  auto day_from_today = [&](int days) {
    return clock::format_rfc3339(today_start + days * kDay + 12 * kHour).substr(0, 10);
  };
  struct Done {
    int64_t at;
    const auth::Principal* who;
    int64_t id;
  };
  std::vector<Done> to_mark;
  try {
    for (const auto& d : demo_visits()) {
      if (!people.count(d.who)) continue;
      const auto& who = people.at(d.who);
      const Owned& owned = chengdu_accounts.count(d.account) ? chengdu_accounts : zigong_accounts;
      auto found = owned.find(d.account);
      if (found == owned.end()) throw std::runtime_error(std::string("the demo has no account ") + d.account);
      const auto& account = found->second;
      visits::VisitInput in;
      in.account_id = account.id;
      in.kind = d.kind;
      int64_t occurred = today_start - d.days_ago * kDay + d.hour * kHour;
      in.occurred_at = occurred;
      in.summary = d.summary;
      std::vector<int64_t> contacts;
      auto on_file = accounts.contacts(system, account.id);
      for (const char* role : d.roles) {
        for (const auto& k : on_file) {
          if (k.buying_role == role && std::find(contacts.begin(), contacts.end(), k.id) == contacts.end()) {
            contacts.push_back(k.id);
            break;
          }
        }
      }
      in.contact_ids = contacts;
      if (d.next_step) {
        in.next_step = d.next_step;
        in.next_step_due = day_from_today(d.due_from_today);
      }
      if (d.opportunity && opportunities) {
        opportunities::OpportunityFilter filter;
        filter.account_id = account.id;
        for (const auto& o : opportunities->list(who, filter))
          if (o.title == d.opportunity) in.opportunity_id = o.id;
        if (!in.opportunity_id) throw std::runtime_error(std::string("the demo has no opportunity ") + d.opportunity);
      }
      clock::pin(std::min(now, occurred + 2 * kHour));  // logged soon after
      auto made = service.create(who, in);
      if (d.done) to_mark.push_back({std::min(now, morning_of(*in.next_step_due)), &who, made.id});
    }
    std::sort(to_mark.begin(), to_mark.end(), [](const Done& a, const Done& b) { return a.at < b.at; });
    for (const auto& d : to_mark) {
      clock::pin(d.at);
      auto v = service.get(*d.who, d.id);
      service.set_next_step_done(*d.who, d.id, v.version, true);
    }
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
