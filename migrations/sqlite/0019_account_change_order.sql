-- The duplicate index of each server process catches up with the accounts changed since it last
-- looked in commit order, not by the clock: writers are serialised (across processes too), so a
-- number one past the highest so far, given by a trigger to each inserted or updated row, grows in
-- commit order; rows numbered past the highest a process has read are all it must read next time.
ALTER TABLE accounts ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET change_seq = id;
CREATE INDEX accounts_change_seq ON accounts (change_seq);
CREATE TRIGGER accounts_change_insert AFTER INSERT ON accounts BEGIN
  UPDATE accounts SET change_seq = (SELECT max(change_seq) FROM accounts) + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER accounts_change_update AFTER UPDATE ON accounts WHEN NEW.change_seq = OLD.change_seq BEGIN
  UPDATE accounts SET change_seq = (SELECT max(change_seq) FROM accounts) + 1 WHERE id = NEW.id;
END;
-- it served only the catch-up by updated_at
DROP INDEX accounts_updated;
