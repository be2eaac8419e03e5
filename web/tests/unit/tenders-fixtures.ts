// Tenders as the server answers them, for the tender specs.
import type { Tender } from '@/api/tenders';

export function tenderFixture(extra: Partial<Tender> = {}): Tender {
  return {
    id: 1,
    opportunity_id: 7,
    opportunity_title: '成都市公安局 2026 年警用巡逻车采购',
    account_id: 12,
    account_name: '成都市公安局',
    owner_unit_id: 5,
    notice_no: 'SCZC-2026-0412',
    published_where: '四川政府采购网',
    published_on: '2026-04-20',
    bid_deadline: '2026-05-10T09:00:00+08:00',
    opening_at: null,
    lots: [],
    result: 'pending',
    winner: null,
    winning_price_fen: null,
    note: null,
    version: 1,
    created_at: '2026-04-20T02:00:00Z',
    ...extra,
  };
}
