// The monthly assessment (考核): the scoreboard, one person's scores with their evidence, the
// reviewer scores and adjustments, and the month's close (汇总 → 审核 → 批准, 重新打开).
//
// The records are the generated types (schema.d.ts); a person's `detail` (each item with its
// criteria, scores, comments, adjustments and evidence), which the schema leaves open, is typed
// here from docs/api-notes.md ("Monthly assessment").
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type AssessmentMonth = Schemas['AssessmentMonth'];
export type AssessmentList = Schemas['AssessmentList'];
export type AssessmentRow = Schemas['AssessmentRow'];
export type AssessmentUnit = AssessmentList['units'][number];
export type AssessmentPerson = Omit<Schemas['AssessmentPerson'], 'detail'> & { detail: AssessmentItem[] };
export type ItemCode = AssessmentRow['items'][number]['code'];
export type CloseStep = 'compile' | 'review' | 'approve' | 'reopen';
export type AssessmentTemplate = Schemas['AssessmentTemplate'];
export type AssessmentTemplateList = Schemas['AssessmentTemplateList'];
export type AssessmentTemplateInput = Schemas['AssessmentTemplateInput'];

export const ITEM_CODES: readonly ItemCode[] = ['split', 'monthly_stats', 'registrations', 'weekly_tracking', 'monthly_summary'];

export interface DeadlineEvidence {
  due_at: string;
  submitted_at: string | null;
  status: 'open' | 'on_time' | 'late' | 'missing';
  days_late?: number;
  score: number | null;
  report_id?: number;
  period?: string;
  plan_id?: number;
  plan_name?: string;
  province_name?: string;
}

export interface Evidence {
  deadlines?: DeadlineEvidence[];
  deduction_per_day?: number;
  report_id?: number;
  figures?: { field: string; submitted: number; system: number }[];
  reviewed?: number;
  authentic?: number;
  accurate?: number;
  not_reviewed?: number;
  empty_rule?: string | null;
}

export interface Adjustment {
  from: number | null;
  to: number;
  reason: string;
  by: string;
  at: string;
}

export interface AssessmentCriterion {
  code: string;
  name: string;
  share: number;
  source: 'timeliness' | 'accuracy' | 'registrations' | 'reviewer';
  computed: number | null;
  score: number | null;
  pending: boolean;
  comment: string | null;
  scored_by: string | null;
  adjustments: Adjustment[];
  evidence?: Evidence;
}

export interface AssessmentItem {
  code: ItemCode;
  name: string;
  weight: number;
  applies: boolean;
  derived: boolean;
  score: number | null;
  people?: number;
  criteria: AssessmentCriterion[];
}

export interface ScoreEntry {
  item: ItemCode;
  criterion: string;
  score: number;
  comment?: string;
}

export function listAssessments(
  query: { month: string; assessed?: 'dealer' | 'manager'; unit_id?: number; pending?: boolean; limit?: number; cursor?: string },
  signal?: AbortSignal,
): Promise<AssessmentList> {
  return http.get<AssessmentList>('/assessments', { ...query }, { signal });
}

export function getAssessment(month: string, userId: number, signal?: AbortSignal): Promise<AssessmentPerson> {
  return http.get<AssessmentPerson>(`/assessments/${month}/people/${userId}`, undefined, { signal });
}

export function scoreAssessment(month: string, userId: number, body: { version: number; scores: ScoreEntry[]; reason?: string }): Promise<AssessmentPerson> {
  return http.patch<AssessmentPerson>(`/assessments/${month}/people/${userId}`, body);
}

export function getAssessmentMonth(month: string, signal?: AbortSignal): Promise<AssessmentMonth> {
  return http.get<AssessmentMonth>(`/assessment-months/${month}`, undefined, { signal });
}

export function closeStep(month: string, step: CloseStep, body: { version: number; reason?: string }): Promise<AssessmentMonth> {
  return http.post<AssessmentMonth>(`/assessment-months/${month}/${step}`, body);
}

/** Every template (考核模板), newest effective month first, and the seed's table. */
export function listAssessmentTemplates(signal?: AbortSignal): Promise<AssessmentTemplateList> {
  return http.get<AssessmentTemplateList>('/assessment-templates', undefined, { signal });
}

/** Sets the template from `month` (YYYY-MM) on (assessment.template); `version` replaces that month's own. */
export function putAssessmentTemplate(month: string, body: AssessmentTemplateInput): Promise<AssessmentTemplate> {
  return http.put<AssessmentTemplate>(`/assessment-templates/${month}`, body);
}

/** The month before the one of `now` in China, YYYY-MM: the month the close is about. */
export function previousMonth(now: Date = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600 * 1000);
  const year = china.getUTCFullYear();
  const month = china.getUTCMonth(); // 0-based: the previous month's 1-based number
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The approved month's payroll sheet (.xlsx) and the name the server gives it. */
export async function exportPayroll(month: string): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile(`/assessment-months/${month}/export`, undefined, { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}
