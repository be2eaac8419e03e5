-- Lead registrations (报备): a dealer registers a buyer's procurement lead at once; the first
-- genuine one is protected for a period HQ sets. Times are ms since the epoch (registered_at is
-- created_at, kept because timeliness is scored); expected_date is a calendar day YYYY-MM-DD.
CREATE TABLE registrations (
  id %ID%,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  dealer_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  registered_by BIGINT NOT NULL REFERENCES users (id),
  vehicle_type TEXT NOT NULL,
  model TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  budget_fen BIGINT,
  expected_date TEXT NOT NULL,
  procurement_method TEXT NOT NULL CHECK (procurement_method IN ('tender', 'agreement', 'direct')),
  source_channel TEXT NOT NULL,
  info_class TEXT NOT NULL CHECK (info_class IN ('direct', 'tender', 'one_time')),
  info_obtained_at BIGINT NOT NULL,
  note TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'conflict', 'approved', 'rejected', 'lapsed', 'converted')),
  authentic INTEGER,
  accurate INTEGER,
  review_note TEXT,
  reviewed_by BIGINT REFERENCES users (id),
  reviewed_at BIGINT,
  protected_until BIGINT,
  opportunity_id BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX registrations_account ON registrations (account_id, status);
CREATE INDEX registrations_dealer ON registrations (dealer_unit_id, id);
CREATE INDEX registrations_protection ON registrations (status, protected_until);

-- Why a registration was a conflict when it was made: another dealer's registration, or the
-- account's owner (other_id NULL).
CREATE TABLE registration_conflicts (
  registration_id BIGINT NOT NULL REFERENCES registrations (id),
  other_id BIGINT REFERENCES registrations (id),
  other_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  reason TEXT NOT NULL CHECK (reason IN ('account_owned_by_other_dealer', 'active_registration'))
);
CREATE INDEX registration_conflicts_registration ON registration_conflicts (registration_id);
CREATE INDEX registration_conflicts_other ON registration_conflicts (other_id);
