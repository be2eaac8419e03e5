// Accounts (buying organisations), their contacts and the account analysis sheet
// (DOMAIN.md §2). Plain structs; JSON mapping lives in routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::accounts {

struct Account {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> credit_code;
  std::string industry;
  std::string admin_level;  // central, provincial, municipal, county
  std::string division_code;
  std::string province_code;
  std::optional<std::string> address;
  std::string grade;               // key, secondary, potential
  std::string business_class;      // direct, tender, one_time
  std::string procurement_method;  // tender, agreement, direct
  std::string source_channel;
  int64_t owner_unit_id = 0;
  std::optional<int64_t> owner_user_id;
  bool active = true;
  int64_t version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string sort_key;
};

// What a create or a PATCH carries; on PATCH every field is optional.
struct AccountInput {
  std::optional<std::string> name, credit_code, industry, admin_level, division_code, address, grade, business_class,
      procurement_method, source_channel;
  std::optional<int64_t> owner_unit_id, owner_user_id;
  std::optional<bool> active;
  bool clear_credit_code = false;  // PATCH {"credit_code": null}
  bool clear_owner_user = false;   // PATCH {"owner_user_id": null}
  int64_t version = 0;
};

struct AccountFilter {
  std::optional<std::string> q, grade, industry, division_code;
  std::optional<int64_t> owner_unit_id, owner_user_id;
  std::optional<bool> active;
  std::optional<std::pair<std::string, int64_t>> after;  // (sort_key, id) of the last row of the previous page
  int limit = 50;
};

struct DuplicateCandidate {
  std::optional<int64_t> id;  // only for accounts inside the caller's scope
  std::optional<std::string> name;
  std::string kind;  // duplicate, related
  double score = 0;
  std::string reason;
};

struct Contact {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string name;
  std::optional<std::string> title, department;
  std::string buying_role;  // user, evaluator, decision_maker, decision_layer, operator, finance
  std::optional<std::string> level, function;
  std::optional<int64_t> reports_to_id;
  std::optional<std::string> phone;
  bool active = true;
  int64_t version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct ContactInput {
  std::optional<std::string> name, title, department, buying_role, level, function, phone;
  std::optional<int64_t> reports_to_id;
  std::optional<bool> active;
  bool clear_reports_to = false;
  int64_t version = 0;
};

struct Analysis {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string sheet_json;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

const std::vector<std::string>& admin_levels();
const std::vector<std::string>& grades();
const std::vector<std::string>& business_classes();
const std::vector<std::string>& procurement_methods();
const std::vector<std::string>& buying_roles();

// The four layers of the analysis sheet and the factors of each (DOMAIN.md §2).
struct AnalysisLayer {
  std::string_view name;
  std::vector<std::string_view> factors;
};
const std::vector<AnalysisLayer>& analysis_layers();

// The code prefix that selects a division and everything inside it: "51" for Sichuan,
// "5101" for Chengdu, "510104" for a district. Empty for a malformed code.
std::string division_prefix(std::string_view code);
// nullopt when `phone` looks like a phone number: 5–20 of digits, spaces, + - ( ) and an
// optional extension after '#' or "ext".
std::optional<std::string> phone_problem(std::string_view phone);

}  // namespace fleetkam::accounts
