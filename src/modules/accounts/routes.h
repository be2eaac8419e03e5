// HTTP surface of the accounts module (accounts, duplicates, contacts, analysis).
#pragma once

#include "modules/accounts/service.h"
#include "platform/http/server.h"

namespace fleetkam::accounts {

class AccountTransfer;
void register_routes(http::Server& server, AccountService& service, AccountTransfer& transfer);

}  // namespace fleetkam::accounts
