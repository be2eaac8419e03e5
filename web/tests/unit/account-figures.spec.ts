// The account overview's figures come from the server's summary (GET /accounts/{id}/summary),
// one request, shown as they are: open opportunities with their amount in 万元, units won this
// year, the last delivery (or 暂无), the buying roles covered of six; a failure leaves dashes.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getAccountSummary } from '@/api/account-summary';
import { ApiError } from '@/api/client';
import type { Account } from '@/api/types';
import AccountFigures from '@/views/accounts/account-figures.vue';
import { accountFixture, mockFetch } from './helpers';
import { mountWithApp } from './mount-with-app';

vi.mock('@/api/account-summary', () => ({ getAccountSummary: vi.fn() }));


async function show() {
  const account = accountFixture({ id: 42 }) as unknown as Account;
  const { wrapper } = await mountWithApp(AccountFigures, { props: { account } });
  const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text().replace(/\s+/g, ' ');
  return { wrapper, text };
}

describe('account figures', { timeout: 30_000 }, () => {
  beforeEach(() => {
    mockFetch();
    vi.mocked(getAccountSummary).mockReset();
  });

  it('shows the server’s summary of the account, asked for once', async () => {
    vi.mocked(getAccountSummary).mockResolvedValue({
      account_id: 42,
      open_opportunities: 2,
      open_amount_fen: 234_000_000,
      year: 2026,
      won_units_this_year: 4,
      last_delivery: '2026-11-30',
      buying_roles_covered: ['user', 'decision_maker'],
      buying_roles_total: 6,
    });
    const { text } = await show();
    expect(vi.mocked(getAccountSummary)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(getAccountSummary).mock.calls[0]?.[0]).toBe(42);
    expect(text('figure-open')).toContain('2');
    expect(text('figure-open')).toContain('234 万元');
    expect(text('figure-won')).toContain('4 台');
    expect(text('figure-delivery')).toContain('2026-11-30');
    expect(text('figure-coverage')).toContain('2/6');
  });

  it('says 尚无交付 without deliveries and leaves no amount for no open opportunity', async () => {
    vi.mocked(getAccountSummary).mockResolvedValue({
      account_id: 42,
      open_opportunities: 0,
      open_amount_fen: 0,
      year: 2026,
      won_units_this_year: 0,
      last_delivery: null,
      buying_roles_covered: [],
      buying_roles_total: 6,
    });
    const { text } = await show();
    expect(text('figure-open')).not.toContain('万元');
    expect(text('figure-delivery')).toContain('尚无交付');
    expect(text('figure-coverage')).toContain('0/6');
  });

  it('shows dashes when the summary cannot be read', async () => {
    vi.mocked(getAccountSummary).mockRejectedValue(new ApiError(500, null, 'boom'));
    const { text } = await show();
    expect(text('figure-open')).toContain('—');
    expect(text('figure-coverage')).toContain('—');
  });
});
