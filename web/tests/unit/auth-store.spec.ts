import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError, csrfToken, http, onUnauthorized } from '@/api/client';
import { useAuthStore } from '@/stores/auth';
import { adminMe, mockFetch, problem, when } from './helpers';

const loginAnswer = {
  token: 'tok',
  csrf_token: 'csrf-123',
  expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  user: adminMe.user,
};

describe('auth store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    sessionStorage.clear();
    onUnauthorized(null);
  });

  it('signs in: keeps the CSRF token in sessionStorage and loads /me', async () => {
    const { requests } = mockFetch(
      when('POST', '/api/v1/auth/login', { status: 200, body: loginAnswer }),
      when('GET', '/api/v1/me', { status: 200, body: adminMe }),
    );
    const auth = useAuthStore();
    await auth.login('admin', 'Secret-pass-1');

    expect(auth.isSignedIn).toBe(true);
    expect(auth.user?.username).toBe('admin');
    expect(auth.orgUnit?.kind).toBe('hq');
    expect(auth.can('users.manage')).toBe(true);
    expect(auth.can('reports.approve')).toBe(false);
    expect(sessionStorage.getItem('fleetkam.csrf_token')).toBe('csrf-123');
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'admin', password: 'Secret-pass-1' },
      credentials: 'same-origin',
    });
  });

  it('sends X-CSRF-Token on non-GET requests only', async () => {
    csrfToken.set('csrf-abc');
    const { requests } = mockFetch(
      when('GET', '/api/v1/me', { status: 200, body: adminMe }),
      when('PATCH', '/api/v1/users/5', { status: 200, body: adminMe.user }),
    );
    await http.get('/me');
    await http.patch('/users/5', { version: 1 });
    expect(requests[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(requests[1]?.headers['x-csrf-token']).toBe('csrf-abc');
    expect(requests[1]?.headers['content-type']).toBe('application/json');
  });

  it('wrong password: throws the coded error, stays signed out, does not treat it as an ended session', async () => {
    mockFetch(when('POST', '/api/v1/auth/login', { status: 401, body: problem(401, 'auth.invalid_credentials') }));
    const handler = vi.fn();
    onUnauthorized(handler);
    const auth = useAuthStore();

    const error = await auth.login('admin', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('auth.invalid_credentials');
    expect(auth.isSignedIn).toBe(false);
    expect(sessionStorage.getItem('fleetkam.csrf_token')).toBeNull();
    expect(handler).not.toHaveBeenCalled();
  });

  it('after a reload without a CSRF token it is signed out without asking the server', async () => {
    const { fetchMock } = mockFetch(when('GET', '/api/v1/me', { status: 200, body: adminMe }));
    const auth = useAuthStore();
    await auth.ensureChecked();
    expect(auth.isSignedIn).toBe(false);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('after a reload with a CSRF token it restores the session from /me, once', async () => {
    csrfToken.set('csrf-kept');
    const { fetchMock } = mockFetch(when('GET', '/api/v1/me', { status: 200, body: adminMe }));
    const auth = useAuthStore();
    await Promise.all([auth.ensureChecked(), auth.ensureChecked()]);
    await auth.ensureChecked();
    expect(auth.isSignedIn).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('a stale CSRF token whose session is gone (401) ends up signed out and forgotten', async () => {
    csrfToken.set('csrf-stale');
    mockFetch(when('GET', '/api/v1/me', { status: 401, body: problem(401, 'unauthenticated') }));
    const handler = vi.fn();
    onUnauthorized(handler);
    const auth = useAuthStore();
    await auth.ensureChecked();
    expect(auth.isSignedIn).toBe(false);
    expect(auth.sessionExpired).toBe(false);
    expect(csrfToken.get()).toBeNull();
    expect(handler).not.toHaveBeenCalled(); // nothing ended under the user: just not signed in
  });

  it('any 401 runs the unauthorized handler, which ends the session', async () => {
    mockFetch(
      when('POST', '/api/v1/auth/login', { status: 200, body: loginAnswer }),
      when('GET', '/api/v1/me', { status: 200, body: adminMe }),
      when('GET', '/api/v1/users', { status: 401, body: problem(401, 'unauthenticated') }),
    );
    const auth = useAuthStore();
    onUnauthorized(() => auth.handleUnauthorized());
    await auth.login('admin', 'Secret-pass-1');

    await expect(http.get('/users')).rejects.toMatchObject({ status: 401 });
    expect(auth.isSignedIn).toBe(false);
    expect(auth.sessionExpired).toBe(true);
    expect(csrfToken.get()).toBeNull();
  });

  it('signs out: POSTs logout with the CSRF token and forgets the session even if the server already ended it', async () => {
    const { requests } = mockFetch(
      when('POST', '/api/v1/auth/login', { status: 200, body: loginAnswer }),
      when('GET', '/api/v1/me', { status: 200, body: adminMe }),
      when('POST', '/api/v1/auth/logout', { status: 401, body: problem(401, 'unauthenticated') }),
    );
    const handler = vi.fn();
    onUnauthorized(handler);
    const auth = useAuthStore();
    await auth.login('admin', 'Secret-pass-1');
    await auth.logout();

    const logout = requests.find((r) => r.url === '/api/v1/auth/logout');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-123');
    expect(auth.isSignedIn).toBe(false);
    expect(csrfToken.get()).toBeNull();
    expect(handler).not.toHaveBeenCalled();
  });
});
