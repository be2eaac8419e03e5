// Reactive `window.matchMedia`: true while the query matches.
import { onBeforeUnmount, ref, type Ref } from 'vue';

export function useMediaQuery(query: string): Ref<boolean> {
  const matches = ref(false);
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return matches;
  const list = window.matchMedia(query);
  matches.value = list.matches;
  const update = (event: MediaQueryListEvent) => {
    matches.value = event.matches;
  };
  list.addEventListener('change', update);
  onBeforeUnmount(() => list.removeEventListener('change', update));
  return matches;
}

/** Phones and narrow windows: the side menu becomes a drawer. */
export const PHONE_QUERY = '(max-width: 767px)';
