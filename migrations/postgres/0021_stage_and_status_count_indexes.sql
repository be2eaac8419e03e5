-- The counts beside the lists' stage and status buttons from indexes alone (index-only scans),
-- where HQ's read every row of the table (a parallel sequential scan of every opportunity).
-- Overdue or stale open opportunities ("attention"): the stage index carries stage_changed_at.
DROP INDEX opportunities_stage;
CREATE INDEX opportunities_stage ON opportunities (stage, expected_date, id, quantity, amount_fen, stage_changed_at);
-- A procurement method's opportunities by stage. The owner's unit before the stage: a scope's
-- count reads its units' ranges (with the stage second the planner scanned the method's whole
-- range for a province and filtered it). (SQLite: the other order.)
CREATE INDEX opportunities_method_stage ON opportunities (procurement_method, owner_unit_id, stage);
-- Accounts by status (active or not): the owner-and-grade index carries active.
DROP INDEX accounts_owner_grade;
CREATE INDEX accounts_owner_grade ON accounts (owner_unit_id, grade, active);
