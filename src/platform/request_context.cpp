#include "platform/request_context.h"

namespace fleetkam::request_context {
namespace {
thread_local std::string current_id;
}
void set_request_id(std::string id) { current_id = std::move(id); }
const std::string& request_id() { return current_id; }
}  // namespace fleetkam::request_context
