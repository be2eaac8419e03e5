// Routes of targets, attainment and forecast (see docs/api-notes.md, "Targets").
#pragma once

#include "modules/targets/service.h"
#include "platform/http/server.h"

namespace fleetkam::targets {

void register_routes(http::Server& server, TargetService& service);

}  // namespace fleetkam::targets
