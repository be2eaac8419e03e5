// Spreadsheets in and out: read the first sheet of an .xlsx or a .csv (UTF-8, or GB18030 as
// Excel in China saves it) into rows of text; write rows of text as an .xlsx.
// Reading is bounded by Limits while it streams, never by numbers the file states: a tiny
// hostile file (a row numbered 4294967295, a zip entry claiming 200 MiB, a million blank lines)
// is refused before it costs memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::sheets {

using Row = std::vector<std::string>;

struct Table {
  std::vector<Row> rows;         // the first row is the header row; blank rows are left out
  std::vector<int64_t> numbers;  // each row's number in the file (1-based), for messages
  int64_t number(size_t index) const {
    return index < numbers.size() ? numbers[index] : static_cast<int64_t>(index) + 1;
  }
};

struct Limits {
  size_t max_rows = 200001;  // rows of the table; an .xlsx counts blank <row>s too (they cost parsing)
  size_t max_columns = 128;
  size_t max_cell_bytes = size_t{32767} * 3;  // Excel's 32,767 characters per cell, in UTF-8
  size_t max_cells = 8000000;                 // cells of the table, blank ones between filled ones included
  size_t max_text_bytes = 128u << 20;         // all cell text of the table and the workbook's shared strings
  size_t max_part_bytes = 256u << 20;         // inflated bytes of one workbook part (200,000 rows ≈ 140 MiB)
  int64_t max_row_number = 1048576;           // Excel's last row
};

// The file is readable but exceeds a Limit (the caller answers "too large", not "damaged").
struct LimitExceeded : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Throw std::invalid_argument with a reason a person can act on when the bytes are neither,
// or LimitExceeded.
Table read_table(std::string_view bytes, const Limits& limits = {});
Table read_csv(std::string_view text, const Limits& limits = {});
Table read_xlsx(std::string_view bytes, const Limits& limits = {});

// One sheet named `sheet_name`, bold header row, columns sized to their content. Below the header,
// a cell of a column marked in `numeric` that reads whole as a number is written as a number (a
// payroll sheet sums it), any other cell as text.
std::string write_xlsx(const std::string& sheet_name, const std::vector<Row>& rows,
                       const std::vector<bool>& numeric = {});

}  // namespace fleetkam::sheets
