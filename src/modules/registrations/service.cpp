#include "modules/events/service.h"
#include "modules/registrations/service.h"

#include <nlohmann/json.hpp>

#include "modules/accounts/store.h"
#include "modules/registrations/store.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"

namespace fleetkam::registrations {

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> v = {"pending", "conflict", "approved", "rejected", "lapsed", "converted"};
  return v;
}
const std::vector<std::string>& info_classes() {
  static const std::vector<std::string> v = {"direct", "tender", "one_time"};
  return v;
}

std::optional<int64_t> day_number(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return std::nullopt;
  }
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  // days from civil (Howard Hinnant's algorithm)
  y -= m <= 2 ? 1 : 0;
  int era = y / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

namespace {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kChinaOffsetMs = int64_t{8} * 3600000;
// Another dealer's registration of the same vehicle type conflicts when the expected dates are
// this close.
constexpr int64_t kOverlapDays = 180;

int64_t today_in_china(int64_t now) { return (now + kChinaOffsetMs) / kDayMs; }

nlohmann::json audit_json(const Registration& r) {
  return {{"account_id", r.account_id},
          {"dealer_unit_id", r.dealer_unit_id},
          {"vehicle_type", r.vehicle_type},
          {"quantity", r.quantity},
          {"expected_date", r.expected_date},
          {"status", r.status},
          {"info_obtained_at", r.info_obtained_at}};
}

struct Resolved {
  int64_t account_id = 0;
  std::optional<std::string> match_name, match_reason;  // set when the duplicate engine matched a name
};

// The account a registration with a new account's fields is of: an existing account that is the
// same organisation (wherever it lies), or a new one owned by the caller's dealer.
Resolved resolve_account(db::Connection& c, directories::DirectoryService& directories, accounts::AccountIndex& index,
                         const auth::Principal& caller, const accounts::AccountInput& input) {
  accounts::AccountInput in = input;
  in.owner_unit_id = caller.org_unit_id;
  accounts::Account a;
  accounts::Lookups lookups(c, directories);
  try {
    accounts::apply_input(lookups, caller, in, a, true);
  } catch (const AppError& e) {
    std::vector<FieldError> errors;
    for (const auto& error : e.errors()) errors.push_back({"account." + error.field, error.message, error.code});
    throw Invalid(errors);
  }
  // as POST /accounts does: of two dealers registering one new organisation at the same moment,
  // the second finds the first's account
  accounts::lock_new_account(c, a.name, a.credit_code);
  if (a.credit_code) {
    auto same = accounts::store::accounts_with_credit_code(c, *a.credit_code, 0);
    if (!same.empty()) return {same.front().id, std::nullopt, std::nullopt};
  }
  // the duplicate engine, over every account: the organisation may be another dealer's
  index.sync(c, true);  // in the registration's write transaction
  for (const auto& found : index.candidates({a.name, a.division_code, a.credit_code}, 5)) {
    if (found.match.kind == dedup::MatchKind::duplicate &&
        accounts::store::accounts_by_ids(c, {found.id}).size() == 1) {
      return {found.id, a.name, found.match.reason};
    }
  }
  return {accounts::insert_new_account(c, caller, a), std::nullopt, std::nullopt};
}

// What a caller is shown around a registration, by the rule of the duplicates endpoint: the
// account's id and name, and the other side of a conflict (its dealer and registration), only
// inside the caller's scope. A dealer that registers another dealer's organisation learns only
// that it is a conflict; a reviewer learns another province's dealers only when they cover them.
void limit_to_scope(const auth::Principal& caller, Registration& r) {
  r.account_visible = caller.scope.contains(r.account_owner_path);
  for (auto& k : r.conflicts) k.visible = caller.scope.contains(k.other_unit_path);
}

Conflict conflict_with(std::optional<int64_t> other_id, int64_t other_unit_id, std::string reason) {
  Conflict k;
  k.other_id = other_id;
  k.other_unit_id = other_unit_id;
  k.reason = std::move(reason);
  return k;
}

// "/1/4/17/" → "/1/4/": the unit a dealer belongs to, its province.
std::string parent_path(const std::string& path) {
  auto end = path.size() >= 2 ? path.rfind('/', path.size() - 2) : std::string::npos;
  return end == std::string::npos ? path : path.substr(0, end + 1);
}

void lapse(db::Connection& c, int64_t now) {
  for (const auto& e : store::expired(c, now)) {
    // the account first, as every writer of registrations: then the registration; a lapse that
    // another transaction made meanwhile is not made twice
    auto owner = store::lock_account(c, e.account_id);
    if (!store::set_lapsed(c, e.id, now)) continue;
    audit::record(
        c, {std::nullopt, "lapse", "registration", e.id, std::nullopt, nlohmann::json{{"status", "lapsed"}}.dump()});
    // the account becomes free: its dealer no longer owns it (the province does) unless another
    // of the dealer's registrations still protects it
    if (!owner || owner->unit_id != e.dealer_unit_id || !owner->parent_id) continue;
    bool still = c.query_one(
                      "SELECT 1 FROM registrations WHERE account_id = ? AND dealer_unit_id = ? AND status = "
                      "'approved' AND protected_until > ?",
                      {e.account_id, e.dealer_unit_id, now})
                     .has_value();
    if (still) continue;
    store::set_account_owner(c, e.account_id, *owner->parent_id, now);
    audit::record(c, {std::nullopt, "owner_change", "account", e.account_id,
                      nlohmann::json{{"owner_unit_id", owner->unit_id}}.dump(),
                      nlohmann::json{{"owner_unit_id", *owner->parent_id}, {"reason", "registration lapsed"}}.dump()});
  }
}

// A registration about to change, read again under its account's lock and its own (the order
// every writer of registrations keeps), so what is checked is what is written over; its
// account's owner. NotFound outside the caller's scope.
std::pair<std::optional<Registration>, std::optional<store::Owner>> lock_for_change(db::Connection& c,
                                                                                    const auth::Principal& caller,
                                                                                    int64_t id) {
  auto seen = store::find(c, caller.scope, id);
  if (!seen) throw NotFound("no such registration");
  auto owner = store::lock_account(c, seen->account_id);
  auto current = store::find(c, caller.scope, id, true);
  if (!current) throw NotFound("no such registration");
  return {std::move(current), std::move(owner)};
}

}  // namespace

