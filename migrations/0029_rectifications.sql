-- Rectification orders (整改, issue 14, DOMAIN.md §7): HQ's KA department (or a regional director)
-- raises a finding and a requirement with a due day to an area manager's province or a dealer,
-- linked to its evidence; the recipient answers with what was done; the raiser verifies and
-- closes or sends it back. status: open (awaiting the answer) → responded → closed, or back to
-- open when sent back; cancelled when the raiser withdraws it. due_date is a China calendar day;
-- an open order past it is overdue. raiser_unit_id is the raiser's unit when raised: who else may
-- verify it (its scope's holders of the raise permission).
CREATE TABLE rectifications (
  id %ID%,
  raised_by BIGINT NOT NULL REFERENCES users (id),
  raiser_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  recipient_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  recipient_user_id BIGINT REFERENCES users (id),
  title TEXT NOT NULL,
  finding TEXT NOT NULL,
  requirement TEXT NOT NULL,
  due_date TEXT NOT NULL,
  evidence_kind TEXT CHECK (evidence_kind IN ('report', 'assessment', 'account', 'opportunity')),
  evidence_ref TEXT,
  evidence_label TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'responded', 'closed', 'cancelled')),
  response TEXT,
  responded_at BIGINT,
  responded_by BIGINT REFERENCES users (id),
  rounds INTEGER NOT NULL DEFAULT 0,
  closed_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((evidence_kind IS NULL) = (evidence_ref IS NULL))
);
-- a recipient unit's orders by status and due day (its to-dos and list), and a scope's through
-- the units' paths
CREATE INDEX rectifications_recipient ON rectifications (recipient_unit_id, status, due_date, id);
CREATE INDEX rectifications_raiser ON rectifications (raised_by, status, due_date, id);
CREATE INDEX rectifications_raiser_unit ON rectifications (raiser_unit_id, status, due_date, id);
-- the reminder sweep and the overdue counts: orders still waiting for their answer
CREATE INDEX rectifications_open ON rectifications (due_date, id) WHERE status = 'open';

-- What happened to an order, in order: raised, responded, sent_back, closed, cancelled, each with
-- its person, time and note (the answer, the reason it went back, the verification).
CREATE TABLE rectification_events (
  id %ID%,
  rectification_id BIGINT NOT NULL REFERENCES rectifications (id),
  action TEXT NOT NULL CHECK (action IN ('raised', 'responded', 'sent_back', 'closed', 'cancelled')),
  user_id BIGINT NOT NULL REFERENCES users (id),
  note TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX rectification_events_order ON rectification_events (rectification_id, id);
