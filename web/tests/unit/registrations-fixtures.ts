// Registrations as the server answers them, for the registration specs.
import type { Registration } from '@/api/registrations';

/** 成都鑫达's registration #31 of 成都市公安局: 20 警备车, pending. */
export function registrationFixture(extra: Partial<Registration> = {}): Registration {
  return {
    id: 31,
    account_id: 12,
    account_name: '成都市公安局',
    dealer_unit_id: 5,
    dealer_name: '成都鑫达汽车销售服务有限公司',
    registered_by: 6,
    registered_by_name: '杨帆',
    vehicle_type: 'police_patrol',
    model: null,
    quantity: 20,
    budget_fen: null,
    expected_date: '2026-09-30',
    procurement_method: 'tender',
    source_channel: 'gov_procurement_site',
    info_class: 'tender',
    info_obtained_at: '2026-03-01T02:00:00Z',
    registered_at: '2026-03-02T02:00:00Z',
    note: null,
    status: 'pending',
    conflicts: [],
    authentic: null,
    accurate: null,
    review_note: null,
    reviewed_by: null,
    reviewed_at: null,
    protected_until: null,
    opportunity_id: null,
    version: 1,
    ...extra,
  };
}
