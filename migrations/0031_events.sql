-- Exhibitions and promotion events (展销会、推广会, issue 15, DOMAIN.md §2): a unit plans an event
-- (kind, title, days, place, budget, the vehicles shown) and invites the key role-holders of its
-- customers — decision makers and evaluators first; each invitation records the response and the
-- attendance (checked in at the door on a phone, once); leads from the event are registrations
-- with the event as their source (registrations.event_id). unit_id is the organising unit: the
-- event's place in the scope tree (seen by the scope above it and by the units below it, who may
-- invite their own customers). status: planned → held (with the actual cost), or cancelled.
CREATE TABLE events (
  id %ID%,
  kind TEXT NOT NULL CHECK (kind IN ('exhibition', 'promotion')),
  title TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  place TEXT NOT NULL,
  budget_fen BIGINT NOT NULL CHECK (budget_fen >= 0),
  cost_fen BIGINT CHECK (cost_fen >= 0),
  vehicles TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX events_unit ON events (unit_id, starts_on, id);
CREATE INDEX events_starts ON events (starts_on, id);

CREATE TABLE event_invitations (
  id %ID%,
  event_id BIGINT NOT NULL REFERENCES events (id),
  contact_id BIGINT NOT NULL REFERENCES contacts (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  -- the contact's buying role when invited (the results count attendees by it)
  buying_role TEXT NOT NULL,
  invited_by BIGINT NOT NULL REFERENCES users (id),
  -- the inviter's unit: whose invitation it is in the scope tree
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  response TEXT NOT NULL CHECK (response IN ('pending', 'accepted', 'declined')),
  responded_at BIGINT,
  attended_at BIGINT,
  checked_in_by BIGINT REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (event_id, contact_id)
);
CREATE INDEX event_invitations_unit ON event_invitations (unit_id, event_id);
CREATE INDEX event_invitations_account ON event_invitations (account_id, event_id);

ALTER TABLE registrations ADD COLUMN event_id BIGINT REFERENCES events (id);
CREATE INDEX registrations_event ON registrations (event_id, id) WHERE event_id IS NOT NULL;
