// The credit-code rule (platform/text/credit_code): normalising is idempotent; a code the rule
// accepts is 18 characters of the alphabet whose check characters complete_credit_code recomputes
// from its first 16; a rejected one gets a reason, valid UTF-8 when the input was (it is shown to
// the person who typed it); and complete_credit_code either refuses or gives a code the rule accepts.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "platform/text/credit_code.h"

using namespace fleetkam;
using fleetkam::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string code = text::normalize_credit_code(input);
  require(text::normalize_credit_code(code) == code, "normalize_credit_code is not idempotent");

  for (std::string_view candidate : {input, std::string_view(code)}) {
    auto problem = text::credit_code_problem(candidate);
    if (!problem) {
      require(candidate.size() == 18, "an accepted code is not 18 bytes");
      require(text::complete_credit_code(candidate.substr(0, 16)) == candidate,
              "an accepted code's check characters are not the ones complete_credit_code computes");
    } else {
      require(!problem->empty(), "an empty reason");
      require(!http::valid_utf8(candidate) || http::valid_utf8(*problem), "a reason that is not valid UTF-8");
    }
  }

  if (code.size() >= 16) {
    try {
      std::string completed = text::complete_credit_code(std::string_view(code).substr(0, 16));
      require(completed.size() == 18 && completed.compare(0, 16, code, 0, 16) == 0, "completion changed the body");
      require(!text::credit_code_problem(completed), "a completed code is rejected");
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}
