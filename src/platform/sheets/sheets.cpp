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
#include <optional>
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

// Collects rows while enforcing the Limits, so no file makes the table grow past them.
class TableBuilder {
 public:
  explicit TableBuilder(const Limits& limits) : limits_(limits) {}

  // Charges text that is kept (a cell, a shared string) against the budgets.
  void charge(std::string_view text) {
    if (text.size() > limits_.max_cell_bytes) {
      throw LimitExceeded("a cell holds more than the 32,767 characters Excel allows");
    }
    text_bytes_ += text.size();
    if (text_bytes_ > limits_.max_text_bytes) throw LimitExceeded("the file holds too much text to import at once");
  }

  // Counts a row against max_rows and keeps it unless every cell is empty.
  void add(Row&& row, int64_t number) {
    if (++counted_rows_ > limits_.max_rows) too_many_rows();
    if (std::all_of(row.begin(), row.end(), [](const std::string& cell) { return cell.empty(); })) return;
    cells_ += row.size();
    if (cells_ > limits_.max_cells) throw LimitExceeded("the file has too many cells to import at once");
    table_.rows.push_back(std::move(row));
    table_.numbers.push_back(number);
  }

  void check_column(size_t column) const {
    if (column >= limits_.max_columns) {
      throw LimitExceeded("the file has more than " + std::to_string(limits_.max_columns) + " columns");
    }
  }

  Table take() { return std::move(table_); }

 private:
  [[noreturn]] void too_many_rows() const {
    throw LimitExceeded("the file has more than " + std::to_string(limits_.max_rows - 1) + " rows under its header");
  }

  const Limits& limits_;
  Table table_;
  size_t counted_rows_ = 0, cells_ = 0, text_bytes_ = 0;
};

// Inflates one part of a workbook in chunks and hands out each complete <name …>…</name> or
// <name …/> element of it in turn, so the part is never whole in memory. At most
// max_part_bytes are inflated, whatever size the archive declares. Elements of `name` must
// not nest (<row> and <si> do not); text between them (the part's other elements) is skipped.
class ElementStream {
 public:
  ElementStream(zip_t* archive, const char* part, std::string_view name, const Limits& limits)
      : file_(zip_fopen(archive, part, 0)),
        open_("<" + std::string(name)),
        close_("</" + std::string(name) + ">"),
        limits_(limits) {}
  ~ElementStream() {
    if (file_) zip_fclose(file_);
  }
  ElementStream(const ElementStream&) = delete;
  ElementStream& operator=(const ElementStream&) = delete;

  bool found() const { return file_ != nullptr; }

  // The next element (valid until the next call), or nullopt at the end of the part.
  std::optional<std::string_view> next() {
    for (;;) {
      if (auto element = scan()) return element;
      if (!fill()) {
        if (buffer_.find(open_) != std::string::npos) throw std::invalid_argument("the workbook is damaged");
        return std::nullopt;
      }
    }
  }

 private:
  // The next complete element in the buffer, or nullopt when more text is needed (then the
  // text before a partial element is dropped).
  std::optional<std::string_view> scan() {
    size_t begin = buffer_.find(open_, start_);
    while (begin != std::string::npos && begin + open_.size() < buffer_.size() &&
           std::string_view(" \t\r\n/>").find(buffer_[begin + open_.size()]) == std::string_view::npos) {
      begin = buffer_.find(open_, begin + 1);  // <rowBreaks> is not <row>
    }
    if (begin == std::string::npos) {
      keep_from(buffer_.size() > open_.size() ? buffer_.size() - open_.size() : 0);
      return std::nullopt;
    }
    size_t tag_end = buffer_.find('>', begin + open_.size());
    size_t end = std::string::npos;
    if (tag_end != std::string::npos) {
      if (buffer_[tag_end - 1] == '/') {
        end = tag_end + 1;
      } else if (size_t close = buffer_.find(close_, tag_end); close != std::string::npos) {
        end = close + close_.size();
      }
    }
    if (end == std::string::npos) {
      keep_from(begin);
      if (buffer_.size() > kMaxElementBytes) throw LimitExceeded("a row of the workbook is too large");
      return std::nullopt;
    }
    start_ = end;
    return std::string_view(buffer_).substr(begin, end - begin);
  }

  void keep_from(size_t offset) {
    buffer_.erase(0, offset);
    start_ = 0;
  }

  bool fill() {
    size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    zip_int64_t got = zip_fread(file_, buffer_.data() + old, kChunk);
    if (got < 0) throw std::invalid_argument("the workbook is damaged");
    buffer_.resize(old + static_cast<size_t>(got));
    inflated_ += static_cast<size_t>(got);
    if (inflated_ > limits_.max_part_bytes) throw LimitExceeded("the workbook is too large to import at once");
    return got > 0;
  }

  static constexpr size_t kChunk = 64u << 10;
  static constexpr size_t kMaxElementBytes = 16u << 20;
  zip_file_t* file_;
  std::string open_, close_;
  const Limits& limits_;
  std::string buffer_;
  size_t start_ = 0, inflated_ = 0;
};

// "BC12" → column 54 (0-based index of "BC"); past Excel's last column (XFD) → SIZE_MAX.
size_t column_of(const char* reference) {
  size_t column = 0;
  for (const char* p = reference; *p >= 'A' && *p <= 'Z'; ++p) {
    column = column * 26 + static_cast<size_t>(*p - 'A' + 1);
    if (column > 16384) return SIZE_MAX;
  }
  return column - 1;  // no letters: SIZE_MAX as well
}

