// Users (`/users`): list with filters, create, edit, enable/disable, admin password reset.
import { http } from './client';
import type { PasswordReset, Role, User, UserCreate, UserList, UserPatch } from './types';

export interface UserFilter {
  org_unit_id?: number;
  role?: Role;
  active?: boolean;
  q?: string;
  limit?: number;
  cursor?: string;
}

export function listUsers(filter: UserFilter = {}, signal?: AbortSignal): Promise<UserList> {
  return http.get<UserList>('/users', { ...filter }, { signal });
}

export function getUser(id: number): Promise<User> {
  return http.get<User>(`/users/${id}`);
}

export function createUser(body: UserCreate): Promise<User> {
  return http.post<User>('/users', body);
}

export function updateUser(id: number, body: UserPatch): Promise<User> {
  return http.patch<User>(`/users/${id}`, body);
}

export function resetUserPassword(id: number, body: PasswordReset): Promise<void> {
  return http.post<void>(`/users/${id}/password`, body);
}
