// The CSV import reader (platform/sheets read_csv, and read_table's choice of reader): UTF-8 or
// GB18030 bytes of any shape give a table within the Limits, or std::invalid_argument (LimitExceeded
// among them) — never a crash, a leak or a table past a limit. Every cell is valid UTF-8: the
// GB18030 decoder's output is, and a UTF-8 file is split only at ASCII separators.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "platform/sheets/sheets.h"

using namespace fleetkam;
using fleetkam::fuzz::require;

namespace {

void read_with(std::string_view bytes, const sheets::Limits& limits) {
  try {
    sheets::Table table = sheets::read_csv(bytes, limits);
    fuzz::check_table(table, limits);
    for (const auto& row : table.rows) {
      for (const auto& cell : row) require(http::valid_utf8(cell), "a CSV cell is not valid UTF-8");
    }
  } catch (const std::invalid_argument&) {
    // refused: damaged, or past a limit
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  read_with(bytes, fuzz::small_limits());
  read_with(bytes, sheets::Limits{});
  try {
    (void)sheets::read_table(bytes, fuzz::small_limits());
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
