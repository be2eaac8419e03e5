// Calendar reports (周报/月报): the weekly key-account tracking table (重点大客户关系维系跟踪表), the
// monthly statistics table (大客户统计表) and work summary (月度工作总结表); their drafts,
// submissions, corrections (new revisions), reviewers' comments and .xlsx export; the overdue
// board (逾期看板) and HQ's deadline moves (调整截止时间).
//
// The records are the generated types (schema.d.ts); a report's `content`, which the schema
// leaves open ("by kind"), is typed here from docs/api-notes.md ("Calendar reports (周报/月报)").
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type ReportSummary = Schemas['ReportSummary'];
export type ReportKind = ReportSummary['kind'];
/** 待提交, 已提交 (on time), 迟交 (submitted after due_at), 缺交 (not submitted, due_at passed). */
export type ReportStatus = ReportSummary['status'];
export type ReportComment = Schemas['ReportComment'];
export type ReportPeriod = Schemas['ReportPeriod'];
export type Board = Schemas['ReportBoard'];
export type BoardCounts = Board['totals'];
export type BoardUnit = Board['units'][number];
export type ReportList = Schemas['ReportList'];

export const REPORT_KINDS: readonly ReportKind[] = ['weekly_tracking', 'monthly_stats', 'monthly_summary'];
export const REPORT_STATUSES: readonly ReportStatus[] = ['open', 'submitted', 'late', 'missing'];

export const JUDGEMENT_LEVELS = ['high', 'medium', 'low'] as const;
/** 价值分析 / 难度评估: 高 / 中 / 低. */
export type JudgementLevel = (typeof JUDGEMENT_LEVELS)[number];
export const AUTHENTICITIES = ['confirmed', 'doubtful', 'false'] as const;
/** 真实性: 真实 / 存疑 / 不实. */
export type Authenticity = (typeof AUTHENTICITIES)[number];

export interface ReportVisit {
  id: number;
  occurred_at: string;
  kind: string;
  summary: string;
  user_name: string;
}

export interface StageMove {
  opportunity_id: number;
  title: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
}

/** The four judgements and the note: what a person fills in each row of the weekly table. */
export interface WeeklyJudgements {
  /** 成交概率 0–100. */
  deal_probability: number | null;
  value_analysis: JudgementLevel | null;
  difficulty: JudgementLevel | null;
  authenticity: Authenticity | null;
  note: string | null;
}

export interface WeeklyRow extends WeeklyJudgements {
  account_id: number;
  account_name: string;
  grade: string;
  visits: ReportVisit[];
  moves: StageMove[];
  open_opportunities: number;
  /** The judgements come from the person's last submitted table (沿用上周). */
  carried: boolean;
}

export interface WeeklyContent {
  rows: WeeklyRow[];
}

export interface MonthlyStatsDeal {
  opportunity_id: number;
  title: string;
  account_name: string;
  won_at: string | null;
  won_units: number;
  amount_fen: number;
  delivered_units: number;
}

/** The four figures a person confirms or corrects. */
export const STATS_FIGURES = ['won_count', 'won_units', 'amount_fen', 'delivered_units'] as const;
export type StatsFigure = (typeof STATS_FIGURES)[number];

export interface MonthlyStatsContent {
  won_count: number;
  won_units: number;
  amount_fen: number;
  delivered_units: number;
  note: string | null;
  deals: MonthlyStatsDeal[];
}

export interface SummaryFigures {
  target_units: number | null;
  delivered_units: number;
  attainment_pct: number | null;
  won_units: number;
  registrations: number;
  visits: number;
}

/** The five sections of the monthly summary, in the order of the form. */
export const SUMMARY_SECTIONS = ['results', 'key_accounts', 'problems', 'support_needed', 'next_month_plan'] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];
/** The sections a submission must fill. */
export const REQUIRED_SECTIONS: readonly SummarySection[] = ['results', 'key_accounts', 'next_month_plan'];
/** Each section's limit (characters). */
export const SECTION_MAX = 4000;

export type MonthlySummaryContent = { figures: SummaryFigures } & Record<SummarySection, string | null>;

export type ReportContent = WeeklyContent | MonthlyStatsContent | MonthlySummaryContent;

type ReportDetail = Schemas['Report'];
export type ReportRevision = Omit<ReportDetail['revisions'][number], 'content'> & { content: ReportContent };
export type ReportDifference = ReportDetail['differences'][number];

/** A report with its content typed by kind. */
export type Report = Omit<ReportDetail, 'content' | 'revisions'> & { content: ReportContent; revisions: ReportRevision[] };

export interface ReportFilter {
  kind?: ReportKind;
  period?: string;
  status?: readonly ReportStatus[];
  user_id?: number;
  unit_id?: number;
  limit?: number;
  cursor?: string;
}

export type WeeklyRowBody = Pick<WeeklyRow, 'account_id'> & WeeklyJudgements;
export type WeeklyBody = { rows: WeeklyRowBody[] };
export type MonthlyStatsBody = Pick<MonthlyStatsContent, StatsFigure | 'note'>;
export type MonthlySummaryBody = Record<SummarySection, string | null>;
/** What a draft or a submission sends besides `version` (and a correction's reason). */
export type ReportBody = WeeklyBody | MonthlyStatsBody | MonthlySummaryBody;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function listReports(filter: ReportFilter = {}, signal?: AbortSignal): Promise<ReportList> {
  const { status, ...rest } = filter;
  return http.get<ReportList>('/reports', { ...rest, status: status?.length ? status.join(',') : undefined }, { signal });
}

export function getReport(id: number, signal?: AbortSignal): Promise<Report> {
  return http.get<Report>(`/reports/${id}`, undefined, { signal });
}

export function saveDraft(id: number, version: number, body: ReportBody): Promise<Report> {
  return http.post<Report>(`/reports/${id}/draft`, { version, ...body });
}

export function submitReport(id: number, version: number, body: ReportBody, correctionReason?: string): Promise<Report> {
  return http.post<Report>(`/reports/${id}/submit`, {
    version,
    ...(correctionReason === undefined ? {} : { correction_reason: correctionReason }),
    ...body,
  });
}

export function addComment(id: number, body: string): Promise<ReportComment> {
  return http.post<ReportComment>(`/reports/${id}/comments`, { body });
}

export async function exportReport(id: number): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile(`/reports/${id}/export`, undefined, { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getBoard(query: { kind: ReportKind; period?: string; unit_id?: number }, signal?: AbortSignal): Promise<Board> {
  return http.get<Board>('/report-board', { ...query }, { signal });
}

export function listPeriods(query: { kind: ReportKind; from?: string; to?: string }, signal?: AbortSignal): Promise<Schemas['ReportPeriodList']> {
  return http.get<Schemas['ReportPeriodList']>('/report-periods', { ...query }, { signal });
}

export function movePeriod(kind: ReportKind, period: string, body: Schemas['ReportPeriodMove']): Promise<ReportPeriod> {
  return http.put<ReportPeriod>(`/report-periods/${kind}/${period}`, body);
}
