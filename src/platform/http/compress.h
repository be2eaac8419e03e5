// gzip for large JSON responses (small ones are cheaper sent as they are).
#pragma once

#include <string>
#include <string_view>

namespace fleetkam::http {

std::string gzip(std::string_view data, int level);

}  // namespace fleetkam::http
