#include "modules/accounts/service.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "modules/accounts/store.h"
#include "modules/dedup/matcher.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/db/bulk.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/record_write.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"
#include "platform/text/strings.h"

#include "modules/accounts/service_internal.h"
namespace fleetkam::accounts {

const std::vector<std::string>& admin_levels() {
  static const std::vector<std::string> v = {"central", "provincial", "municipal", "county"};
  return v;
}
const std::vector<std::string>& grades() {
  static const std::vector<std::string> v = {"key", "secondary", "potential"};
  return v;
}
const std::vector<std::string>& business_classes() {
  static const std::vector<std::string> v = {"direct", "tender", "one_time"};
  return v;
}
const std::vector<std::string>& procurement_methods() {
  static const std::vector<std::string> v = {"tender", "agreement", "direct"};
  return v;
}
const std::vector<std::string>& buying_roles() {
  static const std::vector<std::string> v = {"user",           "evaluator", "decision_maker",
                                             "decision_layer", "operator",  "finance"};
  return v;
}

const std::vector<AnalysisLayer>& analysis_layers() {
  static const std::vector<AnalysisLayer> layers = {
      {"environment",
       {"product_need", "purchase_cost", "purchase_conditions", "service_capability", "politics_regulation",
        "competitors"}},
      {"organisation", {"business_goals", "internal_policy", "work_procedure", "structure", "decision_system"}},
      {"interpersonal", {"power_position", "empathy", "persuasiveness", "work_attitude"}},
      {"personal", {"personality", "risk_appetite", "interests"}},
  };
  return layers;
}

std::string division_prefix(std::string_view code) {
  if (code.size() != 6) return "";
  for (char c : code) {
    if (c < '0' || c > '9') return "";
  }
  if (code.substr(2) == "0000") return std::string(code.substr(0, 2));
  if (code.substr(4) == "00") return std::string(code.substr(0, 4));
  return std::string(code);
}

std::optional<std::string> phone_problem(std::string_view phone) {
  int digits = 0;
  for (size_t i = 0; i < phone.size(); ++i) {
    char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '#' || phone.substr(i, 3) == "ext") {
      break;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      return "may contain only digits, spaces and + - ( )";
    }
  }
  if (digits < 5 || digits > 20) return "must have 5 to 20 digits";
  return std::nullopt;
}

nlohmann::json account_audit_json(const Account& a) {
  return {{"name", a.name},
          {"credit_code", a.credit_code ? nlohmann::json(*a.credit_code) : nlohmann::json()},
          {"industry", a.industry},
          {"admin_level", a.admin_level},
          {"division_code", a.division_code},
          {"grade", a.grade},
          {"business_class", a.business_class},
          {"procurement_method", a.procurement_method},
          {"source_channel", a.source_channel},
          {"owner_unit_id", a.owner_unit_id},
          {"owner_user_id", a.owner_user_id ? nlohmann::json(*a.owner_user_id) : nlohmann::json()},
          {"address", a.address ? nlohmann::json(*a.address) : nlohmann::json()},
          {"active", a.active}};
}

nlohmann::json contact_audit_json(const Contact& x) {
  return {{"account_id", x.account_id},
          {"name", x.name},
          {"buying_role", x.buying_role},
          {"title", x.title ? nlohmann::json(*x.title) : nlohmann::json()},
          {"reports_to_id", x.reports_to_id ? nlohmann::json(*x.reports_to_id) : nlohmann::json()},
          {"active", x.active}};
}

// The search keys of an account: its name's prefix keys and its credit code.
std::vector<std::string> search_keys(const Account& a) {
  auto keys = text::pinyin_search_keys(a.name);
  if (a.credit_code) {
    std::string lower = *a.credit_code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    keys.push_back(lower);
  }
  return keys;
}

bool Lookups::active_code(const std::string& directory, const std::string& code) {
  auto key = std::make_pair(directory, code);
  auto found = codes_.find(key);
  if (found != codes_.end()) return found->second;
  bool active = directories_.is_active_code(connection_, directory, code);
  codes_.emplace(key, active);
  return active;
}

std::optional<std::string> Lookups::unit_path(int64_t unit_id) {
  auto found = paths_.find(unit_id);
  if (found != paths_.end()) return found->second;
  auto path = store::unit_path(connection_, unit_id);
  paths_.emplace(unit_id, path);
  return path;
}

