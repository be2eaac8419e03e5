-- Satisfaction after delivery (客户满意度回访, issue 15, DOMAIN.md §2): every delivery schedules a
-- follow-up call (HQ sets the delay in days, settings 'satisfaction.rules'); the dealer records the
-- customer's scores for the vehicle, the delivery and the service (1–5) with a comment; a low score
-- (any of the three at or below the rule's low_score) is flagged to the province's area manager,
-- who reviews it; a complaint becomes a task with an owner and a due day until it is resolved.
-- unit_id is the delivery's unit (the opportunity's owner unit): the follow-up's place in the scope
-- tree. due_on and delivered_on are China calendar days. status: scheduled → done, or cancelled
-- when its delivery is voided before it was made.
CREATE TABLE satisfaction_followups (
  id %ID%,
  delivery_id BIGINT NOT NULL UNIQUE REFERENCES deliveries (id),
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  model TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  delivered_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled')),
  contact_id BIGINT REFERENCES contacts (id),
  contact_name TEXT,
  vehicle_score INTEGER CHECK (vehicle_score BETWEEN 1 AND 5),
  delivery_score INTEGER CHECK (delivery_score BETWEEN 1 AND 5),
  service_score INTEGER CHECK (service_score BETWEEN 1 AND 5),
  comment TEXT,
  low INTEGER NOT NULL DEFAULT 0,
  recorded_by BIGINT REFERENCES users (id),
  recorded_at BIGINT,
  -- the month (YYYYMM, China) it was recorded in: the charts' month
  recorded_month INTEGER,
  low_reviewed_by BIGINT REFERENCES users (id),
  low_reviewed_at BIGINT,
  low_review_note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((status = 'done') = (recorded_at IS NOT NULL))
);
-- a unit's follow-ups by status and due day (the dealer's list and to-do), and the whole country's
CREATE INDEX satisfaction_followups_unit ON satisfaction_followups (unit_id, status, due_on, id);
CREATE INDEX satisfaction_followups_due ON satisfaction_followups (status, due_on, id);
-- low scores not yet reviewed by the area manager (their to-do and the sweep)
CREATE INDEX satisfaction_followups_low ON satisfaction_followups (unit_id, id) WHERE low = 1 AND low_reviewed_at IS NULL;
CREATE INDEX satisfaction_followups_account ON satisfaction_followups (account_id, id);

-- The charts' figures, kept with every recorded follow-up so that HQ's chart over a year of the
-- national network reads a few thousand rows: per unit (the delivery's), month recorded and model.
CREATE TABLE satisfaction_totals (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  month INTEGER NOT NULL,
  model TEXT NOT NULL,
  responses INTEGER NOT NULL,
  vehicle_sum INTEGER NOT NULL,
  delivery_sum INTEGER NOT NULL,
  service_sum INTEGER NOT NULL,
  low INTEGER NOT NULL,
  PRIMARY KEY (unit_id, month, model)
);
CREATE INDEX satisfaction_totals_month ON satisfaction_totals (month, unit_id);

-- Complaints (投诉) raised on a follow-up: what is wrong, its category, an owner and a due day;
-- open until the owner (or the unit's manager) records how it was resolved.
CREATE TABLE complaints (
  id %ID%,
  followup_id BIGINT NOT NULL REFERENCES satisfaction_followups (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  category TEXT NOT NULL CHECK (category IN ('vehicle', 'delivery', 'service', 'other')),
  description TEXT NOT NULL,
  owner_user_id BIGINT NOT NULL REFERENCES users (id),
  due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  resolution TEXT,
  resolved_by BIGINT REFERENCES users (id),
  resolved_at BIGINT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX complaints_unit ON complaints (unit_id, status, due_on, id);
CREATE INDEX complaints_owner ON complaints (owner_user_id, status, due_on, id);
CREATE INDEX complaints_followup ON complaints (followup_id, id);
CREATE INDEX complaints_open ON complaints (due_on, id) WHERE status = 'open';
