-- Framework agreements (协议供货) and getting on their supplier lists (入围), issue 17 and
-- docs/agreements.md: the agreements a procurement centre runs, our application to each, the
-- models listed with their agreement price (the cap), the dealers authorised to supply under it,
-- the competitors listed, and the opportunities that name their agreement. Days are YYYY-MM-DD
-- (China), times ms since the epoch, money in fen.
CREATE TABLE agreements (
  id %ID%,
  level TEXT NOT NULL CHECK (level IN ('central', 'provincial', 'municipal')),
  -- the procurement centre: an account (a central one for a central agreement)
  centre_account_id BIGINT NOT NULL REFERENCES accounts (id),
  -- HQ for a central agreement, the province otherwise: who sees it is decided by this unit
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  name TEXT NOT NULL,
  notice_no TEXT NOT NULL,
  notice_url TEXT,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  -- JSON lists of text: the vehicle types (品目) and the lots (标包)
  categories TEXT NOT NULL DEFAULT '[]',
  lots TEXT NOT NULL DEFAULT '[]',
  owner_user_id BIGINT NOT NULL REFERENCES users (id),
  -- the application (入围申请), one per agreement
  application TEXT NOT NULL DEFAULT 'preparing'
    CHECK (application IN ('preparing', 'submitted', 'listed', 'not_listed')),
  deadline_on TEXT,
  submitted_at BIGINT,
  decided_at BIGINT,
  outcome_note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX agreements_unit ON agreements (unit_id, ends_on, id);
CREATE INDEX agreements_ends ON agreements (ends_on, id);
CREATE INDEX agreements_owner ON agreements (owner_user_id, application, ends_on);
CREATE UNIQUE INDEX agreements_notice ON agreements (centre_account_id, notice_no);

-- the documents the application needs and who provides them
CREATE TABLE agreement_documents (
  agreement_id BIGINT NOT NULL REFERENCES agreements (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  provider TEXT NOT NULL CHECK (provider IN ('hq', 'upfitter', 'dealer')),
  ready INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (agreement_id, position)
);

-- the catalogue models we applied with
CREATE TABLE agreement_applied_models (
  agreement_id BIGINT NOT NULL REFERENCES agreements (id),
  model_id BIGINT NOT NULL REFERENCES vehicle_models (id),
  PRIMARY KEY (agreement_id, model_id)
);

-- 入围车型: what is listed, at the agreement price (the cap a quote may not exceed)
CREATE TABLE agreement_listings (
  agreement_id BIGINT NOT NULL REFERENCES agreements (id),
  model_id BIGINT NOT NULL REFERENCES vehicle_models (id),
  price_cap_fen BIGINT NOT NULL CHECK (price_cap_fen > 0),
  discount_terms TEXT,
  PRIMARY KEY (agreement_id, model_id)
);

-- 授权经销商: the dealers that may supply under the agreement
CREATE TABLE agreement_dealers (
  agreement_id BIGINT NOT NULL REFERENCES agreements (id),
  dealer_id BIGINT NOT NULL REFERENCES org_units (id),
  PRIMARY KEY (agreement_id, dealer_id)
);
CREATE INDEX agreement_dealers_dealer ON agreement_dealers (dealer_id, agreement_id);

-- 竞品入围: the competitors listed on it
CREATE TABLE agreement_competitors (
  id %ID%,
  agreement_id BIGINT NOT NULL REFERENCES agreements (id),
  brand TEXT NOT NULL,
  model TEXT NOT NULL,
  price_fen BIGINT NOT NULL CHECK (price_fen > 0),
  note TEXT,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX agreement_competitors_agreement ON agreement_competitors (agreement_id, id);

-- an order under an agreement names it
ALTER TABLE opportunities ADD COLUMN agreement_id BIGINT REFERENCES agreements (id);
CREATE INDEX opportunities_agreement ON opportunities (agreement_id, id) WHERE agreement_id IS NOT NULL;
