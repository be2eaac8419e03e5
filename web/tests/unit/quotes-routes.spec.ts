// The pages of issue 6 owned here — 报价审批, 招标日历, 车型目录, 价值金字塔 — in the menu and
// behind the router guard, by the permissions GET /me returns.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { csrfToken, onUnauthorized } from '@/api/client';
import { installGuards } from '@/router/guards';
import { MENU, visibleMenu } from '@/router/menu';
import { routes } from '@/router/routes';
import { adminMe, mockFetch, when } from './helpers';

const SALES_REP = ['org.read', 'accounts.read', 'registrations.read', 'opportunities.read', 'opportunities.write'];
const REGIONAL_DIRECTOR = [...SALES_REP, 'quotes.approve'];
const PAGES = ['quote-inbox', 'tender-calendar', 'vehicle-models', 'pyramid'];

const stub = { template: '<div />' };

function makeRouter(): Router {
  const stubbed = routes.map((route) => ({
    ...route,
    component: stub,
    children: route.children?.map((child) => ({ ...child, component: stub })),
  }));
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed as typeof routes });
  installGuards(router);
  return router;
}

describe('issue 6 pages in the menu', () => {
  it('shows 报价审批 to approvers only, the other three to every opportunity reader', () => {
    const shown = (held: string[]) => visibleMenu(MENU, new Set(held)).map((entry) => entry.name).filter((name) => PAGES.includes(name));
    expect(shown(SALES_REP)).toEqual(['tender-calendar', 'vehicle-models', 'pyramid']);
    expect(shown(REGIONAL_DIRECTOR)).toEqual(['quote-inbox', 'tender-calendar', 'vehicle-models', 'pyramid']);
    expect(shown(['org.read', 'accounts.read'])).toEqual([]);
  });

  it('has a route for each menu entry, at the path the menu links to', () => {
    const children = routes[1]?.children ?? [];
    for (const name of PAGES) {
      const entry = MENU.find((candidate) => candidate.name === name);
      const route = children.find((candidate) => candidate.name === name);
      expect(`/${route?.path}`).toBe(entry?.path);
      expect(route?.meta?.anyOf).toEqual(entry?.anyOf);
    }
  });
});

describe('issue 6 routes', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    sessionStorage.clear();
    onUnauthorized(null);
  });

  async function signedIn(permissions: string[]): Promise<Router> {
    csrfToken.set('csrf');
    mockFetch(when('GET', '/api/v1/me', { status: 200, body: { ...adminMe, permissions } }));
    return makeRouter();
  }

  it('lets a sales rep open the calendar, the catalogue and the pyramid, not the approval inbox', async () => {
    const router = await signedIn(SALES_REP);
    for (const [path, name] of [
      ['/tenders', 'tender-calendar'],
      ['/catalogue/vehicle-models', 'vehicle-models'],
      ['/insights/pyramid', 'pyramid'],
      ['/quotes/inbox', 'forbidden'],
    ] as const) {
      await router.push(path);
      expect(router.currentRoute.value.name).toBe(name);
    }
  });

  it('lets an approver open the inbox', async () => {
    const router = await signedIn(REGIONAL_DIRECTOR);
    await router.push('/quotes/inbox');
    expect(router.currentRoute.value.name).toBe('quote-inbox');
  });
});
