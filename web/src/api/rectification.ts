// Rectification orders (整改): HQ's KA department or a regional director raises one to a province
// (its area manager) or a dealer — the finding (发现的问题), the requirement (整改要求), the due day
// and the evidence it rests on; the recipient answers (回复), the raiser verifies it (核实通过 /
// 退回 with a note) or withdraws it (撤销 with a reason). The records are the generated types
// (schema.d.ts); docs/api-notes.md, "Rectification orders (整改)".
import { http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Rectification = Schemas['Rectification'];
export type RectificationList = Schemas['RectificationList'];
export type RectificationCreate = Schemas['RectificationCreate'];
export type RectificationSummary = Schemas['RectificationSummary'];
export type RectificationUnitSummary = RectificationSummary['units'][number];
export type RectificationEvent = Rectification['events'][number];
export type RectificationStatus = Rectification['status'];
export type RectificationAction = RectificationEvent['action'];
export type EvidenceKind = NonNullable<Rectification['evidence_kind']>;

export const RECTIFICATION_STATUSES: readonly RectificationStatus[] = ['open', 'responded', 'closed', 'cancelled'];
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['report', 'assessment', 'account', 'opportunity'];
export const BOXES = ['to_answer', 'to_verify', 'raised'] as const;
export type Box = (typeof BOXES)[number];

export interface RectificationFilter {
  /** One status or several, comma-separated. */
  status?: string;
  overdue?: boolean;
  box?: Box;
  unit_id?: number;
  evidence_kind?: EvidenceKind;
  evidence_ref?: string;
  limit?: number;
  cursor?: string;
}

/** The steps a verifier takes: accept (关闭), send back (退回, a note is required), withdraw (撤销, a reason). */
export type VerifyStep = 'close' | 'send_back' | 'cancel';

export function listRectifications(filter: RectificationFilter, signal?: AbortSignal): Promise<RectificationList> {
  return http.get<RectificationList>('/rectifications', { ...filter, overdue: filter.overdue ? true : undefined }, { signal });
}

export function getRectification(id: number, signal?: AbortSignal): Promise<Rectification> {
  return http.get<Rectification>(`/rectifications/${id}`, undefined, { signal });
}

export function createRectification(body: RectificationCreate): Promise<Rectification> {
  return http.post<Rectification>('/rectifications', body);
}

export function respondRectification(id: number, body: { version: number; response: string }): Promise<Rectification> {
  return http.post<Rectification>(`/rectifications/${id}/respond`, body);
}

/** 关闭 (note optional), 退回 (note required) or 撤销 (the note is the reason). */
export function verifyRectification(id: number, step: VerifyStep, version: number, note: string): Promise<Rectification> {
  const text = note.trim();
  if (step === 'cancel') return http.post<Rectification>(`/rectifications/${id}/cancel`, { version, reason: text });
  const path = step === 'close' ? 'close' : 'send-back';
  return http.post<Rectification>(`/rectifications/${id}/${path}`, { version, ...(text ? { note: text } : {}) });
}

export function getRectificationSummary(unitId?: number | null, signal?: AbortSignal): Promise<RectificationSummary> {
  return http.get<RectificationSummary>('/rectification-summary', { unit_id: unitId ?? undefined }, { signal });
}
