-- The monthly assessment (考核, issue 14). HQ's templates: the five items with their weights and
-- criteria and the scoring settings (JSON, modules/assessment/rules.h), each effective from a month
-- on: a month is scored with the newest template effective at or before it, else the seed's table.
CREATE TABLE assessment_templates (
  id %ID%,
  effective_month TEXT NOT NULL UNIQUE,
  content TEXT NOT NULL,
  note TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- A month's close: open → compiled (KA staff) → reviewed (KA director) → approved (KA executive).
-- A month past open keeps its template: a later template change never rewrites it.
CREATE TABLE assessment_months (
  month TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('open', 'compiled', 'reviewed', 'approved')),
  template_id BIGINT REFERENCES assessment_templates (id),
  compiled_at BIGINT,
  compiled_by BIGINT REFERENCES users (id),
  reviewed_at BIGINT,
  reviewed_by BIGINT REFERENCES users (id),
  approved_at BIGINT,
  approved_by BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
