// HTTP surface of rectification orders (整改): /api/v1/rectifications and
// /api/v1/rectification-summary.
#pragma once

#include "modules/rectification/service.h"
#include "platform/http/server.h"

namespace fleetkam::rectification {

void register_routes(http::Server& server, RectificationService& service);

}  // namespace fleetkam::rectification
