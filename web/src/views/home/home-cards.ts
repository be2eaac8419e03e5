// The home page's cards as a registry: each capability adds its card here (targets,
// reports, assessment …) with who sees it and where it sits; the page renders what the
// registry answers, in order. A card gets the page's GET /home answer as its `home` prop and
// may load more of its own.
import type { Component } from 'vue';
import type { Home } from '@/api/home';
import type { Role } from '@/api/types';
import { BOARD_PERMISSIONS } from '@/api/boards';
import HomeBoardsCard from './home-boards-card.vue';
import HomeDeliveriesCard from './home-deliveries-card.vue';
import HomeMeCard from './home-me-card.vue';
import HomePipelineCard from './home-pipeline-card.vue';
import HomeTodosCard from './home-todos-card.vue';
import HomeUnitsCard from './home-units-card.vue';

export interface HomeCardContext {
  role: Role | undefined;
  permissions: ReadonlySet<string>;
  home: Home | null;
}

export interface HomeCard {
  /** Stable id: the card's data-testid is `home-card-<id>`. */
  id: string;
  /** Lower first. */
  order: number;
  /** `wide` spans the whole row at desktop width; every card is one column on a phone. */
  width: 'narrow' | 'wide';
  component: Component;
  visible(context: HomeCardContext): boolean;
}

const cards: HomeCard[] = [];

/** Adds (or replaces, by id) a card. */
export function registerHomeCard(card: HomeCard): void {
  const at = cards.findIndex((c) => c.id === card.id);
  if (at >= 0) cards.splice(at, 1, card);
  else cards.push(card);
}

/** The cards this caller sees, in order. */
export function homeCards(context: HomeCardContext): HomeCard[] {
  return cards.filter((card) => card.visible(context)).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

const readsOpportunities = (c: HomeCardContext) => c.permissions.has('opportunities.read');

registerHomeCard({
  id: 'todos',
  order: 10,
  width: 'narrow',
  component: HomeTodosCard,
  visible: () => true,
});
registerHomeCard({
  id: 'deliveries',
  order: 20,
  width: 'narrow',
  component: HomeDeliveriesCard,
  visible: readsOpportunities,
});
registerHomeCard({
  id: 'pipeline',
  order: 30,
  width: 'wide',
  component: HomePipelineCard,
  visible: readsOpportunities,
});
registerHomeCard({
  id: 'units',
  order: 40,
  width: 'wide',
  component: HomeUnitsCard,
  visible: (c) => readsOpportunities(c) && c.home?.units_kind != null,
});
// 业绩看板: attainment to date of the caller's scope, for every role the board is for.
registerHomeCard({
  id: 'boards',
  order: 85,
  width: 'narrow',
  component: HomeBoardsCard,
  visible: (c) => BOARD_PERMISSIONS.some((permission) => c.permissions.has(permission)),
});
registerHomeCard({
  id: 'me',
  order: 90,
  width: 'narrow',
  component: HomeMeCard,
  visible: () => true,
});
