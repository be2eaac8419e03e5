-- Background work and reminders. `jobs` is the queue every `serve` process works from: a row is
-- written in the transaction of the event that causes it (an outbox), claimed by one worker
-- (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the one writer), run outside any transaction and
-- its outcome recorded; a row left `running` past locked_until (its process died) is taken back.
CREATE TABLE jobs (
  id %ID%,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  run_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  -- the worker holding a running job, and until when its lease lasts
  locked_by TEXT,
  locked_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
-- claiming: the earliest due pending row; taking back: running rows whose lease ended
CREATE INDEX jobs_claim ON jobs (status, run_at, id);
-- the purge of finished rows, and the inspection of failed ones
CREATE INDEX jobs_finished ON jobs (finished_at);

-- The in-app notification centre (the bell): one row per person and reminder key, so a reminder
-- that still holds at the next sweep is not stored or sent again.
CREATE TABLE notifications (
  id %ID%,
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  key %CTEXT% NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  UNIQUE (user_id, key)
);
-- a person's list, newest first
CREATE INDEX notifications_user ON notifications (user_id, id);
-- the bell's count and the unread filter
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;

-- A unit's WeCom (企业微信) group robot: the webhook its reminders (and those of the units below it
-- without their own) are posted to.
CREATE TABLE unit_webhooks (
  unit_id BIGINT PRIMARY KEY REFERENCES org_units (id),
  url TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL REFERENCES users (id)
);
