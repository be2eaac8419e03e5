import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ElTableColumn } from 'element-plus';
import { ApiError } from '@/api/client';
import KitList from '@/kit/kit-list.vue';
import { useKeysetList, type PageRequest } from '@/kit/use-keyset-list';
import { flush, mountAt } from './kit-test-utils';

type Row = { id: number; name: string };
const fetch = vi.fn<(page: PageRequest) => Promise<{ items: Row[]; next_cursor: string | null }>>();

function page(cards: boolean) {
  return defineComponent({
    setup() {
      const list = useKeysetList<Row>({ fetch, pageSize: 1 });
      void list.refresh();
      return () =>
        h(
          KitList<Row>,
          { list, testid: 'things', emptyText: 'nothing here', cards },
          {
            columns: () => h(ElTableColumn, { prop: 'name', label: 'Name' }),
            card: ({ row }: { row: Row }) => h('a', { class: 'card' }, row.name),
          },
        );
    },
  });
}

const text = (testid: string) => document.querySelector(`[data-testid="${testid}"]`)?.textContent?.trim();

describe('KitList', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    fetch.mockReset();
  });

  it('shows rows as cards, how many, and loads more', async () => {
    fetch.mockImplementation(async ({ cursor }) =>
      cursor ? { items: [{ id: 2, name: 'two' }], next_cursor: null } : { items: [{ id: 1, name: 'one' }], next_cursor: 'c' },
    );
    const { wrapper } = await mountAt(page(true), '/page');
    expect([...document.querySelectorAll('.card')].map((e) => e.textContent)).toEqual(['one']);
    expect(text('things-shown')).toBe('已显示 1 条');
    document.querySelector<HTMLButtonElement>('[data-testid="things-more"]')?.click();
    await flush();
    expect([...document.querySelectorAll('.card')].map((e) => e.textContent)).toEqual(['one', 'two']);
    expect(document.querySelector('[data-testid="things-more"]')).toBeNull();
    wrapper.unmount();
  });

  it('says when there is nothing, on cards and in the table', async () => {
    fetch.mockResolvedValue({ items: [], next_cursor: null });
    let { wrapper } = await mountAt(page(true), '/page');
    expect(text('things-empty')).toBe('nothing here');
    wrapper.unmount();
    ({ wrapper } = await mountAt(page(false), '/page'));
    expect(document.querySelector('[data-testid="things-table"]')?.textContent).toContain('nothing here');
    wrapper.unmount();
  });

  it('shows a failure with a retry that loads again', async () => {
    fetch.mockRejectedValueOnce(new ApiError(0, null)).mockResolvedValue({ items: [{ id: 1, name: 'one' }], next_cursor: null });
    const { wrapper } = await mountAt(page(true), '/page');
    expect(document.querySelector('[data-testid="things-error"]')).not.toBeNull();
    document.querySelector<HTMLButtonElement>('[data-testid="things-retry"]')?.click();
    await flush();
    expect(document.querySelector('[data-testid="things-error"]')).toBeNull();
    expect(document.querySelectorAll('.card')).toHaveLength(1);
    wrapper.unmount();
  });
});
