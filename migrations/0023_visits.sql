-- Visits and contacts with the customer (拜访/跟进), issue 13: the core the calendar reports read.
CREATE TABLE visits (
  id %ID%,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  opportunity_id BIGINT REFERENCES opportunities (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  kind TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'reception', 'meeting', 'demo')),
  occurred_at BIGINT NOT NULL,
  summary TEXT NOT NULL,
  next_step TEXT,
  next_step_due TEXT,
  next_step_done_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX visits_account ON visits (account_id, occurred_at);
CREATE INDEX visits_user ON visits (user_id, occurred_at);
CREATE TABLE visit_contacts (
  visit_id BIGINT NOT NULL REFERENCES visits (id),
  contact_id BIGINT NOT NULL REFERENCES contacts (id),
  PRIMARY KEY (visit_id, contact_id)
);
