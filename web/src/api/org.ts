// Organisation units (`/org/units`): HQ → region → province → dealer, the caller's subtree.
import { http } from './client';
import type { OrgKind, OrgUnit, OrgUnitCreate, OrgUnitList, OrgUnitPatch } from './types';

export interface OrgUnitFilter {
  kind?: OrgKind;
  parent_id?: number;
  active?: boolean;
  limit?: number;
  cursor?: string;
}

export function listOrgUnits(filter: OrgUnitFilter = {}): Promise<OrgUnitList> {
  return http.get<OrgUnitList>('/org/units', { ...filter });
}

/** Every unit the caller may see, following `next_cursor` until the end. */
export async function listAllOrgUnits(filter: Omit<OrgUnitFilter, 'cursor' | 'limit'> = {}): Promise<OrgUnit[]> {
  const units: OrgUnit[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listOrgUnits({ ...filter, limit: 500, cursor });
    units.push(...page.items);
    if (!page.next_cursor) return units;
    cursor = page.next_cursor;
  }
}

export function getOrgUnit(id: number): Promise<OrgUnit> {
  return http.get<OrgUnit>(`/org/units/${id}`);
}

export function createOrgUnit(body: OrgUnitCreate): Promise<OrgUnit> {
  return http.post<OrgUnit>('/org/units', body);
}

export function updateOrgUnit(id: number, body: OrgUnitPatch): Promise<OrgUnit> {
  return http.patch<OrgUnit>(`/org/units/${id}`, body);
}
