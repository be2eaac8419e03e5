// Mounting kit pieces in a small app: pinia, i18n (zh-CN) and a memory router whose routes
// render the component under test.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h, nextTick, type Component } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { createAppI18n } from '@/locales';

export const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

/** Mounts `page` at `path` (its route named `page`) with an `other` route beside it. */
export async function mountAt(page: Component, path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/page', name: 'page', component: page },
      { path: '/other', name: 'other', component: { render: () => h('p', 'other') } },
    ],
  });
  await router.push(path);
  await router.isReady();
  const root = defineComponent({ render: () => h(RouterView) });
  const wrapper = mount(root, {
    attachTo: document.body,
    global: { plugins: [pinia, router, createAppI18n('zh-CN')], stubs: { transition: false } },
  });
  await flush();
  return { wrapper, router };
}
