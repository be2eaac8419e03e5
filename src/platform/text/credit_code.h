// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015) every account carries: checked in full
// (alphabet, field shapes, the embedded GB 11714 organisation-code check character and the final check
// character). Callers normalise what a person typed first, then ask for the problem, if any.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fleetkam::text {

// nullopt for a valid code; otherwise a short English reason naming the fault, e.g. "must be 18
// characters, not 17", "character 'I' not allowed at position 5", "wrong GB 11714 organisation-code
// check character at position 17", "wrong check character, expected X". Upper case only: normalise first.
std::optional<std::string> credit_code_problem(std::string_view code);

// What a person typed, made comparable: surrounding white space trimmed (ideographic space too),
// full-width ASCII (９１ＡＢ) turned half-width, ASCII letters upper-cased. Nothing else changes, so a
// code that is still wrong stays wrong.
std::string normalize_credit_code(std::string_view input);

// A valid code from its first 16 characters (registration authority, organisation type, six-digit
// division, the 8-character organisation body), with both check characters appended:
// complete_credit_code("11110000" "00001234") == "11110000000012343B". Throws std::invalid_argument
// when `first16` is not 16 characters or breaks a field rule (authority 1-9 A-H N Y, division digits).
// For the data generator and tests.
std::string complete_credit_code(std::string_view first16);

}  // namespace fleetkam::text
