// 赢单概率 by stage: HQ's table of the win probability an open opportunity takes when its owner
// set none (GET /opportunity-stage-probabilities, read by every role); won counts 100, lost 0.
// Those with `settings.manage` (admin, 大客户管理部门总监) change the open stages (PUT; 422 outside 0–100).
import { http } from './client';
import type { Stage } from './opportunities';

export interface StageProbability {
  stage: Stage;
  /** 0–100 (%). */
  probability: number;
  /** won and lost: 100 and 0, not editable. */
  fixed: boolean;
}

export interface StageProbabilities {
  items: StageProbability[];
}

export const PROBABILITY_MIN = 0;
export const PROBABILITY_MAX = 100;

export function getStageProbabilities(): Promise<StageProbabilities> {
  return http.get<StageProbabilities>('/opportunity-stage-probabilities');
}

/** Sets the open stages given; the others keep theirs. */
export function updateStageProbabilities(items: { stage: Stage; probability: number }[]): Promise<StageProbabilities> {
  return http.put<StageProbabilities>('/opportunity-stage-probabilities', { items });
}
