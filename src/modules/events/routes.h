// HTTP surface of exhibitions and promotion events (展销会、推广会): /api/v1/events.
#pragma once

#include "modules/events/service.h"
#include "platform/http/server.h"

namespace fleetkam::events {

void register_routes(http::Server& server, EventService& service);

}  // namespace fleetkam::events
