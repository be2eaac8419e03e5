// Mounting kit pieces in a small app (mountWithApp): pinia, i18n (zh-CN) and a memory router
// whose routes render the component under test.
import { h, type Component } from 'vue';
import { RouterView } from 'vue-router';
import { mountWithApp } from './mount-with-app';

export { flush } from './mount-with-app';

/** Mounts `page` at `path` (its route named `page`) with an `other` route beside it. */
export async function mountAt(page: Component, path: string) {
  const { wrapper, router } = await mountWithApp(RouterView, {
    routes: [
      { path: '/page', name: 'page', component: page },
      { path: '/other', name: 'other', component: { render: () => h('p', 'other') } },
    ],
    path,
    attach: true,
    transitions: true,
  });
  return { wrapper, router };
}
