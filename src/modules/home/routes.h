// HTTP surface of the home page: GET /api/v1/home.
#pragma once

#include "modules/home/service.h"
#include "platform/http/server.h"

namespace fleetkam::home {

void register_routes(http::Server& server, HomeService& service);

}  // namespace fleetkam::home
