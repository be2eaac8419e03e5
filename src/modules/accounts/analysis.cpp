// The analysis sheet of an account (DOMAIN.md §2) and its history.
#include "modules/accounts/service.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "modules/accounts/service_internal.h"
#include "modules/accounts/store.h"
#include "modules/dedup/matcher.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/db/bulk.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/record_write.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"
#include "platform/text/strings.h"

namespace fleetkam::accounts {

Analysis AccountService::save_analysis(const auth::Principal& caller, int64_t account_id,
                                       const std::string& sheet_json) {
  return write_record(
      database_, caller, {"account", "accounts.write"},
      [&](db::Connection& c) { return store::find_account(c, caller.scope, account_id); },
      [&](db::Connection& c, const Account&) {
        int64_t now = clock::now_ms();
        int64_t id = store::insert_analysis(c, account_id, sheet_json, caller.user_id, now);
        audit::record(c, {caller.user_id, "analysis", "account", account_id, std::nullopt, sheet_json});
        return Analysis{id, account_id, sheet_json, caller.user_id, now};
      });
}

std::vector<Analysis> AccountService::analyses(const auth::Principal& caller, int64_t account_id, int limit) {
  std::vector<Analysis> out;
  database_.read([&](db::Connection& c) {
    if (!store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    out = store::list_analyses(c, account_id, limit);
  });
  return out;
}

std::string validate_analysis(const std::string& body) {
  auto root = http::parse_json_object(body);
  std::vector<FieldError> errors;
  nlohmann::json canonical = nlohmann::json::object();
  const std::set<std::string> barrier_levels = {"low", "medium", "high"};
  auto text_field = [&](const nlohmann::json& value, const std::string& field) -> nlohmann::json {
    if (value.is_null()) return nullptr;
    if (!value.is_string()) {
      errors.push_back({field, "must be a string", "wrong_type"});
      return nullptr;
    }
    size_t characters = 0;
    for (unsigned char ch : value.get_ref<const std::string&>()) characters += (ch & 0xC0) != 0x80;
    if (characters > 2000) {
      errors.push_back({field, "must be at most 2000 characters", "too_long"});
      return nullptr;
    }
    return value;
  };
  for (const auto& [key, value] : root.items()) {
    if (key != "layers") errors.push_back({key, "is not a field of this request", "unknown_field"});
  }
  if (!root.contains("layers") || !root["layers"].is_object()) {
    errors.push_back({"layers", "is required: an object of layers", "required"});
    throw Invalid(errors);
  }
  for (const auto& [layer_name, layer] : root["layers"].items()) {
    const AnalysisLayer* known = nullptr;
    for (const auto& l : analysis_layers()) {
      if (l.name == layer_name) known = &l;
    }
    std::string base = "layers." + layer_name;
    if (!known) {
      errors.push_back({base, "is not a layer: environment, organisation, interpersonal or personal", "unknown_field"});
      continue;
    }
    if (!layer.is_object()) {
      errors.push_back({base, "must be an object", "wrong_type"});
      continue;
    }
    nlohmann::json out = {{"factors", nlohmann::json::object()}};
    for (const auto& [key, value] : layer.items()) {
      std::string field = base + "." + key;
      if (key == "factors") {
        if (!value.is_object()) {
          errors.push_back({field, "must be an object", "wrong_type"});
          continue;
        }
        for (const auto& [factor, assessment] : value.items()) {
          bool listed = false;
          for (auto f : known->factors) listed |= f == factor;
          if (!listed) {
            errors.push_back({field + "." + factor, "is not a factor of this layer", "unknown_field"});
          } else {
            out["factors"][factor] = text_field(assessment, field + "." + factor);
          }
        }
      } else if (key == "barrier") {
        if (!value.is_string() || !barrier_levels.count(value.get<std::string>())) {
          errors.push_back({field, "must be one of: low, medium, high", "invalid_value"});
        } else {
          out["barrier"] = value;
        }
      } else if (key == "barrier_note") {
        out["barrier_note"] = text_field(value, field);
      } else if (key == "strategy") {
        if (!value.is_object()) {
          errors.push_back({field, "must be an object", "wrong_type"});
          continue;
        }
        for (const auto& [kind, strategy] : value.items()) {
          if (kind != "institutional" && kind != "personal" && kind != "implicit") {
            errors.push_back({field + "." + kind, "must be institutional, personal or implicit", "unknown_field"});
          } else {
            out["strategy"][kind] = text_field(strategy, field + "." + kind);
          }
        }
      } else {
        errors.push_back({field, "is not a field of a layer", "unknown_field"});
      }
    }
    canonical[layer_name] = out;
  }
  if (!errors.empty()) throw Invalid(errors);
  return nlohmann::json{{"layers", canonical}}.dump();
}

}  // namespace fleetkam::accounts
