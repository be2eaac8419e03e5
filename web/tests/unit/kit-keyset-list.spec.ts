import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h } from 'vue';
import { ApiError } from '@/api/client';
import { createAppI18n } from '@/locales';
import { useKeysetList, type KeysetList, type PageRequest } from '@/kit/use-keyset-list';

/** Runs the composable inside a tiny app (it needs i18n). */
function withList<T>(fetch: (page: PageRequest) => Promise<{ items: T[]; next_cursor: string | null }>, pageSize?: number) {
  let list!: KeysetList<T>;
  const app = createApp(
    defineComponent({
      setup() {
        list = useKeysetList({ fetch, pageSize });
        return () => h('div');
      },
    }),
  );
  app.use(createAppI18n('zh-CN'));
  app.mount(document.createElement('div'));
  return { list, app };
}

describe('useKeysetList', () => {
  it('loads the first page, then the next with the cursor, and says when it is done', async () => {
    const fetch = vi.fn(async ({ cursor }: PageRequest) =>
      cursor ? { items: [3], next_cursor: null } : { items: [1, 2], next_cursor: 'c2' },
    );
    const { list } = withList(fetch, 2);
    expect(list.loaded.value).toBe(false);
    await list.refresh();
    expect(list.items.value).toEqual([1, 2]);
    expect(list.hasMore.value).toBe(true);
    expect(fetch.mock.calls[0]?.[0]).toMatchObject({ limit: 2, cursor: undefined });
    await list.loadMore();
    expect(fetch.mock.calls[1]?.[0]).toMatchObject({ limit: 2, cursor: 'c2' });
    expect(list.items.value).toEqual([1, 2, 3]);
    expect(list.hasMore.value).toBe(false);
    expect(list.empty.value).toBe(false);
  });

  it('says the list is empty only once an answer came', async () => {
    const { list } = withList(async () => ({ items: [], next_cursor: null }));
    expect(list.empty.value).toBe(false);
    await list.refresh();
    expect(list.empty.value).toBe(true);
  });

  it('shows a failure in words and retries what failed', async () => {
    let fail = true;
    const fetch = vi.fn(async ({ cursor }: PageRequest) => {
      if (cursor && fail) throw new ApiError(500, { type: 'about:blank', title: 'x', status: 500, code: 'internal', detail: 'down' });
      return cursor ? { items: ['b'], next_cursor: null } : { items: ['a'], next_cursor: 'n' };
    });
    const { list } = withList(fetch);
    await list.refresh();
    await list.loadMore();
    expect(list.error.value).toBeTruthy();
    expect(list.items.value).toEqual(['a']);
    fail = false;
    await list.retry();
    expect(fetch.mock.calls.at(-1)?.[0]).toMatchObject({ cursor: 'n' });
    expect(list.items.value).toEqual(['a', 'b']);
    expect(list.error.value).toBeNull();
  });

  it('drops an older answer when a newer load started (a quick filter change)', async () => {
    const answers: ((value: { items: string[]; next_cursor: null }) => void)[] = [];
    const { list } = withList<string>(
      ({ signal }) =>
        new Promise((resolve, reject) => {
          answers.push(resolve);
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const first = list.refresh();
    const second = list.refresh();
    answers[1]?.({ items: ['new'], next_cursor: null });
    answers[0]?.({ items: ['old'], next_cursor: null });
    await Promise.all([first, second]);
    expect(list.items.value).toEqual(['new']);
    expect(list.error.value).toBeNull();
    expect(list.loading.value).toBe(false);
  });
});