Registration RegistrationService::reread(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto found = store::find(c, caller.scope, id);
  if (!found) throw NotFound("no such registration");
  // who reviews sees both sides of a conflict; the registering dealer learns only that one exists
  if (auth::allowed(caller.role, "registrations.review")) found->conflicts = store::conflicts_of(c, id);
  limit_to_scope(caller, *found);
  return *found;
}

Registration RegistrationService::create(const auth::Principal& caller, const NewRegistration& in) {
  auth::require(caller.role, "registrations.create");
  if (caller.unit_kind != "dealer") throw Forbidden("leads are registered by a dealer's staff");
  int64_t now = clock::now_ms();
  std::vector<FieldError> errors;
  if (!in.account_id && !in.account) errors.push_back({"account_id", "give account_id or account", "required"});
  if (in.account_id && in.account)
    errors.push_back({"account", "give account_id or account, not both", "invalid_value"});
  auto expected = day_number(in.expected_date);
  if (!expected) {
    errors.push_back({"expected_date", "must be a day YYYY-MM-DD", "invalid_value"});
  } else if (*expected < today_in_china(now) - 31) {
    errors.push_back({"expected_date", "must not be more than a month in the past", "invalid_value"});
  }
  int64_t obtained = in.info_obtained_at.value_or(now);
  if (obtained > now + 60000) errors.push_back({"info_obtained_at", "must not be in the future", "invalid_value"});
  if (obtained < now - int64_t{5} * 365 * kDayMs)
    errors.push_back({"info_obtained_at", "is too far in the past", "invalid_value"});
  Registration created;
  database_.write([&](db::Connection& c) {
    if (!directories_.is_active_code(c, "vehicle_types", in.vehicle_type)) {
      errors.push_back({"vehicle_type", "is not an active vehicle type code", "invalid_value"});
    }
    if (!directories_.is_active_code(c, "source_channels", in.source_channel)) {
      errors.push_back({"source_channel", "is not an active source channel code", "invalid_value"});
    }
    if (in.event_id) {
      // a lead from an exhibition or promotion event: one the dealer sees, its channel "exhibitions"
      try {
        events::require_source_event(c, caller, *in.event_id);
      } catch (const Invalid& e) {
        errors.insert(errors.end(), e.errors().begin(), e.errors().end());
      }
      if (in.source_channel != "exhibitions")
        errors.push_back({"source_channel", "must be exhibitions for a lead from an event", "invalid_value"});
    }
    if (!errors.empty()) throw Invalid(errors);
    lapse(c, now);
    Resolved resolved;
    if (in.account_id) {
      if (!accounts::store::find_account(c, caller.scope, *in.account_id)) throw NotFound("no such account");
      resolved.account_id = *in.account_id;
    } else {
      resolved = resolve_account(c, directories_, accounts_.index(), caller, *in.account);
    }
    int64_t account_id = resolved.account_id;
    auto owner = store::lock_account(c, account_id);
    std::vector<Conflict> conflicts;
    // another dealer's account, or one owned outside the dealer's province (another province, a
    // region, HQ): approving would move it, which only a reviewer whose scope holds both may do
    if (owner && owner->kind == "dealer" && owner->unit_id != caller.org_unit_id) {
      conflicts.push_back(conflict_with(std::nullopt, owner->unit_id, "account_owned_by_other_dealer"));
    } else if (owner && owner->unit_id != caller.org_unit_id &&
               !auth::Scope{parent_path(caller.scope.path)}.contains(owner->path)) {
      conflicts.push_back(conflict_with(std::nullopt, owner->unit_id, "account_owned_outside_province"));
    }
    for (const auto& other : store::active_of_others(c, account_id, caller.org_unit_id, in.vehicle_type, now)) {
      auto other_day = day_number(other.expected_date);
      if (other_day && std::llabs(*other_day - *expected) <= kOverlapDays) {
        conflicts.push_back(conflict_with(other.id, other.dealer_unit_id, "active_registration"));
      }
    }
    Registration r;
    r.account_id = account_id;
    r.account_match_name = resolved.match_name;
    r.account_match_reason = resolved.match_reason;
    r.dealer_unit_id = caller.org_unit_id;
    r.registered_by = caller.user_id;
    r.vehicle_type = in.vehicle_type;
    r.model = in.model;
    r.quantity = in.quantity;
    r.budget_fen = in.budget_fen;
    r.expected_date = in.expected_date;
    r.procurement_method = in.procurement_method;
    r.source_channel = in.source_channel;
    r.event_id = in.event_id;
    r.info_class = in.info_class;
    r.info_obtained_at = obtained;
    r.note = in.note;
    r.status = conflicts.empty() ? "pending" : "conflict";
    r.created_at = now;
    r.id = store::insert(c, r);
    for (const auto& k : conflicts) store::insert_conflict(c, r.id, k);
    audit::record(c, {caller.user_id, "create", "registration", r.id, std::nullopt, audit_json(r).dump()});
    created = reread(c, caller, r.id);
  });
  return created;
}

