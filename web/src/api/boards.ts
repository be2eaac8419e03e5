// 业绩看板: five boards of one unit (or one dealer's person) over a range of months — 目标达成
// (plan, 实销 and forecast by month; the units below ranked by 达成率), 商机漏斗 (both stage
// tracks, conversion, the last 4 weeks), 报备 (by month and status), 报表及时率与考核 (one month)
// and the value/count pyramids. Every board has an /export twin: the same query as an .xlsx.
// Any signed-in role reads them in its scope; a sales rep always gets their own. The records are
// the generated types (schema.d.ts).
import { filenameFromContentDisposition } from '@/utils/download';
import { buildUrl, getFile, http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type BoardAttainment = Schemas['BoardAttainment'];
export type BoardMonth = Schemas['BoardMonth'];
export type BoardRanked = Schemas['BoardRanked'];
export type BoardFunnel = Schemas['BoardFunnel'];
export type BoardSalesStage = Schemas['BoardSalesStage'];
export type BoardStage = Schemas['BoardStage'];
export type BoardWeek = Schemas['BoardWeek'];
export type BoardRegistrations = Schemas['BoardRegistrations'];
export type BoardRegistrationMonth = Schemas['BoardRegistrationMonth'];
export type BoardDiscipline = Schemas['BoardDiscipline'];
export type BoardDisciplineUnit = Schemas['BoardDisciplineUnit'];
export type BoardReportKind = Schemas['BoardReportKind'];
export type BoardPyramid = Schemas['BoardPyramid'];
export type BoardUnitsKind = NonNullable<BoardAttainment['units_kind']>;

/** The boards by their path under /boards. */
export type BoardName = 'attainment' | 'funnel' | 'registrations' | 'discipline' | 'pyramid';

/** Who sees the board in the menu and on the home page: every role but admin (boards.read). */
export const BOARD_PERMISSIONS: readonly string[] = ['boards.read'];

/** The query every board takes (unset parts are the server's defaults). */
export interface BoardQuery {
  unit_id?: number | null;
  user_id?: number | null;
  /** YYYY-MM */
  from?: string;
  to?: string;
  /** attainment: the target plan. */
  plan_id?: number | null;
  /** discipline: the month, YYYY-MM (default the last one ended). */
  month?: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query as sent: nothing empty. */
export function boardQuery(query: BoardQuery): Record<string, string | number | undefined> {
  return {
    unit_id: query.unit_id ?? undefined,
    user_id: query.user_id ?? undefined,
    from: query.from || undefined,
    to: query.to || undefined,
    plan_id: query.plan_id ?? undefined,
    month: query.month || undefined,
  };
}

function board<T>(name: BoardName, query: BoardQuery, signal?: AbortSignal): Promise<T> {
  return http.get<T>(`/boards/${name}`, boardQuery(query), { signal });
}

export const getAttainmentBoard = (query: BoardQuery, signal?: AbortSignal) => board<BoardAttainment>('attainment', query, signal);
export const getFunnelBoard = (query: BoardQuery, signal?: AbortSignal) => board<BoardFunnel>('funnel', query, signal);
export const getRegistrationsBoard = (query: BoardQuery, signal?: AbortSignal) => board<BoardRegistrations>('registrations', query, signal);
export const getDisciplineBoard = (query: BoardQuery, signal?: AbortSignal) => board<BoardDiscipline>('discipline', query, signal);
export const getPyramidBoard = (query: BoardQuery, signal?: AbortSignal) => board<BoardPyramid>('pyramid', query, signal);

/** A board as an .xlsx, the same query; the server's file name when it gives one. */
export async function exportBoard(name: BoardName, query: BoardQuery): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile(`/boards/${name}/export`, boardQuery(query), { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

/** The address of a board's export (what the 导出 buttons fetch, with the session's auth). */
export function boardExportUrl(name: BoardName, query: BoardQuery): string {
  return buildUrl(`/boards/${name}/export`, boardQuery(query));
}
