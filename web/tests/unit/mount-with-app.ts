// Mounting a page or a dialog the way the app runs it: a fresh pinia (with someone signed in when
// the spec says so), vue-i18n in the spec's language, a memory router at the spec's address, and
// Element Plus as the app resolves it. One set-up for every spec that mounts more than a label.
//
//   const { wrapper, router } = await mountWithApp(OpportunityFormView, {
//     permissions: ['opportunities.read', 'opportunities.write'],
//     routes: [{ path: '/opportunities/new', name: 'opportunity-new', component: stub }],
//     path: '/opportunities/new?account_id=12',
//     attach: true,
//   });
//
// A page shown by a <router-view> (as the app shows it, with its route's guards) is mounted as
// `mountWithApp(RouterView, { routes: [{ path, component: Page }], path })`.
import { mount, type VueWrapper } from '@vue/test-utils';
import { vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { defineComponent, h, nextTick, type Component } from 'vue';
import { createMemoryHistory, createRouter, type Router, type RouteRecordRaw } from 'vue-router';
import type { Me } from '@/api/types';
import { createAppI18n, type AppLocale } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import { adminMe } from './helpers';

/** A route's stand-in page (links and redirects land on it). */
export const stub = defineComponent({ name: 'StubPage', render: () => h('div') });

/** Lets pending promises, timers of 0 ms and re-renders run (with fake timers too). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0);
    else await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
}

export interface AppMountOptions {
  /** The component's props. */
  props?: Record<string, unknown>;
  /** The UI language (default 简体中文). */
  locale?: AppLocale;
  /** Signs the admin fixture in with these permissions (the auth store's `me`). */
  permissions?: string[];
  /** Or signs this `/me` in. */
  me?: Me;
  /** The memory router's routes (default: `/` only, a stub). */
  routes?: RouteRecordRaw[];
  /** Where the router is when the component mounts (default `/`). */
  path?: string;
  /** Mounts into document.body (for what Element Plus teleports: dialogs, message boxes, poppers). */
  attach?: boolean;
  /** Runs transitions as the app does instead of test-utils' stand-ins (dialogs that open and close). */
  transitions?: boolean;
  /** Further component stubs. */
  stubs?: Record<string, Component | boolean>;
  /** Runs once the spec's pinia is active, before mounting (to fill a store). */
  before?: () => void;
}

export interface AppMount {
  wrapper: VueWrapper;
  router: Router;
  pinia: Pinia;
}

/** Mounts `component` in the app's set-up and lets its first reads settle. */
export async function mountWithApp(component: Component, options: AppMountOptions = {}): Promise<AppMount> {
  const pinia = createPinia();
  setActivePinia(pinia);
  if (options.me) useAuthStore().me = options.me;
  else if (options.permissions) useAuthStore().me = { ...adminMe, permissions: options.permissions };
  options.before?.();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: options.routes ?? [{ path: '/', component: stub }],
  });
  await router.push(options.path ?? '/');
  await router.isReady();
  const stubs = { ...(options.transitions ? { transition: false, 'transition-group': false } : {}), ...options.stubs };
  const wrapper = mount(component, {
    props: options.props,
    attachTo: options.attach ? document.body : undefined,
    global: { plugins: [pinia, router, createAppI18n(options.locale ?? 'zh-CN')], stubs },
  });
  await flush();
  return { wrapper, router, pinia };
}
