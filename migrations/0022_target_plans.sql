-- Targets (目标分解): HQ's plan of units for a period of months, its method, and every cell it
-- splits to: HQ, regions and provinces when HQ saves the method, dealers and people when a
-- province's area manager saves its split. Months are YYYYMM integers, as deliveries.month.
CREATE TABLE target_plans (
  id %ID%,
  name TEXT NOT NULL,
  from_month INTEGER NOT NULL,
  to_month INTEGER NOT NULL CHECK (to_month >= from_month),
  total_units BIGINT NOT NULL CHECK (total_units >= 0),
  per_person_month_units INTEGER NOT NULL CHECK (per_person_month_units >= 0),
  -- the date (YYYY-MM-DD, Beijing) by which each province submits its split
  split_due TEXT,
  status TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
  -- a revision is a new plan: revision_of the plan it revises, revision its number (1 first)
  revision_of BIGINT REFERENCES target_plans (id),
  revision INTEGER NOT NULL DEFAULT 1,
  -- the issued revision that replaces this one (set when it is issued)
  superseded_by BIGINT,
  month_basis TEXT NOT NULL CHECK (month_basis IN ('history', 'even')),
  pct_direct INTEGER NOT NULL,
  pct_tender INTEGER NOT NULL,
  pct_one_time INTEGER NOT NULL,
  weight_last_month_sales INTEGER NOT NULL,
  weight_market_capacity INTEGER NOT NULL,
  weight_registrations INTEGER NOT NULL,
  issued_at BIGINT,
  issued_by BIGINT REFERENCES users (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX target_plans_from ON target_plans (from_month, id);

-- HQ's market capacity (市场容量) per province, units for the period.
CREATE TABLE target_plan_capacity (
  plan_id BIGINT NOT NULL REFERENCES target_plans (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  units BIGINT NOT NULL CHECK (units >= 0),
  PRIMARY KEY (plan_id, unit_id)
);

-- Each month of the period: the history its share came from, HQ's override if any.
CREATE TABLE target_plan_months (
  plan_id BIGINT NOT NULL REFERENCES target_plans (id),
  month INTEGER NOT NULL,
  history_units BIGINT NOT NULL DEFAULT 0,
  from_history INTEGER NOT NULL DEFAULT 0,
  override_units BIGINT CHECK (override_units >= 0),
  units BIGINT NOT NULL DEFAULT 0,
  exact DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_id, month)
);

-- Every whole-unit cell of a plan. level: hq, region, province, dealer (unit_id the dealer) or
-- user (unit_id the person's dealer, user_id the person); exact is the unrounded figure. Business
-- 'all' rows hold the sum of a unit's three businesses in a month, for attainment to read.
CREATE TABLE target_cells (
  plan_id BIGINT NOT NULL REFERENCES target_plans (id),
  level TEXT NOT NULL CHECK (level IN ('hq', 'region', 'province', 'dealer', 'user')),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  user_id BIGINT NOT NULL DEFAULT 0,
  month INTEGER NOT NULL,
  business TEXT NOT NULL CHECK (business IN ('direct', 'tender', 'one_time', 'all')),
  units BIGINT NOT NULL CHECK (units >= 0),
  exact DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (plan_id, level, unit_id, user_id, month, business)
);
-- a level's cells of one business (or 'all') without reading the others: attainment's read
CREATE INDEX target_cells_business ON target_cells (plan_id, level, business, unit_id, user_id, month, units);

-- A province's split of an issued plan to its dealers and people: saved, then submitted.
CREATE TABLE target_splits (
  plan_id BIGINT NOT NULL REFERENCES target_plans (id),
  province_id BIGINT NOT NULL REFERENCES org_units (id),
  saved_at BIGINT NOT NULL,
  saved_by BIGINT NOT NULL REFERENCES users (id),
  submitted_at BIGINT,
  submitted_by BIGINT REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (plan_id, province_id)
);

-- The business each delivery counts for (see src/modules/targets/business.h), fixed when it is
-- recorded, and delivered units by business kept with each delivery and void like
-- delivery_totals: attainment per business reads these.
ALTER TABLE deliveries ADD COLUMN business TEXT;
UPDATE deliveries SET business = (SELECT COALESCE(r.info_class, a.business_class) FROM opportunities o
  JOIN accounts a ON a.id = o.account_id LEFT JOIN registrations r ON r.id = o.registration_id
  WHERE o.id = deliveries.opportunity_id);
CREATE TABLE business_delivery_totals (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  user_id BIGINT NOT NULL DEFAULT 0,
  month INTEGER NOT NULL,
  business TEXT NOT NULL,
  units BIGINT NOT NULL,
  PRIMARY KEY (unit_id, month, user_id, business)
);
CREATE INDEX business_delivery_totals_month ON business_delivery_totals (month, business, unit_id, units);
INSERT INTO business_delivery_totals (unit_id, user_id, month, business, units)
  SELECT unit_id, COALESCE(user_id, 0), month, business, SUM(quantity) FROM deliveries
  WHERE voided_at IS NULL GROUP BY unit_id, COALESCE(user_id, 0), month, business;

-- Registered opportunities per province and month, an indicator of the province shares.
CREATE INDEX registrations_created_dealer ON registrations (created_at, dealer_unit_id, status);

-- The forecast's two reads of the pipeline from indexes alone: open opportunities by expected
-- date (with what weighs them), and won ones not yet delivered in full.
CREATE INDEX opportunities_open_expected ON opportunities (expected_date, owner_unit_id, owner_user_id, quantity,
  probability, stage) WHERE stage NOT IN ('won', 'lost');
CREATE INDEX opportunities_undelivered ON opportunities (owner_unit_id, owner_user_id, won_units, delivered_units)
  WHERE stage = 'won' AND delivered_units < won_units;
