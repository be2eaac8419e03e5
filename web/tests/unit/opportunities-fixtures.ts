// Opportunities as the server answers them, for the opportunity specs.
import type { BoardColumn, Opportunity, OpportunityDetail, Stage } from '@/api/opportunities';
import { matchingProcurementStage, STAGES } from '@/api/opportunities';

/** 成都鑫达's #41 on 成都市公安局: 20 警备车 at ¥195,000 each, in 需求分析. */
export function opportunityFixture(extra: Partial<Opportunity> = {}): Opportunity {
  return {
    id: 41,
    account_id: 12,
    account_name: '成都市公安局',
    account_grade: 'secondary',
    registration_id: 31,
    owner_unit_id: 5,
    owner_unit_name: '成都鑫达汽车销售服务有限公司',
    owner_user_id: 6,
    owner_user_name: '杨帆',
    title: '公安巡逻车更新',
    stage: 'analyze',
    procurement_stage: 'requirements',
    lines: [{ id: 1, vehicle_type: 'police_patrol', model_id: 4, model: 'JX巡逻车', quantity: 20, unit_price_fen: 19_500_000 }],
    quantity: 20,
    amount_fen: 390_000_000,
    budget_fen: 400_000_000,
    budget_analysis: null,
    expected_date: '2026-09-30',
    worth_investing: true,
    risks: null,
    requirements: { body: null, interior: null, configuration: null, accessories: null },
    usage_area: 'in_province',
    procurement_method: 'tender',
    probability: 60,
    value: 'high',
    difficulty: 'medium',
    won_units: 0,
    delivered_units: 0,
    outcome_reason: null,
    lost_to: null,
    closed_at: null,
    stage_changed_at: '2026-03-10T02:00:00Z',
    created_by: 6,
    created_at: '2026-03-05T02:00:00Z',
    updated_at: '2026-03-10T02:00:00Z',
    version: 3,
    ...extra,
  };
}

export function detailFixture(extra: Partial<OpportunityDetail> = {}): OpportunityDetail {
  return {
    ...opportunityFixture(),
    lines: opportunityFixture().lines ?? [],
    tenders: [],
    competitor_quotes: [],
    quotes: [],
    deliveries: [],
    ...extra,
  };
}

/** A board with the given opportunities in their stages' columns. */
export function boardFixture(items: Opportunity[]): { stages: BoardColumn[] } {
  return {
    stages: STAGES.map((stage: Stage) => {
      const inColumn = items.filter((item) => item.stage === stage);
      return {
        stage,
        procurement_stage: matchingProcurementStage(stage),
        count: inColumn.length,
        quantity: inColumn.reduce((sum, item) => sum + item.quantity, 0),
        amount_fen: inColumn.reduce((sum, item) => sum + item.amount_fen, 0),
        items: inColumn,
      };
    }),
  };
}
