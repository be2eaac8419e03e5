import { describe, expect, it } from 'vitest';
import type { Opportunity } from '@/api/opportunities';
import { lastDeliveryOf, openFigures, rolesCovered, wonUnitsIn } from '@/views/accounts/account-figures';

const opp = (extra: Partial<Opportunity>) => ({ amount_fen: 0, won_units: 0, closed_at: null, ...extra }) as Opportunity;

describe('account figures', () => {
  it('counts open opportunities and adds their amounts', () => {
    expect(openFigures([opp({ amount_fen: 100 }), opp({ amount_fen: 250 })])).toEqual({ openCount: 2, openAmountFen: 350 });
  });

  it('adds the units won in the year, by the day in Shanghai', () => {
    const won = [
      opp({ won_units: 5, closed_at: '2024-03-01T02:00:00Z' }),
      opp({ won_units: 7, closed_at: '2023-12-31T17:00:00Z' }), // 2024-01-01 01:00 in Shanghai
      opp({ won_units: 9, closed_at: '2023-06-01T00:00:00Z' }),
    ];
    expect(wonUnitsIn(won, '2024')).toBe(12);
    expect(wonUnitsIn(won, '2023')).toBe(9);
  });

  it('takes the newest delivery that was not voided', () => {
    expect(
      lastDeliveryOf([
        { date: '2024-02-01', voided_at: null },
        { date: '2024-04-01', voided_at: '2024-04-02T00:00:00Z' },
        { date: '2024-03-05' },
      ]),
    ).toBe('2024-03-05');
    expect(lastDeliveryOf([])).toBeNull();
  });

  it('covers a buying role with an active contact only, once', () => {
    expect(
      rolesCovered([
        { buying_role: 'user', active: true },
        { buying_role: 'user', active: true },
        { buying_role: 'finance', active: false },
        { buying_role: 'decision_maker', active: true },
      ]),
    ).toEqual(['user', 'decision_maker']);
  });
});
