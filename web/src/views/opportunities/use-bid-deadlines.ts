// The bid deadlines of the next two days in the caller's scope (GET /tenders?due_within_days=2,
// one call), by opportunity: what marks a card or a list row urgent besides a passed expected
// date. A help only: when the call fails nothing is marked for a deadline.
import { ref } from 'vue';
import type { Opportunity } from '@/api/opportunities';
import { listTenders } from '@/api/tenders';
import { BID_SOON_DAYS, nextBidDeadlines, urgencyOf, type Urgency } from './opportunity-urgency';

export function useBidDeadlines() {
  const deadlines = ref<Map<number, string>>(new Map());
  const now = ref(new Date());

  async function refresh(signal?: AbortSignal): Promise<void> {
    try {
      const answer = await listTenders({ due_within_days: BID_SOON_DAYS }, signal);
      now.value = new Date();
      deadlines.value = nextBidDeadlines(answer.items, now.value);
    } catch {
      // the marks are a help; the list itself reports its own failures
    }
  }

  const urgency = (opportunity: Pick<Opportunity, 'id' | 'stage' | 'expected_date'>): Urgency =>
    urgencyOf(opportunity, deadlines.value.get(opportunity.id), now.value);

  return { deadlines, refresh, urgency };
}
