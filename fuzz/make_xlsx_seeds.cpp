// Writes small workbooks with the server's own .xlsx writer (sheets::write_xlsx) as seeds of
// fuzz/corpus/fuzz_xlsx, in that target's "raw file" form (a first byte of 0). Usage:
//   make_xlsx_seeds DIR
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "platform/sheets/sheets.h"

using fleetkam::sheets::Row;

namespace {

void write_seed(const std::string& dir, const std::string& name, const std::string& workbook) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  out.put('\0');
  out << workbook;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_xlsx_seeds DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  using fleetkam::sheets::write_xlsx;
  write_seed(dir, "written-header-only.xlsx", write_xlsx("Sheet1", {{"name", "credit_code"}}));
  write_seed(dir, "written-accounts.xlsx",
             write_xlsx("accounts", {{"name", "division", "credit_code"},
                                     {"成都市公安局", "510100", "11510100MB1234567X"},
                                     {"Sinotruk Jinan Co., Ltd.", "370100", ""},
                                     {"", "", "only the last column"}}));
  write_seed(dir, "written-numbers.xlsx",
             write_xlsx("targets", {{"dealer", "month", "units"}, {"成都鑫达", "1", "12"}, {"自贡", "2", "3.5"}},
                        {false, true, true}));
  return 0;
}
