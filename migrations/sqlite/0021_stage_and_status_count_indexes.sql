-- The counts beside the lists' stage and status buttons from indexes alone, where HQ's read every
-- row of the table (at 400,000 opportunities a count with a filter took over a second on SQLite).
-- Overdue or stale open opportunities ("attention"): the stage index carries stage_changed_at.
DROP INDEX opportunities_stage;
CREATE INDEX opportunities_stage ON opportunities (stage, expected_date, id, quantity, amount_fen, stage_changed_at);
-- A procurement method's opportunities by stage. Stage before the owner's unit: SQLite's planner
-- reads HQ's count in stage order from it (with the unit second it walked another stage index and
-- read every row); a scope's count keeps reading opportunities_unit. (PostgreSQL: the other order.)
CREATE INDEX opportunities_method_stage ON opportunities (procurement_method, stage, owner_unit_id);
-- Accounts by status (active or not): the owner-and-grade index carries active.
DROP INDEX accounts_owner_grade;
CREATE INDEX accounts_owner_grade ON accounts (owner_unit_id, grade, active);
