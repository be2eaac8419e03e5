// The visits pages' logic (views/visits/visit-format.ts): the quick form's times in China time
// whatever the phone's zone, the body it sends (a next step both or neither, trimmed, no empty
// fields), and the buying centre's standing of each role against the grade's days; the menu for
// those who log visits and for HQ; and the home page's to-dos worded in both languages.
import { describe, expect, it } from 'vitest';
import type { BuyingCentreMap } from '@/api/visits';
import { loadMessages } from '@/locales';
import { MENU, visibleMenu } from '@/router/menu';
import {
  chinaInputValue,
  daysAgo,
  daysBetween,
  emptyQuickForm,
  metState,
  nextStepMissing,
  nextStepTag,
  occurredAtFromInput,
  roleStandings,
  visitBody,
} from '@/views/visits/visit-format';

describe('the quick form', () => {
  it('starts at the moment it opens, in China time, with the account and opportunity given', () => {
    // 23:30 UTC is 07:30 the next day in Shanghai
    const form = emptyQuickForm(new Date('2024-03-09T23:30:00Z'), { account_id: 7, opportunity_id: 9 });
    expect(form.occurred_at).toBe('2024-03-10T07:30');
    expect(form.account_id).toBe(7);
    expect(form.opportunity_id).toBe(9);
    expect(form.kind).toBe('visit');
    expect(form.contact_ids).toEqual([]);
    expect(emptyQuickForm(new Date('2024-03-09T15:59:00Z')).occurred_at).toBe('2024-03-09T23:59');
  });

  it('reads a typed time as China time (+08:00) and refuses what is not one', () => {
    expect(occurredAtFromInput('2024-03-10T07:30')).toBe('2024-03-10T07:30:00+08:00');
    expect(occurredAtFromInput(chinaInputValue(new Date('2024-12-31T16:05:00Z')))).toBe('2025-01-01T00:05:00+08:00');
    expect(occurredAtFromInput('')).toBeNull();
    expect(occurredAtFromInput('2024-03-10 07:30')).toBeNull();
  });

  it('wants a next step and its due date together', () => {
    expect(nextStepMissing({ next_step: '', next_step_due: '' })).toBeNull();
    expect(nextStepMissing({ next_step: '送报价单', next_step_due: '2024-03-12' })).toBeNull();
    expect(nextStepMissing({ next_step: '送报价单', next_step_due: '' })).toBe('next_step_due');
    expect(nextStepMissing({ next_step: '   ', next_step_due: '2024-03-12' })).toBe('next_step');
  });

  it('sends the visit with trimmed texts and without the fields left empty', () => {
    const form = emptyQuickForm(new Date('2024-03-10T02:00:00Z'), { account_id: 5 });
    form.kind = 'demo';
    form.contact_ids = [3, 1];
    form.summary = '  现场演示囚车  ';
    expect(visitBody(form)).toEqual({
      account_id: 5,
      kind: 'demo',
      occurred_at: '2024-03-10T10:00:00+08:00',
      contact_ids: [3, 1],
      summary: '现场演示囚车',
    });
    form.opportunity_id = 8;
    form.next_step = ' 送报价单 ';
    form.next_step_due = '2024-03-15';
    expect(visitBody(form)).toMatchObject({ opportunity_id: 8, next_step: '送报价单', next_step_due: '2024-03-15' });
    expect(visitBody({ ...form, account_id: null })).toBeNull();
    expect(visitBody({ ...form, occurred_at: '' })).toBeNull();
  });
});

describe('the buying centre against the grade’s days', () => {
  it('counts China days, as the server flags an account', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2); // a leap year
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    // met at 23:30 on the 1st in Shanghai (15:30 UTC): in time through the 15th with 14 days
    expect(metState('2024-07-01T15:30:00Z', 14, '2024-07-15')).toBe('ok');
    expect(metState('2024-07-01T15:30:00Z', 14, '2024-07-16')).toBe('overdue');
    // 16:30 UTC on the 1st is already the 2nd in Shanghai
    expect(metState('2024-07-01T16:30:00Z', 14, '2024-07-16')).toBe('ok');
    expect(metState(null, 14, '2024-07-16')).toBe('never');
    expect(daysAgo('2024-07-01T16:30:00+08:00', '2024-07-04')).toBe(3);
    expect(daysAgo(null, '2024-07-04')).toBeNull();
  });

  it('flags a role whose contacts were not met in time, not a role nobody holds', () => {
    const centre: BuyingCentreMap = {
      account_id: 1,
      grade: 'key',
      last_visit_at: '2024-07-10T10:00:00+08:00',
      max_days: 14,
      days_since_visit: 5,
      overdue: false,
      roles: [
        { role: 'user', last_met_at: null, contacts: [] },
        { role: 'evaluator', last_met_at: '2024-07-10T10:00:00+08:00', contacts: [{ id: 1, name: '李', title: null, department: null, last_met_at: '2024-07-10T10:00:00+08:00' }] },
        { role: 'decision_maker', last_met_at: '2024-06-01T10:00:00+08:00', contacts: [{ id: 2, name: '王', title: null, department: null, last_met_at: '2024-06-01T10:00:00+08:00' }] },
        { role: 'finance', last_met_at: null, contacts: [{ id: 3, name: '张', title: null, department: null, last_met_at: null }] },
      ],
    };
    const flagged = Object.fromEntries(roleStandings(centre, '2024-07-15').map((s) => [s.role.role, [s.state, s.flagged]]));
    expect(flagged).toEqual({
      user: ['never', false],
      evaluator: ['ok', false],
      decision_maker: ['overdue', true],
      finance: ['never', true],
    });
  });

  it('colours a next step by its state', () => {
    expect(nextStepTag('overdue')).toBe('danger');
    expect(nextStepTag('due')).toBe('warning');
    expect(nextStepTag('done')).toBe('success');
    expect(nextStepTag('open')).toBe('info');
  });
});

describe('menu and to-dos', () => {
  const names = (permissions: string[]) => visibleMenu(MENU, new Set(permissions)).map((e) => e.name);

  it('gives those who meet customers the quick form and their next steps; HQ the rule', () => {
    const rep = names(['accounts.read', 'visits.read', 'visits.log']);
    expect(rep).toEqual(['home', 'accounts', 'visit-new', 'next-steps', 'unvisited']);
    const executive = names(['accounts.read', 'visits.read']);
    expect(executive).toEqual(['home', 'accounts', 'unvisited']);
    expect(names(['visits.read', 'visits.rules'])).toEqual(['home', 'unvisited', 'visit-rules']);
  });

  it('words the visits to-dos in both languages', () => {
    const messages = loadMessages() as unknown as Record<string, { home: { todos: { codes: Record<string, string> } } }>;
    for (const locale of ['zh-CN', 'en']) {
      expect(messages[locale]!.home.todos.codes.next_steps_due).toBeTruthy();
      expect(messages[locale]!.home.todos.codes.accounts_unvisited).toBeTruthy();
    }
    expect(messages['zh-CN']!.home.todos.codes.next_steps_due).toContain('下一步');
  });
});
