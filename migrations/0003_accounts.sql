-- Accounts (buying organisations), their contacts (the buying centre), the account analysis
-- sheet with its history, and the directories HQ maintains in both languages.

CREATE TABLE directory_entries (
  id %ID%,
  directory TEXT NOT NULL CHECK (directory IN ('industries', 'vehicle_types', 'source_channels')),
  code %CTEXT% NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  sort_order INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (directory, code)
);

CREATE TABLE accounts (
  id %ID%,
  name TEXT NOT NULL,
  -- the name folded for comparison: simplified, half-width, lower case, no spaces or punctuation
  name_key %CTEXT% NOT NULL,
  -- pinyin of the name (most common readings) then the name: ORDER BY gives pinyin order
  sort_key %CTEXT% NOT NULL,
  credit_code %CTEXT%,
  industry TEXT NOT NULL,
  admin_level TEXT NOT NULL CHECK (admin_level IN ('central', 'provincial', 'municipal', 'county')),
  division_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  address TEXT,
  grade TEXT NOT NULL CHECK (grade IN ('key', 'secondary', 'potential')),
  business_class TEXT NOT NULL CHECK (business_class IN ('direct', 'tender', 'one_time')),
  procurement_method TEXT NOT NULL CHECK (procurement_method IN ('tender', 'agreement', 'direct')),
  source_channel TEXT NOT NULL,
  owner_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  owner_user_id BIGINT REFERENCES users (id),
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_credit_code ON accounts (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX accounts_owner_sort ON accounts (owner_unit_id, sort_key, id);
CREATE INDEX accounts_sort ON accounts (sort_key, id);
CREATE INDEX accounts_division ON accounts (division_code);
CREATE INDEX accounts_name_key ON accounts (name_key);

-- Prefix keys a free-text query is matched against: the simplified name, full pinyin and
-- pinyin initials (every reading of polyphonic characters), from the start of the name and
-- from after its place names; and the credit code.
CREATE TABLE account_search_keys (
  key %CTEXT% NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (key, account_id)
);
CREATE INDEX account_search_keys_account ON account_search_keys (account_id);

CREATE TABLE contacts (
  id %ID%,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  title TEXT,
  department TEXT,
  buying_role TEXT NOT NULL CHECK (buying_role IN ('user', 'evaluator', 'decision_maker', 'decision_layer',
                                                   'operator', 'finance')),
  level TEXT,
  job_function TEXT,
  reports_to_id BIGINT REFERENCES contacts (id),
  phone TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_account ON contacts (account_id, id);

-- Each save of the analysis sheet is a new row: the history is the rows of an account.
CREATE TABLE account_analyses (
  id %ID%,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  -- {"environment": {"factors": {"product_need": "...", ...}, "barrier": "...", "strategy": {...}}, ...}
  sheet_json TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX account_analyses_account ON account_analyses (account_id, id);
