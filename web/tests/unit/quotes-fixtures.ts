// Quotes as the server answers them, for the quote specs.
import type { Quote } from '@/api/quotes';

/** 成都鑫达's quote #41 on opportunity #7: 20 警备车 at 5 % under the guide price, awaiting the region. */
export function quoteFixture(extra: Partial<Quote> = {}): Quote {
  return {
    id: 41,
    opportunity_id: 7,
    opportunity_title: '成都市公安局 2026 年警用巡逻车采购',
    account_name: '成都市公安局',
    owner_unit_id: 5,
    owner_unit_name: '成都鑫达汽车销售服务有限公司',
    model_id: 3,
    model_name: '警备巡逻车 JX5030',
    quantity: 20,
    unit_price_fen: 19_000_000,
    guide_price_fen: 20_000_000,
    discount_bp: 500,
    max_discount_bp: 300,
    hq_discount_bp: 800,
    approval_level: 'regional',
    status: 'pending_regional',
    approvals: [],
    note: null,
    created_by_name: '杨帆',
    created_at: '2026-04-01T02:00:00Z',
    sent_at: null,
    version: 2,
    waiting_since: '2026-04-01T02:00:00Z',
    bid_deadline: null,
    ...extra,
  };
}
