// Administrative divisions of China (GB/T 2260), reference data for provinces and accounts.
import { http } from './client';
import type { Division, DivisionList } from './types';

export async function listDivisions(level: Division['level'], parentCode?: string): Promise<Division[]> {
  const list = await http.get<DivisionList>('/divisions', { level, parent_code: parentCode });
  return list.items;
}

/**
 * The divisions right under `parentCode`, whatever their level: a province's cities, or the
 * counties of a municipality (北京市 has no city level), or a city's counties.
 */
export async function listDivisionChildren(parentCode: string): Promise<Division[]> {
  const list = await http.get<DivisionList>('/divisions', { parent_code: parentCode });
  return list.items;
}
