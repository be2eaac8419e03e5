#include "modules/accounts/transfer.h"

#include <algorithm>
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
      // one contact per row; a row repeating an earlier row's account adds its contact there
      {"联系人", "contact_name"},
      {"联系人姓名", "contact_name"},
      {"contact_name", "contact_name"},
      {"联系人职务", "contact_title"},
      {"职务", "contact_title"},
      {"contact_title", "contact_title"},
      {"联系人部门", "contact_department"},
      {"部门", "contact_department"},
      {"contact_department", "contact_department"},
      {"采购角色", "contact_buying_role"},
      {"角色", "contact_buying_role"},
      {"contact_buying_role", "contact_buying_role"},
      {"联系人级别", "contact_level"},
      {"级别", "contact_level"},
      {"contact_level", "contact_level"},
      {"联系人职能", "contact_function"},
      {"职能", "contact_function"},
      {"contact_function", "contact_function"},
      {"联系电话", "contact_phone"},
      {"电话", "contact_phone"},
      {"contact_phone", "contact_phone"},
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

// Buying roles as a person writes them.
const std::map<std::string, std::string>& role_codes() {
  static const std::map<std::string, std::string> roles = {
      {"使用部门", "user"},    {"使用者", "user"},           {"评估者", "evaluator"},
      {"评估人", "evaluator"}, {"决策者", "decision_maker"}, {"决策层", "decision_layer"},
      {"操作层", "operator"},  {"财务部门", "finance"},      {"财务", "finance"}};
  return roles;
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

void AccountTransfer::require_import(const auth::Principal& caller) {
  if (!auth::allowed(caller.role, "accounts.write")) throw Forbidden();
}

sheets::Limits AccountTransfer::import_limits() {
  sheets::Limits limits;
  limits.max_rows = kMaxImportRows + 1;  // and the header
  return limits;
}

ImportResult AccountTransfer::import_table(const auth::Principal& caller, const sheets::Table& table, bool dry_run) {
  require_import(caller);
  if (table.rows.empty()) throw Invalid("file", "the file has no header row", "required");
  if (table.rows.size() > kMaxImportRows + 1) {
    throw Invalid("file", "import at most 200,000 rows at a time", "too_long");
  }
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
    Lookups lookups(c, directories_);
    // Pass 1: every row read and checked on its own.
    struct Parsed {
      ImportRow row;
      Account account;
      std::optional<Contact> contact;
    };
    std::vector<Parsed> parsed;
    parsed.reserve(table.rows.size());
    for (size_t r = 1; r < table.rows.size(); ++r) {
      const auto& cells = table.rows[r];
      bool blank = true;
      for (const auto& cell : cells) blank &= text::trim(cell).empty();
      if (blank) continue;
      ++result.total;
      Parsed p;
      p.row.row = static_cast<int>(table.number(r));
      AccountInput in;
      ContactInput contact_in;
      bool has_contact = false;
      std::vector<FieldError> errors;
      for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
        std::string value = text::trim(cells[i]);
        const std::string& field = columns[i];
        if (field.empty() || value.empty()) continue;
        if (!http::valid_utf8(value)) {
          errors.push_back({field, "is not valid text", "invalid_utf8"});
          continue;
        }
        if (field.rfind("contact_", 0) == 0) {
          has_contact = true;
          if (field == "contact_name") contact_in.name = text::utf8_prefix(value, 300);
          if (field == "contact_title") contact_in.title = text::utf8_prefix(value, 300);
          if (field == "contact_department") contact_in.department = text::utf8_prefix(value, 300);
          if (field == "contact_level") contact_in.level = text::utf8_prefix(value, 300);
          if (field == "contact_function") contact_in.function = text::utf8_prefix(value, 300);
          if (field == "contact_phone") contact_in.phone = text::utf8_prefix(value, 100);
          if (field == "contact_buying_role") {
            auto role = role_codes().find(value);
            contact_in.buying_role = role == role_codes().end() ? value : role->second;
          }
          continue;
        }
        if (auto code = value_codes().find(value); code != value_codes().end()) value = code->second;
        if (field == "name") in.name = value;
        if (field == "credit_code") in.credit_code = value;
        if (field == "industry") in.industry = directory_code(industries, value);
        if (field == "source_channel") in.source_channel = directory_code(channels, value);
        if (field == "admin_level") in.admin_level = value;
        if (field == "division_code") in.division_code = value;
        if (field == "address") in.address = text::utf8_prefix(value, 600);
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
      try {
        apply_input(lookups, caller, in, p.account, true);
      } catch (const AppError& e) {
        errors.insert(errors.end(), e.errors().begin(), e.errors().end());
      }
      if (has_contact) {
        check_choice(contact_in.buying_role, buying_roles(), "contact_buying_role");
        Contact x;
        try {
          apply_contact(c, contact_in, x, true);
          p.contact = x;
        } catch (const AppError& e) {
          for (const auto& error : e.errors()) {
            if (error.field == "buying_role" && !contact_in.buying_role &&
                std::any_of(errors.begin(), errors.end(),
                            [](const FieldError& f) { return f.field == "contact_buying_role"; })) {
              continue;  // already named as a value that is not a role
            }
            errors.push_back({"contact_" + error.field, error.message, error.code});
          }
        }
      }
      p.row.name = in.name.value_or("");
      p.row.errors = std::move(errors);
      parsed.push_back(std::move(p));
    }

    // Pass 2: the duplicates of every valid row among existing accounts, in a few queries. A
    // write holds the new-accounts lock from here to its insert, as a single create does.
    if (!dry_run) c.lock_key(db::lock_keys::new_accounts);
    std::vector<const Account*> valid_accounts;
    std::vector<size_t> valid_index;
    for (size_t i = 0; i < parsed.size(); ++i) {
      if (parsed[i].row.errors.empty()) {
        valid_accounts.push_back(&parsed[i].account);
        valid_index.push_back(i);
      }
    }
    auto existing = find_duplicates_many(c, accounts_.index(), caller, valid_accounts);
    for (size_t k = 0; k < valid_index.size(); ++k) parsed[valid_index[k]].row.duplicates = std::move(existing[k]);

    // Pass 3: in file order, rows repeating an earlier row's account, and what is written.
    std::vector<Account> accounts;
    std::vector<Contact> contacts;
    std::map<std::string, std::optional<size_t>> by_code, by_name;  // → index in `accounts`, nullopt if not new
    for (auto& p : parsed) {
      if (!p.row.errors.empty()) {
        p.row.status = "invalid";
        ++result.invalid;
        result.rows.push_back(std::move(p.row));
        continue;
      }
      const Account& a = p.account;
      std::string name_key = text::search_normal(a.name) + "|" + a.division_code;
      std::optional<std::optional<size_t>> earlier;
      if (a.credit_code && by_code.count(*a.credit_code)) {
        earlier = by_code[*a.credit_code];
      } else if (by_name.count(name_key)) {
        earlier = by_name[name_key];
      }
      if (earlier && *earlier && p.contact) {
        // the same account again, for one more of its people
        Contact x = *p.contact;
        x.account_id = static_cast<int64_t>(**earlier);
        contacts.push_back(std::move(x));
        ++result.contacts;
        continue;
      }
      if (earlier) {
        p.row.duplicates.push_back({std::nullopt, std::nullopt, "duplicate", 1.0,
                                    a.credit_code && by_code.count(*a.credit_code)
                                        ? "same credit code as an earlier row"
                                        : "same name and division as an earlier row"});
      }
      bool is_new = p.row.duplicates.empty();
      std::optional<size_t> index;
      if (is_new) index = accounts.size();
      if (a.credit_code) by_code.emplace(*a.credit_code, index);
      by_name.emplace(name_key, index);
      if (!is_new) {
        p.row.status = "duplicate";
        ++result.duplicate;
        result.rows.push_back(std::move(p.row));
        continue;
      }
      ++result.valid;
      accounts.push_back(a);
      if (p.contact) {
        Contact x = *p.contact;
        x.account_id = static_cast<int64_t>(*index);
        contacts.push_back(std::move(x));
        ++result.contacts;
      }
    }
    if (!dry_run) {
      write_new_accounts(c, caller, accounts, contacts);
      result.written = static_cast<int>(accounts.size());
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
