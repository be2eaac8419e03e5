// HTTP surface of the performance boards (业绩看板): /api/v1/boards/... and their .xlsx exports.
#pragma once

#include "modules/boards/service.h"
#include "platform/http/server.h"

namespace fleetkam::boards {

void register_routes(http::Server& server, BoardService& service);

}  // namespace fleetkam::boards
