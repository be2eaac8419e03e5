-- Visits and contacts with the customer (拜访/跟进): who met an account (and which of its
-- contacts), when, how, on which opportunity, what happened and the next step with its due date.
-- unit_id is the unit of the person when it was logged (their dealer for dealer staff): the
-- visit's place in the scope tree. next_step_due is a China calendar day, set with next_step.
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
  updated_at BIGINT NOT NULL,
  CHECK ((next_step IS NULL) = (next_step_due IS NULL))
);
CREATE INDEX visits_account ON visits (account_id, occurred_at);
CREATE INDEX visits_user ON visits (user_id, occurred_at);
-- an opportunity's follow-ups (跟进记录), newest first
CREATE INDEX visits_opportunity ON visits (opportunity_id, occurred_at) WHERE opportunity_id IS NOT NULL;
-- a unit's visits newest first (a dealer's list without other filters), and the whole country's
CREATE INDEX visits_unit ON visits (unit_id, occurred_at, id);
CREATE INDEX visits_occurred ON visits (occurred_at, id);
-- each person's open next steps by due date: their to-do list, the home page's count and the
-- reminder sweep read only this (small) index
CREATE INDEX visits_open_next_steps ON visits (user_id, next_step_due, id)
  WHERE next_step IS NOT NULL AND next_step_done_at IS NULL;

CREATE TABLE visit_contacts (
  visit_id BIGINT NOT NULL REFERENCES visits (id),
  contact_id BIGINT NOT NULL REFERENCES contacts (id),
  PRIMARY KEY (visit_id, contact_id)
);

-- The latest visit of each account, written with every visit (and recomputed when one is
-- edited), so that "not visited for N days" is an index range at national scale. NULL: never.
-- Ordered with never-visited first (as 0), by grade and by owner unit and grade, active ones
-- apart, so that the lists walk them in order and the home page counts them from an index alone.
ALTER TABLE accounts ADD COLUMN last_visit_at BIGINT;
CREATE INDEX accounts_grade_last_visit ON accounts (grade, active, (COALESCE(last_visit_at, 0)), id);
CREATE INDEX accounts_owner_grade_last_visit ON accounts (owner_unit_id, grade, active, (COALESCE(last_visit_at, 0)),
  id);

-- HQ's rule: an account of each grade is visited at least every max_days days.
CREATE TABLE visit_rules (
  grade TEXT PRIMARY KEY CHECK (grade IN ('key', 'secondary', 'potential')),
  max_days INTEGER NOT NULL CHECK (max_days BETWEEN 1 AND 365),
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users (id)
);
INSERT INTO visit_rules (grade, max_days, updated_at) VALUES ('key', 14, 0), ('secondary', 30, 0), ('potential', 60, 0);
