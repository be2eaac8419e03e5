-- The duplicate index of each server process catches up with the accounts changed since it last
-- looked in commit order, not by the clock: each insert and update stamps the row with its
-- transaction's id (xid8: 64 bits, never wraps). Every transaction below a snapshot's xmin has
-- ended, so rows stamped from that xmin on are all a process must read again next time.
ALTER TABLE accounts ADD COLUMN change_seq xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX accounts_change_seq ON accounts (change_seq);
CREATE FUNCTION accounts_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := pg_current_xact_id();
  RETURN NEW;
END;
$$;
CREATE TRIGGER accounts_change BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_stamp_change();
-- it served only the catch-up by updated_at
DROP INDEX accounts_updated;
