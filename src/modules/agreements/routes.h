// HTTP surface of framework agreements (协议供货) and the application to their supplier lists (入围):
// /api/v1/agreements.
#pragma once

#include "modules/agreements/service.h"
#include "platform/http/server.h"

namespace fleetkam::agreements {

void register_routes(http::Server& server, AgreementService& service);

}  // namespace fleetkam::agreements
