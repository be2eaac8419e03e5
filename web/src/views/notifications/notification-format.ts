// What the bell shows of a notification, apart from any component so that unit tests call it:
// the icon of each kind, the time relative to now ("3 分钟前"), the badge's text, and where a
// click goes (the notification's link, if it is a path of this app).
import type { Component } from 'vue';
import { AlarmClock, Bell, Box, Calendar, ChatDotRound, ChatLineSquare, Checked, Clock, Document, Finished, Flag, Guide, Medal, Money, PhoneFilled, Promotion, Stamp, Warning, WarningFilled } from '@element-plus/icons-vue';

/** Kinds the server sends today; others (a newer server) get the bell. */
export const KIND_ICONS: Record<string, Component> = {
  quote_to_approve: Money,
  registration_to_review: Stamp,
  tender_closing: Calendar,
  report_due: Document,
  report_overdue: Clock,
  next_step_due: Checked,
  assessment_step: Medal,
  // 整改: a new or sent-back order, one due today or tomorrow, one overdue, an answer to verify
  rectification_open: Flag,
  rectification_due: AlarmClock,
  rectification_overdue: Warning,
  rectification_responded: ChatLineSquare,
  // 客户满意度: a follow-up call due, a low score to review, a complaint to handle, one overdue
  satisfaction_due: PhoneFilled,
  satisfaction_low: WarningFilled,
  complaint_open: ChatDotRound,
  complaint_overdue: Warning,
  // 展销会、推广会: an event tomorrow or today, an ended one to close with its cost
  event_soon: Promotion,
  event_to_close: Finished,
  // 支持台账: a request waiting two days for the caller's decision; HQ's dedicated visit planned today
  support_to_approve: Box,
  hq_visit_due: Guide,
};

export function kindIcon(kind: string): Component {
  return KIND_ICONS[kind] ?? Bell;
}

/** The label key of a kind (notifications.kinds.*), falling back to "other". */
export function kindKey(kind: string): string {
  return kind in KIND_ICONS ? `notifications.kinds.${kind}` : 'notifications.kinds.other';
}

export type RelativeUnit = 'now' | 'minutes' | 'hours' | 'days' | 'date';

/** How long ago `at` was, in the largest whole unit under a week; older: its date. */
export function relativeTime(at: string, now: number = Date.now()): { unit: RelativeUnit; count: number } {
  const then = Date.parse(at);
  if (Number.isNaN(then)) return { unit: 'date', count: 0 };
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return { unit: 'now', count: 0 };
  if (seconds < 3600) return { unit: 'minutes', count: Math.floor(seconds / 60) };
  if (seconds < 86400) return { unit: 'hours', count: Math.floor(seconds / 3600) };
  if (seconds < 7 * 86400) return { unit: 'days', count: Math.floor(seconds / 86400) };
  return { unit: 'date', count: 0 };
}

/** The badge: nothing at 0, the count up to 99, then "99+". */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** Where clicking a notification goes: its link when it is a path of this app, else nowhere. */
export function targetOf(link: string): string | null {
  if (!link.startsWith('/') || link.startsWith('//')) return null;
  return link;
}
