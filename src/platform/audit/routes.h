// GET /api/v1/audit and GET /api/v1/divisions: the platform's own read routes.
#pragma once

#include "platform/db/database.h"
#include "platform/http/server.h"

namespace fleetkam::audit {
void register_routes(http::Server& server, db::Database& database);
}
namespace fleetkam::refdata {
void register_routes(http::Server& server);
}
