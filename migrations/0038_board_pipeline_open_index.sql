-- The attainment board of a province (issue 16: every board under 50 ms p95 at 8 connections)
-- weighs the open pipeline of its 100 dealers by landing month: through the primary key it read
-- every row of theirs, won and lost months included (29,000 rows for Sichuan, looked up in the
-- table one by one), to keep the 7,700 open ones. The open rows by unit and month, with the two
-- figures the weighing needs, are read from the index alone.
CREATE INDEX board_pipeline_open ON board_pipeline (unit_id, month, stage, set_units_x100, unset_units)
  WHERE stage NOT IN ('won', 'lost');
