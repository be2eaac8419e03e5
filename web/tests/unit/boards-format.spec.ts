// The performance board's pure helpers: which unit, person and months the page opens on (the
// address, else the choice remembered per user, else this year), that choice as the address and
// as the boards' query, the discipline month, and the figures in words and where they link.
import { describe, expect, it } from 'vitest';
import { boardExportUrl, boardQuery } from '@/api/boards';
import {
  addressNamesBoard,
  attainmentQueryOf,
  barShares,
  boardQueryOf,
  closedRoute,
  defaultRange,
  disciplineMonth,
  formatFourWeeks,
  formatGap,
  formatRate,
  formatUnits,
  followupsRoute,
  initialSelection,
  isRegistrationFigure,
  keyShares,
  lastDayOfMonth,
  monthDays,
  monthSpan,
  procurementRoute,
  protectionRoute,
  rankedRoute,
  rateTone,
  readRemembered,
  registrationsRoute,
  remember,
  sameSelection,
  satisfactionQuery,
  selectionFromQuery,
  selectionQuery,
  stageRoute,
  storageKey,
  validRange,
} from '@/views/boards/boards-format';

/** 2026-12-05 10:00 in Shanghai. */
const NOW = new Date('2026-12-05T02:00:00Z');

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('board selection', () => {
  it('defaults to January–December of this year in Shanghai (New Year’s Eve 17:00 UTC is already next year there)', () => {
    expect(defaultRange(NOW)).toEqual(['2026-01', '2026-12']);
    expect(defaultRange(new Date('2025-12-31T17:00:00Z'))).toEqual(['2026-01', '2026-12']);
    expect(defaultRange(new Date('2025-12-31T15:00:00Z'))).toEqual(['2025-01', '2025-12']);
  });

  it('takes a range of 1 to 24 months, to not before from', () => {
    expect(validRange('2026-01', '2026-01')).toBe(true);
    expect(validRange('2025-01', '2026-12')).toBe(true);
    expect(validRange('2024-12', '2026-12')).toBe(false);
    expect(validRange('2026-03', '2026-02')).toBe(false);
    expect(validRange('2026-13', '2026-12')).toBe(false);
    expect(validRange(undefined, '2026-12')).toBe(false);
    expect(monthSpan('2025-11', '2026-02')).toBe(4);
  });

  it('reads the address, a bad range falling back to this year', () => {
    expect(selectionFromQuery({ unit_id: '91', from: '2026-03', to: '2026-08' }, NOW)).toEqual({ unitId: 91, userId: null, from: '2026-03', to: '2026-08', planId: null });
    expect(selectionFromQuery({ unit_id: '92', user_id: '8', from: '2026-08', to: '2026-03' }, NOW)).toEqual({ unitId: 92, userId: 8, from: '2026-01', to: '2026-12', planId: null });
    expect(selectionFromQuery({ unit_id: 'x', user_id: '0' }, NOW)).toEqual({ unitId: null, userId: null, from: '2026-01', to: '2026-12', planId: null });
    expect(addressNamesBoard({})).toBe(false);
    expect(addressNamesBoard({ tab: 'x' })).toBe(false);
    expect(addressNamesBoard({ from: '2026-01' })).toBe(true);
  });

  it('writes the range always and the unit and person only when set', () => {
    expect(selectionQuery({ unitId: null, userId: null, from: '2026-01', to: '2026-12', planId: null })).toEqual({ from: '2026-01', to: '2026-12' });
    expect(selectionQuery({ unitId: 92, userId: 8, from: '2026-01', to: '2026-06', planId: null })).toEqual({ unit_id: '92', user_id: '8', from: '2026-01', to: '2026-06' });
    const back = selectionFromQuery(selectionQuery({ unitId: 92, userId: 8, from: '2025-07', to: '2026-06', planId: null }) as Record<string, string>, NOW);
    expect(back).toEqual({ unitId: 92, userId: 8, from: '2025-07', to: '2026-06', planId: null });
  });

  it('remembers the last choice per user and opens on it when the address names none', () => {
    const storage = memoryStorage();
    expect(readRemembered(storage, 7)).toBeNull();
    remember(storage, 7, { unitId: 91, userId: null, from: '2026-04', to: '2026-09', planId: null });
    expect(storage.getItem(storageKey(7))).not.toBeNull();
    expect(readRemembered(storage, 7)).toEqual({ unitId: 91, userId: null, from: '2026-04', to: '2026-09', planId: null });
    expect(readRemembered(storage, 8)).toBeNull();

    const remembered = readRemembered(storage, 7);
    expect(initialSelection({}, remembered, NOW)).toEqual(remembered);
    // a link wins over what was remembered
    expect(initialSelection({ unit_id: '93', from: '2026-01', to: '2026-03' }, remembered, NOW)).toEqual({ unitId: 93, userId: null, from: '2026-01', to: '2026-03', planId: null });
    expect(initialSelection({}, null, NOW)).toEqual({ unitId: null, userId: null, from: '2026-01', to: '2026-12', planId: null });
  });

  it('forgets a remembered choice it cannot read, and survives storage that throws', () => {
    const storage = memoryStorage();
    storage.setItem(storageKey(7), '{not json');
    expect(readRemembered(storage, 7)).toBeNull();
    storage.setItem(storageKey(7), JSON.stringify({ unitId: 1, from: '2026-05', to: '2026-01' }));
    expect(readRemembered(storage, 7)).toBeNull();
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(readRemembered(broken, 7)).toBeNull();
    expect(() => remember(broken, 7, { unitId: null, userId: null, from: '2026-01', to: '2026-12', planId: null })).not.toThrow();
    expect(readRemembered(null, 7)).toBeNull();
  });

  it('asks the discipline board for the range’s last month once it has ended, else the server’s default', () => {
    expect(disciplineMonth({ to: '2026-09' }, NOW)).toBe('2026-09');
    expect(disciplineMonth({ to: '2026-12' }, NOW)).toBeUndefined();
    expect(disciplineMonth({ to: '2027-03' }, NOW)).toBeUndefined();
  });

  it('sends the selection as the boards’ query, nothing empty, and names the export', () => {
    const query = boardQueryOf({ unitId: 91, userId: null, from: '2026-01', to: '2026-12', planId: null });
    expect(boardQuery(query)).toEqual({ unit_id: 91, user_id: undefined, from: '2026-01', to: '2026-12', plan_id: undefined, month: undefined });
    expect(boardExportUrl('attainment', query)).toBe('/api/v1/boards/attainment/export?unit_id=91&from=2026-01&to=2026-12');
    expect(boardExportUrl('discipline', { month: '2026-11' })).toBe('/api/v1/boards/discipline/export?month=2026-11');
  });

  it('keeps a chosen target plan in the address and the memory, and sends it to the attainment board only', () => {
    const chosen = { unitId: 91, userId: null, from: '2026-07', to: '2026-12', planId: 3 };
    expect(selectionQuery(chosen)).toEqual({ unit_id: '91', from: '2026-07', to: '2026-12', plan_id: '3' });
    expect(selectionFromQuery(selectionQuery(chosen) as Record<string, string>, NOW)).toEqual(chosen);
    expect(selectionFromQuery({ plan_id: 'latest' }, NOW).planId).toBeNull();
    expect(addressNamesBoard({ plan_id: '3' })).toBe(true);
    expect(sameSelection(chosen, { ...chosen, planId: null })).toBe(false);
    const storage = memoryStorage();
    remember(storage, 7, chosen);
    expect(readRemembered(storage, 7)).toEqual(chosen);
    // remembered before plans could be chosen: the default plan
    storage.setItem(storageKey(7), JSON.stringify({ unitId: 91, userId: null, from: '2026-07', to: '2026-12' }));
    expect(readRemembered(storage, 7)?.planId).toBeNull();
    expect(attainmentQueryOf(chosen)).toEqual({ unit_id: 91, user_id: null, from: '2026-07', to: '2026-12', plan_id: 3 });
    expect(boardQueryOf(chosen)).not.toHaveProperty('plan_id');
    expect(boardExportUrl('attainment', attainmentQueryOf(chosen))).toBe('/api/v1/boards/attainment/export?unit_id=91&from=2026-07&to=2026-12&plan_id=3');
  });
});

