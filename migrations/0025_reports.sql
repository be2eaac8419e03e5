-- Calendar reports (issue 13): the weekly key-account tracking table, the monthly statistics
-- table and the monthly work summary. A period row holds the deadline in force (HQ may move it
-- with a reason); each person's report keeps its due_at, and status is computed from due_at and
-- the recorded submission times, never stored.
CREATE TABLE report_periods (
  kind TEXT NOT NULL CHECK (kind IN ('weekly_tracking', 'monthly_stats', 'monthly_summary')),
  period TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  default_due_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  due_reason TEXT,
  moved_by BIGINT REFERENCES users (id),
  moved_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (kind, period)
);

CREATE TABLE reports (
  id %ID%,
  kind TEXT NOT NULL CHECK (kind IN ('weekly_tracking', 'monthly_stats', 'monthly_summary')),
  period TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  due_at BIGINT NOT NULL,
  submitted_at BIGINT,
  last_submitted_at BIGINT,
  revision INTEGER NOT NULL DEFAULT 0,
  draft TEXT,
  draft_saved_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (kind, period, user_id)
);
-- the overdue board: one period's reports per dealer with what status needs, from the index alone
CREATE INDEX reports_board ON reports (kind, period, unit_id, submitted_at, due_at);
-- a person's reports and a dealer's, newest deadline first
CREATE INDEX reports_user ON reports (user_id, due_at, id);
CREATE INDEX reports_unit ON reports (unit_id, due_at, id);
-- the reminder sweep: reports not submitted, by deadline
CREATE INDEX reports_unsubmitted ON reports (due_at, id) WHERE submitted_at IS NULL;

CREATE TABLE report_revisions (
  report_id BIGINT NOT NULL REFERENCES reports (id),
  revision INTEGER NOT NULL,
  content TEXT NOT NULL,
  submitted_at BIGINT NOT NULL,
  submitted_by BIGINT NOT NULL REFERENCES users (id),
  correction_reason TEXT,
  PRIMARY KEY (report_id, revision)
);

CREATE TABLE report_comments (
  id %ID%,
  report_id BIGINT NOT NULL REFERENCES reports (id),
  revision INTEGER NOT NULL,
  author_id BIGINT NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX report_comments_report ON report_comments (report_id, id);
