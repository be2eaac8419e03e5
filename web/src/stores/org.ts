// The organisation units the caller can see, loaded once and shared by the org tree and the
// user forms; `tree` nests them HQ → region → province → dealer.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listDivisions } from '@/api/divisions';
import { listAllOrgUnits } from '@/api/org';
import type { Division, OrgKind, OrgUnit } from '@/api/types';

export interface OrgNode extends OrgUnit {
  children?: OrgNode[];
}

const kindRank: Record<OrgKind, number> = { hq: 0, region: 1, province: 2, dealer: 3 };

/** The kind a child of `kind` must have (null for dealers: they have no child units). */
export function childKind(kind: OrgKind): Exclude<OrgKind, 'hq'> | null {
  switch (kind) {
    case 'hq':
      return 'region';
    case 'region':
      return 'province';
    case 'province':
      return 'dealer';
    case 'dealer':
      return null;
  }
}

/** The kind a unit's parent must have (null for HQ). */
export function parentKind(kind: OrgKind): OrgKind | null {
  switch (kind) {
    case 'hq':
      return null;
    case 'region':
      return 'hq';
    case 'province':
      return 'region';
    case 'dealer':
      return 'province';
  }
}

function compareUnits(a: OrgUnit, b: OrgUnit): number {
  return kindRank[a.kind] - kindRank[b.kind] || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id;
}

/**
 * Nests units under their parents. Units whose parent is not in the list (the top of a
 * scoped user's subtree) become roots. `include` filters units; children of an excluded
 * unit are excluded too.
 */
export function buildTree(units: readonly OrgUnit[], include: (unit: OrgUnit) => boolean = () => true): OrgNode[] {
  const nodes = new Map<number, OrgNode>();
  for (const unit of units) if (include(unit)) nodes.set(unit.id, { ...unit });
  const roots: OrgNode[] = [];
  const known = new Set(units.map((unit) => unit.id));
  for (const node of [...nodes.values()].sort(compareUnits)) {
    const parent = node.parent_id === null ? undefined : nodes.get(node.parent_id);
    if (parent) (parent.children ??= []).push(node);
    else if (node.parent_id === null || !known.has(node.parent_id)) roots.push(node);
  }
  return roots;
}

export const useOrgStore = defineStore('org', () => {
  const units = ref<OrgUnit[]>([]);
  const loaded = ref(false);
  const loading = ref(false);

  /** Province-level divisions (GB/T 2260), for creating province units. */
  const provinces = ref<Division[]>([]);

  const byId = computed(() => new Map(units.value.map((unit) => [unit.id, unit])));
  const divisionNames = computed(() => new Map(provinces.value.map((division) => [division.code, division.name])));

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    loading.value = true;
    try {
      units.value = await listAllOrgUnits();
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function loadProvinces(): Promise<void> {
    if (provinces.value.length > 0) return;
    provinces.value = await listDivisions('province');
  }

  /** Replaces (or adds) one unit after a create or update. */
  function upsert(unit: OrgUnit): void {
    const index = units.value.findIndex((existing) => existing.id === unit.id);
    if (index >= 0) units.value.splice(index, 1, unit);
    else units.value.push(unit);
  }

  function nameOf(id: number | null | undefined): string {
    if (id === null || id === undefined) return '';
    return byId.value.get(id)?.name ?? `#${id}`;
  }

  function reset(): void {
    units.value = [];
    loaded.value = false;
  }

  return { units, loaded, loading, provinces, byId, divisionNames, load, loadProvinces, upsert, nameOf, reset };
});
