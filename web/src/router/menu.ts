// The side menu: one entry per page, each with the permissions that show it (any of them).
import type { Component } from 'vue';
import { Collection, Document, DataAnalysis, Grid, HomeFilled, List, OfficeBuilding, Stamp, Suitcase, Tickets, User } from '@element-plus/icons-vue';
import {
  Medal,
  Memo,
  Aim,
  AlarmClock,
  Calendar,
  ChatDotRound,
  EditPen,
  Flag,
  Finished,
  Money,
  Notebook,
  Odometer,
  PieChart,
  Promotion,
  Service,
  Timer,
  TrendCharts,
  Van,
} from '@element-plus/icons-vue';
import { Box, DataLine, Files, Location, Postcard, Tools, Trophy, Wallet } from '@element-plus/icons-vue';
import { Checked, MapLocation } from '@element-plus/icons-vue';
import { BOARD_PERMISSIONS } from '@/api/boards';
import { isAllowed } from '@/utils/permissions';

export interface MenuEntry {
  /** Route name, also the menu index. */
  name: string;
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: Component;
  /** Shown when the user holds any of these; none means every signed-in user. */
  anyOf?: readonly string[];
}

export const MENU: readonly MenuEntry[] = [
  { name: 'home', path: '/', label: 'menu.home', icon: HomeFilled },
  { name: 'org', path: '/org', label: 'menu.org', icon: OfficeBuilding, anyOf: ['org.read', 'org.manage'] },
  { name: 'users', path: '/users', label: 'menu.users', icon: User, anyOf: ['users.read', 'users.manage'] },
  { name: 'accounts', path: '/accounts', label: 'menu.accounts', icon: Suitcase, anyOf: ['accounts.read'] },
  // 报备 (lead registration), its review queue and its stats.
  {
    name: 'registrations',
    path: '/registrations',
    label: 'registrations.menu.list',
    icon: Tickets,
    anyOf: ['registrations.read'],
  },
  {
    name: 'registration-review',
    path: '/registrations/review',
    label: 'registrations.menu.review',
    icon: Stamp,
    anyOf: ['registrations.review'],
  },
  {
    name: 'registration-stats',
    path: '/registrations/stats',
    label: 'registrations.menu.stats',
    icon: DataAnalysis,
    anyOf: ['registrations.stats'],
  },
  // 拜访/跟进: the quick form and the next steps for those who meet customers, and the accounts
  // not visited within their grade's days for everyone who reads visits.
  { name: 'visit-new', path: '/visits/new', label: 'visits.menu.log', icon: EditPen, anyOf: ['visits.log'] },
  { name: 'next-steps', path: '/next-steps', label: 'visits.menu.nextSteps', icon: Finished, anyOf: ['visits.log'] },
  { name: 'unvisited', path: '/unvisited-accounts', label: 'visits.menu.unvisited', icon: AlarmClock, anyOf: ['visits.read'] },
  // 活动管理: exhibitions and promotion events (展销会、推广会) — planned by a unit's managers, guests
  // invited and checked in by the sales side, read by every role but admin.
  { name: 'events', path: '/events', label: 'events.menu', icon: Promotion, anyOf: ['events.read'] },
  // 商机 (opportunities): the pipeline board and the list.
  {
    name: 'opportunity-board',
    path: '/opportunities/board',
    label: 'opportunities.menu.board',
    icon: Grid,
    anyOf: ['opportunities.read'],
  },
  {
    name: 'opportunities',
    path: '/opportunities',
    label: 'opportunities.menu.list',
    icon: List,
    anyOf: ['opportunities.read'],
  },
  // 报价审批, 招标日历, 车型目录 and 价值金字塔.
  { name: 'quote-inbox', path: '/quotes/inbox', label: 'quotes.menu.inbox', icon: Money, anyOf: ['quotes.approve'] },
  { name: 'tender-calendar', path: '/tenders', label: 'tenders.menu.calendar', icon: Calendar, anyOf: ['opportunities.read'] },
  // 协议供货 and 入围覆盖: the framework agreements, their applications to get listed (入围) and which
  // province's categories are listed; read by every role but admin, run by HQ's KA department,
  // regional directors and area managers (agreements.manage).
  { name: 'agreements', path: '/agreements', label: 'agreements.menu.list', icon: Checked, anyOf: ['agreements.read'] },
  { name: 'agreement-coverage', path: '/agreements/coverage', label: 'agreements.menu.coverage', icon: MapLocation, anyOf: ['agreements.read'] },
  {
    name: 'vehicle-models',
    path: '/catalogue/vehicle-models',
    label: 'catalogue.menu.models',
    icon: Van,
    anyOf: ['opportunities.read'],
  },
  // 改装厂供货政策: the upfitters' supply policies per model, read with the catalogue, edited by
  // catalogue.manage.
  {
    name: 'support-upfitter-policies',
    path: '/support/upfitter-policies',
    label: 'support.menu.policies',
    icon: Tools,
    anyOf: ['opportunities.read'],
  },
  // 赢单概率设置: HQ's win probability by stage.
  {
    name: 'stage-probabilities',
    path: '/opportunities/stage-probabilities',
    label: 'probabilities.menu',
    icon: Odometer,
    anyOf: ['settings.manage'],
  },
  // 拜访频次: HQ's days per grade between visits.
  { name: 'visit-rules', path: '/visits/rules', label: 'visits.menu.rules', icon: Timer, anyOf: ['visits.rules'] },
  { name: 'pyramid', path: '/insights/pyramid', label: 'insights.menu.pyramid', icon: TrendCharts, anyOf: ['opportunities.read'] },
  // 业绩看板: 目标达成, 商机漏斗, 报备, 价值金字塔, 报表及时率与考核 and 满意度 of the caller's scope on one
  // page; every role but admin (the boards have no permission of their own: see BOARD_PERMISSIONS).
  { name: 'boards', path: '/boards', label: 'boards.menu', icon: DataLine, anyOf: BOARD_PERMISSIONS },
  // 目标: the plans (目标分解), each province's split, attainment (达成) and forecast (预测);
  // every role reads them in its scope, HQ's KA director plans (targets.plan).
  { name: 'targets', path: '/targets', label: 'targets.menu', icon: Aim, anyOf: ['targets.read', 'targets.plan', 'targets.split'] },
  // 报表: the calendar reports (周跟踪表, 大客户统计表, 月度工作总结) dealer people file
  // (reports.submit) and everyone above reviews in their scope (reports.review); 逾期看板 for area
  // managers, regional directors and HQ.
  { name: 'reports', path: '/reports', label: 'reports.menu.list', icon: Notebook, anyOf: ['reports.submit', 'reports.review'] },
  { name: 'report-board', path: '/reports/board', label: 'reports.menu.board', icon: AlarmClock, anyOf: ['reports.board'] },
  // 月度考核: the scoreboard in the caller's scope (a sales rep: their own scores) and the close
  // (KA staff compile, the KA director reviews, the KA executive approves).
  { name: 'assessments', path: '/assessments', label: 'assessment.menu', icon: Medal, anyOf: ['assessment.read'] },
  // 整改: rectification orders — raised by HQ's KA department and regional directors, answered by
  // area managers and dealers, read by every role but admin.
  { name: 'rectifications', path: '/rectifications', label: 'rectification.menu', icon: Flag, anyOf: ['rectification.read'] },
  // 客户满意度: the follow-up calls after delivery (recorded by the dealer's people and area
  // managers, low scores reviewed by area managers and above), the complaints they raise and the
  // scores by month, unit and model; read by every role but admin.
  { name: 'satisfaction', path: '/satisfaction', label: 'satisfaction.menu.followups', icon: Service, anyOf: ['satisfaction.read'] },
  { name: 'complaints', path: '/complaints', label: 'satisfaction.menu.complaints', icon: ChatDotRound, anyOf: ['satisfaction.read'] },
  { name: 'satisfaction-board', path: '/satisfaction/board', label: 'satisfaction.menu.board', icon: PieChart, anyOf: ['satisfaction.read'] },
  // 支持台账 (人、机、料、法): the support requests (materials, tools, gifts) and their approval, the
  // ledger per unit and year, HQ's items and stock (with HQ's rules), HQ's dedicated visits, policy
  // information fed back and the feedback rewards; read by every role but admin.
  { name: 'support', path: '/support', label: 'support.menu.requests', icon: Files, anyOf: ['support.read'] },
  { name: 'support-ledger', path: '/support/ledger', label: 'support.menu.ledger', icon: Wallet, anyOf: ['support.read'] },
  { name: 'support-items', path: '/support/items', label: 'support.menu.items', icon: Box, anyOf: ['support.read'] },
  { name: 'support-hq-visits', path: '/support/hq-visits', label: 'support.menu.hqVisits', icon: Location, anyOf: ['support.read'] },
  { name: 'support-policy-notes', path: '/support/policy-notes', label: 'support.menu.notes', icon: Postcard, anyOf: ['support.read'] },
  { name: 'support-rewards', path: '/support/rewards', label: 'support.menu.rewards', icon: Trophy, anyOf: ['support.read'] },
  // 考核模板: the five items' weights, criteria and scoring rules, changed by HQ's KA director
  // (others reach the page, read-only, from 月度考核).
  {
    name: 'assessment-templates',
    path: '/assessments/templates',
    label: 'assessment.templates.menu',
    icon: Memo,
    anyOf: ['assessment.template'],
  },
  {
    name: 'directories',
    path: '/directories',
    label: 'menu.directories',
    icon: Collection,
    anyOf: ['directories.manage'],
  },
  // 操作日志: the audit trail (HQ roles with audit.read; the server refuses other units).
  { name: 'audit', path: '/audit', label: 'menu.audit', icon: Document, anyOf: ['audit.read'] },
];

export function visibleMenu(entries: readonly MenuEntry[], held: ReadonlySet<string>): MenuEntry[] {
  return entries.filter((entry) => isAllowed(entry.anyOf, held));
}
