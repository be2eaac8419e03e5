// The audit trail (`/audit`, admins and HQ roles: permission `audit.read`).
import { http } from './client';
import type { AuditList } from './types';

export interface AuditFilter {
  /** Singular resource name: `account`, `contact`, `user`, … */
  entity?: string;
  id?: number;
  limit?: number;
  cursor?: string;
}

export function listAudit(filter: AuditFilter = {}, signal?: AbortSignal): Promise<AuditList> {
  return http.get<AuditList>('/audit', { ...filter }, { signal });
}
