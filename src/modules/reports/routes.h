// HTTP surface of the calendar reports: GET /api/v1/reports, GET /api/v1/reports/{id},
// POST /api/v1/reports/{id}/draft|submit|comments, GET /api/v1/reports/{id}/export,
// GET /api/v1/report-board, GET /api/v1/report-periods, PUT /api/v1/report-periods/{kind}/{period}.
#pragma once

#include "modules/reports/service.h"
#include "platform/http/server.h"

namespace fleetkam::reports {

void register_routes(http::Server& server, ReportService& service);

}  // namespace fleetkam::reports
