// What the fuzz targets share: a property check that aborts (libFuzzer then keeps the input as a
// crash), and the bounds every table read_table returns must keep.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/sheets/sheets.h"

// platform/http/json_input.h's, declared here because that header brings nlohmann/json, which costs
// the targets that only need this 5 s of compile time each.
namespace fleetkam::http {
bool valid_utf8(std::string_view text);
}

namespace fleetkam::fuzz {

inline void require(bool holds, const char* what) {
  if (!holds) {
    std::fprintf(stderr, "property broken: %s\n", what);
    std::abort();
  }
}

// The table stays within `limits` (the row count includes the header) and numbers its rows in
// ascending order, one number per row.
inline void check_table(const sheets::Table& table, const sheets::Limits& limits) {
  require(table.rows.size() == table.numbers.size(), "a row without its number");
  require(table.rows.size() <= limits.max_rows, "more rows than max_rows");
  size_t cells = 0, text = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    require(!row.empty() && row.size() <= limits.max_columns, "a row wider than max_columns (or empty)");
    require(r == 0 || table.numbers[r] > table.numbers[r - 1], "row numbers out of order");
    require(table.numbers[r] >= 1, "a row number below 1");
    bool blank = true;
    for (const auto& cell : row) {
      require(cell.size() <= limits.max_cell_bytes, "a cell over max_cell_bytes");
      text += cell.size();
      blank = blank && cell.empty();
    }
    require(!blank, "a blank row was kept");
    cells += row.size();
  }
  require(cells <= limits.max_cells, "more cells than max_cells");
  require(text <= limits.max_text_bytes, "more text than max_text_bytes");
}

// Small limits, so that a fuzz input of a few kilobytes reaches every one of them.
inline sheets::Limits small_limits() {
  sheets::Limits limits;
  limits.max_rows = 40;
  limits.max_columns = 12;
  limits.max_cell_bytes = 300;
  limits.max_cells = 200;
  limits.max_text_bytes = 3000;
  limits.max_part_bytes = 1u << 20;
  limits.max_row_number = 5000;
  return limits;
}

}  // namespace fleetkam::fuzz
