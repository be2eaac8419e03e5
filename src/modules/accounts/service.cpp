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
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"
#include "platform/text/strings.h"

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

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

namespace {

const char* kind_name(dedup::MatchKind kind) { return kind == dedup::MatchKind::related ? "related" : "duplicate"; }

// Candidates (account id → match) turned into what a caller may see: id and name only inside
// the caller's scope; ids no longer in the table (an index entry of a rolled-back write) dropped.
std::vector<std::vector<DuplicateCandidate>> reveal(db::Connection& c, const auth::Principal& caller,
                                                    const std::vector<std::vector<dedup::Candidate>>& found) {
  std::vector<int64_t> ids;
  for (const auto& list : found) {
    for (const auto& f : list) ids.push_back(f.id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::map<int64_t, store::Match> known;
  for (auto& m : store::accounts_by_ids(c, ids)) known.emplace(m.id, m);
  std::vector<std::vector<DuplicateCandidate>> out(found.size());
  for (size_t i = 0; i < found.size(); ++i) {
    for (const auto& f : found[i]) {
      auto m = known.find(f.id);
      if (m == known.end()) continue;
      DuplicateCandidate d;
      d.kind = kind_name(f.match.kind);
      d.score = f.match.score;
      d.reason = f.match.reason;
      if (caller.scope.contains(m->second.owner_path)) {
        d.id = m->second.id;
        d.name = m->second.name;
      }
      out[i].push_back(std::move(d));
    }
  }
  return out;
}

// The index's candidates for one organisation, without `except_id`, related ones only if asked,
// and accounts with the same credit code that the index lacks (inactive ones: codes stay unique).
std::vector<dedup::Candidate> candidates_of(AccountIndex& index, const std::string& name,
                                            const std::optional<std::string>& credit_code,
                                            const std::optional<std::string>& division_code, int64_t except_id,
                                            bool related, const std::vector<int64_t>& same_code) {
  std::vector<dedup::Candidate> out;
  for (auto& found : index.candidates({name, division_code.value_or(""), credit_code}, 20)) {
    if (found.id == except_id) continue;
    if (!related && found.match.kind != dedup::MatchKind::duplicate) continue;
    out.push_back(std::move(found));
  }
  for (int64_t id : same_code) {
    if (id == except_id) continue;
    if (std::none_of(out.begin(), out.end(), [&](const dedup::Candidate& x) { return x.id == id; })) {
      out.insert(out.begin(), {id, {dedup::MatchKind::duplicate, 1.0, "same credit code", false}});
    }
  }
  return out;
}

}  // namespace

void lock_new_account(db::Connection& c, const std::string& name, const std::optional<std::string>& credit_code) {
  c.lock_key_shared(db::lock_keys::new_accounts);
  std::vector<std::string> keys = {"name:" + text::search_normal(name)};
  if (credit_code) keys.push_back("code:" + *credit_code);
  std::sort(keys.begin(), keys.end());  // one order for every transaction: none waits in a circle
  for (const auto& key : keys) c.lock_text(db::lock_keys::new_account_names, key);
}

std::vector<DuplicateCandidate> find_duplicates(db::Connection& c, AccountIndex& index, const auth::Principal& caller,
                                                const std::string& name, const std::optional<std::string>& credit_code,
                                                const std::optional<std::string>& division_code, int64_t except_id,
                                                bool related) {
  index.sync(c, true);  // callers check outside a transaction or in a write transaction
  std::vector<int64_t> same_code;
  if (credit_code) {
    for (const auto& m : store::accounts_with_credit_code(c, *credit_code, except_id)) same_code.push_back(m.id);
  }
  return reveal(c, caller, {candidates_of(index, name, credit_code, division_code, except_id, related, same_code)})
      .front();
}

std::vector<std::vector<DuplicateCandidate>> find_duplicates_many(db::Connection& c, AccountIndex& index,
                                                                  const auth::Principal& caller,
                                                                  const std::vector<const Account*>& accounts) {
  index.sync(c, false);  // an import's preview reads in a read transaction
  std::vector<std::string> codes;
  for (const auto* a : accounts) {
    if (a->credit_code) codes.push_back(*a->credit_code);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::multimap<std::string, int64_t> by_code;
  for (auto& m : store::accounts_with_credit_codes(c, codes)) by_code.emplace(m.key, m.match.id);
  std::vector<std::vector<dedup::Candidate>> found(accounts.size());
  for (size_t i = 0; i < accounts.size(); ++i) {
    const Account& a = *accounts[i];
    std::vector<int64_t> same_code;
    if (a.credit_code) {
      auto [from, to] = by_code.equal_range(*a.credit_code);
      for (auto it = from; it != to; ++it) same_code.push_back(it->second);
    }
    found[i] = candidates_of(index, a.name, a.credit_code, a.division_code, 0, false, same_code);
  }
  return reveal(c, caller, found);
}

void write_new_accounts(db::Connection& c, const auth::Principal& caller, std::vector<Account>& accounts,
                        std::vector<Contact>& contacts, bool audit) {
  if (accounts.empty()) return;
  int64_t now = clock::now_ms();
  auto ids = db::reserve_ids(c, "accounts", accounts.size());
  std::optional<int64_t> created_by;
  if (caller.user_id) created_by = caller.user_id;
  std::string now_text = std::to_string(now);
  // Per account, on every core: its search keys (pinyin of every reading: the costly part), its
  // name key and its audit record.
  struct Derived {
    std::vector<std::string> keys;
    std::string name_key;
    std::string audit_json;
  };
  std::vector<Derived> derived(accounts.size());
  {
    size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    if (accounts.size() < 2000) workers = 1;
    std::vector<std::future<void>> done;
    for (size_t w = 0; w < workers; ++w) {
      done.push_back(std::async(std::launch::async, [&, w] {
        for (size_t i = w; i < accounts.size(); i += workers) {
          Account& a = accounts[i];
          a.id = ids[i];
          a.created_at = a.updated_at = now;
          a.version = 1;
          auto& d = derived[i];
          d.keys = search_keys(a);
          std::sort(d.keys.begin(), d.keys.end());
          d.keys.erase(std::unique(d.keys.begin(), d.keys.end()), d.keys.end());
          d.name_key = text::search_normal(a.name);
          if (audit) d.audit_json = account_audit_json(a).dump();
        }
      }));
    }
    for (auto& d : done) d.get();
  }
  std::vector<std::vector<std::optional<std::string>>> rows;
  rows.reserve(accounts.size());
  std::vector<std::pair<std::string, int64_t>> key_pairs;
  key_pairs.reserve(accounts.size() * 16);
  std::vector<audit::Entry> entries;
  for (size_t i = 0; i < accounts.size(); ++i) {
    const Account& a = accounts[i];
    auto& d = derived[i];
    rows.push_back({db::cell(a.id),
                    a.name,
                    std::move(d.name_key),
                    a.sort_key,
                    a.credit_code,
                    a.industry,
                    a.admin_level,
                    a.division_code,
                    a.province_code,
                    a.address,
                    a.grade,
                    a.business_class,
                    a.procurement_method,
                    a.source_channel,
                    db::cell(a.owner_unit_id),
                    db::cell(a.owner_user_id),
                    a.active ? "1" : "0",
                    "1",
                    db::cell(created_by),
                    now_text,
                    now_text});
    for (auto& key : d.keys) {
      if (!key.empty()) key_pairs.emplace_back(std::move(key), a.id);
    }
    if (audit) entries.push_back({created_by, "create", "account", a.id, std::nullopt, std::move(d.audit_json)});
  }
  derived.clear();
  derived.shrink_to_fit();
  c.copy_rows("accounts",
              {"id",
               "name",
               "name_key",
               "sort_key",
               "credit_code",
               "industry",
               "admin_level",
               "division_code",
               "province_code",
               "address",
               "grade",
               "business_class",
               "procurement_method",
               "source_channel",
               "owner_unit_id",
               "owner_user_id",
               "active",
               "version",
               "created_by",
               "created_at",
               "updated_at"},
              rows);
  rows.clear();
  rows.shrink_to_fit();
  spdlog::debug("bulk: {} accounts copied after {} ms", accounts.size(), clock::now_ms() - now);
  // PostgreSQL plans a foreign-key check once per session from the table's statistics: against a
  // table it thinks empty that plan is a sequential scan, run for every contact (a 25,000-account
  // batch into a new database took 200 s instead of 5). Statistics first, counting these rows.
  bool analyze = c.dialect() == db::Dialect::postgres && accounts.size() >= 1000;
  if (analyze) c.execute_script("ANALYZE accounts");
  // in key order: the key index grows at a few places instead of everywhere at once
  std::sort(key_pairs.begin(), key_pairs.end());
  std::vector<std::vector<std::optional<std::string>>> keys;
  keys.reserve(key_pairs.size());
  for (auto& [key, id] : key_pairs) keys.push_back({std::move(key), std::to_string(id)});
  key_pairs.clear();
  key_pairs.shrink_to_fit();
  c.copy_rows("account_search_keys", {"key", "account_id"}, keys);
  spdlog::debug("bulk: {} search keys copied after {} ms", keys.size(), clock::now_ms() - now);
  keys.clear();
  keys.shrink_to_fit();
  if (!contacts.empty()) {
    auto contact_ids = db::reserve_ids(c, "contacts", contacts.size());
    std::vector<std::vector<std::optional<std::string>>> contact_rows;
    contact_rows.reserve(contacts.size());
    for (size_t i = 0; i < contacts.size(); ++i) {
      Contact& x = contacts[i];
      x.id = contact_ids[i];
      x.account_id = accounts.at(static_cast<size_t>(x.account_id)).id;
      if (x.reports_to_id) x.reports_to_id = contact_ids.at(static_cast<size_t>(*x.reports_to_id));
      x.created_at = x.updated_at = now;
      contact_rows.push_back({db::cell(x.id), db::cell(x.account_id), x.name, x.title, x.department, x.buying_role,
                              x.level, x.function, db::cell(x.reports_to_id), x.phone, x.active ? "1" : "0", "1",
                              now_text, now_text});
      if (audit) {
        entries.push_back({created_by, "create", "contact", x.id, std::nullopt, contact_audit_json(x).dump()});
      }
    }
    // those who report to nobody first: the others' reports_to_id point at them
    std::stable_partition(contact_rows.begin(), contact_rows.end(), [](const auto& row) { return !row[8]; });
    auto first_reporting =
        std::find_if(contact_rows.begin(), contact_rows.end(), [](const auto& row) { return row[8].has_value(); });
    const std::vector<std::string> columns = {
        "id",           "account_id",    "name",  "title",  "department", "buying_role", "level",
        "job_function", "reports_to_id", "phone", "active", "version",    "created_at",  "updated_at"};
    c.copy_rows("contacts", columns, {contact_rows.begin(), first_reporting});
    if (analyze && first_reporting != contact_rows.end()) c.execute_script("ANALYZE contacts");
    c.copy_rows("contacts", columns, {first_reporting, contact_rows.end()});
  }
  audit::record_many(c, entries);
}

int64_t insert_new_account(db::Connection& c, const auth::Principal& caller, Account& a) {
  int64_t now = clock::now_ms();
  a.id = store::insert_account(c, a, text::search_normal(a.name), caller.user_id, now);
  store::replace_search_keys(c, a.id, search_keys(a));
  audit::record(c, {caller.user_id, "create", "account", a.id, std::nullopt, account_audit_json(a).dump()});
  return a.id;
}

std::vector<DuplicateCandidate> AccountService::duplicates(const auth::Principal& caller, const std::string& name,
                                                           const std::optional<std::string>& credit_code,
                                                           const std::optional<std::string>& division_code,
                                                           int64_t except_id) {
  auth::require(caller.role, "accounts.read");
  std::optional<std::string> code;
  if (credit_code) code = text::normalize_credit_code(*credit_code);
  // No transaction: the catch-up reads its rows with their horizon in one statement, and the
  // candidates' names need not agree with it; BEGIN and COMMIT were two round trips of five.
  auto lease = database_.acquire();
  return find_duplicates(*lease, index_, caller, name, code, division_code, except_id, true);
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

std::vector<Account> AccountService::list(const auth::Principal& caller, AccountFilter filter) {
  auth::require(caller.role, "accounts.read");
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
  std::vector<Account> out;
  database_.read([&](db::Connection& c) { out = store::list_accounts(c, caller.scope, filter); });
  return out;
}

Account AccountService::update(const auth::Principal& caller, int64_t id, const AccountInput& patch) {
  Account result;
  database_.write([&](db::Connection& c) {
    auto current = store::find_account(c, caller.scope, id);
    if (!current) throw NotFound("no such account");
    auth::require(caller.role, "accounts.write");
    if (current->version != patch.version)
      throw Conflict("the account was changed by someone else", "version_conflict");
    bool owner_change = (patch.owner_unit_id && *patch.owner_unit_id != current->owner_unit_id) ||
                        (patch.owner_user_id && patch.owner_user_id != current->owner_user_id) ||
                        (patch.clear_owner_user && current->owner_user_id);
    if (owner_change) auth::require(caller.role, "accounts.assign");
    Account next = *current;
    Lookups lookups(c, directories_);
    apply_input(lookups, caller, patch, next, false);
    if (account_audit_json(next) == account_audit_json(*current)) {
      result = *current;  // nothing changes: no new version, no audit row
      return;
    }
    if (patch.name || patch.credit_code || patch.division_code) {
      lock_new_account(c, next.name, next.credit_code);  // a rename into a name being created elsewhere
      throw_if_duplicate(find_duplicates(c, index_, caller, next.name, next.credit_code, next.division_code, id));
    }
    // the version in the UPDATE: of two edits read at the same version (PostgreSQL reads
    // committed rows) the second changes nothing and is told so
    if (!store::update_account(c, next, text::search_normal(next.name), clock::now_ms()))
      throw Conflict("the account was changed by someone else", "version_conflict");
    if (next.grade != current->grade) store::regrade_deliveries(c, id, current->grade, next.grade);
    if (next.name != current->name || next.credit_code != current->credit_code) {
      store::replace_search_keys(c, id, search_keys(next));
    }
    result = *store::find_account(c, caller.scope, id);
    std::string action = next.grade != current->grade     ? "grade_change"
                         : owner_change                   ? "owner_change"
                         : next.active != current->active ? (next.active ? "enable" : "disable")
                                                          : "update";
    audit::record(c, {caller.user_id, action, "account", id, account_audit_json(*current).dump(),
                      account_audit_json(result).dump()});
  });
  return result;
}

void apply_contact(db::Connection& c, const ContactInput& in, Contact& x, bool creating) {
  std::vector<FieldError> errors;
  if (creating && !in.name) errors.push_back({"name", "is required", "required"});
  if (creating && !in.buying_role) errors.push_back({"buying_role", "is required", "required"});
  if (in.name) {
    x.name = text::trim(*in.name);
    if (x.name.empty()) errors.push_back({"name", "must not be empty", "required"});
  }
  if (in.buying_role) x.buying_role = *in.buying_role;
  auto optional_text = [](const std::optional<std::string>& value, std::optional<std::string>& target) {
    if (value) target = text::trim(*value).empty() ? std::nullopt : std::optional(text::trim(*value));
  };
  optional_text(in.title, x.title);
  optional_text(in.department, x.department);
  optional_text(in.level, x.level);
  optional_text(in.function, x.function);
  if (in.phone && text::trim(*in.phone).empty()) {
    x.phone.reset();
  } else if (in.phone) {
    if (auto problem = phone_problem(*in.phone)) {
      errors.push_back({"phone", *problem, "invalid_value"});
    } else {
      x.phone = text::trim(*in.phone);
    }
  }
  if (in.active) x.active = *in.active;
  if (in.clear_reports_to) x.reports_to_id.reset();
  if (in.reports_to_id) {
    // the superior is a contact of the same account, and the chain must not loop back
    std::optional<int64_t> walk = in.reports_to_id;
    int steps = 0;
    bool ok = true;
    while (walk && ok) {
      if (x.id && *walk == x.id) ok = false;
      auto superior = store::find_contact(c, x.account_id, *walk);
      if (!superior) {
        ok = false;
        break;
      }
      walk = superior->reports_to_id;
      if (++steps > 100) ok = false;
    }
    if (!ok) {
      errors.push_back({"reports_to_id", "must be another contact of this account, without a loop", "invalid_value"});
    } else {
      x.reports_to_id = in.reports_to_id;
    }
  }
  if (!errors.empty()) throw Invalid(errors);
}

Contact AccountService::add_contact(const auth::Principal& caller, int64_t account_id, const ContactInput& input) {
  Contact created;
  database_.write([&](db::Connection& c) {
    if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    auth::require(caller.role, "accounts.write");
    Contact x;
    x.account_id = account_id;
    apply_contact(c, input, x, true);
    x.id = store::insert_contact(c, x, clock::now_ms());
    created = *store::find_contact(c, account_id, x.id);
    audit::record(c, {caller.user_id, "create", "contact", x.id, std::nullopt, contact_audit_json(created).dump()});
  });
  return created;
}

Contact AccountService::update_contact(const auth::Principal& caller, int64_t account_id, int64_t contact_id,
                                       const ContactInput& patch) {
  Contact result;
  database_.write([&](db::Connection& c) {
    if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    auto current = store::find_contact(c, account_id, contact_id);
    if (!current) throw NotFound("no such contact");
    auth::require(caller.role, "accounts.write");
    if (current->version != patch.version)
      throw Conflict("the contact was changed by someone else", "version_conflict");
    Contact next = *current;
    apply_contact(c, patch, next, false);
    auto fields = [](const Contact& x) {
      return std::tie(x.name, x.title, x.department, x.buying_role, x.level, x.function, x.reports_to_id, x.phone,
                      x.active);
    };
    if (fields(next) == fields(*current)) {
      result = *current;  // nothing changes: no new version, no audit row
      return;
    }
    store::update_contact(c, next, clock::now_ms());
    result = *store::find_contact(c, account_id, contact_id);
    audit::record(c, {caller.user_id, "update", "contact", contact_id, contact_audit_json(*current).dump(),
                      contact_audit_json(result).dump()});
  });
  return result;
}

std::vector<Contact> AccountService::contacts(const auth::Principal& caller, int64_t account_id) {
  std::vector<Contact> out;
  database_.read([&](db::Connection& c) {
    if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    out = store::list_contacts(c, account_id);
  });
  auth::require(caller.role, "accounts.read");
  return out;
}

Analysis AccountService::save_analysis(const auth::Principal& caller, int64_t account_id,
                                       const std::string& sheet_json) {
  Analysis saved;
  database_.write([&](db::Connection& c) {
    if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    auth::require(caller.role, "accounts.write");
    int64_t now = clock::now_ms();
    int64_t id = store::insert_analysis(c, account_id, sheet_json, caller.user_id, now);
    saved = {id, account_id, sheet_json, caller.user_id, now};
    audit::record(c, {caller.user_id, "analysis", "account", account_id, std::nullopt, sheet_json});
  });
  return saved;
}

std::vector<Analysis> AccountService::analyses(const auth::Principal& caller, int64_t account_id, int limit) {
  std::vector<Analysis> out;
  database_.read([&](db::Connection& c) {
    if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    out = store::list_analyses(c, account_id, limit);
  });
  return out;
}

std::string validate_analysis(const std::string& body) {
  auto root = http::parse_json_object(body);
  std::vector<FieldError> errors;
  nlohmann::json canonical = nlohmann::json::object();
  const std::set<std::string> barrier_levels = {"low", "medium", "high"};
  auto text_field = [&](const nlohmann::json& value, const std::string& field) -> nlohmann::json {
    if (value.is_null()) return nullptr;
    if (!value.is_string()) {
      errors.push_back({field, "must be a string", "wrong_type"});
      return nullptr;
    }
    size_t characters = 0;
    for (unsigned char ch : value.get_ref<const std::string&>()) characters += (ch & 0xC0) != 0x80;
    if (characters > 2000) {
      errors.push_back({field, "must be at most 2000 characters", "too_long"});
      return nullptr;
    }
    return value;
  };
  for (const auto& [key, value] : root.items()) {
    if (key != "layers") errors.push_back({key, "is not a field of this request", "unknown_field"});
  }
  if (!root.contains("layers") || !root["layers"].is_object()) {
    errors.push_back({"layers", "is required: an object of layers", "required"});
    throw Invalid(errors);
  }
  for (const auto& [layer_name, layer] : root["layers"].items()) {
    const AnalysisLayer* known = nullptr;
    for (const auto& l : analysis_layers()) {
      if (l.name == layer_name) known = &l;
    }
    std::string base = "layers." + layer_name;
    if (!known) {
      errors.push_back({base, "is not a layer: environment, organisation, interpersonal or personal", "unknown_field"});
      continue;
    }
    if (!layer.is_object()) {
      errors.push_back({base, "must be an object", "wrong_type"});
      continue;
    }
    nlohmann::json out = {{"factors", nlohmann::json::object()}};
    for (const auto& [key, value] : layer.items()) {
      std::string field = base + "." + key;
      if (key == "factors") {
        if (!value.is_object()) {
          errors.push_back({field, "must be an object", "wrong_type"});
          continue;
        }
        for (const auto& [factor, assessment] : value.items()) {
          bool listed = false;
          for (auto f : known->factors) listed |= f == factor;
          if (!listed) {
            errors.push_back({field + "." + factor, "is not a factor of this layer", "unknown_field"});
          } else {
            out["factors"][factor] = text_field(assessment, field + "." + factor);
          }
        }
      } else if (key == "barrier") {
        if (!value.is_string() || !barrier_levels.count(value.get<std::string>())) {
          errors.push_back({field, "must be one of: low, medium, high", "invalid_value"});
        } else {
          out["barrier"] = value;
        }
      } else if (key == "barrier_note") {
        out["barrier_note"] = text_field(value, field);
      } else if (key == "strategy") {
        if (!value.is_object()) {
          errors.push_back({field, "must be an object", "wrong_type"});
          continue;
        }
        for (const auto& [kind, strategy] : value.items()) {
          if (kind != "institutional" && kind != "personal" && kind != "implicit") {
            errors.push_back({field + "." + kind, "must be institutional, personal or implicit", "unknown_field"});
          } else {
            out["strategy"][kind] = text_field(strategy, field + "." + kind);
          }
        }
      } else {
        errors.push_back({field, "is not a field of a layer", "unknown_field"});
      }
    }
    canonical[layer_name] = out;
  }
  if (!errors.empty()) throw Invalid(errors);
  return nlohmann::json{{"layers", canonical}}.dump();
}

}  // namespace fleetkam::accounts