Registration RegistrationService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "registrations.read");
  Registration out;
  database_.read([&](db::Connection& c) { out = reread(c, caller, id); });
  if (out.status == "approved" && out.protected_until && *out.protected_until <= clock::now_ms()) out.status = "lapsed";
  return out;
}

std::map<std::string, int64_t> RegistrationService::status_counts(const auth::Principal& caller,
                                                                  RegistrationFilter filter) {
  auth::require(caller.role, "registrations.read");
  filter.statuses.clear();  // every status is counted: the one chosen is not a filter here
  std::map<std::string, int64_t> out;
  database_.read([&](db::Connection& c) { out = store::status_counts(c, caller.scope, filter); });
  return out;
}

std::vector<Registration> RegistrationService::list(const auth::Principal& caller, const RegistrationFilter& filter) {
  auth::require(caller.role, "registrations.read");
  std::vector<Registration> out;
  database_.read([&](db::Connection& c) { out = store::list(c, caller.scope, filter); });
  int64_t now = clock::now_ms();
  for (auto& r : out) {
    limit_to_scope(caller, r);
    if (r.status == "approved" && r.protected_until && *r.protected_until <= now) r.status = "lapsed";
  }
  return out;
}

Registration RegistrationService::review(const auth::Principal& caller, int64_t id, const Review& review) {
  int64_t now = 0;
  std::optional<store::Owner> owner;  // the account's owner, locked with the registration
  return write_record(
      database_, caller, {"registration", "registrations.review"},
      [&](db::Connection& c) {
        now = clock::now_ms();
        lapse(c, now);
        auto locked = lock_for_change(c, caller, id);
        owner = std::move(locked.second);
        return std::move(locked.first);
      },
      [&](db::Connection& c, const Registration& current) {
        Registration result;
        if (current.status != "pending" && current.status != "conflict") {
          throw fleetkam::Conflict("only a pending or conflicting registration is reviewed",
                                   "registration.not_reviewable");
        }
        require_version("registration", current.version, review.version);
        if (review.decision == "reject" && (!review.note || review.note->empty())) {
          throw Invalid("note", "say why the registration is rejected", "required");
        }
        if (review.decision == "approve") {
          // approving moves the account to the registering dealer: only for a reviewer who could see
          // (and move) it, never for one to whom the account does not exist
          if (owner && owner->unit_id != current.dealer_unit_id && !caller.scope.contains(owner->path)) {
            throw Forbidden("the account lies outside your scope: a reviewer over both it and the dealer decides",
                            "registration.account_outside_scope");
          }
          for (const auto& other :
               store::active_of_others(c, current.account_id, current.dealer_unit_id, current.vehicle_type, now)) {
            if (other.status == "approved" || other.status == "converted") {
              throw fleetkam::Conflict("another dealer's approved registration protects this lead",
                                       "registration.protected");
            }
          }
          int64_t until = now + store::protection_days(c) * kDayMs;
          store::set_review(c, id, "approved", review.authentic, review.accurate, review.note, caller.user_id, until,
                            now);
          for (int64_t other : store::open_counterparts(c, id)) {
            store::set_review(c, other, "rejected", false, std::nullopt,
                              "resolved in favour of registration #" + std::to_string(id), caller.user_id, std::nullopt,
                              now);
            audit::record(c, {caller.user_id, "review", "registration", other, std::nullopt,
                              nlohmann::json{{"status", "rejected"}, {"in_favour_of", id}}.dump()});
          }
          if (owner && owner->unit_id != current.dealer_unit_id) {
            store::set_account_owner(c, current.account_id, current.dealer_unit_id, now);
            audit::record(c,
                          {caller.user_id, "owner_change", "account", current.account_id,
                           nlohmann::json{{"owner_unit_id", owner->unit_id}}.dump(),
                           nlohmann::json{{"owner_unit_id", current.dealer_unit_id}, {"registration_id", id}}.dump()});
          }
        } else {
          store::set_review(c, id, "rejected", review.authentic, review.accurate, review.note, caller.user_id,
                            std::nullopt, now);
        }
        audit::record(c, {caller.user_id, "review", "registration", id, audit_json(current).dump(),
                          nlohmann::json{{"decision", review.decision},
                                         {"authentic", review.authentic},
                                         {"note", review.note ? nlohmann::json(*review.note) : nlohmann::json()}}
                              .dump()});
        result = reread(c, caller, id);
        return result;
      });
}

