-- Opportunities on the buyer's procurement track (DOMAIN.md §4): the vehicle catalogue and the
-- price bands HQ sets, opportunities with their vehicle lines and stage history, tenders,
-- competitors' and our own quotes with the approval trail, and deliveries (交车), the actual
-- sales (实销) that targets and scores count. Times are ms since the epoch; days YYYY-MM-DD;
-- money in fen; a delivery's month is YYYYMM as an integer.
CREATE TABLE vehicle_models (
  id %ID%,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  vehicle_type TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('base', 'upfit')),
  upfitter TEXT,
  guide_price_fen BIGINT NOT NULL CHECK (guide_price_fen > 0),
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The discount a quote may give without approval (max_discount_bp) and past which HQ must
-- approve too (hq_discount_bp), per model and procurement method, in basis points.
CREATE TABLE price_bands (
  model_id BIGINT NOT NULL REFERENCES vehicle_models (id),
  procurement_method TEXT NOT NULL CHECK (procurement_method IN ('tender', 'agreement', 'direct')),
  max_discount_bp INTEGER NOT NULL CHECK (max_discount_bp >= 0 AND max_discount_bp <= 10000),
  hq_discount_bp INTEGER NOT NULL CHECK (hq_discount_bp >= max_discount_bp AND hq_discount_bp <= 10000),
  PRIMARY KEY (model_id, procurement_method)
);

CREATE TABLE opportunities (
  id %ID%,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  registration_id BIGINT REFERENCES registrations (id),
  owner_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  owner_user_id BIGINT REFERENCES users (id),
  title TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('discover', 'contact', 'analyze', 'position', 'bid', 'won', 'lost')),
  procurement_stage TEXT NOT NULL CHECK (procurement_stage IN
    ('deliberation', 'planning', 'requirements', 'evaluation', 'tender', 'commitment')),
  quantity INTEGER NOT NULL DEFAULT 0,
  amount_fen BIGINT NOT NULL DEFAULT 0,
  budget_fen BIGINT,
  budget_analysis TEXT,
  expected_date TEXT NOT NULL,
  worth_investing INTEGER,
  risks TEXT,
  req_body TEXT,
  req_interior TEXT,
  req_configuration TEXT,
  req_accessories TEXT,
  usage_area TEXT NOT NULL CHECK (usage_area IN ('in_province', 'cross_province')),
  procurement_method TEXT NOT NULL CHECK (procurement_method IN ('tender', 'agreement', 'direct')),
  probability INTEGER CHECK (probability BETWEEN 0 AND 100),
  value_level TEXT CHECK (value_level IN ('high', 'medium', 'low')),
  difficulty TEXT CHECK (difficulty IN ('high', 'medium', 'low')),
  won_units INTEGER NOT NULL DEFAULT 0,
  delivered_units INTEGER NOT NULL DEFAULT 0,
  outcome_reason TEXT,
  lost_to TEXT,
  closed_at BIGINT,
  stage_changed_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- the board: a unit's opportunities per stage in expected-date order; lists newest first
CREATE INDEX opportunities_board ON opportunities (owner_unit_id, stage, expected_date, id);
CREATE INDEX opportunities_unit ON opportunities (owner_unit_id, id);
CREATE INDEX opportunities_account ON opportunities (account_id, id);
CREATE INDEX opportunities_registration ON opportunities (registration_id);

CREATE TABLE opportunity_lines (
  id %ID%,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  position INTEGER NOT NULL,
  vehicle_type TEXT NOT NULL,
  model_id BIGINT REFERENCES vehicle_models (id),
  model TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_fen BIGINT
);
CREATE INDEX opportunity_lines_opportunity ON opportunity_lines (opportunity_id, position);

CREATE TABLE opportunity_transitions (
  id %ID%,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  from_procurement_stage TEXT,
  to_procurement_stage TEXT NOT NULL,
  reason TEXT,
  lost_to TEXT,
  by_user BIGINT NOT NULL REFERENCES users (id),
  at BIGINT NOT NULL
);
CREATE INDEX opportunity_transitions_opportunity ON opportunity_transitions (opportunity_id, id);

CREATE TABLE tenders (
  id %ID%,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  owner_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  notice_no TEXT NOT NULL,
  published_where TEXT NOT NULL,
  published_on TEXT NOT NULL,
  bid_deadline BIGINT NOT NULL,
  opening_at BIGINT,
  lots TEXT NOT NULL DEFAULT '[]',
  result TEXT NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'won', 'lost', 'cancelled')),
  winner TEXT,
  winning_price_fen BIGINT,
  note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tenders_opportunity ON tenders (opportunity_id);
CREATE INDEX tenders_deadline ON tenders (owner_unit_id, bid_deadline);
CREATE INDEX tenders_deadline_all ON tenders (bid_deadline);

CREATE TABLE competitor_quotes (
  id %ID%,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  brand TEXT NOT NULL,
  model TEXT NOT NULL,
  unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen > 0),
  quoted_on TEXT,
  note TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX competitor_quotes_opportunity ON competitor_quotes (opportunity_id);

CREATE TABLE quotes (
  id %ID%,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  owner_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  model_id BIGINT NOT NULL REFERENCES vehicle_models (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen > 0),
  guide_price_fen BIGINT NOT NULL,
  discount_bp INTEGER NOT NULL,
  max_discount_bp INTEGER NOT NULL,
  hq_discount_bp INTEGER NOT NULL,
  approval_level TEXT NOT NULL CHECK (approval_level IN ('none', 'regional', 'hq')),
  status TEXT NOT NULL CHECK (status IN ('approved', 'pending_regional', 'pending_hq', 'rejected', 'sent')),
  note TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL
);
CREATE INDEX quotes_opportunity ON quotes (opportunity_id);
CREATE INDEX quotes_pending ON quotes (status, owner_unit_id);

CREATE TABLE quote_approvals (
  id %ID%,
  quote_id BIGINT NOT NULL REFERENCES quotes (id),
  level TEXT NOT NULL CHECK (level IN ('regional', 'hq')),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
  note TEXT,
  by_user BIGINT NOT NULL REFERENCES users (id),
  at BIGINT NOT NULL
);
CREATE INDEX quote_approvals_quote ON quote_approvals (quote_id, id);

-- 交车: delivered units are the actual sales; unit_id/user_id are the opportunity's owners when
-- it was delivered, month = YYYYMM of `day`, so a unit's months are one index range.
CREATE TABLE deliveries (
  id %ID%,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  user_id BIGINT REFERENCES users (id),
  day TEXT NOT NULL,
  month INTEGER NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  model TEXT NOT NULL,
  vehicle_type TEXT NOT NULL,
  model_id BIGINT REFERENCES vehicle_models (id),
  over_reason TEXT,
  note TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX deliveries_unit_month ON deliveries (unit_id, month, quantity);
CREATE INDEX deliveries_month ON deliveries (month, unit_id, quantity);
CREATE INDEX deliveries_opportunity ON deliveries (opportunity_id, id);
CREATE INDEX deliveries_account ON deliveries (account_id, month, quantity);
