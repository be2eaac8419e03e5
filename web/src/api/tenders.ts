// Tenders (招标) of an opportunity: the notice, the bid deadline and the opening, the lots and
// the result; listed soonest deadline first (`due_within_days`) or for a calendar (`from`/`to`).
//
// The types are written here from docs/api-notes.md ("Opportunities, quotes and deliveries —
// issue 6") rather than taken from the generated schema, which does not describe this module yet.
import { http } from './client';

export const TENDER_RESULTS = ['pending', 'won', 'lost', 'cancelled'] as const;
export type TenderResult = (typeof TENDER_RESULTS)[number];

/** 标段. */
export interface TenderLot {
  no: string;
  name: string;
  quantity?: number | null;
  /** In 分 (fen). */
  budget_fen?: number | null;
}

export interface Tender {
  id: number;
  opportunity_id: number;
  opportunity_title: string;
  account_id: number;
  account_name: string;
  owner_unit_id: number;
  /** 公告编号. */
  notice_no: string;
  /** Where the notice was published (a procurement website…). */
  published_where: string;
  /** YYYY-MM-DD. */
  published_on: string;
  /** 投标截止: RFC 3339. */
  bid_deadline: string;
  /** 开标: RFC 3339, not before the deadline. */
  opening_at: string | null;
  lots: TenderLot[];
  result: TenderResult;
  /** The winner (a brand or dealer) once known. */
  winner: string | null;
  winning_price_fen: number | null;
  note: string | null;
  version: number;
  created_at: string;
}

export interface TenderCreate {
  notice_no: string;
  published_where: string;
  published_on: string;
  bid_deadline: string;
  opening_at?: string;
  lots?: TenderLot[];
  note?: string;
}

export interface TenderPatch extends Partial<TenderCreate> {
  version: number;
  result?: TenderResult;
  winner?: string | null;
  winning_price_fen?: number | null;
}

/** Either the bid deadlines of the next N days, or deadlines and openings in a range of days. */
export type TenderQuery = { due_within_days: number } | { from: string; to: string };

export interface TenderList {
  items: Tender[];
}

export function listTenders(query: TenderQuery, signal?: AbortSignal): Promise<TenderList> {
  return http.get<TenderList>('/tenders', { ...query }, { signal });
}

export function createTender(opportunityId: number, body: TenderCreate): Promise<Tender> {
  return http.post<Tender>(`/opportunities/${opportunityId}/tenders`, body);
}

export function patchTender(id: number, body: TenderPatch): Promise<Tender> {
  return http.patch<Tender>(`/tenders/${id}`, body);
}
