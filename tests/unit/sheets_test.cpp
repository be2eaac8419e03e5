// Reading spreadsheets within Limits: row numbers, blank lines, and the caps, on small files.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "platform/sheets/sheets.h"

using namespace fleetkam::sheets;

namespace {

std::string workbook(const std::string& sheet_rows, const std::string& shared_strings = "") {
  std::string path = ::testing::TempDir() + "sheets-" + std::to_string(getpid()) + ".xlsx";
  std::remove(path.c_str());
  std::string sheet =
      "<?xml version=\"1.0\"?><worksheet><sheetData>" + sheet_rows + "</sheetData><rowBreaks count=\"0\"/></worksheet>";
  std::string strings = "<?xml version=\"1.0\"?><sst>" + shared_strings + "</sst>";
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  zip_file_add(archive, "xl/worksheets/sheet1.xml", zip_source_buffer(archive, sheet.data(), sheet.size(), 0), 0);
  if (!shared_strings.empty()) {
    zip_file_add(archive, "xl/sharedStrings.xml", zip_source_buffer(archive, strings.data(), strings.size(), 0), 0);
  }
  zip_close(archive);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(path.c_str());
  return bytes.str();
}

}  // namespace

TEST(Sheets, CsvBlankLinesAreSkippedButKeepTheRowNumbers) {
  auto table = read_csv("a,b\n\n\r\n1,2\n\n\"x\ny\",3\n");
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[1], (Row{"1", "2"}));
  EXPECT_EQ(table.number(0), 1);
  EXPECT_EQ(table.number(1), 4);
  EXPECT_EQ(table.rows[2], (Row{"x\ny", "3"}));
  EXPECT_EQ(table.number(2), 6);
}

TEST(Sheets, CsvCapsRowsColumnsAndCells) {
  Limits limits;
  limits.max_rows = 3;
  EXPECT_EQ(read_csv("h\n1\n2\n", limits).rows.size(), 3u);
  EXPECT_THROW(read_csv("h\n1\n2\n3\n", limits), LimitExceeded);
  EXPECT_EQ(read_csv("h\n\n\n\n\n\n1\n", limits).rows.size(), 2u);  // blank lines are not rows
  limits = {};
  limits.max_columns = 3;
  EXPECT_NO_THROW(read_csv("a,b,c\n", limits));
  EXPECT_THROW(read_csv("a,b,c,d\n", limits), LimitExceeded);
  limits = {};
  limits.max_cell_bytes = 4;
  EXPECT_THROW(read_csv("abcde\n", limits), LimitExceeded);
  EXPECT_THROW(read_csv("a\n\"unterminated\n"), std::invalid_argument);
}

TEST(Sheets, XlsxRowNumbersOnlyOrderRows) {
  auto table = read_xlsx(workbook(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>)"
                                  R"(<row r="2"/><row r="1048576"><c r="B1048576"><v>7</v></c></row>)"));
  ASSERT_EQ(table.rows.size(), 2u);  // the empty row 2 is left out
  EXPECT_EQ(table.rows[0], (Row{"名称"}));
  EXPECT_EQ(table.rows[1], (Row{"", "7"}));
  EXPECT_EQ(table.number(1), 1048576);
  EXPECT_THROW(read_xlsx(workbook(R"(<row r="1048577"/>)")), std::invalid_argument);
  EXPECT_THROW(read_xlsx(workbook(R"(<row r="4294967295"/>)")), std::invalid_argument);
  EXPECT_THROW(read_xlsx(workbook(R"(<row r="0"/>)")), std::invalid_argument);
  EXPECT_THROW(read_xlsx(workbook(R"(<row r="5"/><row r="3"/>)")), std::invalid_argument);
}

TEST(Sheets, XlsxCountsEveryRowAgainstTheLimit) {
  Limits limits;
  limits.max_rows = 2;
  EXPECT_THROW(read_xlsx(workbook("<row/><row/><row/>"), limits), LimitExceeded);
  EXPECT_NO_THROW(read_xlsx(workbook("<row/><row/>"), limits));
  limits = {};
  limits.max_columns = 3;
  EXPECT_THROW(read_xlsx(workbook(R"(<row><c r="D1"><v>1</v></c></row>)"), limits), LimitExceeded);
  EXPECT_THROW(read_xlsx(workbook(R"(<row><c r="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row>)")), LimitExceeded);
}

TEST(Sheets, XlsxSharedStringsWithoutPhoneticGuidesAndWithinTheTextBudget) {
  std::string strings = "<si><t>成都</t></si><si><r><t>绵</t></r><r><t>阳</t></r><rPh><t>ミエンヤン</t></rPh></si>";
  auto table =
      read_xlsx(workbook(R"(<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>9</v></c></row>)", strings));
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0], (Row{"成都", "绵阳", ""}));
  Limits limits;
  limits.max_text_bytes = 30;  // the strings (12 bytes) and each copy into a cell (6) count
  std::string rows;
  for (int i = 0; i < 4; ++i) rows += R"(<row><c t="s"><v>1</v></c></row>)";
  EXPECT_THROW(read_xlsx(workbook(rows, strings), limits), LimitExceeded);
}

TEST(Sheets, WrittenWorkbooksReadBack) {
  auto table = read_table(write_xlsx("客户", {{"名称", "行业"}, {"成都市公安局", "公安"}}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1], (Row{"成都市公安局", "公安"}));
}

namespace {

// The process's resident and peak resident kilobytes (Linux, /proc/self/status).
long status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// AddressSanitizer keeps freed memory resident (its quarantine), so a peak means little under it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPeaksMeasurable = false;
#elif defined(__has_feature)
constexpr bool kPeaksMeasurable = !__has_feature(address_sanitizer);
#else
constexpr bool kPeaksMeasurable = true;
#endif

}  // namespace

// Found writing the fuzz target fuzz_xlsx (its inputs are too small to reach it): each shared
// string was a std::string (32 bytes) even when empty, so 51 KB of deflated <si/> — 7 million strings, within
// max_cells — held 230 MB. They now cost their text and 4 bytes: 100,000 held 4 MB, now 0.5.
// Under AddressSanitizer (pugixml's page for each element stays in its quarantine) the test checks
// the reading only, of fewer strings.
TEST(Sheets, XlsxEmptySharedStringsCostLittle) {
  const int empty = kPeaksMeasurable ? 100000 : 1000;  // 3.5 s under the sanitizers for 100,000
  std::string strings;
  for (int i = 0; i < empty; ++i) strings += "<si/>";
  strings += "<si><t>last</t></si>";
  const std::string file = workbook("<row r=\"1\"><c t=\"s\"><v>" + std::to_string(empty) + "</v></c></row>", strings);
  strings.clear();
  strings.shrink_to_fit();
  std::ofstream("/proc/self/clear_refs") << "5";  // the peak from here on
  const long before = status_kb("VmRSS");
  const Table table = read_xlsx(file);
  const long peak = status_kb("VmHWM");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][0], "last");
  if (kPeaksMeasurable && before > 0 && peak > 0) {
    EXPECT_LT(peak - before, 2 * 1024) << "kB over the resident size before";
  }
}
