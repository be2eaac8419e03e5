#include "platform/sheets/sheets.h"

#include <unicode/ucnv.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

#include "platform/http/json_input.h"

namespace fleetkam::sheets {
namespace {

std::string gb18030_to_utf8(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(text.size() * 3 + 4, '\0');
  int32_t length = ucnv_convert("UTF-8", "GB18030", out.data(), static_cast<int32_t>(out.size()), text.data(),
                                static_cast<int32_t>(text.size()), &status);
  if (U_FAILURE(status)) throw std::invalid_argument("the file is neither UTF-8 nor GB18030 text");
  out.resize(static_cast<size_t>(length));
  return out;
}

std::string read_zip_entry(zip_t* archive, const char* name) {
  zip_stat_t stat;
  if (zip_stat(archive, name, 0, &stat) != 0) return {};
  // 200,000 rows of an account list are about 140 MiB of sheet XML
  if (stat.size > (200u << 20)) throw std::invalid_argument("the workbook is too large (over 200 MiB unpacked)");
  zip_file_t* file = zip_fopen(archive, name, 0);
  if (!file) return {};
  std::string content(stat.size, '\0');
  zip_int64_t got = zip_fread(file, content.data(), stat.size);
  zip_fclose(file);
  if (got < 0 || static_cast<zip_uint64_t>(got) != stat.size) throw std::invalid_argument("the workbook is damaged");
  return content;
}

// "BC12" → column 54 (0-based index of "BC").
int column_of(const char* reference) {
  int column = 0;
  for (const char* p = reference; *p >= 'A' && *p <= 'Z'; ++p) column = column * 26 + (*p - 'A' + 1);
  return column - 1;
}

std::string inline_text(const pugi::xml_node& node) {
  std::string out;
  for (auto t : node.select_nodes(".//t")) out += t.node().text().get();
  return out;
}

}  // namespace

Table read_csv(std::string_view input) {
  std::string text;
  if (input.size() >= 3 && input.substr(0, 3) == "\xEF\xBB\xBF") input.remove_prefix(3);  // BOM
  text = http::valid_utf8(input) ? std::string(input) : gb18030_to_utf8(input);
  // Excel's CSV in some locales uses ';' — take the separator the header line uses most
  auto header_end = text.find('\n');
  std::string header = text.substr(0, header_end);
  char separator =
      std::count(header.begin(), header.end(), ';') > std::count(header.begin(), header.end(), ',') ? ';' : ',';
  Table table;
  Row row;
  std::string field;
  bool quoted = false, field_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == separator) {
      row.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(field);
      field.clear();
      field_started = false;
      table.rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw std::invalid_argument("the CSV file ends inside a quoted field");
  if (field_started || !row.empty()) {
    row.push_back(field);
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table read_xlsx(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) throw std::invalid_argument("the workbook cannot be opened");
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(source);
    throw std::invalid_argument("the file is not an .xlsx workbook");
  }
  struct Close {
    zip_t* a;
    ~Close() { zip_discard(a); }
  } close{archive};
  std::vector<std::string> shared;
  std::string strings = read_zip_entry(archive, "xl/sharedStrings.xml");
  if (!strings.empty()) {
    pugi::xml_document doc;
    if (!doc.load_buffer(strings.data(), strings.size())) throw std::invalid_argument("the workbook is damaged");
    for (auto si : doc.child("sst").children("si")) shared.push_back(inline_text(si));
  }
  std::string sheet = read_zip_entry(archive, "xl/worksheets/sheet1.xml");
  if (sheet.empty()) throw std::invalid_argument("the workbook has no first sheet");
  pugi::xml_document doc;
  if (!doc.load_buffer(sheet.data(), sheet.size())) throw std::invalid_argument("the workbook is damaged");
  Table table;
  for (auto row_node : doc.child("worksheet").child("sheetData").children("row")) {
    size_t row_index = row_node.attribute("r").as_uint(static_cast<unsigned>(table.rows.size() + 1));
    while (table.rows.size() + 1 < row_index) table.rows.emplace_back();  // blank rows keep their numbers
    Row row;
    for (auto cell : row_node.children("c")) {
      int column = cell.attribute("r") ? column_of(cell.attribute("r").value()) : static_cast<int>(row.size());
      if (column < 0 || column > 1000) continue;
      std::string type = cell.attribute("t").value();
      std::string value;
      if (type == "s") {
        size_t index = cell.child("v").text().as_uint(UINT32_MAX);
        if (index < shared.size()) value = shared[index];
      } else if (type == "inlineStr") {
        value = inline_text(cell.child("is"));
      } else {
        value = cell.child("v").text().get();
      }
      if (row.size() <= static_cast<size_t>(column)) row.resize(column + 1);
      row[column] = value;
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table read_table(std::string_view bytes) {
  if (bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return read_xlsx(bytes);
  if (bytes.find('\0') != std::string_view::npos) throw std::invalid_argument("send an .xlsx workbook or a .csv file");
  return read_csv(bytes);
}

std::string write_xlsx(const std::string& sheet_name, const std::vector<Row>& rows) {
  // libxlsxwriter 1.1.4 writes to a file: a private temporary one, read back and removed.
  static std::atomic<uint64_t> counter{0};
  auto path = std::filesystem::temp_directory_path() /
              ("fleetkam-export-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = nullptr;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (!workbook) throw std::runtime_error("cannot create the workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheet_name.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      size_t width = 0;
      for (unsigned char ch : row[c]) width += (ch & 0xC0) != 0x80 ? (ch >= 0x80 ? 2 : 1) : 0;
      if (widths.size() <= c) widths.resize(c + 1, 8);
      widths[c] = std::min<size_t>(std::max(widths[c], width + 2), 60);
    }
  }
  for (size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(widths[c]),
                         nullptr);
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c].c_str(),
                             r == 0 ? bold : nullptr);
    }
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    throw std::runtime_error("cannot write the workbook");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::filesystem::remove(path);
  return buffer.str();
}

}  // namespace fleetkam::sheets
