// Counts of what the caller can see, for the home page.
import { http } from './client';
import type { Overview } from './types';

export function getOverview(): Promise<Overview> {
  return http.get<Overview>('/overview');
}
