// HTTP surface of the accounts module (accounts, duplicates, contacts, analysis).
#pragma once

#include <set>
#include <string>
#include "modules/accounts/service.h"

#include "platform/http/json_input.h"
#include "platform/http/server.h"

namespace fleetkam::accounts {

class AccountTransfer;
void register_routes(http::Server& server, AccountService& service, AccountTransfer& transfer);

// The fields of an account in a request body (POST /accounts, and a new account inside a lead
// registration), read strictly from `in`.
const std::set<std::string>& account_fields();
AccountInput read_account_input(http::JsonInput& in);

}  // namespace fleetkam::accounts