bool Lookups::user_in_unit_tree(int64_t unit_id, int64_t user_id) {
  auto key = std::make_pair(unit_id, user_id);
  auto found = members_.find(key);
  if (found != members_.end()) return found->second;
  auto path = unit_path(unit_id);
  bool member = path && store::user_in_scope(connection_, auth::Scope{*path}, user_id);
  members_.emplace(key, member);
  return member;
}

// Applies the input's fields to `a`, checking each; collects every problem before throwing.
void apply_input(Lookups& lookups, const auth::Principal& caller, const AccountInput& in, Account& a, bool creating) {
  std::vector<FieldError> errors;
  auto need = [&](const std::optional<std::string>& value, const char* field) {
    if (creating && !value) errors.push_back({field, "is required", "required"});
  };
  need(in.name, "name");
  need(in.industry, "industry");
  need(in.admin_level, "admin_level");
  need(in.division_code, "division_code");
  need(in.grade, "grade");
  need(in.business_class, "business_class");
  need(in.procurement_method, "procurement_method");
  need(in.source_channel, "source_channel");
  if (in.name) {
    a.name = text::trim(*in.name);
    if (text::search_normal(a.name).size() < 2) errors.push_back({"name", "is too short", "too_short"});
  }
  if (in.clear_credit_code) a.credit_code.reset();
  if (in.credit_code) {
    auto code = text::normalize_credit_code(*in.credit_code);
    if (auto problem = text::credit_code_problem(code)) {
      errors.push_back({"credit_code", *problem, "invalid_value"});
    } else {
      a.credit_code = code;
    }
  }
  if (in.industry) {
    if (lookups.active_code("industries", *in.industry)) {
      a.industry = *in.industry;
    } else {
      errors.push_back({"industry", "is not an active industry code", "invalid_value"});
    }
  }
  if (in.source_channel) {
    if (lookups.active_code("source_channels", *in.source_channel)) {
      a.source_channel = *in.source_channel;
    } else {
      errors.push_back({"source_channel", "is not an active source channel code", "invalid_value"});
    }
  }
  if (in.division_code) {
    const auto* province = refdata::province_of(*in.division_code);
    if (!province) {
      errors.push_back({"division_code", "is not a GB/T 2260 code", "invalid_value"});
    } else {
      a.division_code = *in.division_code;
      a.province_code = province->code;
    }
  }
  if (in.admin_level) a.admin_level = *in.admin_level;
  if (in.grade) a.grade = *in.grade;
  if (in.business_class) a.business_class = *in.business_class;
  if (in.procurement_method) a.procurement_method = *in.procurement_method;
  if (in.address) a.address = text::trim(*in.address).empty() ? std::nullopt : std::optional(text::trim(*in.address));
  if (in.active) a.active = *in.active;
  if (in.owner_unit_id) {
    auto path = lookups.unit_path(*in.owner_unit_id);
    if (!path || !caller.scope.contains(*path)) {
      errors.push_back({"owner_unit_id", "no such unit", "invalid_value"});
    } else {
      a.owner_unit_id = *in.owner_unit_id;
    }
  }
  if (in.clear_owner_user) a.owner_user_id.reset();
  if (in.owner_user_id) a.owner_user_id = in.owner_user_id;
  if (a.owner_user_id && a.owner_unit_id) {
    // the owner must work in the owning unit's subtree
    if (!lookups.user_in_unit_tree(a.owner_unit_id, *a.owner_user_id)) {
      errors.push_back({"owner_user_id", "is not an active user of the owning unit", "invalid_value"});
    }
  }
  if (!errors.empty()) throw Invalid(errors);
  a.sort_key = text::pinyin_sort_key(a.name) + '\x1f' + a.name;
}

void throw_if_duplicate(const std::vector<DuplicateCandidate>& candidates) {
  if (candidates.empty()) return;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : candidates) {
    nlohmann::json item = {{"kind", d.kind}, {"score", d.score}, {"reason", d.reason}};
    if (d.id) item["id"] = *d.id;
    if (d.name) item["name"] = *d.name;
    list.push_back(item);
  }
  throw Conflict("this organisation is already an account", "account.duplicate")
      .with_extra(nlohmann::json{{"duplicates", list}}.dump());
}

int64_t insert_new_account(db::Connection& c, const auth::Principal& caller, Account& a) {
  int64_t now = clock::now_ms();
  a.id = store::insert_account(c, a, text::search_normal(a.name), caller.user_id, now);
  store::replace_search_keys(c, a.id, search_keys(a));
  audit::record(c, {caller.user_id, "create", "account", a.id, std::nullopt, account_audit_json(a).dump()});
  return a.id;
}

