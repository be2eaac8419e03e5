// Contacts of an account's buying centre.
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
#include "platform/record_write.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"
#include "platform/text/strings.h"

namespace fleetkam::accounts {

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
  return write_record(
      database_, caller, {"account", "accounts.write"},
      [&](db::Connection& c) { return store::find_account(c, caller.scope, account_id); },
      [&](db::Connection& c, const Account&) {
        Contact x;
        x.account_id = account_id;
        apply_contact(c, input, x, true);
        x.id = store::insert_contact(c, x, clock::now_ms());
        Contact created = *store::find_contact(c, account_id, x.id);
        audit::record(c, {caller.user_id, "create", "contact", x.id, std::nullopt, contact_audit_json(created).dump()});
        return created;
      });
}

Contact AccountService::update_contact(const auth::Principal& caller, int64_t account_id, int64_t contact_id,
                                       const ContactInput& patch) {
  return write_record(
      database_, caller, {"contact", "accounts.write", patch.version},
      [&](db::Connection& c) {
        if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
        return store::find_contact(c, account_id, contact_id);
      },
      [&](db::Connection& c, const Contact& current) {
        Contact next = current;
        apply_contact(c, patch, next, false);
        auto fields = [](const Contact& x) {
          return std::tie(x.name, x.title, x.department, x.buying_role, x.level, x.function, x.reports_to_id, x.phone,
                          x.active);
        };
        if (fields(next) == fields(current)) {
          return current;  // nothing changes: no new version, no audit row
        }
        store::update_contact(c, next, clock::now_ms());
        Contact result = *store::find_contact(c, account_id, contact_id);
        audit::record(c, {caller.user_id, "update", "contact", contact_id, contact_audit_json(current).dump(),
                          contact_audit_json(result).dump()});
        return result;
      });
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

}  // namespace fleetkam::accounts
