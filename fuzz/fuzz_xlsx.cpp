// The .xlsx import reader (platform/sheets read_xlsx). Random bytes rarely get past a zip archive's
// checksums, so the first byte of an input chooses how the rest is used:
//   bit 0 clear: the rest is the file itself (damaged archives, zip bombs, seeds from write_xlsx);
//   bit 0 set:   the rest is the worksheet's XML, and after a line "@@sst" the shared strings' XML;
//                they are zipped here (bit 1: deflated, else stored) and the archive is read.
// Bit 2 reads with the default Limits instead of small ones. Either way: a table within the Limits
// with rows in ascending order, or std::invalid_argument — never a crash, a leak or a hang.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "platform/sheets/sheets.h"

using namespace fleetkam;
using fleetkam::fuzz::require;

namespace {

void add_part(zip_t* archive, const char* name, std::string_view content, bool deflate) {
  zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
  require(source != nullptr, "zip_source_buffer failed");
  zip_int64_t index = zip_file_add(archive, name, source, ZIP_FL_OVERWRITE);
  require(index >= 0, "zip_file_add failed");
  zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 1);
}

// A workbook of the given parts, built in memory.
std::string zip_parts(std::string_view sheet, std::string_view strings, bool with_strings, bool deflate) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  require(buffer != nullptr, "zip_source_buffer_create failed");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  require(archive != nullptr, "zip_open_from_source failed");
  add_part(archive, "xl/worksheets/sheet1.xml", sheet, deflate);
  if (with_strings) add_part(archive, "xl/sharedStrings.xml", strings, deflate);
  require(zip_close(archive) == 0, "zip_close failed");
  std::string out;
  require(zip_source_open(buffer) == 0, "zip_source_open failed");
  char chunk[4096];
  for (zip_int64_t got; (got = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) {
    out.append(chunk, static_cast<size_t>(got));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string file;
  if (mode & 1) {
    constexpr std::string_view kStrings = "\n@@sst\n";
    size_t cut = rest.find(kStrings);
    std::string_view sheet = rest.substr(0, cut);
    std::string_view strings = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + kStrings.size());
    file = zip_parts(sheet, strings, cut != std::string_view::npos, (mode & 2) != 0);
  } else {
    file = std::string(rest);
  }
  const sheets::Limits limits = (mode & 4) ? sheets::Limits{} : fuzz::small_limits();
  try {
    sheets::Table table = sheets::read_xlsx(file, limits);
    fuzz::check_table(table, limits);
    for (int64_t number : table.numbers) require(number <= limits.max_row_number, "a row past max_row_number");
  } catch (const std::invalid_argument&) {
    // refused: not a workbook, damaged, or past a limit
  }
  return 0;
}
