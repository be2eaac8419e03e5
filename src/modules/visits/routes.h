// Routes of visits (拜访/跟进), next steps, the buying centre's last meetings, HQ's visit rules
// and the accounts not visited in time (see docs/api-notes.md, "Visits").
#pragma once

#include "modules/visits/service.h"
#include "platform/http/server.h"

namespace fleetkam::visits {

void register_routes(http::Server& server, VisitService& service);

}  // namespace fleetkam::visits
