// What the platform knows about the request being served on this thread (its id), so
// logs and audit rows can carry it without every call passing it along.
#pragma once

#include <string>

namespace fleetkam::request_context {

void set_request_id(std::string id);
const std::string& request_id();

}  // namespace fleetkam::request_context
