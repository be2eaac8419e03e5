// Routes of the notification centre and units' WeCom robots (see docs/api-notes.md, "Notifications").
#pragma once

#include "modules/notifications/service.h"
#include "platform/http/server.h"

namespace fleetkam::notifications {

void register_routes(http::Server& server, NotificationService& service);

}  // namespace fleetkam::notifications