Account AccountService::create(const auth::Principal& caller, const AccountInput& input) {
  auth::require(caller.role, "accounts.write");
  AccountInput in = input;
  if (!in.owner_unit_id) in.owner_unit_id = caller.org_unit_id;
  Account created;
  database_.write([&](db::Connection& c) {
    Account a;
    Lookups lookups(c, directories_);
    apply_input(lookups, caller, in, a, true);
    // the check and the insert as one step across processes: of two creates of one organisation
    // at the same moment the second sees the first's account (PostgreSQL reads committed rows)
    lock_new_account(c, a.name, a.credit_code);
    throw_if_duplicate(find_duplicates(c, index_, caller, a.name, a.credit_code, a.division_code, 0));
    insert_new_account(c, caller, a);
    created = *store::find_account(c, caller.scope, a.id);
  });
  return created;
}

Account AccountService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "accounts.read");
  std::optional<Account> found;
  database_.read([&](db::Connection& c) { found = store::find_account(c, caller.scope, id); });
  if (!found) throw NotFound("no such account");
  return *found;
}

namespace {

// The list's filters as the store takes them: the search normalised, a division as its prefix.
void normalise(AccountFilter& filter) {
  if (filter.q) {
    auto normal = text::pinyin_query(*filter.q);
    if (normal.empty()) {
      filter.q.reset();
    } else {
      filter.q = normal;
    }
  }
  if (filter.division_code) {
    if (!refdata::find_division(*filter.division_code)) throw Invalid("division_code", "is not a GB/T 2260 code");
    filter.division_code = division_prefix(*filter.division_code);
  }
}

}  // namespace

std::vector<Account> AccountService::list(const auth::Principal& caller, AccountFilter filter) {
  auth::require(caller.role, "accounts.read");
  normalise(filter);
  std::vector<Account> out;
  database_.read([&](db::Connection& c) { out = store::list_accounts(c, caller.scope, filter); });
  return out;
}

std::map<std::string, int64_t> AccountService::status_counts(const auth::Principal& caller, AccountFilter filter) {
  auth::require(caller.role, "accounts.read");
  normalise(filter);
  filter.active.reset();  // every status is counted: the one chosen is not a filter here
  std::map<bool, int64_t> counts;
  database_.read([&](db::Connection& c) { counts = store::active_counts(c, caller.scope, filter); });
  return {{"active", counts[true]}, {"inactive", counts[false]}};
}

Account AccountService::update(const auth::Principal& caller, int64_t id, const AccountInput& patch) {
  return write_record(
      database_, caller, {"account", "accounts.write", patch.version},
      [&](db::Connection& c) { return store::find_account(c, caller.scope, id); },
      [&](db::Connection& c, const Account& current) {
        bool owner_change = (patch.owner_unit_id && *patch.owner_unit_id != current.owner_unit_id) ||
                            (patch.owner_user_id && patch.owner_user_id != current.owner_user_id) ||
                            (patch.clear_owner_user && current.owner_user_id);
        if (owner_change) auth::require(caller.role, "accounts.assign");
        Account next = current;
        Lookups lookups(c, directories_);
        apply_input(lookups, caller, patch, next, false);
        if (account_audit_json(next) == account_audit_json(current)) {
          return current;  // nothing changes: no new version, no audit row
        }
        if (patch.name || patch.credit_code || patch.division_code) {
          lock_new_account(c, next.name, next.credit_code);  // a rename into a name being created elsewhere
          throw_if_duplicate(find_duplicates(c, index_, caller, next.name, next.credit_code, next.division_code, id));
        }
        // the version in the UPDATE: of two edits read at the same version (PostgreSQL reads
        // committed rows) the second changes nothing and is told so
        if (!store::update_account(c, next, text::search_normal(next.name), clock::now_ms()))
          throw Conflict("the account was changed by someone else", "version_conflict");
        if (next.grade != current.grade) store::regrade_deliveries(c, id, current.grade, next.grade);
        if (next.name != current.name || next.credit_code != current.credit_code) {
          store::replace_search_keys(c, id, search_keys(next));
        }
        Account result = *store::find_account(c, caller.scope, id);
        std::string action = next.grade != current.grade     ? "grade_change"
                             : owner_change                  ? "owner_change"
                             : next.active != current.active ? (next.active ? "enable" : "disable")
                                                             : "update";
        audit::record(c, {caller.user_id, action, "account", id, account_audit_json(current).dump(),
                          account_audit_json(result).dump()});
        return result;
      });
}

}  // namespace fleetkam::accounts
