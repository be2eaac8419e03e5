// What every signed-in route needs of the caller's role, declared in one table (issue 18). The
// server checks it before a route reads its body or looks anything up, and publishes it in the
// OpenAPI document as x-permission, from which the permission matrix test (tests/api/
// permission_matrix_test.cpp) derives what each role must get. A signed-in route missing here
// stops the server at start.
#pragma once

#include <vector>

#include "platform/http/server.h"

namespace fleetkam::app {

const std::vector<http::RoutePermission>& route_permissions();

}  // namespace fleetkam::app
