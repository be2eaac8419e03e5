-- The platform: organisation tree, users, sessions, sign-in attempts, audit trail, settings.
-- Times are milliseconds since the Unix epoch, UTC. Booleans are 0/1 integers.

CREATE TABLE org_units (
  id %ID%,
  kind TEXT NOT NULL CHECK (kind IN ('hq', 'region', 'province', 'dealer')),
  name TEXT NOT NULL,
  parent_id BIGINT REFERENCES org_units (id),
  -- ancestors and self, e.g. '/1/4/17/': a subtree is a range of paths
  path %CTEXT% NOT NULL,
  division_code TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX org_units_path ON org_units (path);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE UNIQUE INDEX org_units_province_division ON org_units (division_code) WHERE kind = 'province';

CREATE TABLE users (
  id %ID%,
  username TEXT NOT NULL,
  -- lower-case username: one account per name whatever the case
  username_key %CTEXT% NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'ka_director', 'ka_executive', 'regional_director',
                                     'area_manager', 'dealer_manager', 'sales_rep')),
  org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_org_unit ON users (org_unit_id);

CREATE TABLE sessions (
  -- SHA-256 of the bearer token; the token itself is never stored
  token_hash %CTEXT% PRIMARY KEY,
  csrf_hash TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
  id %ID%,
  username_key %CTEXT% NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_user_at ON login_failures (username_key, at);

CREATE TABLE audit_log (
  id %ID%,
  at BIGINT NOT NULL,
  user_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

CREATE TABLE settings (
  key %CTEXT% PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
