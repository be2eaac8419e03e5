-- HQ's home page at national scale (issue 16: under 300 ms p95) spent 6 s counting the open
-- opportunities unmoved for 30 days and 1.3 s the overdue ones: each read every opportunity of
-- the scope from the table. A partial index holds the open ones per owner unit with the time
-- their stage last changed and their expected date (the to-dos' counts and their lists,
-- ?attention=stale and ?attention=overdue).
CREATE INDEX opportunities_open_changed ON opportunities (owner_unit_id, stage_changed_at, expected_date)
  WHERE stage NOT IN ('won', 'lost');
