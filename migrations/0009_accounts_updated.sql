-- The duplicate index of each server process catches up with accounts written since it last
-- looked (by any process): accounts by the time they were written.
CREATE INDEX accounts_updated ON accounts (updated_at);
