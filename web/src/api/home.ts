// The home page (GET /home): the caller's to-dos, each with the list it links to, the pipeline
// of the scope by stage on both tracks, deliveries this month against last month and a year
// ago, and the units one level below ranked. Types follow docs/api-notes.md ("Home").
import { http } from './client';

export const HOME_TODO_CODES = [
  'registrations_to_review',
  'quotes_to_approve',
  'registrations_protection_ending',
  'tenders_due',
  'opportunities_overdue',
  'opportunities_stale',
  'opportunities_undelivered',
] as const;
export type HomeTodoCode = (typeof HOME_TODO_CODES)[number];

export interface HomeLink {
  /** A web path ("/opportunities") or an API list path ("/api/v1/opportunities"). */
  path: string;
  /** The filter, named after fields, the same on the web page and the API list. */
  query: Record<string, string>;
}

export interface HomeTodo {
  code: HomeTodoCode;
  count: number;
  /** The web list that shows exactly these records. */
  link: HomeLink;
  /** The API list that returns exactly these records. */
  list: HomeLink;
}

export interface HomeFigures {
  count: number;
  units: number;
  /** In 分 (fen). */
  amount_fen: number;
  /** Units × each opportunity's win probability. */
  weighted_units: number;
  weighted_amount_fen: number;
}

export interface HomeStageFigures extends HomeFigures {
  stage: string;
}

export interface HomeMonthUnits {
  /** YYYY-MM. */
  month: string;
  units: number;
}

export interface HomeDeliveries {
  this_month: HomeMonthUnits;
  last_month: HomeMonthUnits;
  same_month_last_year: HomeMonthUnits;
}

export type HomeUnitKind = 'region' | 'province' | 'dealer';

export interface HomeUnit {
  rank: number;
  unit_id: number;
  unit_name: string;
  kind: HomeUnitKind;
  pipeline: HomeFigures;
  deliveries: HomeDeliveries;
}

export interface Home {
  /** YYYY-MM-DD in China. */
  today: string;
  unit: { id: number; name: string; kind: string };
  todos: HomeTodo[];
  pipeline: { sales: HomeStageFigures[]; procurement: HomeStageFigures[]; total: HomeFigures };
  deliveries: HomeDeliveries;
  /** The kind of the units below the caller's; null for a dealer. */
  units_kind: HomeUnitKind | null;
  units: HomeUnit[];
}

export function getHome(): Promise<Home> {
  return http.get<Home>('/home');
}
