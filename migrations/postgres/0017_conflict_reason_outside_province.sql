-- A registration of an account owned outside the dealer's province (another province's, a
-- region's or HQ's own account) is a conflict too (issue 20): a third reason.
ALTER TABLE registration_conflicts DROP CONSTRAINT registration_conflicts_reason_check;
ALTER TABLE registration_conflicts ADD CONSTRAINT registration_conflicts_reason_check
  CHECK (reason IN ('account_owned_by_other_dealer', 'account_owned_outside_province', 'active_registration'));
