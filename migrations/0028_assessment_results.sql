-- The monthly assessment's scores (issue 14). One row per assessed person and month, written when
-- KA staff compile the month: the five item scores and the total (NULL: not assessed on it, or
-- nothing to score), the reviewer criteria still to fill, and the detail (every criterion with its
-- computed value, its score, the reviewer's comment, any adjustment with its reason, and the
-- evidence it came from) as JSON. assessed: 'dealer' (a dealer's KA manager or sales rep) or
-- 'manager' (an area manager or regional director). unit_path scopes a read like org_units.path.
CREATE TABLE assessment_results (
  month TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  assessed TEXT NOT NULL CHECK (assessed IN ('dealer', 'manager')),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  unit_path TEXT NOT NULL,
  province_id BIGINT,
  region_id BIGINT,
  s_split DOUBLE PRECISION,
  s_monthly_stats DOUBLE PRECISION,
  s_registrations DOUBLE PRECISION,
  s_weekly_tracking DOUBLE PRECISION,
  s_monthly_summary DOUBLE PRECISION,
  total DOUBLE PRECISION,
  pending_reviews INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (month, user_id)
);
-- a scope's rows (path range) with what the scoreboard counts, averages and orders by, so that its
-- count, averages and page order read this index alone (a row's detail is kilobytes); and a
-- person's rank among those assessed alike
CREATE INDEX assessment_results_path ON assessment_results
  (month, unit_path, assessed, total, user_id, region_id, province_id, unit_id);
CREATE INDEX assessment_results_rank ON assessment_results (month, assessed, total);

-- The close's reopening by the KA executive, with its reason (also in the audit log), and the
-- number of people compiled.
ALTER TABLE assessment_months ADD COLUMN people INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessment_months ADD COLUMN reopened_at BIGINT;
ALTER TABLE assessment_months ADD COLUMN reopened_by BIGINT REFERENCES users (id);
ALTER TABLE assessment_months ADD COLUMN reopen_reason TEXT;

-- What a compile reads month-wide: the registrations made in the month, and the deals won in it.
CREATE INDEX registrations_created ON registrations (created_at);
CREATE INDEX opportunities_won ON opportunities (closed_at, owner_unit_id, owner_user_id, won_units, amount_fen)
  WHERE stage = 'won';
