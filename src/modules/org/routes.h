// HTTP surface of the org module (units, users, overview).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "modules/org/service.h"
#include "platform/http/server.h"

namespace fleetkam::org {

void register_routes(http::Server& server, OrgService& service);
nlohmann::json org_unit_json(const OrgUnit& unit);
nlohmann::json org_user_json(const User& user);

}  // namespace fleetkam::org
