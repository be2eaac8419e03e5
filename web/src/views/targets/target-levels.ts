// Which levels of a plan a caller may look at (达成, 预测): its own unit's and those below it.
import type { OrgKind } from '@/api/types';
import type { Level } from '@/api/targets';

const BELOW: Record<OrgKind, Level[]> = {
  hq: ['hq', 'region', 'province', 'dealer', 'user'],
  region: ['region', 'province', 'dealer', 'user'],
  province: ['province', 'dealer', 'user'],
  dealer: ['dealer', 'user'],
};

export function levelsFor(kind: OrgKind | undefined): Level[] {
  return kind ? BELOW[kind] : ['user'];
}

/** The level a page opens on: the units one below the caller's (a dealer: its people). */
export function defaultLevel(kind: OrgKind | undefined): Level {
  const levels = levelsFor(kind);
  return levels[1] ?? levels[0] ?? 'user';
}
