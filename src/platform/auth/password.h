// Passwords: Argon2id via libsodium, and the minimum rules a new password must meet.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fleetkam::auth {

enum class HashCost { interactive, moderate, minimum };
// Process-wide cost; `minimum` only for sanitizer builds of the tests, where Argon2 at full
// cost would dominate the run. Set from FLEETKAM_PASSWORD_COST at start.
void set_hash_cost(HashCost cost);

std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
// Burns the same time as a verification, so an unknown username is not told apart by timing.
void verify_dummy(std::string_view password);

// nullopt when acceptable, else the reason: at least 10 and at most 128 characters, two of
// letters / digits / other characters, and not the username.
std::optional<std::string> password_problem(std::string_view password, std::string_view username);

}  // namespace fleetkam::auth