// The text of a shared or inline string: its <t>, or the <t> of each rich-text run (<r>);
// phonetic guides (<rPh>) are not part of the text.
std::string string_text(const pugi::xml_node& node) {
  std::string out = node.child("t").text().get();
  for (auto run : node.children("r")) out += run.child("t").text().get();
  return out;
}

// The workbook's shared strings in one buffer: each costs its text and 4 bytes. As a vector of
// std::string each cost 32 bytes besides its text, so 51 KB of deflated <si/> (7 million empty
// strings, within max_cells) held 230 MB.
class SharedStrings {
 public:
  void add(std::string_view text) {
    if (text_.size() + text.size() > UINT32_MAX) throw LimitExceeded("the workbook holds too much text");
    text_.append(text);
    ends_.push_back(static_cast<uint32_t>(text_.size()));
  }
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t index) const {
    uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(text_).substr(begin, ends_[index] - begin);
  }

 private:
  std::string text_;
  std::vector<uint32_t> ends_;
};

pugi::xml_node parse_element(pugi::xml_document& doc, std::string_view element) {
  if (!doc.load_buffer(element.data(), element.size())) throw std::invalid_argument("the workbook is damaged");
  return doc.first_child();
}

}  // namespace

Table read_csv(std::string_view input, const Limits& limits) {
  if (input.size() >= 3 && input.substr(0, 3) == "\xEF\xBB\xBF") input.remove_prefix(3);  // BOM
  std::string converted;
  if (!http::valid_utf8(input)) {
    converted = gb18030_to_utf8(input);
    input = converted;
  }
  const std::string_view text = input;
  // Excel's CSV in some locales uses ';' — take the separator the header line uses most
  const std::string_view header = text.substr(0, text.find('\n'));
  char separator =
      std::count(header.begin(), header.end(), ';') > std::count(header.begin(), header.end(), ',') ? ';' : ',';
  TableBuilder table(limits);
  Row row;
  std::string field;
  int64_t record = 1;  // the record's number, blank lines counted, as a person sees it in Excel
  bool quoted = false, field_started = false;
  auto end_field = [&] {
    table.check_column(row.size());
    table.charge(field);
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    // A blank line is skipped without being kept or counted: a million of them cost nothing.
    if (!row.empty() || field_started || !field.empty()) {
      end_field();
      table.add(std::move(row), record);
      row.clear();
    }
    ++record;
  };
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
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw std::invalid_argument("the CSV file ends inside a quoted field");
  end_record();
  return table.take();
}

Table read_xlsx(std::string_view bytes, const Limits& limits) {
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
  TableBuilder table(limits);
  pugi::xml_document doc;
  SharedStrings shared;
  {
    ElementStream strings(archive, "xl/sharedStrings.xml", "si", limits);
    while (strings.found()) {
      auto element = strings.next();
      if (!element) break;
      std::string text = string_text(parse_element(doc, *element));
      table.charge(text);
      if (shared.size() >= limits.max_cells) throw LimitExceeded("the workbook has too many strings");
      shared.add(text);
    }
  }
  ElementStream sheet(archive, "xl/worksheets/sheet1.xml", "row", limits);
  if (!sheet.found()) throw std::invalid_argument("the workbook has no first sheet");
  int64_t last_number = 0;
  while (auto element = sheet.next()) {
    auto row_node = parse_element(doc, *element);
    // A row's number only orders rows (a gap costs nothing); Excel writes them ascending.
    int64_t number = last_number + 1;
    if (auto r = row_node.attribute("r")) {
      unsigned long long given = r.as_ullong(0);
      if (given == 0 || given > static_cast<unsigned long long>(limits.max_row_number)) {
        throw std::invalid_argument("the workbook has a row numbered " + std::string(r.value()) +
                                    ", past the last row of a sheet");
      }
      number = static_cast<int64_t>(given);
      if (number <= last_number) throw std::invalid_argument("the workbook's rows are out of order");
    }
    last_number = number;
    Row row;
    for (auto cell : row_node.children("c")) {
      size_t column = cell.attribute("r") ? column_of(cell.attribute("r").value()) : row.size();
      table.check_column(column);
      std::string_view type = cell.attribute("t").value();
      std::string value;
      if (type == "s") {
        size_t index = cell.child("v").text().as_uint(UINT32_MAX);
        if (index < shared.size()) value = std::string(shared[index]);
      } else if (type == "inlineStr") {
        value = string_text(cell.child("is"));
      } else {
        value = cell.child("v").text().get();
      }
      table.charge(value);
      if (row.size() <= column) row.resize(column + 1);
      row[column] = std::move(value);
    }
    table.add(std::move(row), number);
  }
  return table.take();
}

Table read_table(std::string_view bytes, const Limits& limits) {
  if (bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return read_xlsx(bytes, limits);
  if (bytes.find('\0') != std::string_view::npos) throw std::invalid_argument("send an .xlsx workbook or a .csv file");
  return read_csv(bytes, limits);
}

std::string write_xlsx(const std::string& sheet_name, const std::vector<Row>& rows, const std::vector<bool>& numeric) {
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
      const std::string& cell = rows[r][c];
      if (r > 0 && c < numeric.size() && numeric[c] && !cell.empty()) {
        char* end = nullptr;
        double value = std::strtod(cell.c_str(), &end);
        if (end == cell.c_str() + cell.size()) {
          worksheet_write_number(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), value, nullptr);
          continue;
        }
      }
      worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), cell.c_str(),
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
