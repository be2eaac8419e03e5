// What the parts of the HTTP server (server.cpp, request.cpp, openapi.cpp) share. Not for modules.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "platform/http/server.h"

namespace fleetkam::http {

// Per-thread facts about the request being served (cpp-httplib serves a request on one thread).
struct RequestState {
  std::chrono::steady_clock::time_point started;
  bool accepts_gzip = false;
  int64_t user_id = 0;
  bool https = false;  // the session cookie gets Secure
};
RequestState& request_state();

struct Server::Route {
  Method method;
  std::string pattern;  // "/api/v1/users/{id}"
  Access access;
  RouteDoc doc;
  // The permissions of which the caller needs one (set by Server::permissions; shared with the
  // route's handler, which checks them before reading the body).
  struct Gate {
    std::vector<std::string> actions;
    bool declared = false;
  };
  std::shared_ptr<Gate> permission = std::make_shared<Gate>();
};

}  // namespace fleetkam::http
