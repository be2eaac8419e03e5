// Pure helpers of the targets pages (目标分解): percentages that must add up to 100, the
// attainment rate in words and colour, the month/quarter columns, the province table (regions
// with their provinces, a row's and a column's totals) and the province split's sums with the
// months and businesses that do not add up to the province's cell.
import type { Attainment, Business, Cell, MethodBody, Plan, SplitItem, SplitSheet } from '@/api/targets';
import { BUSINESSES } from '@/api/targets';

/** The sum of a set of percentages and whether it may be saved (whole, not negative, 100 in all). */
export function percentCheck(values: Record<string, number | null | undefined>): { sum: number; ok: boolean } {
  const list = Object.values(values).map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN));
  const sum = list.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const ok = list.every((v) => Number.isInteger(v) && v >= 0) && sum === 100;
  return { sum, ok };
}

/** "85.3%" (one decimal), "—" when there is no plan to compare with. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export type RateTone = 'good' | 'fair' | 'poor' | 'none';

/** At or above 100 % good, from 80 % fair, below poor; none without a plan. */
export function rateTone(rate: number | null | undefined): RateTone {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return 'none';
  if (rate >= 1) return 'good';
  if (rate >= 0.8) return 'fair';
  return 'poor';
}

/** "2027-Q1" of "2027-02". */
export function quarterOf(month: string): string {
  const [year, m] = month.split('-');
  return `${year}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}

/** The table's columns: each month, and after a quarter's last month (or the period's) its subtotal. */
export type PeriodColumn = { kind: 'month'; key: string } | { kind: 'quarter'; key: string; months: string[] };

export function periodColumns(months: readonly string[]): PeriodColumn[] {
  const columns: PeriodColumn[] = [];
  let current: string[] = [];
  months.forEach((month, i) => {
    columns.push({ kind: 'month', key: month });
    current.push(month);
    const next = months[i + 1];
    if (!next || quarterOf(next) !== quarterOf(month)) {
      columns.push({ kind: 'quarter', key: quarterOf(month), months: current });
      current = [];
    }
  });
  return columns;
}

/** A figure and its exact share, summed. */
export interface Figure {
  units: number;
  exact: number;
}

export interface ProvinceRow {
  key: string;
  unitId: number;
  name: string;
  kind: 'hq' | 'region' | 'province';
  /** Month → figure (the business chosen, or all). */
  months: Record<string, Figure>;
  total: Figure;
}

const add = (a: Figure | undefined, units: number, exact: number): Figure => ({ units: (a?.units ?? 0) + units, exact: (a?.exact ?? 0) + exact });

/**
 * The province table from the plan's cells: each region (the sum of its provinces, as the server
 * computes it) followed by its provinces, then HQ's total row. `business` '' is all three.
 * Names come from `names` (the org units), else from the id.
 */
export function provinceTable(
  cells: readonly Cell[],
  business: Business | '',
  names: (unitId: number) => string,
  parentOf: (unitId: number) => number | null,
): { rows: ProvinceRow[]; total: ProvinceRow | null } {
  const chosen = cells.filter((cell) => business === '' || cell.business === business);
  const rows = new Map<string, ProvinceRow>();
  const rowOf = (cell: Cell): ProvinceRow => {
    const key = `${cell.level}-${cell.unit_id}`;
    let row = rows.get(key);
    if (!row) {
      row = { key, unitId: cell.unit_id, name: names(cell.unit_id), kind: cell.level as ProvinceRow['kind'], months: {}, total: { units: 0, exact: 0 } };
      rows.set(key, row);
    }
    return row;
  };
  for (const cell of chosen) {
    if (cell.level !== 'hq' && cell.level !== 'region' && cell.level !== 'province') continue;
    const row = rowOf(cell);
    row.months[cell.month] = add(row.months[cell.month], cell.units, cell.exact);
    row.total = add(row.total, cell.units, cell.exact);
  }
  const all = [...rows.values()];
  const byName = (a: ProvinceRow, b: ProvinceRow) => a.name.localeCompare(b.name, 'zh-CN') || a.unitId - b.unitId;
  const regions = all.filter((row) => row.kind === 'region').sort(byName);
  const provinces = all.filter((row) => row.kind === 'province').sort(byName);
  const ordered: ProvinceRow[] = [];
  const placed = new Set<ProvinceRow>();
  for (const region of regions) {
    ordered.push(region);
    for (const province of provinces) {
      if (parentOf(province.unitId) === region.unitId) {
        ordered.push(province);
        placed.add(province);
      }
    }
  }
  for (const province of provinces) if (!placed.has(province)) ordered.push(province);
  return { rows: ordered, total: all.find((row) => row.kind === 'hq') ?? null };
}

/** A row's figure of a column: a month's, or the sum of a quarter's months. */
export function columnFigure(row: Pick<ProvinceRow, 'months'>, column: PeriodColumn): Figure {
  if (column.kind === 'month') return row.months[column.key] ?? { units: 0, exact: 0 };
  return column.months.reduce<Figure>((sum, month) => add(sum, row.months[month]?.units ?? 0, row.months[month]?.exact ?? 0), { units: 0, exact: 0 });
}

/** The exact share as the grey line under a cell: two decimals. */
export function formatExact(exact: number): string {
  return (Math.round(exact * 100) / 100).toFixed(2);
}

/** The request body of a method from a plan's method (a copy the form edits). */
export function methodBody(plan: Pick<Plan, 'method'>): MethodBody {
  const m = plan.method;
  return {
    month_basis: m.month_basis,
    businesses: { ...m.businesses },
    weights: { ...m.weights },
    market_capacity: { ...m.market_capacity },
    month_overrides: { ...m.month_overrides },
  };
}

/** The method as sent: capacities and overrides left empty are not sent. */
export function cleanMethod(method: MethodBody): MethodBody {
  const keep = (values: Record<string, number> | undefined) =>
    Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
  return { ...method, market_capacity: keep(method.market_capacity), month_overrides: keep(method.month_overrides) };
}

/**
 * Market capacities from pasted text or a .csv: one province a line, its name (or unit id) and
 * its units, separated by a comma, a tab, a semicolon or spaces. Answers the capacities found
 * (province id → units) and the lines that name no province or carry no whole number.
 */
export function parseCapacity(text: string, provinces: readonly { id: number; name: string }[]): { values: Record<string, number>; bad: string[] } {
  const values: Record<string, number> = {};
  const bad: string[] = [];
  const byName = new Map(provinces.map((p) => [p.name, p.id]));
  const byShort = new Map(provinces.map((p) => [p.name.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|省区)$/, ''), p.id]));
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/[,\t;，]|\s+/).map((p) => p.trim().replace(/^"|"$/g, '')).filter(Boolean);
    if (parts.length < 2) {
      bad.push(line);
      continue;
    }
    const [name, units] = [parts[0]!, parts[parts.length - 1]!];
    const id = byName.get(name) ?? byShort.get(name) ?? (provinces.some((p) => String(p.id) === name) ? Number(name) : undefined);
    const n = Number(units.replace(/,/g, ''));
    if (id === undefined || !Number.isInteger(n) || n < 0) {
      // A header line ("省区,容量") is no mistake of the user's.
      if (Object.keys(values).length === 0 && bad.length === 0 && !/\d/.test(units)) continue;
      bad.push(line);
      continue;
    }
    values[String(id)] = n;
  }
  return { values, bad };
}

// ——— the province split (省区分解) ———

/** `<who>:<id>|<month>|<business>` → units: the split being edited. */
export type SplitModel = Record<string, number | null>;

export const splitKey = (who: 'unit' | 'user', id: number, month: string, business: Business) => `${who}:${id}|${month}|${business}`;

/** The model prefilled from what was saved, or else from what the server suggests. */
export function splitModel(sheet: Pick<SplitSheet, 'saved' | 'suggested'>): SplitModel {
  const from = sheet.saved.length ? sheet.saved : sheet.suggested;
  const model: SplitModel = {};
  for (const item of from) {
    if (item.user_id != null) model[splitKey('user', item.user_id, item.month, item.business)] = item.units;
    else if (item.unit_id != null) model[splitKey('unit', item.unit_id, item.month, item.business)] = item.units;
  }
  return model;
}

const units = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The split's items as sent: every dealer's cell; a person's when any person has a figure. */
export function splitItems(sheet: Pick<SplitSheet, 'dealers' | 'people'>, months: readonly string[], model: SplitModel): SplitItem[] {
  const items: SplitItem[] = [];
  for (const dealer of sheet.dealers)
    for (const month of months)
      for (const business of BUSINESSES) items.push({ unit_id: dealer.id, month, business, units: units(model[splitKey('unit', dealer.id, month, business)]) });
  const anyPerson = sheet.people.some((person) => months.some((month) => BUSINESSES.some((b) => model[splitKey('user', person.id, month, b)] != null)));
  if (anyPerson)
    for (const person of sheet.people)
      for (const month of months)
        for (const business of BUSINESSES) items.push({ user_id: person.id, month, business, units: units(model[splitKey('user', person.id, month, business)]) });
  return items;
}

/** A row's sum over the months (one business). */
export function rowSum(model: SplitModel, who: 'unit' | 'user', id: number, months: readonly string[], business: Business): number {
  return months.reduce((sum, month) => sum + units(model[splitKey(who, id, month, business)]), 0);
}

/** A column's sum over the rows (one month, one business). */
export function columnSum(model: SplitModel, who: 'unit' | 'user', ids: readonly number[], month: string, business: Business): number {
  return ids.reduce((sum, id) => sum + units(model[splitKey(who, id, month, business)]), 0);
}

/** The province's cell of a month and business. */
export function provinceCell(cells: readonly Cell[], month: string, business: Business): number {
  return cells.filter((cell) => cell.month === month && cell.business === business).reduce((sum, cell) => sum + cell.units, 0);
}

export interface Mismatch {
  month: string;
  business: Business;
  /** What the rows add up to. */
  sum: number;
  /** What they must add up to. */
  target: number;
  /** sum − target. */
  difference: number;
}

/** Every month and business whose dealers do not add up to the province's cell. */
export function dealerMismatches(sheet: Pick<SplitSheet, 'dealers' | 'province_cells'>, months: readonly string[], model: SplitModel): Mismatch[] {
  const ids = sheet.dealers.map((d) => d.id);
  const out: Mismatch[] = [];
  for (const business of BUSINESSES)
    for (const month of months) {
      const sum = columnSum(model, 'unit', ids, month, business);
      const target = provinceCell(sheet.province_cells, month, business);
      if (sum !== target) out.push({ month, business, sum, target, difference: sum - target });
    }
  return out;
}

/**
 * Every dealer, month and business whose people (when the dealer has any with a figure) do
 * not add up to the dealer's figure; `dealerId` says which dealer.
 */
export function peopleMismatches(
  sheet: Pick<SplitSheet, 'dealers' | 'people'>,
  months: readonly string[],
  model: SplitModel,
): (Mismatch & { dealerId: number })[] {
  const out: (Mismatch & { dealerId: number })[] = [];
  for (const dealer of sheet.dealers) {
    const people = sheet.people.filter((p) => p.unit_id === dealer.id).map((p) => p.id);
    if (!people.length) continue;
    const given = people.some((id) => months.some((month) => BUSINESSES.some((b) => model[splitKey('user', id, month, b)] != null)));
    if (!given) continue;
    for (const business of BUSINESSES)
      for (const month of months) {
        const sum = columnSum(model, 'user', people, month, business);
        const target = units(model[splitKey('unit', dealer.id, month, business)]);
        if (sum !== target) out.push({ dealerId: dealer.id, month, business, sum, target, difference: sum - target });
      }
  }
  return out;
}

/** "+3" / "−2" for a difference. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0';
}

/** How long the method form waits after the last change before it asks for the what-if tables. */
export const PREVIEW_DELAY_MS = 250;

/** A bar pair (plan, actual) and the rate of one unit or period, for the attainment chart. */
export interface ChartBar {
  name: string;
  plan: number;
  actual: number;
  rate: number | null;
}

/** A unit's (or a person's) row of the attainment table: its periods and the period to date. */
export interface AttainmentRow {
  key: string;
  unit_id: number;
  user_id: number | null;
  name: string;
  periods: Record<string, { plan: number; actual: number; rate: number | null }>;
  plan: number;
  plan_to_date: number;
  actual: number;
  rate: number | null;
  gap: number;
  rank: number;
}

/** The answer of GET /attainment as table rows (by rank) and its periods in order. */
export function attainmentRows(answer: Pick<Attainment, 'items' | 'units' | 'periods'> | null): { rows: AttainmentRow[]; periods: string[] } {
  if (!answer) return { rows: [], periods: [] };
  const keyOf = (x: { unit_id: number; user_id?: number | null }) => (x.user_id != null ? `u${x.user_id}` : `${x.unit_id}`);
  const rows = new Map<string, AttainmentRow>();
  for (const unit of answer.units)
    rows.set(keyOf(unit), { key: keyOf(unit), unit_id: unit.unit_id, user_id: unit.user_id ?? null, name: unit.name, periods: {}, plan: unit.plan, plan_to_date: unit.plan_to_date, actual: unit.actual, rate: unit.rate, gap: unit.gap, rank: unit.rank });
  const periods = new Set<string>();
  for (const item of answer.items) {
    const period = item.period;
    periods.add(period);
    let row = rows.get(keyOf(item));
    if (!row) {
      row = { key: keyOf(item), unit_id: item.unit_id, user_id: item.user_id ?? null, name: item.name, periods: {}, plan: 0, plan_to_date: 0, actual: 0, rate: null, gap: 0, rank: rows.size + 1 };
      rows.set(row.key, row);
    }
    row.periods[period] = { plan: item.plan, actual: item.actual, rate: item.rate };
  }
  const ordered = answer.periods?.length ? answer.periods : [...periods].sort();
  return { rows: [...rows.values()].sort((a, b) => a.rank - b.rank), periods: ordered };
}

/** Whether a month (YYYY-MM) or quarter (YYYY-Qn) begins after the day `asOf` (YYYY-MM-DD). */
export function isFuturePeriod(period: string, asOf: string): boolean {
  const month = asOf.slice(0, 7);
  return period.includes('Q') ? period > quarterOf(month) : period > month;
}
