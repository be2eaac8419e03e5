// Exhibitions and promotion events (展销会、推广会, DOMAIN.md §2): a unit plans an event and invites
// the key role-holders of its customers (decision makers and evaluators first); invitations record
// the response and the attendance (checked in on a phone at the door, once); leads from the event
// are registrations with it as their source; the results — attendees by role, registrations,
// opportunities, units won — and the cost per unit won are computed. Days are China calendar days
// YYYY-MM-DD, amounts fen, times UTC ms.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::events {

const std::vector<std::string>& kinds();      // exhibition, promotion
const std::vector<std::string>& statuses();   // planned, held, cancelled
const std::vector<std::string>& responses();  // pending, accepted, declined

struct Event {
  int64_t id = 0;
  std::string kind, title;
  int64_t unit_id = 0;
  std::string unit_name, unit_kind, unit_path;
  int64_t created_by = 0;
  std::string created_by_name;
  std::string starts_on, ends_on, place;
  int64_t budget_fen = 0;
  std::optional<int64_t> cost_fen;
  std::vector<std::string> vehicles;
  std::optional<std::string> description;
  std::string status;
  int64_t invited = 0, accepted = 0, attended = 0;  // of the invitations the caller sees
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct EventInput {
  std::string kind, title;
  int64_t unit_id = 0;
  std::string starts_on, ends_on, place;
  int64_t budget_fen = 0;
  std::vector<std::string> vehicles;
  std::optional<std::string> description;
};

struct EventFilter {
  std::vector<std::string> statuses;
  std::optional<std::string> kind;
  std::optional<int64_t> unit_id;
  std::optional<std::string> from, to;                   // starting on or after / on or before these days
  bool upcoming = false;                                 // planned, not ended
  bool ended = false;                                    // planned, ended: to be closed
  std::optional<std::pair<std::string, int64_t>> after;  // (starts_on, id), newest first
  int limit = 50;
};

struct Invitation {
  int64_t id = 0, event_id = 0, contact_id = 0, account_id = 0;
  std::string contact_name;
  std::optional<std::string> contact_title, contact_phone;
  std::string account_name, account_grade, industry, buying_role;
  int64_t invited_by = 0;
  std::string invited_by_name;
  int64_t unit_id = 0;
  std::string unit_name;
  std::string response;
  std::optional<int64_t> responded_at, attended_at;
  std::optional<std::string> checked_in_by_name;
  int64_t version = 1;
  int64_t created_at = 0;
};

struct InvitationFilter {
  std::optional<std::string> response;
  std::optional<bool> attended;
  std::optional<std::string> q;  // the contact's or the account's name contains it
  int limit = 500;
};

// A contact the caller may invite: in their scope, not yet invited.
struct Candidate {
  int64_t contact_id = 0, account_id = 0;
  std::string contact_name;
  std::optional<std::string> contact_title;
  std::string buying_role, account_name, account_grade, industry;
};

struct CandidateFilter {
  std::vector<std::string> grades, industries, buying_roles;
  std::optional<std::string> q;
  int limit = 200;
};

struct Results {
  int64_t invited = 0, accepted = 0, declined = 0, attended = 0;
  std::map<std::string, int64_t> attended_by_role;  // every buying role, 0 when none
  int64_t registrations = 0, opportunities = 0, won_opportunities = 0, units_won = 0, units_delivered = 0;
  int64_t cost_fen = 0;  // the actual cost once held, the budget before
  bool cost_is_budget = true;
  std::optional<int64_t> cost_per_unit_won_fen;
};

}  // namespace fleetkam::events
