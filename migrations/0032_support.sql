-- The support ledger (支持台账: 人、机、料、法, issue 15, DOMAIN.md §7).
--
-- support_items: what HQ makes and keeps in stock to issue to dealers — point-of-sale materials for
-- industry development (终端物料, kind material) and industry sales tools (销售工具, kind tool) —
-- with the cost of one and the stock at HQ (never below zero: issuing more than the stock is refused).
CREATE TABLE support_items (
  id %ID%,
  kind TEXT NOT NULL CHECK (kind IN ('material', 'tool')),
  name TEXT NOT NULL,
  unit_label TEXT NOT NULL,
  unit_cost_fen BIGINT NOT NULL CHECK (unit_cost_fen >= 0),
  stock BIGINT NOT NULL CHECK (stock >= 0),
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- support_requests: the ledger's entries. A unit's people request (kind material or tool: an item
-- from HQ's stock; kind gift: small or PR gifts bought for an account's contact); approvals climb
-- from the level above the unit (province → region → HQ) up to the level the amount needs
-- (required_level, by HQ's limits when requested); then it is issued (HQ's stock goes down, or the
-- gift is bought) and its unit confirms it received (the gift handed over).
-- status: pending → approved → issued → received; rejected or cancelled end it.
-- day: the China day it was requested; the ledger's month and the gift's year are taken from it.
CREATE TABLE support_requests (
  id %ID%,
  kind TEXT NOT NULL CHECK (kind IN ('material', 'tool', 'gift')),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  requested_by BIGINT NOT NULL REFERENCES users (id),
  item_id BIGINT REFERENCES support_items (id),
  gift_kind TEXT CHECK (gift_kind IN ('small', 'pr')),
  description TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
  account_id BIGINT REFERENCES accounts (id),
  contact_id BIGINT REFERENCES contacts (id),
  purpose TEXT,
  day TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'issued', 'received', 'rejected', 'cancelled')),
  required_level TEXT NOT NULL CHECK (required_level IN ('province', 'region', 'hq')),
  next_level TEXT CHECK (next_level IN ('province', 'region', 'hq')),
  -- the unit whose managers approve next: the requesting unit's ancestor at next_level
  next_unit_id BIGINT REFERENCES org_units (id),
  decided_note TEXT,
  issued_by BIGINT REFERENCES users (id),
  issued_at BIGINT,
  received_by BIGINT REFERENCES users (id),
  received_at BIGINT,
  received_note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((kind = 'gift') = (account_id IS NOT NULL AND contact_id IS NOT NULL AND gift_kind IS NOT NULL)),
  CHECK ((kind = 'gift') = (item_id IS NULL))
);
CREATE INDEX support_requests_unit ON support_requests (unit_id, day, id);
CREATE INDEX support_requests_day ON support_requests (day, id);
CREATE INDEX support_requests_next ON support_requests (next_unit_id, status) WHERE status = 'pending';
CREATE INDEX support_requests_contact ON support_requests (contact_id, day) WHERE contact_id IS NOT NULL;

-- Each approval step (who, at which level, approved or rejected, with a note).
CREATE TABLE support_approvals (
  id %ID%,
  request_id BIGINT NOT NULL REFERENCES support_requests (id),
  level TEXT NOT NULL CHECK (level IN ('province', 'region', 'hq')),
  decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
  user_id BIGINT NOT NULL REFERENCES users (id),
  note TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX support_approvals_request ON support_approvals (request_id, id);

-- 改装厂供货车型政策: per upfitter and model, what is supplied on which terms (shown in the catalogue
-- and on quotes); valid from a day, until a day or open-ended.
CREATE TABLE upfitter_policies (
  id %ID%,
  upfitter TEXT NOT NULL,
  model_id BIGINT NOT NULL REFERENCES vehicle_models (id),
  supply TEXT NOT NULL,
  terms TEXT NOT NULL,
  lead_days INTEGER NOT NULL CHECK (lead_days >= 0),
  price_fen BIGINT CHECK (price_fen > 0),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX upfitter_policies_model ON upfitter_policies (model_id, id);

-- 重点行业单位专职人员上门开发: HQ's dedicated staff plan a visit to a key industry account; it is done
-- when the visitor's visit (modules/visits) to that account is linked. unit_id is the account's owner
-- unit then (the ledger's unit).
CREATE TABLE hq_visits (
  id %ID%,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  visitor_id BIGINT NOT NULL REFERENCES users (id),
  planned_by BIGINT NOT NULL REFERENCES users (id),
  planned_on TEXT NOT NULL,
  purpose TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
  visit_id BIGINT REFERENCES visits (id),
  done_on TEXT,
  cancel_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX hq_visits_unit ON hq_visits (unit_id, planned_on, id);
CREATE INDEX hq_visits_visitor ON hq_visits (visitor_id, status, planned_on);
CREATE UNIQUE INDEX hq_visits_visit ON hq_visits (visit_id) WHERE visit_id IS NOT NULL;

-- Policy or procurement information a person feeds back (商务政策信息); an area manager (or above)
-- marks it useful or not.
CREATE TABLE policy_notes (
  id %ID%,
  user_id BIGINT NOT NULL REFERENCES users (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  account_id BIGINT REFERENCES accounts (id),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'useful', 'not_useful')),
  marked_by BIGINT REFERENCES users (id),
  marked_at BIGINT,
  mark_note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX policy_notes_unit ON policy_notes (unit_id, status, id);

-- 商务政策信息反馈奖: what a person earned, by HQ's rule when it was earned, for a registration that
-- turned into a won opportunity (source registration) or a policy note marked useful (source note);
-- once per source. month YYYYMM (China) of the win or the mark; unit_id the person's unit then.
CREATE TABLE feedback_rewards (
  id %ID%,
  user_id BIGINT NOT NULL REFERENCES users (id),
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  month INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('registration', 'note')),
  source_id BIGINT NOT NULL,
  opportunity_id BIGINT REFERENCES opportunities (id),
  points BIGINT NOT NULL CHECK (points >= 0),
  amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
  created_at BIGINT NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX feedback_rewards_month ON feedback_rewards (month, user_id);
CREATE INDEX feedback_rewards_unit ON feedback_rewards (unit_id, month);
