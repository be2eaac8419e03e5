// Lead registrations (报备, DOMAIN.md §2–3): plain structs; JSON mapping lives in routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/model.h"

namespace fleetkam::registrations {

struct Conflict {
  std::optional<int64_t> other_id;  // the other dealer's registration; none when it is ownership
  int64_t other_unit_id = 0;
  std::string other_unit_name;
  // account_owned_by_other_dealer, account_owned_outside_province, active_registration
  std::string reason;
  // the other registration, when there is one
  std::optional<std::string> other_status, other_vehicle_type, other_expected_date;
  std::optional<int64_t> other_registered_at;
  std::string other_unit_path;
  // the other unit and its registration are named only to a reviewer whose scope holds them
  bool visible = true;
};

struct Registration {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name;
  std::string account_owner_path;  // the path of the unit that owns the account now
  // the account's id and name are shown only inside the caller's scope (as duplicates are)
  bool account_visible = true;
  int64_t dealer_unit_id = 0;
  std::string dealer_name;
  int64_t registered_by = 0;
  std::string registered_by_name;
  std::string vehicle_type;
  std::optional<std::string> model;
  int64_t quantity = 0;
  std::optional<int64_t> budget_fen;
  std::string expected_date;
  std::string procurement_method;
  std::string source_channel;
  std::optional<int64_t> event_id;  // the exhibition or promotion event the lead came from
  std::string info_class;
  int64_t info_obtained_at = 0;
  std::optional<std::string> note;
  std::string status;  // pending, conflict, approved, rejected, lapsed, converted
  std::optional<bool> authentic, accurate;
  std::optional<std::string> review_note;
  std::optional<int64_t> reviewed_by, reviewed_at, protected_until, opportunity_id;
  int64_t version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<Conflict> conflicts;  // filled for reviewers only
  // the name the dealer wrote when the duplicate engine matched it to this existing account, and why
  std::optional<std::string> account_match_name, account_match_reason;
};

struct NewRegistration {
  std::optional<int64_t> account_id;
  std::optional<accounts::AccountInput> account;  // a new (or matched) account instead of account_id
  std::string vehicle_type;
  std::optional<std::string> model;
  int64_t quantity = 0;
  std::optional<int64_t> budget_fen;
  std::string expected_date;
  std::string procurement_method;
  std::string source_channel;
  std::optional<int64_t> event_id;  // with source_channel exhibitions: the event it came from
  std::string info_class;
  std::optional<int64_t> info_obtained_at;
  std::optional<std::string> note;
};

struct Review {
  std::string decision;  // approve, reject
  bool authentic = false;
  std::optional<bool> accurate;
  std::optional<std::string> note;
  int64_t version = 0;
};

struct RegistrationFilter {
  std::vector<std::string> statuses;
  std::optional<int64_t> dealer_unit_id, account_id, registered_by;
  std::optional<int64_t> unit_id;           // a unit in scope: its subtree's dealers
  std::optional<int64_t> protected_before;  // protected_until earlier than this (ms)
  // registered (created_at) at or after / before these (ms): China days, as the boards count them
  std::optional<int64_t> created_from, created_before;
  bool won = false;  // converted to an opportunity that is won now
  std::optional<std::string> q;
  std::optional<int64_t> before_id;  // keyset: newest first
  int limit = 50;
};

struct UnitStats {
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t registrations = 0, approved = 0, rejected = 0, conflicts = 0, lapsed = 0, converted = 0, reviewed = 0,
          authentic = 0;
  std::optional<double> median_delay_hours;
};

const std::vector<std::string>& statuses();
const std::vector<std::string>& info_classes();

}  // namespace fleetkam::registrations