describe('board figures', () => {
  it('words rates, units and gaps in both languages', () => {
    expect(formatRate(0.3220338983050847, 'zh-CN')).toBe('32.2%');
    expect(formatRate(1.9, 'en')).toBe('190%');
    expect(formatRate(null, 'zh-CN')).toBe('—');
    expect(formatUnits(43.6, 'zh-CN')).toBe('43.6');
    expect(formatUnits(1200, 'en')).toBe('1,200');
    expect(formatUnits(39.2000001, 'en')).toBe('39.2');
    expect(formatUnits(null, 'en')).toBe('—');
    expect(formatGap(80, 'zh-CN')).toBe('80');
    expect(formatGap(-18, 'zh-CN')).toBe('−18');
    expect(formatGap(null, 'zh-CN')).toBe('—');
  });

  it('colours an attainment: met, near (80 %), behind, none without a plan', () => {
    expect(rateTone(1)).toBe('met');
    expect(rateTone(0.8)).toBe('near');
    expect(rateTone(0.79)).toBe('behind');
    expect(rateTone(null)).toBe('none');
  });

  it('states the 4-week change and draws bars against the largest', () => {
    expect(formatFourWeeks(2, 4)).toBe('2 → 4 (+2)');
    expect(formatFourWeeks(3, 1)).toBe('3 → 1 (−2)');
    expect(formatFourWeeks(1, 1)).toBe('1 → 1 (±0)');
    expect(barShares([1, 4, 2])).toEqual([0.25, 1, 0.5]);
    expect(barShares([0, 0])).toEqual([0, 0]);
  });

  it('reads the 80/20 of the pyramid', () => {
    const grades = [
      { grade: 'key', accounts: 8, units: 20 },
      { grade: 'secondary', accounts: 11, units: 16 },
      { grade: 'potential', accounts: 14, units: 2 },
    ];
    expect(keyShares({ grades, total_accounts: 33, total_units: 38 })).toEqual({ accounts: 8 / 33, units: 20 / 38 });
    expect(keyShares({ grades, total_accounts: 33, total_units: 0 })).toEqual({ accounts: 8 / 33, units: null });
    expect(keyShares({ grades: [], total_accounts: 0, total_units: 0 })).toBeNull();
  });

  it('links a funnel stage to the opportunity list of the unit’s subtree, or the person’s own in it', () => {
    const unit = { id: 91, name: '四川省', kind: 'province' };
    expect(stageRoute('contact', { unit, user: null })).toEqual({ path: '/opportunities', query: { stage: 'contact', owner_unit_id: '91' } });
    const person = { id: 8, name: '杨帆' };
    expect(stageRoute('bid', { unit, user: person })).toEqual({ path: '/opportunities', query: { stage: 'bid', owner_unit_id: '91', owner_user_id: '8' } });
    expect(stageRoute('tender', { unit, user: null })).toBeNull();
  });

  it('links a procurement stage to the open opportunities at it, in the same scope', () => {
    const unit = { id: 91 };
    expect(procurementRoute('tender', { unit, user: null })).toEqual({
      path: '/opportunities',
      query: { stage: 'discover,contact,analyze,position,bid', procurement_stage: 'tender', owner_unit_id: '91' },
    });
    expect(procurementRoute('deliberation', { unit: { id: 92 }, user: { id: 8 } })).toEqual({
      path: '/opportunities',
      query: { stage: 'discover,contact,analyze,position,bid', procurement_stage: 'deliberation', owner_unit_id: '92', owner_user_id: '8' },
    });
    expect(procurementRoute('bid', { unit, user: null })).toBeNull();
  });

  it('knows the last day of every month, February of leap years too', () => {
    expect(lastDayOfMonth('2026-01')).toBe('2026-01-31');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29');
    expect(lastDayOfMonth('1900-02')).toBe('1900-02-28');
    expect(lastDayOfMonth('2026-04')).toBe('2026-04-30');
    expect(lastDayOfMonth('2026-06')).toBe('2026-06-30');
    expect(lastDayOfMonth('2026-09')).toBe('2026-09-30');
    expect(lastDayOfMonth('2026-11')).toBe('2026-11-30');
    expect(lastDayOfMonth('2025-12')).toBe('2025-12-31');
    expect(monthDays({ from: '2025-03', to: '2026-02' })).toEqual({ from: '2025-03-01', to: '2026-02-28' });
  });

  it('links won and lost to those closed within the board’s months, from the first day to the last', () => {
    const board = { unit: { id: 91 }, user: null, from: '2025-01', to: '2025-12' };
    expect(closedRoute('won', board)).toEqual({
      path: '/opportunities',
      query: { stage: 'won', closed_from: '2025-01-01', closed_to: '2025-12-31', owner_unit_id: '91' },
    });
    expect(closedRoute('lost', { unit: { id: 92 }, user: { id: 8 }, from: '2023-11', to: '2024-02' })).toEqual({
      path: '/opportunities',
      query: { stage: 'lost', closed_from: '2023-11-01', closed_to: '2024-02-29', owner_unit_id: '92', owner_user_id: '8' },
    });
  });

  it('links a registration figure to those made in the months by the unit’s dealers, or by the person', () => {
    const province = { unit: { id: 91 }, user: null, from: '2026-01', to: '2026-06' };
    expect(registrationsRoute('approved', province)).toEqual({
      path: '/registrations',
      query: { status: 'approved', unit_id: '91', created_from: '2026-01-01', created_to: '2026-06-30' },
    });
    expect(registrationsRoute('won', province)).toEqual({
      path: '/registrations',
      query: { won: 'true', unit_id: '91', created_from: '2026-01-01', created_to: '2026-06-30' },
    });
    expect(registrationsRoute('new', province)).toEqual({ path: '/registrations', query: { unit_id: '91', created_from: '2026-01-01', created_to: '2026-06-30' } });
    // a bar of the chart: that month only; a person's board: what they registered
    const person = { unit: { id: 92 }, user: { id: 8 }, from: '2026-01', to: '2026-12' };
    expect(registrationsRoute('pending', person, '2024-02')).toEqual({
      path: '/registrations',
      query: { status: 'pending', unit_id: '92', registered_by: '8', created_from: '2024-02-01', created_to: '2024-02-29' },
    });
    expect(isRegistrationFigure('lost')).toBe(false);
    expect(['pending', 'converted', 'won', 'new'].every(isRegistrationFigure)).toBe(true);
  });

  it('links the protection ending soon to the home page’s list, in the board’s scope', () => {
    const ending = { protection_ending: { count: 2, until: '2026-11-19' }, from: '2026-01', to: '2026-12' };
    expect(protectionRoute({ unit: { id: 91 }, user: null, ...ending })).toEqual({
      path: '/registrations',
      query: { status: 'approved', protected_until_to: '2026-11-19', unit_id: '91' },
    });
    expect(protectionRoute({ unit: { id: 92 }, user: { id: 8 }, ...ending })).toEqual({
      path: '/registrations',
      query: { status: 'approved', protected_until_to: '2026-11-19', unit_id: '92', registered_by: '8' },
    });
  });

  it('asks the satisfaction summary for the person’s deliveries on a person’s board, and links its calls with the same', () => {
    const selection = { unitId: 92, userId: 8, from: '2026-01', to: '2026-12', planId: null };
    expect(satisfactionQuery(selection, 8)).toEqual({ from: '2026-01', to: '2026-12', unit_id: 92, user_id: 8 });
    expect(satisfactionQuery({ ...selection, userId: null }, null)).toEqual({ from: '2026-01', to: '2026-12', unit_id: 92, user_id: null });
    expect(followupsRoute(satisfactionQuery(selection, 8))).toEqual({
      name: 'satisfaction',
      query: { status: 'done', from: '2026-01', to: '2026-12', unit_id: '92', user_id: '8' },
    });
    expect(followupsRoute({ from: '2026-03', to: '2026-05', unit_id: null, user_id: null })).toEqual({
      name: 'satisfaction',
      query: { status: 'done', from: '2026-03', to: '2026-05' },
    });
  });

  it('opens a ranked unit’s board, or a person’s, over the same months', () => {
    const months = { from: '2026-01', to: '2026-12' };
    expect(rankedRoute({ unit_id: 92, user_id: null }, months)).toEqual({ name: 'boards', query: { unit_id: '92', from: '2026-01', to: '2026-12' } });
    expect(rankedRoute({ unit_id: 92, user_id: 8 }, months)).toEqual({ name: 'boards', query: { unit_id: '92', user_id: '8', from: '2026-01', to: '2026-12' } });
  });
});
