// HTTP surface of the support ledger (支持台账) and the information-feedback reward:
// /api/v1/support/... (docs/api-notes.md, "The support ledger").
#pragma once

#include "modules/support/service.h"
#include "platform/http/server.h"

namespace fleetkam::support {

void register_routes(http::Server& server, SupportService& service);

}  // namespace fleetkam::support
