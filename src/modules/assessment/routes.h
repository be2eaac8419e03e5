// HTTP surface of the monthly assessment: GET /api/v1/assessment-templates,
// GET|PUT /api/v1/assessment-templates/{YYYY-MM}.
#pragma once

#include "modules/assessment/service.h"
#include "platform/http/server.h"

namespace fleetkam::assessment {

void register_routes(http::Server& server, AssessmentService& service);

}  // namespace fleetkam::assessment
