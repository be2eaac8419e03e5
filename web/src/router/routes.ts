// Every page of the app. Pages are loaded on demand so the sign-in page stays small.
import type { RouteRecordRaw } from 'vue-router';
import { MENU } from './menu';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** i18n key of the page title. */
    title?: string;
    /** The user needs any of these permissions. */
    anyOf?: readonly string[];
  }
}

const anyOf = (name: string) => MENU.find((entry) => entry.name === name)?.anyOf;

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/login-view.vue'),
    meta: { public: true, title: 'auth.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/app-layout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/home-view.vue'),
        meta: { title: 'menu.home', anyOf: anyOf('home') },
      },
      {
        path: 'org',
        name: 'org',
        component: () => import('@/views/org/org-tree-view.vue'),
        meta: { title: 'menu.org', anyOf: anyOf('org') },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/user-list-view.vue'),
        meta: { title: 'menu.users', anyOf: anyOf('users') },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('@/views/errors/forbidden-view.vue'),
        meta: { title: 'common.forbidden.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/errors/not-found-view.vue'),
        meta: { title: 'common.notFound.title' },
      },
    ],
  },
];
