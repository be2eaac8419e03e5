// HTTP surface of lead registrations (报备).
#pragma once

#include "modules/registrations/service.h"
#include "platform/http/server.h"

namespace fleetkam::registrations {

void register_routes(http::Server& server, RegistrationService& service);

}  // namespace fleetkam::registrations
