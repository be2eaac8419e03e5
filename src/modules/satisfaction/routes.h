// HTTP surface of satisfaction after delivery (客户满意度回访) and complaints (投诉):
// /api/v1/satisfaction/... and /api/v1/complaints.
#pragma once

#include "modules/satisfaction/service.h"
#include "platform/http/server.h"

namespace fleetkam::satisfaction {

void register_routes(http::Server& server, SatisfactionService& service);

}  // namespace fleetkam::satisfaction
