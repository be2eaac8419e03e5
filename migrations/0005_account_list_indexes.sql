-- Indexes that let a filtered account list walk in pinyin order instead of sorting: the
-- province, industry, grade and owner filters each have one ending in (sort_key, id). The search
-- keys of an account are found by (account_id, key), so a query matching many accounts can walk
-- the list in order and probe each account's keys.
CREATE INDEX accounts_province_sort ON accounts (province_code, sort_key, id);
CREATE INDEX accounts_industry_sort ON accounts (industry, sort_key, id);
CREATE INDEX accounts_grade_sort ON accounts (grade, sort_key, id);
CREATE INDEX accounts_owner_user_sort ON accounts (owner_user_id, sort_key, id);
CREATE INDEX account_search_keys_account_key ON account_search_keys (account_id, key);
DROP INDEX account_search_keys_account;
