// Exhibitions and promotion events: planned by a unit's managers (events.manage) in their scope;
// seen by the scope above the organising unit and by the units below it, whose people invite their
// own customers' contacts (events.invite) — a contact outside the inviter's scope is a 404; the
// organiser's side and the inviters record responses and check guests in (twice is one
// attendance); the results count what the caller's scope holds (everything for the organiser).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/events/model.h"
#include "modules/notifications/reminder.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::events {

class EventService {
 public:
  explicit EventService(db::Database& database) : database_(database) {}

  Event create(const auth::Principal& caller, const EventInput& input);
  Event get(const auth::Principal& caller, int64_t id);
  std::vector<Event> list(const auth::Principal& caller, const EventFilter& filter);
  // The organiser's side edits a planned event (all fields), marks it held with the actual cost,
  // or cancels it with a reason.
  Event update(const auth::Principal& caller, int64_t id, int64_t version, const EventInput& input);
  Event hold(const auth::Principal& caller, int64_t id, int64_t version, int64_t cost_fen);
  Event cancel(const auth::Principal& caller, int64_t id, int64_t version, const std::string& reason);

  std::vector<Candidate> candidates(const auth::Principal& caller, int64_t event_id, const CandidateFilter& filter);
  // Invites the contacts (at most 200): each in the caller's scope (404 otherwise, nothing
  // written); one already invited is skipped. Returns the invitations made.
  std::vector<Invitation> invite(const auth::Principal& caller, int64_t event_id, const std::vector<int64_t>& contacts);
  std::vector<Invitation> invitations(const auth::Principal& caller, int64_t event_id, const InvitationFilter& filter);
  Invitation respond(const auth::Principal& caller, int64_t event_id, int64_t invitation_id, int64_t version,
                     const std::string& response);
  // On the event's days only (409 event.not_open); a second check-in returns the first.
  Invitation check_in(const auth::Principal& caller, int64_t event_id, int64_t invitation_id);
  Results results(const auth::Principal& caller, int64_t event_id);

 private:
  db::Database& database_;
};

// Whether the caller organises (edits, holds, cancels, checks in anyone at) the event.
bool can_manage(const auth::Principal& caller, const Event& event);

// For registrations: 422 on `field` unless the event is one the caller sees and not cancelled.
void require_source_event(db::Connection& c, const auth::Principal& caller, int64_t event_id);

// The home page's to-do: events in the caller's scope that have ended but are not closed (held or
// cancelled) — GET /events?status=planned&ended=true.
int64_t count_to_close(db::Connection& c, const auth::Principal& caller, int64_t now);

// The sweep's reminders: an event tomorrow or today to its organiser and its inviters; an ended
// one not closed to its organiser.
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::events
