-- The search keys as a WITHOUT ROWID table clustered on (key, account_id): two B-trees to write
-- per key instead of three, and without the foreign key (as on PostgreSQL, see
-- migrations/postgres/0006): the keys are derived from accounts and written only with them.
CREATE TABLE account_search_keys_clustered (
  key TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  PRIMARY KEY (key, account_id)
) WITHOUT ROWID;
INSERT INTO account_search_keys_clustered (key, account_id) SELECT key, account_id FROM account_search_keys;
DROP TABLE account_search_keys;
ALTER TABLE account_search_keys_clustered RENAME TO account_search_keys;
CREATE INDEX account_search_keys_account_key ON account_search_keys (account_id, key);
