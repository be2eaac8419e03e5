// Spreadsheets in and out: read the first sheet of an .xlsx or a .csv (UTF-8, or GB18030 as
// Excel in China saves it) into rows of text; write rows of text as an .xlsx.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::sheets {

using Row = std::vector<std::string>;

struct Table {
  std::vector<Row> rows;  // the first row is the header row
};

// Throws std::invalid_argument with a reason a person can act on when the bytes are neither.
Table read_table(std::string_view bytes);
Table read_csv(std::string_view text);
Table read_xlsx(std::string_view bytes);

// One sheet named `sheet_name`, bold header row, columns sized to their content.
std::string write_xlsx(const std::string& sheet_name, const std::vector<Row>& rows);

}  // namespace fleetkam::sheets
