// Routes of targets, attainment and forecast (see docs/api-notes.md, "Targets").
#pragma once

#include "modules/targets/service.h"
#include "platform/http/server.h"

namespace fleetkam::targets {

void register_routes(http::Server& server, TargetService& service);
// Attainment, its export and the forecast (attainment_routes.cpp), registered by register_routes.
void register_attainment_routes(http::Server& server, TargetService& service);

}  // namespace fleetkam::targets
