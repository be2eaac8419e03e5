// The registration list's status buttons carry the server's counts (待审核 3) for the other
// filters: asked with the search and the protection day but never the status, asked again when
// those change and not when only the status does; without counts the buttons show none.
import { describe, expect, it } from 'vitest';
import RegistrationListView from '@/views/registrations/registration-list-view.vue';
import { adminMe, eventually, mockFetch, when } from './helpers';
import { mountWithApp, stub } from './mount-with-app';
import { registrationFixture } from './registrations-fixtures';

const COUNTS = { pending: 3, conflict: 1, approved: 7, rejected: 0, lapsed: 2, converted: 4 };

async function mountList(path: string, countsAnswer: { status: number; body: unknown }) {
  const fetches = mockFetch(
    when('GET', '/api/v1/registrations', { status: 200, body: { items: [registrationFixture()], next_cursor: null } }),
    when('GET', '/api/v1/registrations/status-counts', countsAnswer),
    when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
  );
  const { wrapper, router } = await mountWithApp(RegistrationListView, {
    me: { ...adminMe, permissions: ['registrations.read'] } as never,
    routes: [
      { path: '/registrations', name: 'registrations', component: RegistrationListView },
      { path: '/registrations/:id', name: 'registration', component: stub },
      { path: '/registrations/new', name: 'registration-new', component: stub },
    ],
    path,
  });
  const countRequests = () =>
    fetches.requests.filter((r) => r.url.includes('/registrations/status-counts')).map((r) => new URL(r.url, 'http://localhost'));
  return { wrapper, router, countRequests };
}

describe('registration list status counts', { timeout: 30_000 }, () => {
  it('shows the server’s count beside each status, for the other filters only', async () => {
    const { wrapper, router, countRequests } = await mountList('/registrations?status=approved&q=公安', {
      status: 200,
      body: { counts: COUNTS, total: 17 },
    });
    const chip = (status: string) => wrapper.find(`[data-testid="reg-status-${status}"]`).text();
    await eventually(() => expect(chip('pending')).toBe('待审核 3'));
    expect(chip('all')).toBe('全部 17');
    expect(chip('approved')).toBe('已批准 7');
    expect(chip('rejected')).toBe('已驳回 0');
    const first = countRequests();
    expect(first).toHaveLength(1);
    expect(first[0]!.searchParams.get('q')).toBe('公安');
    expect(first[0]!.searchParams.has('status')).toBe(false);

    // choosing another status keeps the counts; another search asks again
    await router.push('/registrations?status=pending&q=公安');
    await eventually(() => expect(wrapper.find('[data-testid="reg-status-pending"] input').element).toHaveProperty('checked', true));
    expect(countRequests()).toHaveLength(1);
    await router.push('/registrations?status=pending&q=交通');
    await eventually(() => expect(countRequests()).toHaveLength(2));
    expect(countRequests()[1]!.searchParams.get('q')).toBe('交通');
    wrapper.unmount();
  });

  it('shows the statuses without figures when the counts cannot be had', async () => {
    const { wrapper, countRequests } = await mountList('/registrations', {
      status: 500,
      body: { type: 'about:blank', title: 'x', status: 500, code: 'internal' },
    });
    await eventually(() => expect(countRequests()).toHaveLength(1));
    await eventually(() => expect(wrapper.find('[data-testid="reg-link-31"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="reg-status-pending"]').text()).toBe('待审核');
    expect(wrapper.find('[data-testid="reg-status-all"]').text()).toBe('全部');
    wrapper.unmount();
  });
});
