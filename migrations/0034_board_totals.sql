-- The performance boards' totals (issue 16), kept with the writes by src/modules/boards/totals.cpp:
-- a row per unit on the record's path (dealer, province, region, HQ), so HQ's board reads its own
-- few hundred rows instead of summing 2 million opportunities. board_state holds one row once the
-- totals have been computed from the records (at the first start after this migration, by `gen`).
CREATE TABLE board_pipeline (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  stage TEXT NOT NULL,
  procurement_stage TEXT NOT NULL,
  -- YYYYMM: the expected month while open, the month closed once won or lost
  month INTEGER NOT NULL,
  count BIGINT NOT NULL,
  units BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  -- open ones with the owner's own win probability: Σ quantity × probability and Σ amount ×
  -- probability (in percent)
  set_units_x100 BIGINT NOT NULL,
  set_amount_x100 BIGINT NOT NULL,
  -- open ones without (HQ's default for the stage applies when read)
  unset_units BIGINT NOT NULL,
  unset_amount_fen BIGINT NOT NULL,
  PRIMARY KEY (unit_id, stage, procurement_stage, month)
);

-- Entries into and exits from each stage of a track ('sales', 'procurement'), per China week
-- (its Monday as days since 1970-01-01).
CREATE TABLE board_flows (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  week INTEGER NOT NULL,
  track TEXT NOT NULL,
  stage TEXT NOT NULL,
  entered BIGINT NOT NULL,
  exited BIGINT NOT NULL,
  PRIMARY KEY (unit_id, week, track, stage)
);

-- Registrations by the month they were made (China time) and their status now; `won` counts the
-- converted ones whose opportunity was won.
CREATE TABLE board_registrations (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  month INTEGER NOT NULL,
  status TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (unit_id, month, status)
);

-- Delivered units (void ones out) by month and the grade of the account they went to (as
-- grade_delivery_totals: a regrade moves them), for every unit on the delivering dealer's path.
CREATE TABLE board_deliveries (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  month INTEGER NOT NULL,
  grade TEXT NOT NULL,
  units BIGINT NOT NULL,
  PRIMARY KEY (unit_id, month, grade)
);

-- Accounts per grade owned in each unit's subtree (the count pyramid).
CREATE TABLE board_accounts (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  grade TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (unit_id, grade)
);

-- Reports per kind and period of each unit's subtree, with their deadline, and those submitted
-- on time and late (the first submission's recorded time against the deadline).
CREATE TABLE board_reports (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  due BIGINT NOT NULL,
  on_time BIGINT NOT NULL,
  late BIGINT NOT NULL,
  PRIMARY KEY (unit_id, kind, period)
);
CREATE INDEX board_reports_due ON board_reports (unit_id, due_at);

CREATE TABLE board_state (
  id INTEGER PRIMARY KEY,
  rebuilt_at BIGINT NOT NULL
);
