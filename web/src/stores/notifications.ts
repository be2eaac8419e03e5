// The bell's state: the unread count (polled every minute and on every route change while signed
// in), the latest few notifications for its dropdown, and marking read. Signed out, it asks the
// server nothing; a failed poll keeps the last count and says nothing (no console noise).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as api from '@/api/notifications';
import type { Notification } from '@/api/notifications';
import { useAuthStore } from '@/stores/auth';

export const POLL_INTERVAL_MS = 60_000;
export const LATEST_COUNT = 8;

export const useNotificationStore = defineStore('notifications', () => {
  const auth = useAuthStore();
  const unread = ref(0);
  const latest = ref<Notification[]>([]);
  const loadingLatest = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;
  let inFlight: AbortController | null = null;

  async function refreshCount(): Promise<void> {
    if (!auth.isSignedIn) {
      unread.value = 0;
      return;
    }
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      unread.value = (await api.getUnreadCount(controller.signal)).unread;
    } catch {
      // signed out meanwhile, offline, or aborted by a newer poll: keep what we had
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  async function loadLatest(): Promise<void> {
    if (!auth.isSignedIn) return;
    loadingLatest.value = true;
    try {
      const page = await api.listNotifications({ limit: LATEST_COUNT });
      latest.value = page.items;
      unread.value = page.unread_count;
    } catch {
      latest.value = [];
    } finally {
      loadingLatest.value = false;
    }
  }

  /** Marks one read (when it is not yet) and counts it off at once. */
  async function markRead(item: Notification): Promise<void> {
    if (item.read_at) return;
    await api.markNotificationRead(item.id);
    const now = new Date().toISOString();
    latest.value = latest.value.map((n) => (n.id === item.id ? { ...n, read_at: now } : n));
    unread.value = Math.max(0, unread.value - 1);
  }

  async function markAllRead(): Promise<void> {
    await api.markAllNotificationsRead();
    const now = new Date().toISOString();
    latest.value = latest.value.map((n) => (n.read_at ? n : { ...n, read_at: now }));
    unread.value = 0;
  }

  function startPolling(intervalMs = POLL_INTERVAL_MS): void {
    stopPolling();
    void refreshCount();
    timer = setInterval(() => void refreshCount(), intervalMs);
  }

  function stopPolling(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
    inFlight?.abort();
    inFlight = null;
  }

  function reset(): void {
    stopPolling();
    unread.value = 0;
    latest.value = [];
  }

  return { unread, latest, loadingLatest, refreshCount, loadLatest, markRead, markAllRead, startPolling, stopPolling, reset };
});