Registration RegistrationService::extend(const auth::Principal& caller, int64_t id, int64_t version,
                                         const std::string& reason) {
  int64_t now = 0;
  return write_record(
      database_, caller, {"registration", "registrations.review"},
      [&](db::Connection& c) {
        now = clock::now_ms();
        lapse(c, now);
        return lock_for_change(c, caller, id).first;
      },
      [&](db::Connection& c, const Registration& current) {
        Registration result;
        if (current.status != "approved")
          throw fleetkam::Conflict("only an approved registration is extended", "registration.not_protected");
        require_version("registration", current.version, version);
        int64_t until = std::max(now, current.protected_until.value_or(now)) + store::protection_days(c) * kDayMs;
        store::set_protection(c, id, until, now);
        audit::record(c, {caller.user_id, "extend", "registration", id, std::nullopt,
                          nlohmann::json{{"protected_until", until}, {"reason", reason}}.dump()});
        result = reread(c, caller, id);
        return result;
      });
}

std::vector<UnitStats> RegistrationService::stats(const auth::Principal& caller, int64_t from, int64_t to,
                                                  bool by_province) {
  auth::require(caller.role, "registrations.stats");
  std::vector<UnitStats> out;
  database_.read([&](db::Connection& c) { out = store::stats(c, caller.scope, from, to, by_province); });
  return out;
}

int64_t RegistrationService::protection_days(const auth::Principal& caller) {
  auth::require(caller.role, "registrations.read");
  int64_t days = 90;
  database_.read([&](db::Connection& c) { days = store::protection_days(c); });
  return days;
}

void RegistrationService::set_protection_days(const auth::Principal& caller, int64_t days) {
  auth::require(caller.role, "settings.manage");
  database_.write([&](db::Connection& c) {
    int64_t before = store::protection_days(c);
    store::set_protection_days(c, days, clock::now_ms());
    audit::record(c, {caller.user_id, "update", "setting", 0, nlohmann::json{{"protection_days", before}}.dump(),
                      nlohmann::json{{"protection_days", days}}.dump()});
  });
}

int RegistrationService::lapse_expired() {
  int count = 0;
  database_.write([&](db::Connection& c) {
    count = static_cast<int>(store::expired(c, clock::now_ms()).size());
    lapse(c, clock::now_ms());
  });
  return count;
}

}  // namespace fleetkam::registrations
