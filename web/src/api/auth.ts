// Sign-in, sign-out and the caller (`/auth/*`, `/me`).
import { http } from './client';
import type { PasswordChange, LoginRequest, LoginResponse, Me } from './types';

export function login(credentials: LoginRequest): Promise<LoginResponse> {
  // A 401 here means wrong credentials, not an ended session.
  return http.post<LoginResponse>('/auth/login', credentials, { ignoreUnauthorized: true });
}

export function logout(): Promise<void> {
  return http.post<void>('/auth/logout', undefined, { ignoreUnauthorized: true });
}

/** The caller. `quiet`: a 401 only rejects (used to find out whether a session exists). */
export function getMe(options: { quiet?: boolean } = {}): Promise<Me> {
  return http.get<Me>('/me', undefined, { ignoreUnauthorized: options.quiet });
}

export function changeMyPassword(body: PasswordChange): Promise<void> {
  return http.post<void>('/me/password', body);
}
