-- HQ's home page on the national set (500,000 accounts, 2 million opportunities) took about 1 s
-- on PostgreSQL: the accounts not visited in time were counted by index scans that fetched every
-- row from the table (230 ms a grade, cold), because an expression index over last_visit_at
-- cannot answer a query that names the column unless the index carries it too; and the overdue
-- count scanned the whole index of open opportunities by owner for their expected date (190 ms).
-- The visit indexes carry last_visit_at (index-only: 111 ms → 1 ms for a grade), and the open
-- opportunities have lean indexes by expected date and by the time their stage last changed (the
-- stale count scanned the same whole index: 56–185 ms). (SQLite's planner reads these from the
-- indexes it has; see migrations/sqlite/0037.)
DROP INDEX accounts_grade_last_visit;
CREATE INDEX accounts_grade_last_visit ON accounts (grade, active, (COALESCE(last_visit_at, 0)), id)
  INCLUDE (last_visit_at);
DROP INDEX accounts_owner_grade_last_visit;
CREATE INDEX accounts_owner_grade_last_visit ON accounts (owner_unit_id, grade, active, (COALESCE(last_visit_at, 0)), id)
  INCLUDE (last_visit_at);
CREATE INDEX opportunities_open_by_expected ON opportunities (expected_date) WHERE stage NOT IN ('won', 'lost');
CREATE INDEX opportunities_open_by_changed ON opportunities (stage_changed_at) WHERE stage NOT IN ('won', 'lost');
