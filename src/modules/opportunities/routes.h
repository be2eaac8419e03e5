#pragma once

#include "modules/opportunities/service.h"
#include "platform/http/server.h"

namespace fleetkam::opportunities {

void register_routes(http::Server& server, OpportunityService& service);

}  // namespace fleetkam::opportunities
