// Many new accounts written at once (an import, the data generator), with copy_rows.
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

}  // namespace fleetkam::accounts
