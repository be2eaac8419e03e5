-- account_search_keys is derived from accounts and written only with them (accounts are
-- deactivated, never deleted). On PostgreSQL its foreign key costs an SPI query per key, half of
-- a 100,000-row import (1.6 million keys); the key table does without it. SQLite checks foreign
-- keys with a plain index probe and keeps it (dropping it there means rebuilding the table).
ALTER TABLE account_search_keys DROP CONSTRAINT account_search_keys_account_id_fkey;
