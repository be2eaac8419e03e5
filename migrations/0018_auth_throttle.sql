-- The sign-in throttle as counters, one row per subject ("user:NAME", "address:IP",
-- "pair:IP user:NAME"), so an attempt is counted and checked in one statement (an upsert
-- returning the new count): parallel attempts cannot all read a count before any of them
-- writes it, and every server process on the database shares the counts. Replaces the log
-- of failures, which was read before the password hash and written after it.
CREATE TABLE auth_throttle (
  subject %CTEXT% PRIMARY KEY,
  window_start BIGINT NOT NULL,
  attempts BIGINT NOT NULL
);
CREATE INDEX auth_throttle_window ON auth_throttle (window_start);
DROP TABLE login_failures;
