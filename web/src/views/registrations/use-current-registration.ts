// The registration a decision dialog works on, as last read: after a refusal that says the
// screen is stale (someone decided first, it lapsed…) it is read again, shown as it now is, and
// handed to `fresh` — a retry then sends its current version.
import { ref } from 'vue';
import { ApiError } from '@/api/client';
import { getRegistration, type Registration } from '@/api/registrations';

export function useCurrentRegistration(fresh: (registration: Registration) => void) {
  const current = ref<Registration | null>(null);

  /** Reads the current registration again when `error` has one of `codes`. */
  async function rereadAfter(error: unknown, codes: readonly string[]): Promise<void> {
    const id = current.value?.id;
    if (id === undefined || !(error instanceof ApiError) || !codes.includes(error.code ?? '')) return;
    try {
      const registration = await getRegistration(id);
      current.value = registration;
      fresh(registration);
    } catch {
      /* the message already says what happened */
    }
  }

  return { current, rereadAfter };
}
