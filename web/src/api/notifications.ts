// The notification centre (`/notifications`: the caller's own, newest first) and a unit's WeCom
// (企业微信) group robot (`/org/units/{id}/wecom-webhook`). Types are the generated ones.
import { http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
export type WecomWebhook = Schemas['WecomWebhook'];
export type WecomWebhookUpdate = Schemas['WecomWebhookUpdate'];

export interface NotificationQuery {
  unread?: boolean;
  limit?: number;
  cursor?: string;
}

export function listNotifications(query: NotificationQuery = {}, signal?: AbortSignal): Promise<NotificationPage> {
  return http.get<NotificationPage>('/notifications', { ...query }, { signal });
}

/** The bell's count. A background poll: a 401 does not sign the page out (the next action will). */
export function getUnreadCount(signal?: AbortSignal): Promise<{ unread: number }> {
  return http.get<{ unread: number }>('/notifications/unread-count', undefined, { signal, ignoreUnauthorized: true });
}

export function markNotificationRead(id: number): Promise<void> {
  return http.post<void>(`/notifications/${id}/read`);
}

export function markAllNotificationsRead(): Promise<void> {
  return http.post<void>('/notifications/read-all');
}

export function getWecomWebhook(unitId: number): Promise<WecomWebhook> {
  return http.get<WecomWebhook>(`/org/units/${unitId}/wecom-webhook`);
}

export function saveWecomWebhook(unitId: number, body: WecomWebhookUpdate): Promise<WecomWebhook> {
  return http.put<WecomWebhook>(`/org/units/${unitId}/wecom-webhook`, body);
}

export function testWecomWebhook(unitId: number): Promise<{ job_id: number }> {
  return http.post<{ job_id: number }>(`/org/units/${unitId}/wecom-webhook/test`);
}
