// How the assessment pages show scores and statuses.
import type { TagType } from '@/kit';

/** A score to one decimal, or a dash when it does not count. */
export function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(1);
}

/** The close's and a person's status as a tag colour: approved green, reviewed blue, the rest grey/amber. */
export function statusType(status: string): TagType {
  if (status === 'approved') return 'success';
  if (status === 'reviewed') return 'primary';
  if (status === 'compiled') return 'warning';
  return 'info';
}
