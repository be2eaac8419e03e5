#include "modules/accounts/transfer.h"

#include <map>
#include <set>

#include "modules/accounts/store.h"
#include "platform/clock.h"
#include "platform/http/json_input.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/strings.h"

namespace fleetkam::accounts {
namespace {

// Column headers a workbook may use, in Chinese or English, and the field each one fills.
const std::map<std::string, std::string>& header_fields() {
  static const std::map<std::string, std::string> headers = {
      {"名称", "name"},
      {"客户名称", "name"},
      {"单位名称", "name"},
      {"name", "name"},
      {"统一社会信用代码", "credit_code"},
      {"信用代码", "credit_code"},
      {"credit_code", "credit_code"},
      {"行业", "industry"},
      {"industry", "industry"},
      {"行政级别", "admin_level"},
      {"admin_level", "admin_level"},
      {"行政区划代码", "division_code"},
      {"区划代码", "division_code"},
      {"division_code", "division_code"},
      {"地址", "address"},
      {"address", "address"},
      {"分级", "grade"},
      {"客户分级", "grade"},
      {"grade", "grade"},
      {"业务分类", "business_class"},
      {"信息分类", "business_class"},
      {"business_class", "business_class"},
      {"采购方式", "procurement_method"},
      {"procurement_method", "procurement_method"},
      {"信息渠道", "source_channel"},
      {"source_channel", "source_channel"},
      {"归属单位id", "owner_unit_id"},
      {"owner_unit_id", "owner_unit_id"},
      // columns of our own export that an import may carry back: read, not needed
      {"省份", ""},
      {"归属单位", ""},
      {"归属单位ID", "owner_unit_id"},
      {"负责人", ""},
      {"状态", ""},
      {"更新时间", ""},
      {"province_code", ""}};
  return headers;
}

// Values a person writes in Chinese, and the codes they stand for.
const std::map<std::string, std::string>& value_codes() {
  static const std::map<std::string, std::string> values = {
      {"中央", "central"},         {"中央级", "central"},
      {"省级", "provincial"},      {"市级", "municipal"},
      {"地市级", "municipal"},     {"县级", "county"},
      {"区县级", "county"},        {"重点", "key"},
      {"重点客户", "key"},         {"次重点", "secondary"},
      {"次重点客户", "secondary"}, {"潜力", "potential"},
      {"潜力客户", "potential"},   {"大客户直销业务", "direct"},
      {"直销", "direct"},          {"需招投标作业的业务", "tender"},
      {"招投标", "tender"},        {"一次性需求客户", "one_time"},
      {"一次性需求", "one_time"},  {"一次性", "one_time"},
      {"招标采购", "tender"},      {"招标", "tender"},
      {"协议供货", "agreement"},   {"直接采购", "direct"},
      {"直购", "direct"}};
  return values;
}

const std::map<std::string, std::string>& labels_zh() {
  static const std::map<std::string, std::string> labels = {{"central", "中央"},
                                                            {"provincial", "省级"},
                                                            {"municipal", "市级"},
                                                            {"county", "县级"},
                                                            {"key", "重点客户"},
                                                            {"secondary", "次重点客户"},
                                                            {"potential", "潜力客户"},
                                                            {"direct", "大客户直销业务"},
                                                            {"tender", "需招投标作业的业务"},
                                                            {"one_time", "一次性需求客户"},
                                                            {"agreement", "协议供货"}};
  return labels;
}

// A directory value given as its code or its Chinese or English name → the code.
std::string directory_code(const std::vector<directories::Entry>& entries, const std::string& value) {
  for (const auto& e : entries) {
    if (e.code == value || e.name_zh == value || e.name_en == value) return e.code;
  }
  return value;  // left for validation to reject with the field named
}

}  // namespace

ImportResult AccountTransfer::import_table(const auth::Principal& caller, const sheets::Table& table, bool dry_run) {
  if (!auth::allowed(caller.role, "accounts.write")) throw Forbidden();
  if (table.rows.empty()) throw Invalid("file", "the file has no header row", "required");
  if (table.rows.size() > 200001) throw Invalid("file", "import at most 200,000 rows at a time", "too_long");
  std::vector<std::string> columns;
  std::vector<FieldError> header_errors;
  std::set<std::string> present;
  for (const auto& cell : table.rows[0]) {
    std::string header = text::trim(cell);
    std::string key = header;
    for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto found = header_fields().find(key);
    if (header.empty()) {
      columns.emplace_back();
    } else if (found == header_fields().end()) {
      header_errors.push_back({"file", "unknown column: " + header, "unknown_field"});
      columns.emplace_back();
    } else {
      columns.push_back(found->second);
      if (!found->second.empty()) present.insert(found->second);
    }
  }
  for (const char* required : {"name", "industry", "admin_level", "division_code", "grade", "business_class",
                               "procurement_method", "source_channel"}) {
    if (!present.count(required))
      header_errors.push_back({"file", std::string("missing column: ") + required, "required"});
  }
  if (!header_errors.empty()) throw Invalid(header_errors);

  auto industries = directories_.list("industries", false);
  auto channels = directories_.list("source_channels", false);
  ImportResult result;
  result.dry_run = dry_run;
  auto work = [&](db::Connection& c) {
    std::set<std::string> codes_in_file;
    std::set<std::string> names_in_file;  // name_key + division
    for (size_t r = 1; r < table.rows.size(); ++r) {
      const auto& cells = table.rows[r];
      bool blank = true;
      for (const auto& cell : cells) blank &= text::trim(cell).empty();
      if (blank) continue;
      ++result.total;
      ImportRow row;
      row.row = static_cast<int>(r + 1);
      AccountInput in;
      std::vector<FieldError> errors;
      for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
        std::string value = text::trim(cells[i]);
        const std::string& field = columns[i];
        if (field.empty() || value.empty()) continue;
        if (!http::valid_utf8(value)) {
          errors.push_back({field, "is not valid text", "invalid_utf8"});
          continue;
        }
        if (auto code = value_codes().find(value); code != value_codes().end()) value = code->second;
        if (field == "name") in.name = value;
        if (field == "credit_code") in.credit_code = value;
        if (field == "industry") in.industry = directory_code(industries, value);
        if (field == "source_channel") in.source_channel = directory_code(channels, value);
        if (field == "admin_level") in.admin_level = value;
        if (field == "division_code") in.division_code = value;
        if (field == "address") in.address = value.substr(0, 600);
        if (field == "grade") in.grade = value;
        if (field == "business_class") in.business_class = value;
        if (field == "procurement_method") in.procurement_method = value;
        if (field == "owner_unit_id") {
          try {
            in.owner_unit_id = std::stoll(value);
          } catch (const std::exception&) {
            errors.push_back({"owner_unit_id", "must be a unit id", "wrong_type"});
          }
        }
      }
      auto check_choice = [&](std::optional<std::string>& value, const std::vector<std::string>& choices,
                              const char* field) {
        if (value && std::find(choices.begin(), choices.end(), *value) == choices.end()) {
          errors.push_back({field, "is not one of the allowed values", "invalid_value"});
          value.reset();
        }
      };
      check_choice(in.admin_level, admin_levels(), "admin_level");
      check_choice(in.grade, grades(), "grade");
      check_choice(in.business_class, business_classes(), "business_class");
      check_choice(in.procurement_method, procurement_methods(), "procurement_method");
      if (in.name && in.name->size() > 300) errors.push_back({"name", "is too long", "too_long"});
      if (!in.owner_unit_id) in.owner_unit_id = caller.org_unit_id;
      Account a;
      try {
        apply_input(c, directories_, caller, in, a, true);
      } catch (const AppError& e) {
        errors.insert(errors.end(), e.errors().begin(), e.errors().end());
      }
      row.name = in.name.value_or("");
      if (!errors.empty()) {
        row.status = "invalid";
        row.errors = std::move(errors);
        ++result.invalid;
        result.rows.push_back(std::move(row));
        continue;
      }
      row.duplicates = find_duplicates(c, caller, a.name, a.credit_code, a.division_code, 0);
      std::string name_key = text::search_normal(a.name) + "|" + a.division_code;
      if (a.credit_code && codes_in_file.count(*a.credit_code)) {
        row.duplicates.push_back({std::nullopt, std::nullopt, "duplicate", 1.0, "same credit code as an earlier row"});
      } else if (names_in_file.count(name_key)) {
        row.duplicates.push_back(
            {std::nullopt, std::nullopt, "duplicate", 0.95, "same name and division as an earlier row"});
      }
      if (!row.duplicates.empty()) {
        row.status = "duplicate";
        ++result.duplicate;
        result.rows.push_back(std::move(row));
        continue;
      }
      if (a.credit_code) codes_in_file.insert(*a.credit_code);
      names_in_file.insert(name_key);
      row.status = "ok";
      ++result.valid;
      if (!dry_run) {
        row.id = insert_new_account(c, caller, a);
        ++result.written;
      }
    }
  };
  if (dry_run) {
    database_.read(work);
  } else {
    database_.write(work);
  }
  return result;
}

