// Optional values in JSON responses: present as the value, absent as null (times as RFC 3339).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "platform/clock.h"

namespace fleetkam::http {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

inline nlohmann::json time_or_null(const std::optional<int64_t>& ms) {
  return ms ? nlohmann::json(clock::format_rfc3339(*ms)) : nlohmann::json();
}

}  // namespace fleetkam::http
