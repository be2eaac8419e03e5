// The duplicates of an account (the duplicate engine of modules/dedup through the index, and the
// same credit code) as a caller may see them, and the lock that serialises checks of one organisation.
#include "modules/accounts/service.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "modules/accounts/service_internal.h"
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

namespace {

const char* kind_name(dedup::MatchKind kind) { return kind == dedup::MatchKind::related ? "related" : "duplicate"; }

// Candidates (account id → match) turned into what a caller may see: id and name only inside
// the caller's scope; ids no longer in the table (an index entry of a rolled-back write) dropped.
// Names and owners come from `known` (read in this check), from the index when `index` is given
// (a check outside a transaction: see AccountIndex::owner_paths), else from the database.
std::vector<std::vector<DuplicateCandidate>> reveal(db::Connection& c, const auth::Principal& caller,
                                                    const std::vector<std::vector<dedup::Candidate>>& found,
                                                    std::map<int64_t, store::Match> known = {},
                                                    AccountIndex* index = nullptr) {
  if (index) {
    for (const auto& list : found) {
      auto paths = index->owner_paths(c, list);
      for (size_t i = 0; i < list.size(); ++i) {
        if (paths[i]) known.emplace(list[i].id, store::Match{list[i].id, list[i].name, std::move(*paths[i])});
      }
    }
  }
  std::vector<int64_t> ids;
  for (const auto& list : found) {
    for (const auto& f : list) {
      if (!known.count(f.id)) ids.push_back(f.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (!ids.empty()) {
    for (auto& m : store::accounts_by_ids(c, ids)) known.emplace(m.id, m);
  }
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
      out.insert(out.begin(), {id, {dedup::MatchKind::duplicate, 1.0, "same credit code", false}, {}, 0});
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

namespace {

std::vector<DuplicateCandidate> check(db::Connection& c, AccountIndex& index, Reading reading,
                                      const auth::Principal& caller, const std::string& name,
                                      const std::optional<std::string>& credit_code,
                                      const std::optional<std::string>& division_code, int64_t except_id, bool related,
                                      std::optional<uint64_t> local_writes = std::nullopt) {
  if (local_writes) {
    index.sync_for_hint(c, *local_writes);
  } else {
    index.sync(c, reading);
  }
  std::vector<int64_t> same_code;
  std::map<int64_t, store::Match> known;
  if (credit_code) {
    for (auto& m : store::accounts_with_credit_code(c, *credit_code, except_id)) {
      same_code.push_back(m.id);
      known.emplace(m.id, std::move(m));
    }
  }
  // outside a transaction the index tells names and owners; in a write transaction the database
  // does, as that transaction sees them
  bool outside = reading == Reading::outside_transaction;
  return reveal(c, caller, {candidates_of(index, name, credit_code, division_code, except_id, related, same_code)},
                std::move(known), outside ? &index : nullptr)
      .front();
}

}  // namespace

std::vector<DuplicateCandidate> find_duplicates(db::Connection& c, AccountIndex& index, const auth::Principal& caller,
                                                const std::string& name, const std::optional<std::string>& credit_code,
                                                const std::optional<std::string>& division_code, int64_t except_id,
                                                bool related) {
  return check(c, index, Reading::write_before_own_writes, caller, name, credit_code, division_code, except_id,
               related);
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

std::vector<DuplicateCandidate> AccountService::duplicates(const auth::Principal& caller, const std::string& name,
                                                           const std::optional<std::string>& credit_code,
                                                           const std::optional<std::string>& division_code,
                                                           int64_t except_id) {
  auth::require(caller.role, "accounts.read");
  std::optional<std::string> code;
  if (credit_code) code = text::normalize_credit_code(*credit_code);
  // No transaction: the catch-up reads its rows with their horizon in one statement (BEGIN and
  // COMMIT were two round trips of five), and the index then tells the candidates' names and
  // owners (a third was reading them). The session is mostly in memory (AuthService), and a
  // catch-up begun within the last 100 ms serves the hint when this process wrote nothing since
  // (AccountIndex::sync_for_hint): a check as the user types mostly reads nothing.
  const uint64_t local_writes = database_.writes_committed();
  auto lease = database_.acquire();
  return check(*lease, index_, Reading::outside_transaction, caller, name, code, division_code, except_id, true,
               local_writes);
}

}  // namespace fleetkam::accounts
