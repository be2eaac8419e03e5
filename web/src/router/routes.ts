// Every page of the app. Pages are loaded on demand so the sign-in page stays small; the sign-in
// page itself is part of the entry, loaded with it rather than after it.
import type { RouteRecordRaw } from 'vue-router';
import LoginView from '@/views/auth/login-view.vue';
import { MENU } from './menu';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** i18n key of the page title. */
    title?: string;
    /** The user needs any of these permissions. */
    anyOf?: readonly string[];
    /** The menu entry to highlight when it is not the route itself (a page under a list). */
    menu?: string;
  }
}

const anyOf = (name: string) => MENU.find((entry) => entry.name === name)?.anyOf;

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: LoginView,
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
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/notifications/notification-list-view.vue'),
        meta: { title: 'notifications.title' },
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
        path: 'accounts',
        name: 'accounts',
        component: () => import('@/views/accounts/account-list-view.vue'),
        meta: { title: 'menu.accounts', anyOf: anyOf('accounts') },
      },
      {
        path: 'accounts/:id(\\d+)',
        name: 'account',
        component: () => import('@/views/accounts/account-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'accounts.page.title', anyOf: anyOf('accounts'), menu: 'accounts' },
      },
      {
        path: 'visits/new',
        name: 'visit-new',
        component: () => import('@/views/visits/visit-quick-form-view.vue'),
        meta: { title: 'visits.form.title', anyOf: anyOf('visit-new') },
      },
      {
        path: 'next-steps',
        name: 'next-steps',
        component: () => import('@/views/visits/next-steps-view.vue'),
        meta: { title: 'visits.nextSteps.title', anyOf: anyOf('next-steps') },
      },
      {
        path: 'unvisited-accounts',
        name: 'unvisited',
        component: () => import('@/views/visits/unvisited-accounts-view.vue'),
        meta: { title: 'visits.unvisited.title', anyOf: anyOf('unvisited') },
      },
      {
        path: 'visits/rules',
        name: 'visit-rules',
        component: () => import('@/views/visits/visit-rules-view.vue'),
        meta: { title: 'visits.rules.title', anyOf: ['visits.read'], menu: 'visit-rules' },
      },
      {
        path: 'registrations',
        name: 'registrations',
        component: () => import('@/views/registrations/registration-list-view.vue'),
        meta: { title: 'registrations.menu.list', anyOf: anyOf('registrations') },
      },
      {
        path: 'registrations/new',
        name: 'registration-new',
        component: () => import('@/views/registrations/registration-form-view.vue'),
        meta: { title: 'registrations.create', anyOf: ['registrations.create'], menu: 'registrations' },
      },
      {
        path: 'registrations/review',
        name: 'registration-review',
        component: () => import('@/views/registrations/registration-review-view.vue'),
        meta: { title: 'registrations.menu.review', anyOf: anyOf('registration-review') },
      },
      {
        path: 'registrations/stats',
        name: 'registration-stats',
        component: () => import('@/views/registrations/registration-stats-view.vue'),
        meta: { title: 'registrations.menu.stats', anyOf: anyOf('registration-stats') },
      },
      {
        path: 'registrations/:id(\\d+)',
        name: 'registration',
        component: () => import('@/views/registrations/registration-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'registrations.detail.title', anyOf: anyOf('registrations'), menu: 'registrations' },
      },
      {
        path: 'opportunities',
        name: 'opportunities',
        component: () => import('@/views/opportunities/opportunity-list-view.vue'),
        meta: { title: 'opportunities.menu.list', anyOf: anyOf('opportunities') },
      },
      {
        path: 'opportunities/board',
        name: 'opportunity-board',
        component: () => import('@/views/opportunities/opportunity-board-view.vue'),
        meta: { title: 'opportunities.menu.board', anyOf: anyOf('opportunity-board') },
      },
      {
        path: 'opportunities/new',
        name: 'opportunity-new',
        component: () => import('@/views/opportunities/opportunity-form-view.vue'),
        meta: { title: 'opportunities.create', anyOf: ['opportunities.write'], menu: 'opportunities' },
      },
      {
        path: 'opportunities/:id(\\d+)',
        name: 'opportunity',
        component: () => import('@/views/opportunities/opportunity-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'opportunities.detail.title', anyOf: anyOf('opportunities'), menu: 'opportunities' },
      },
      {
        path: 'quotes/inbox',
        name: 'quote-inbox',
        component: () => import('@/views/quotes/quote-inbox-view.vue'),
        meta: { title: 'quotes.menu.inbox', anyOf: anyOf('quote-inbox') },
      },
      {
        path: 'tenders',
        name: 'tender-calendar',
        component: () => import('@/views/tenders/tender-calendar-view.vue'),
        meta: { title: 'tenders.menu.calendar', anyOf: anyOf('tender-calendar') },
      },
      {
        path: 'agreements',
        name: 'agreements',
        component: () => import('@/views/agreements/agreement-list-view.vue'),
        meta: { title: 'agreements.title', anyOf: anyOf('agreements') },
      },
      {
        path: 'agreements/coverage',
        name: 'agreement-coverage',
        component: () => import('@/views/agreements/agreement-coverage-view.vue'),
        meta: { title: 'agreements.coverage.title', anyOf: anyOf('agreement-coverage') },
      },
      {
        path: 'agreements/new',
        name: 'agreement-new',
        component: () => import('@/views/agreements/agreement-form-view.vue'),
        meta: { title: 'agreements.create', anyOf: ['agreements.manage'], menu: 'agreements' },
      },
      {
        path: 'agreements/:id(\\d+)',
        name: 'agreement',
        component: () => import('@/views/agreements/agreement-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'agreements.detail.title', anyOf: anyOf('agreements'), menu: 'agreements' },
      },
      {
        path: 'agreements/:id(\\d+)/edit',
        name: 'agreement-edit',
        component: () => import('@/views/agreements/agreement-form-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'agreements.form.editTitle', anyOf: ['agreements.manage'], menu: 'agreements' },
      },
      {
        path: 'catalogue/vehicle-models',
        name: 'vehicle-models',
        component: () => import('@/views/catalogue/vehicle-model-list-view.vue'),
        meta: { title: 'catalogue.menu.models', anyOf: anyOf('vehicle-models') },
      },
      {
        path: 'opportunities/stage-probabilities',
        name: 'stage-probabilities',
        component: () => import('@/views/opportunities/stage-probability-settings-view.vue'),
        meta: { title: 'probabilities.title', anyOf: anyOf('stage-probabilities') },
      },
      {
        path: 'insights/pyramid',
        name: 'pyramid',
        component: () => import('@/views/insights/pyramid-view.vue'),
        meta: { title: 'insights.menu.pyramid', anyOf: anyOf('pyramid') },
      },
      {
        path: 'boards',
        name: 'boards',
        component: () => import('@/views/boards/boards-view.vue'),
        meta: { title: 'boards.title', anyOf: anyOf('boards') },
      },
      {
        path: 'targets',
        name: 'targets',
        component: () => import('@/views/targets/target-plan-list-view.vue'),
        meta: { title: 'targets.title', anyOf: anyOf('targets') },
      },
      {
        path: 'targets/:id(\\d+)',
        name: 'target-plan',
        component: () => import('@/views/targets/target-plan-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'targets.detail.title', anyOf: anyOf('targets'), menu: 'targets' },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('@/views/reports/report-list-view.vue'),
        meta: { title: 'reports.list.title', anyOf: anyOf('reports') },
      },
      {
        path: 'reports/board',
        name: 'report-board',
        component: () => import('@/views/reports/report-board-view.vue'),
        meta: { title: 'reports.board.title', anyOf: anyOf('report-board') },
      },
      {
        path: 'reports/:id(\\d+)',
        name: 'report',
        component: () => import('@/views/reports/report-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'reports.list.title', anyOf: anyOf('reports'), menu: 'reports' },
      },
      {
        path: 'assessments',
        name: 'assessments',
        component: () => import('@/views/assessment/assessment-board-view.vue'),
        meta: { title: 'assessment.board.title', anyOf: anyOf('assessments') },
      },
      {
        path: 'assessments/templates',
        name: 'assessment-templates',
        component: () => import('@/views/assessment/assessment-template-view.vue'),
        // everyone who reads the assessment reads its templates; the menu entry is the KA director's
        meta: { title: 'assessment.templates.title', anyOf: anyOf('assessments') },
      },
      {
        path: 'assessments/:month(\\d{4}-\\d{2})/people/:id(\\d+)',
        name: 'assessment-person',
        component: () => import('@/views/assessment/assessment-person-view.vue'),
        props: (route) => ({ month: String(route.params.month), id: Number(route.params.id) }),
        meta: { title: 'assessment.person.title', anyOf: anyOf('assessments'), menu: 'assessments' },
      },
      {
        path: 'rectifications',
        name: 'rectifications',
        component: () => import('@/views/rectification/rectification-list-view.vue'),
        meta: { title: 'rectification.title', anyOf: anyOf('rectifications') },
      },
      {
        path: 'rectifications/new',
        name: 'rectification-new',
        component: () => import('@/views/rectification/rectification-raise-view.vue'),
        meta: { title: 'rectification.raise', anyOf: ['rectification.raise'], menu: 'rectifications' },
      },
      {
        path: 'rectifications/:id(\\d+)',
        name: 'rectification',
        component: () => import('@/views/rectification/rectification-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'rectification.detail.title', anyOf: anyOf('rectifications'), menu: 'rectifications' },
      },
      {
        path: 'events',
        name: 'events',
        component: () => import('@/views/events/event-list-view.vue'),
        meta: { title: 'events.title', anyOf: anyOf('events') },
      },
      {
        path: 'events/new',
        name: 'event-new',
        component: () => import('@/views/events/event-form-view.vue'),
        meta: { title: 'events.create', anyOf: ['events.manage'], menu: 'events' },
      },
      {
        path: 'events/:id(\\d+)',
        name: 'event',
        component: () => import('@/views/events/event-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'events.detail.title', anyOf: anyOf('events'), menu: 'events' },
      },
      {
        path: 'events/:id(\\d+)/edit',
        name: 'event-edit',
        component: () => import('@/views/events/event-form-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'events.form.editTitle', anyOf: ['events.manage'], menu: 'events' },
      },
      {
        // the page at the door, on a phone
        path: 'events/:id(\\d+)/check-in',
        name: 'event-check-in',
        component: () => import('@/views/events/event-check-in-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'events.checkIn.title', anyOf: anyOf('events'), menu: 'events' },
      },
      {
        path: 'satisfaction',
        name: 'satisfaction',
        component: () => import('@/views/satisfaction/followup-list-view.vue'),
        meta: { title: 'satisfaction.title', anyOf: anyOf('satisfaction') },
      },
      {
        path: 'satisfaction/board',
        name: 'satisfaction-board',
        component: () => import('@/views/satisfaction/satisfaction-board-view.vue'),
        meta: { title: 'satisfaction.board.title', anyOf: anyOf('satisfaction-board') },
      },
      {
        path: 'satisfaction/followups/:id(\\d+)',
        name: 'satisfaction-followup',
        component: () => import('@/views/satisfaction/followup-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'satisfaction.detail.title', anyOf: anyOf('satisfaction'), menu: 'satisfaction' },
      },
      {
        path: 'complaints',
        name: 'complaints',
        component: () => import('@/views/satisfaction/complaint-list-view.vue'),
        meta: { title: 'satisfaction.complaints.title', anyOf: anyOf('complaints') },
      },
      {
        // the address the notifications link to (/satisfaction/complaints/{id})
        path: 'satisfaction/complaints/:id(\\d+)',
        name: 'complaint',
        component: () => import('@/views/satisfaction/complaint-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'satisfaction.complaints.detailTitle', anyOf: anyOf('complaints'), menu: 'complaints' },
      },
      {
        path: 'support',
        name: 'support',
        component: () => import('@/views/support/support-list-view.vue'),
        meta: { title: 'support.list.title', anyOf: anyOf('support') },
      },
      {
        path: 'support/new',
        name: 'support-new',
        component: () => import('@/views/support/support-request-form-view.vue'),
        meta: { title: 'support.form.title', anyOf: ['support.request'], menu: 'support' },
      },
      {
        path: 'support/:id(\\d+)',
        name: 'support-request',
        component: () => import('@/views/support/support-request-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: 'support.detail.title', anyOf: anyOf('support'), menu: 'support' },
      },
      {
        path: 'support/ledger',
        name: 'support-ledger',
        component: () => import('@/views/support/support-ledger-view.vue'),
        meta: { title: 'support.ledger.title', anyOf: anyOf('support-ledger') },
      },
      {
        path: 'support/items',
        name: 'support-items',
        component: () => import('@/views/support/support-items-view.vue'),
        meta: { title: 'support.items.title', anyOf: anyOf('support-items') },
      },
      {
        path: 'support/hq-visits',
        name: 'support-hq-visits',
        component: () => import('@/views/support/hq-visit-list-view.vue'),
        meta: { title: 'support.hqVisits.title', anyOf: anyOf('support-hq-visits') },
      },
      {
        path: 'support/policy-notes',
        name: 'support-policy-notes',
        component: () => import('@/views/support/policy-note-list-view.vue'),
        meta: { title: 'support.notes.title', anyOf: anyOf('support-policy-notes') },
      },
      {
        path: 'support/rewards',
        name: 'support-rewards',
        component: () => import('@/views/support/reward-list-view.vue'),
        meta: { title: 'support.rewards.title', anyOf: anyOf('support-rewards') },
      },
      {
        path: 'support/upfitter-policies',
        name: 'support-upfitter-policies',
        component: () => import('@/views/support/upfitter-policy-list-view.vue'),
        meta: { title: 'support.policies.title', anyOf: anyOf('support-upfitter-policies') },
      },
      {
        path: 'directories',
        name: 'directories',
        component: () => import('@/views/directories/directory-view.vue'),
        meta: { title: 'menu.directories', anyOf: anyOf('directories') },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/audit-list-view.vue'),
        meta: { title: 'menu.audit', anyOf: anyOf('audit') },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('@/views/errors/error-view.vue'),
        props: { icon: 'error', messages: 'common.forbidden' },
        meta: { title: 'common.forbidden.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/errors/error-view.vue'),
        props: { icon: 'warning', messages: 'common.notFound' },
        meta: { title: 'common.notFound.title' },
      },
    ],
  },
];
