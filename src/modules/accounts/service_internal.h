// What the parts of the accounts service (service.cpp, duplicates.cpp, new_accounts.cpp,
// contacts.cpp, analysis.cpp) share. Not for other modules.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "modules/accounts/model.h"

namespace fleetkam::accounts {

// What the audit trail keeps of an account and of a contact.
nlohmann::json account_audit_json(const Account& a);
nlohmann::json contact_audit_json(const Contact& x);
// The search keys of an account: its name's prefix keys and its credit code.
std::vector<std::string> search_keys(const Account& a);
// Conflict "account.duplicate" with the candidates (extra JSON "duplicates"), unless there are none.
void throw_if_duplicate(const std::vector<DuplicateCandidate>& candidates);

}  // namespace fleetkam::accounts
