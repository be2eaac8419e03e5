-- Two things for the figures at national scale (2 million opportunities, 3 million deliveries).
-- Delivered units per unit, owner user (0: none) and month, kept with every delivery in the same
-- transaction: the actual sales (实销) that targets and scores read, one small range per unit
-- instead of a scan of every delivery (a year of national deliveries is about a million rows).
CREATE TABLE delivery_totals (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  user_id BIGINT NOT NULL DEFAULT 0,
  month INTEGER NOT NULL,
  units BIGINT NOT NULL,
  PRIMARY KEY (unit_id, month, user_id)
);
CREATE INDEX delivery_totals_month ON delivery_totals (month, unit_id, units);
INSERT INTO delivery_totals (unit_id, user_id, month, units)
  SELECT unit_id, COALESCE(user_id, 0), month, SUM(quantity) FROM deliveries GROUP BY unit_id, COALESCE(user_id, 0), month;

-- The pipeline board reads each stage's totals and first cards from indexes alone: open stages
-- by expected date, won and lost by the time they closed; per unit, and over all units for HQ.
DROP INDEX opportunities_board;
CREATE INDEX opportunities_board ON opportunities (owner_unit_id, stage, expected_date, id, quantity, amount_fen);
CREATE INDEX opportunities_closed ON opportunities (owner_unit_id, stage, closed_at, quantity, amount_fen);
CREATE INDEX opportunities_stage ON opportunities (stage, expected_date, id, quantity, amount_fen);
CREATE INDEX opportunities_stage_closed ON opportunities (stage, closed_at, quantity, amount_fen);