std::vector<sheets::Row> AccountTransfer::export_rows(const auth::Principal& caller, AccountFilter filter,
                                                      size_t max_rows) {
  std::map<std::string, std::string> industry_names, channel_names;
  for (const auto& e : directories_.list("industries", true)) industry_names[e.code] = e.name_zh;
  for (const auto& e : directories_.list("source_channels", true)) channel_names[e.code] = e.name_zh;
  std::vector<sheets::Row> rows = {{"名称", "统一社会信用代码", "行业", "行政级别", "行政区划代码", "省份", "地址",
                                    "分级", "业务分类", "采购方式", "信息渠道", "归属单位ID", "状态", "更新时间"}};
  filter.limit = 500;
  filter.after.reset();
  auto label = [](const std::string& code) {
    auto found = labels_zh().find(code);
    return found == labels_zh().end() ? code : found->second;
  };
  while (true) {
    auto page = accounts_.list(caller, filter);
    for (const auto& a : page) {
      if (rows.size() > max_rows) {
        throw Invalid("limit", "more than " + std::to_string(max_rows) + " accounts match; narrow the filters",
                      "too_long");
      }
      const auto* province = refdata::find_division(a.province_code);
      rows.push_back({a.name, a.credit_code.value_or(""),
                      industry_names.count(a.industry) ? industry_names[a.industry] : a.industry, label(a.admin_level),
                      a.division_code, province ? province->name : "", a.address.value_or(""), label(a.grade),
                      label(a.business_class),
                      a.procurement_method == "tender"   ? "招标采购"
                      : a.procurement_method == "direct" ? "直接采购"
                                                         : label(a.procurement_method),
                      channel_names.count(a.source_channel) ? channel_names[a.source_channel] : a.source_channel,
                      std::to_string(a.owner_unit_id), a.active ? "启用" : "停用",
                      clock::format_rfc3339(a.updated_at)});
    }
    if (page.size() < 500) break;
    filter.after = std::make_pair(page.back().sort_key, page.back().id);
  }
  return rows;
}

}  // namespace fleetkam::accounts
