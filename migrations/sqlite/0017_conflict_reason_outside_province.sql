-- A registration of an account owned outside the dealer's province (another province's, a
-- region's or HQ's own account) is a conflict too (issue 20): a third reason. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt (as migrations/sqlite/0006 does).
CREATE TABLE registration_conflicts_new (
  registration_id BIGINT NOT NULL REFERENCES registrations (id),
  other_id BIGINT REFERENCES registrations (id),
  other_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  reason TEXT NOT NULL CHECK (reason IN ('account_owned_by_other_dealer', 'account_owned_outside_province',
                                         'active_registration'))
);
INSERT INTO registration_conflicts_new (registration_id, other_id, other_unit_id, reason)
  SELECT registration_id, other_id, other_unit_id, reason FROM registration_conflicts;
DROP TABLE registration_conflicts;
ALTER TABLE registration_conflicts_new RENAME TO registration_conflicts;
CREATE INDEX registration_conflicts_registration ON registration_conflicts (registration_id);
CREATE INDEX registration_conflicts_other ON registration_conflicts (other_id);
