// Random requests over every route (issue 18, "no 5xx on bad input"): the OpenAPI document of
// the running server lists every path × method with its parameters and request schema; from a
// fixed seed each request is built valid-ish from the schema and then mutated — wrong types,
// missing and extra fields, huge strings and numbers, invalid UTF-8, NUL characters, deep JSON,
// truncated or replaced bodies, bad path ids and query parameters, wrong content types, wrong
// methods, no or broken credentials — and sent as one of several demo roles, on a database
// holding the demo data set (records in every module, so that valid-ish ids reach the handlers'
// deep paths). It asserts: no answer ≥ 500 and no dropped connection, every 4xx is
// problem+json, a refused write (4xx on POST/PUT/PATCH/DELETE) changed no table's row count, no
// versioned record's version and no audit row, and /healthz still answers at the end.
//
//   FLEETKAM_RANDOM_SEED      the seed (default 18); the run is reproducible for a given day
//   FLEETKAM_RANDOM_REQUESTS  how many requests (default 1000, 400 on PostgreSQL; bench/random-requests.sh runs more)
//
// On SQLite and, with FLEETKAM_TEST_POSTGRES_URL, on PostgreSQL.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/demo.h"
#include "harness.h"
#include "platform/auth/password.h"
#include "platform/clock.h"

namespace fleetkam::test {
// A named namespace: the sanitizer build compiles tests in unity batches, where anonymous
// helpers of different files would clash.
namespace random_requests {

using nlohmann::json;

constexpr const char* kRrAdminPassword = "Chief-secret-2026";

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  return std::stoull(value);
}

// Percent-encodes every byte but the unreserved ones, so that a query value or path segment
// arrives exactly as generated (the client is told not to encode again).
std::string pct(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string b64url(const std::string& raw) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t n = (uint8_t(raw[i]) << 16) | (uint8_t(raw[i + 1]) << 8) | uint8_t(raw[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(n >> s) & 63];
  }
  if (i + 1 == raw.size()) {
    uint32_t n = uint8_t(raw[i]) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
  } else if (i + 2 == raw.size()) {
    uint32_t n = (uint8_t(raw[i]) << 16) | (uint8_t(raw[i + 1]) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
  }
  return out;
}

// A printable prefix of a body for the failure report.
std::string printable(const std::string& text, size_t max = 160) {
  std::string out;
  for (size_t i = 0; i < text.size() && out.size() < max; ++i) {
    unsigned char c = text[i];
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else if (c >= 0x80) {
      out += static_cast<char>(c);  // UTF-8 (or not) passes through: the log shows what was sent
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (text.size() > max) out += "…(" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string month_of(int64_t ms) { return clock::format_rfc3339(ms).substr(0, 7); }

struct Route {
  std::string method;  // GET, POST, …
  std::string pattern;
  std::vector<std::string> path_params;
  std::vector<json> query;  // OpenAPI parameter objects
  json body_schema;         // null: no JSON body documented
  bool signed_in = false;
};

struct Caller {
  std::string username;
  std::string password;
  Session session;
  bool usable = true;
  bool relogin = false;
};

struct Outgoing {
  std::string method;
  std::string path;  // with the query, already encoded
  std::string body;
  std::string content_type;  // empty: no Content-Type header
  httplib::Headers headers;
  std::string caller;  // username or "-" for none
};

struct Incoming {
  bool answered = false;
  int status = 0;
  std::string content_type;
  std::string body;
  std::string error;
  double ms = 0;
};

// Tallies for the summary line and the per-route table.
struct RouteTally {
  int64_t sent = 0, s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0;
  double max_ms = 0;
};

// The database's state as far as a refused request may not change it: per table its row count
// and the sum of `version` where the table has one (an update of a versioned record bumps it).
using Snapshot = std::map<std::string, std::pair<int64_t, int64_t>>;

class Generator {
 public:
  Generator(uint64_t seed, json schemas, std::map<std::string, std::vector<int64_t>> ids,
            std::vector<std::string> divisions, std::vector<std::string> directory_codes)
      : rng_(seed),
        schemas_(std::move(schemas)),
        ids_(std::move(ids)),
        divisions_(std::move(divisions)),
        directory_codes_(std::move(directory_codes)) {}

  uint64_t below(uint64_t n) { return n == 0 ? 0 : std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  std::mt19937_64& rng() { return rng_; }

  void remember_cursor(const std::string& cursor) {
    if (cursors_.size() < 200) cursors_.push_back(cursor);
  }

  // ---- valid-ish values
  std::string day(int from, int to) {
    return day_from_today(from + static_cast<int>(below(static_cast<uint64_t>(to - from + 1))));
  }
  std::string time_text() { return clock::format_rfc3339(clock::now_ms() - int64_t(below(30 * 86400)) * 1000); }
  std::string month_text(int back) { return month_of(clock::now_ms() - int64_t(back) * 31 * 86400000); }

  // A table's ids (or small numbers when the name matches no table).
  int64_t id_for(const std::string& name) {
    std::string base = name;
    for (char& c : base) c = c == '-' ? '_' : c;
    if (base.size() > 3 && base.ends_with("_id")) base = base.substr(0, base.size() - 3);
    static const std::map<std::string, std::string> aliases = {{"owner_user", "users"},
                                                               {"user", "users"},
                                                               {"registered_by", "users"},
                                                               {"owner", "users"},
                                                               {"assignee", "users"},
                                                               {"unit", "org_units"},
                                                               {"org_unit", "org_units"},
                                                               {"owner_unit", "org_units"},
                                                               {"parent", "org_units"},
                                                               {"dealer_unit", "org_units"},
                                                               {"dealer", "org_units"},
                                                               {"province", "org_units"},
                                                               {"region", "org_units"},
                                                               {"org", "org_units"},
                                                               {"units", "org_units"},
                                                               {"reports_to", "contacts"},
                                                               {"model", "vehicle_models"},
                                                               {"vehicle_model", "vehicle_models"},
                                                               {"models", "vehicle_models"},
                                                               {"inv", "event_invitations"},
                                                               {"invitation", "event_invitations"},
                                                               {"invitations", "event_invitations"},
                                                               {"competitor", "competitor_quotes"},
                                                               {"competitors", "agreement_competitors"},
                                                               {"followup", "satisfaction_followups"},
                                                               {"followups", "satisfaction_followups"},
                                                               {"item", "support_items"}};
    std::vector<std::string> candidates;
    if (auto a = aliases.find(base); a != aliases.end()) candidates.push_back(a->second);
    candidates.push_back(base);
    candidates.push_back(base + "s");
    candidates.push_back(base + "es");
    if (base.ends_with("y")) candidates.push_back(base.substr(0, base.size() - 1) + "ies");
    for (const auto& c : candidates) {
      auto found = ids_.find(c);
      if (found != ids_.end() && !found->second.empty()) return pick(found->second);
    }
    return 1 + static_cast<int64_t>(below(60));
  }

  std::string text_for(const std::string& name, const json& schema) {
    const std::string format = schema.value("format", "");
    std::string value;
    if (format == "date" || name.ends_with("_date") || name == "date" || name == "day") {
      value = day(-20, 60);
    } else if (format == "date-time" || name.ends_with("_at")) {
      value = time_text();
    } else if (name == "month" || name.ends_with("_month")) {
      value = month_text(static_cast<int>(below(3)));
    } else if (name.find("phone") != std::string::npos) {
      value = "138" + std::to_string(10000000 + below(89999999));
    } else if (name == "division_code" && !divisions_.empty()) {
      value = pick(divisions_);
    } else if (name == "code" && !directory_codes_.empty()) {
      value = pick(directory_codes_);
    } else if (name.find("password") != std::string::npos) {
      value = "Rr-pass-" + std::to_string(100000 + below(900000));
    } else if (name == "username") {
      value = "rr_user_" + std::to_string(++counter_);
    } else if (name == "url" || name.ends_with("_url")) {
      value = chance(0.5) ? "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=rr" + std::to_string(++counter_)
                          : "http://127.0.0.1:1/x";
    } else {
      static const std::vector<std::string> words = {"指挥车采购", "成都市公安局", "测试", "Test note", "巡逻车", "a",
                                                     "x y z",      "四川省",       "note", "评估者",    "张三"};
      value = pick(words) + std::to_string(++counter_);
    }
    if (schema.contains("maxLength")) {
      // Characters, not bytes: cut at a character boundary.
      size_t max = schema["maxLength"].get<size_t>();
      size_t chars = 0, i = 0;
      while (i < value.size() && chars < max) {
        unsigned char c = value[i];
        i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        ++chars;
      }
      value = value.substr(0, i);
    }
    return value;
  }

  int64_t integer_for(const std::string& name, const json& schema) {
    if (name == "version") return 1 + static_cast<int64_t>(below(3));
    if (name == "id" || name.ends_with("_id") || name.ends_with("_ids")) return id_for(name);
    int64_t min = schema.contains("minimum") ? schema["minimum"].get<int64_t>() : 0;
    int64_t max = schema.contains("maximum") ? schema["maximum"].get<int64_t>() : min + 100000;
    switch (below(4)) {
      case 0:
        return min;
      case 1:
        return max;
      default:
        return min + static_cast<int64_t>(below(static_cast<uint64_t>(std::min<int64_t>(max - min, 20)) + 1));
    }
  }

  const json& resolve(const json& schema) {
    if (schema.is_object() && schema.contains("$ref")) {
      std::string ref = schema["$ref"];
      auto name = ref.substr(ref.rfind('/') + 1);
      if (schemas_.contains(name)) return schemas_[name];
    }
    return schema;
  }

  json value_for(const json& raw_schema, const std::string& name, int depth) {
    const json& schema = resolve(raw_schema);
    if (!schema.is_object()) return nullptr;
    if (schema.contains("oneOf")) {
      const auto& options = schema["oneOf"];
      std::vector<json> non_null;
      for (const auto& o : options) {
        if (!(o.is_object() && o.value("type", "") == "null")) non_null.push_back(o);
      }
      if (non_null.empty() || chance(0.15)) return nullptr;
      return value_for(pick(non_null), name, depth);
    }
    if (schema.contains("enum") && schema["enum"].is_array() && !schema["enum"].empty()) {
      return schema["enum"][below(schema["enum"].size())];
    }
    std::string type = schema.contains("type") && schema["type"].is_string() ? schema["type"].get<std::string>() : "";
    if (type == "string") return text_for(name, schema);
    if (type == "integer") return integer_for(name, schema);
    if (type == "number") return static_cast<double>(below(10000)) / 10.0;
    if (type == "boolean") return chance(0.5);
    if (type == "array") {
      json out = json::array();
      if (depth > 6) return out;
      const json items = schema.contains("items") ? schema["items"] : json::object();
      size_t n = below(4);
      std::string item_name = name.ends_with("s") ? name.substr(0, name.size() - 1) : name;
      for (size_t i = 0; i < n; ++i) out.push_back(value_for(items, item_name, depth + 1));
      return out;
    }
    if (type == "object" || schema.contains("properties")) {
      json out = json::object();
      if (depth > 6) return out;
      std::set<std::string> required;
      if (schema.contains("required")) {
        for (const auto& r : schema["required"]) required.insert(r.get<std::string>());
      }
      if (schema.contains("properties")) {
        for (const auto& [key, sub] : schema["properties"].items()) {
          if (required.count(key) || chance(0.5)) out[key] = value_for(sub, key, depth + 1);
        }
      }
      return out;
    }
    // No type: any value.
    return chance(0.5) ? json(text_for(name, json::object())) : json(static_cast<int64_t>(below(100)));
  }

  // ---- mutations
  // Every node of a document, as JSON pointers (the root included).
  static void collect(const json& node, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
    out.push_back(at);
    if (node.is_object()) {
      for (const auto& [k, v] : node.items()) collect(v, at / k, out);
    } else if (node.is_array()) {
      for (size_t i = 0; i < node.size(); ++i) collect(node[i], at / i, out);
    }
  }

  // A raw token spliced into the serialised body where a marker string stands (numbers JSON
  // cannot hold in a double, invalid UTF-8, deep nesting).
  std::string raw_token() {
    switch (below(5)) {
      case 0: {
        static const std::vector<std::string> numbers = {"1e308",
                                                         "-1e308",
                                                         "1e309",
                                                         "-1e99999",
                                                         "-9223372036854775808",
                                                         "9223372036854775807",
                                                         "9223372036854775808",
                                                         "18446744073709551616",
                                                         "-18446744073709551617",
                                                         "1.0",
                                                         "1e2",
                                                         "0.5",
                                                         "-0",
                                                         "NaN",
                                                         "Infinity",
                                                         "-Infinity",
                                                         "0x10",
                                                         "01",
                                                         "123456789012345678901234567890",
                                                         "4.9e-324",
                                                         "2147483648",
                                                         "-2147483649",
                                                         "1E400"};
        return pick(numbers);
      }
      case 1: {
        static const std::vector<std::string> strings = {
            "\"ab\xff\xfe\"",       "\"\xc0\xaf\"",           "\"\xed\xa0\x80\"",
            "\"\xf4\x90\x80\x80\"", "\"\xe4\xb8\"",           "\"\\ud800\"",
            "\"\\udc00x\"",         "\"a\\u0000b\"",          "\"\\u0000\"",
            "\"\x01\x02\"",         "\"\\t\\n\\r\"",          "\"\xef\xbb\xbf\"",
            "\"\\u202e\\u200b\"",   "\"' OR 1=1 --\"",        "\"%s%n%x\"",
            "\"../../etc/passwd\"", "\"<script>x</script>\"", "\"\\uD83D\\uDE00\""};
        return pick(strings);
      }
      case 2: {
        static const std::vector<size_t> depths = {31, 32, 33, 64, 1000, 100000};
        size_t d = pick(depths);
        if (chance(0.5)) return std::string(d, '[') + std::string(d, ']');
        std::string out;
        for (size_t i = 0; i < d; ++i) out += "{\"a\":";
        out += "1";
        out += std::string(d, '}');
        return out;
      }
      case 3: {
        static const std::vector<std::string> odd = {"{}",   "[]",   "[null]", "{\"\":1}", "{\"a\":1,\"a\":2}",
                                                     "[[]]", "true", "null",   "\"\""};
        return pick(odd);
      }
      default: {
        // A long run of digits, or a string of the maximum lengths' neighbours.
        if (chance(0.5)) return std::string(1 + below(400), '9');
        return "\"" + std::string(1 + below(300), 'x') + "\"";
      }
    }
  }

  json huge_string() {
    switch (below(4)) {
      case 0:
        return std::string(100000, 'x');
      case 1: {
        std::string s;
        for (int i = 0; i < 40000; ++i) s += "中";
        return s;
      }
      case 2:
        return std::string(200 + below(5000), 'y');
      default:
        return std::string(1 + below(2100), 'z');
    }
  }

  json other_type(const json& current) {
    std::vector<json> options = {json("text"),        json(12345),    json(-1),       json(true),
                                 json(nullptr),       json::array(),  json::object(), json(1.5),
                                 json::array({1, 2}), json{{"a", 1}}, json(0),        json("")};
    for (int i = 0; i < 10; ++i) {
      json candidate = pick(options);
      if (candidate.type() != current.type()) return candidate;
    }
    return nullptr;
  }

  // Mutates `body` once; markers it leaves are replaced by raw tokens in `raws`.
  void mutate(json& body, std::map<std::string, std::string>& raws) {
    std::vector<json::json_pointer> nodes;
    collect(body, json::json_pointer(), nodes);
    const json::json_pointer at = pick(nodes);
    json& node = body[at];
    switch (below(8)) {
      case 0:
        node = other_type(node);
        break;
      case 1: {  // drop a field (required ones included)
        std::vector<json::json_pointer> objects;
        for (const auto& p : nodes) {
          if (body[p].is_object() && !body[p].empty()) objects.push_back(p);
        }
        if (objects.empty()) break;
        json& object = body[pick(objects)];
        auto it = object.begin();
        std::advance(it, static_cast<long>(below(object.size())));
        object.erase(it.key());
        break;
      }
      case 2: {  // an extra field
        std::vector<json::json_pointer> objects;
        for (const auto& p : nodes) {
          if (body[p].is_object()) objects.push_back(p);
        }
        if (objects.empty()) break;
        static const std::vector<std::string> names = {"unexpected", "id",      "created_at", "__proto__", "",
                                                       "version ",   "VERSION", "admin",      "role"};
        body[pick(objects)][pick(names)] = chance(0.5) ? json("x") : json(1);
        break;
      }
      case 3:
        node = huge_string();
        break;
      case 4:
      case 5: {
        std::string marker = "@@RR" + std::to_string(raws.size()) + "@@";
        raws["\"" + marker + "\""] = raw_token();
        node = marker;
        break;
      }
      case 6: {  // an empty string, zero or negative where a value was
        static const std::vector<json> edges = {json(""),         json(" "),       json(0),
                                                json(-1),         json(INT64_MIN), json(INT64_MAX),
                                                json(UINT64_MAX), json(1e308),     json(-0.0)};
        node = pick(edges);
        break;
      }
      default: {  // a value of the right type but out of bounds
        if (node.is_string()) {
          static const std::vector<std::string> texts = {
              "2026-02-30", "2025-13-01", "0000-00-00", "2026-2-3", "2026-02-28T25:61:00+08:00", "yesterday", "-1",
              "1e3",        "　",         "NULL",       "true"};
          node = chance(0.3) ? json(std::string("9999") + "-12-31") : json(pick(texts));
        } else if (node.is_number()) {
          node = chance(0.5) ? json(-static_cast<int64_t>(below(1000000))) : json(static_cast<int64_t>(1) << 53);
        } else if (node.is_array()) {
          json big = json::array();
          size_t n = chance(0.5) ? 1000 + below(20000) : 0;
          json item = node.empty() ? json(1) : node[0];
          for (size_t i = 0; i < n; ++i) big.push_back(item);
          node = big;
        } else {
          node = other_type(node);
        }
      }
    }
  }

  // A whole body that is not the document the route wants.
  std::string odd_body(const std::string& valid) {
    switch (below(12)) {
      case 0:
        return "";
      case 1:
        return valid.substr(0, below(valid.size() + 1));  // truncated
      case 2:
        return valid + (chance(0.5) ? "garbage" : ",{}");
      case 3: {
        static const std::vector<std::string> docs = {"null",  "[]",     "{}",      "\"text\"",   "0",
                                                      "true",  " ",      "\n",      "{\"a\":1,}", "{'a':1}",
                                                      "{a:1}", "[1,2,]", "{\"a\"}", "}{"};
        return pick(docs);
      }
      case 4:
        return "\xef\xbb\xbf" + valid;  // a byte-order mark
      case 5: {
        std::string bytes;
        size_t n = 1 + below(200);
        for (size_t i = 0; i < n; ++i) bytes += static_cast<char>(below(256));
        return bytes;
      }
      case 6: {
        size_t d = chance(0.5) ? 33 : 200000;
        return std::string(d, '[') + std::string(d, ']');
      }
      case 7:
        return std::string(1 + below(5000), '{');
      case 8:
        return "{\"x\":\"" + std::string((size_t{1} << 20) + 16, 'x') + "\"}";  // over the 1 MiB limit
      case 9: {
        // The same fields twice (the last one wins, or the reader refuses it).
        if (valid.size() > 2 && valid.front() == '{' && valid.back() == '}') {
          return valid.substr(0, valid.size() - 1) + "," + valid.substr(1);
        }
        return valid;
      }
      case 10: {
        // UTF-16 (what a Windows tool might send).
        std::string out;
        for (char c : valid) {
          out += c;
          out += '\0';
        }
        return out;
      }
      default:
        return "[" + valid + "]";
    }
  }

  std::string wrong_content_type() {
    static const std::vector<std::string> types = {"",
                                                   "text/plain",
                                                   "application/x-www-form-urlencoded",
                                                   "multipart/form-data; boundary=rr",
                                                   "application/json; charset=utf-16",
                                                   "APPLICATION/JSON",
                                                   "application/octet-stream",
                                                   "text/csv",
                                                   "application/jsonx",
                                                   "application/xml",
                                                   "application/json\x01"};
    return pick(types);
  }

  // A file for an upload route: CSV rows (UTF-8 or GB18030-ish bytes), or an .xlsx that is not one.
  std::string upload_body() {
    switch (below(5)) {
      case 0: {
        std::string csv = "名称,统一社会信用代码,行业,行政级别,行政区划代码,地址,客户分级,业务分类,采购方式,信息渠道\n";
        size_t rows = below(20);
        for (size_t i = 0; i < rows; ++i) {
          csv += "随机单位" + std::to_string(++counter_) + "," + (chance(0.5) ? "91510100MA6CXXXXXX" : "") +
                 ",police,municipal," + (divisions_.empty() ? "510100" : pick(divisions_)) +
                 ",地址,key,tender,tender," + "gov_procurement_site\n";
        }
        return csv;
      }
      case 1: {
        std::string bytes = "\xc3\xfb\xb3\xc6,\xb5\xd8\xd6\xb7\n";  // 名称,地址 in GB18030
        size_t n = below(300);
        for (size_t i = 0; i < n; ++i) bytes += static_cast<char>(below(256));
        return bytes;
      }
      case 2: {
        std::string zip = std::string("PK\x03\x04", 4);
        size_t n = below(400);
        for (size_t i = 0; i < n; ++i) zip += static_cast<char>(below(256));
        return zip;
      }
      case 3:
        return "name,division_code\n\"unterminated,510100\n" + std::string(below(3000), ',') + "\n";
      default:
        return "";
    }
  }

  std::string query_value(const json& parameter) {
    const std::string name = parameter.value("name", "");
    const std::string type = parameter.contains("schema") ? parameter["schema"].value("type", "string") : "string";
    if (name == "cursor" && !cursors_.empty() && chance(0.7)) return pick(cursors_);
    if (name == "limit") return std::to_string(1 + below(100));
    if (type == "integer") {
      if (name.ends_with("id")) return std::to_string(id_for(name));
      return std::to_string(below(50));
    }
    if (type == "boolean") return chance(0.5) ? "true" : "false";
    if (name == "from" || name == "to" || name.ends_with("_from") || name.ends_with("_to")) {
      return chance(0.5) ? day(-400, 30) : month_text(static_cast<int>(below(14)));
    }
    if (name == "month" || name == "period") return chance(0.7) ? month_text(static_cast<int>(below(3))) : "2024-W05";
    if (name == "division_code" && !divisions_.empty()) return pick(divisions_);
    if (name == "q") {
      static const std::vector<std::string> qs = {"成都", "cd", "chengdu", "公安", "gaj", "9151", "四川", "z"};
      return pick(qs);
    }
    static const std::vector<std::string> words = {
        "pending",       "approved",        "open",  "closed",  "dealer",
        "province",      "region",          "month", "unit",    "weekly_tracking",
        "monthly_stats", "monthly_summary", "xlsx",  "csv",     "won",
        "lost",          "submitted",       "late",  "missing", "police",
        "command",       "tender",          "key",   "all",     "open,late",
        "mine"};
    return pick(words);
  }

  std::string bad_query_value() {
    static const std::vector<std::string> values = {"-1",
                                                    "0",
                                                    "99999999999999999999",
                                                    "abc",
                                                    "",
                                                    "1.5",
                                                    "1e3",
                                                    "\xff\xfe",
                                                    std::string("\0", 1),
                                                    "2026-02-30",
                                                    std::string("2026-13") + "-01",
                                                    "0000-00-00",
                                                    "2026-W99",
                                                    "2026-00",
                                                    "true1",
                                                    "-9223372036854775808",
                                                    " 1",
                                                    "1,2,3",
                                                    ",,,",
                                                    "null",
                                                    "[]",
                                                    "%",
                                                    "ALL"};
    switch (below(5)) {
      case 0:
        return std::string(1 + below(10000), 'q');
      case 1:
        return std::string("9999") + "-12-31";
      default:
        return pick(values);
    }
  }

  std::string bad_cursor() {
    switch (below(8)) {
      case 0:
        return "!!!";
      case 1:
        return std::string(100 + below(2000), 'A');
      case 2:
        return b64url("i-5");
      case 3:
        return b64url("i99999999999999999999");
      case 4:
        return b64url("s5:\xff\xfe");
      case 5:
        return b64url(chance(0.5) ? "s9223372036854775807:zzz" : "s1:" + std::string(500, 'z'));
      case 6: {
        // A sorted cursor whose sort value is of the wrong kind (text where a date or number sorts).
        static const std::vector<std::string> sorts = {"abc",
                                                       "",
                                                       "2026-02-30",
                                                       "-1",
                                                       "1e308",
                                                       "9999999999999999999",
                                                       "9223372036854775807",
                                                       "9223372036854775808",
                                                       "922337203685477581",
                                                       "null",
                                                       "0|x",
                                                       "\x01"};
        return b64url("s" + std::to_string(id_for("")) + ":" + pick(sorts));
      }
      default:
        return b64url("i" + std::to_string(id_for("")) + "x");
    }
  }

  std::string path_value(const std::string& param, const std::string& previous_segment) {
    const bool numeric = param.ends_with("id");
    if (chance(0.82)) {
      if (numeric) return std::to_string(id_for(param == "id" ? previous_segment : param));
      if (param == "period") {
        return chance(0.6) ? month_text(static_cast<int>(below(4)))
                           : clock::format_rfc3339(clock::now_ms()).substr(0, 4) + "-W0" + std::to_string(1 + below(9));
      }
      if (param == "kind") {
        static const std::vector<std::string> kinds = {"weekly_tracking", "monthly_stats", "monthly_summary"};
        return pick(kinds);
      }
      if (param == "directory") {
        static const std::vector<std::string> dirs = {"industries", "vehicle_types", "source_channels"};
        return pick(dirs);
      }
      if (param == "code" && !directory_codes_.empty()) return pick(directory_codes_);
      return "x";
    }
    static const std::vector<std::string> numbers = {"0",
                                                     "9223372036854775807",
                                                     "9223372036854775808",
                                                     "99999999999999999999999",
                                                     "00000000000000000001",
                                                     std::string(1000, '7'),
                                                     "1",
                                                     "2147483648"};
    static const std::vector<std::string> periods = {"2026-13",  "2026-00", "0000-01",  "2026-W00", "2026-W54",
                                                     "2026-W99", "1970-01", "2020-W53", "2021-W53"};
    static const std::vector<std::string> texts = {"abc", "a_b", std::string(5000, 'z'), "x9", "select", "null"};
    static const std::vector<std::string> junk = {"-1", "1.5", "%00", "%FF", "abc", "", "..", "1e3", "%2e%2e"};
    if (chance(0.3)) return pick(junk);
    if (numeric) return pick(numbers);
    if (param == "period") return pick(periods);
    return pick(texts);
  }

 private:
  std::mt19937_64 rng_;
  json schemas_;
  std::map<std::string, std::vector<int64_t>> ids_;
  std::vector<std::string> divisions_;
  std::vector<std::string> directory_codes_;
  std::vector<std::string> cursors_;
  int64_t counter_ = 0;
};

class RandomRequests : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    use_test_password_cost();
    // One line per request would drown the report; errors (a 500's cause) still print.
    previous_level_ = spdlog::get_level();
    spdlog::set_level(spdlog::level::warn);
    app::Config config;
    config.database_url = fresh_database_url("rr");
    config.port = 0;
    config.threads = 8;
    config.admin_password = kRrAdminPassword;
    config.web_root = make_web_root();
    config.demo = true;  // records in every module: valid-ish ids reach the handlers' deep paths
    app_ = std::make_unique<app::App>(config);
    auto info = app_->prepare();
    ASSERT_TRUE(info.demo_loaded);
    port_ = app_->bind();
    thread_ = std::make_unique<std::thread>([] { app_->run(); });
  }
  static void TearDownTestSuite() {
    app_->stop();
    thread_->join();
    thread_.reset();
    app_.reset();
    spdlog::set_level(previous_level_);
  }

  static std::unique_ptr<app::App> app_;
  static std::unique_ptr<std::thread> thread_;
  static int port_;
  static spdlog::level::level_enum previous_level_;
};

std::unique_ptr<app::App> RandomRequests::app_;
std::unique_ptr<std::thread> RandomRequests::thread_;
int RandomRequests::port_ = 0;
spdlog::level::level_enum RandomRequests::previous_level_ = spdlog::level::info;

// Tables a refused request may legitimately change:
//  - auth_throttle and login_failures: a refused sign-in (401/429) or a wrong current password
//    on /me/password (422) is counted — that is the throttle's whole purpose;
//  - sessions: a request authenticates before it is refused, and authenticating refreshes the
//    session's last-seen time (at most once a minute) — not a row count, but excluded on principle
//    since what a session row holds is the caller's, not the refused request's.
const std::set<std::string>& unguarded_tables() {
  static const std::set<std::string> tables = {"auth_throttle", "login_failures", "sessions"};
  return tables;
}

struct Schema {
  std::vector<std::string> tables;
  std::set<std::string> versioned;
  std::set<std::string> with_id;
};

Schema read_schema(db::Database& database) {
  Schema s;
  const bool pg = database.dialect() == db::Dialect::postgres;
  database.read([&](db::Connection& c) {
    auto rows = c.query(pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                             "AND table_type = 'BASE TABLE' ORDER BY table_name"
                           : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "ORDER BY name");
    for (const auto& row : rows) s.tables.push_back(row.text(0));
    auto columns = c.query(pg ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                                "current_schema() AND column_name IN ('id', 'version')"
                              : "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE "
                                "m.type = 'table' AND p.name IN ('id', 'version')");
    for (const auto& row : columns) (row.text(1) == "id" ? s.with_id : s.versioned).insert(row.text(0));
  });
  return s;
}

std::string snapshot_sql(const Schema& s) {
  std::string sql;
  for (const auto& table : s.tables) {
    if (unguarded_tables().count(table) || table == "schema_migrations") continue;
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT '" + table + "', COUNT(*), " +
           (s.versioned.count(table) ? "CAST(COALESCE(SUM(version), 0) AS BIGINT)" : std::string("0")) + " FROM " +
           table;
  }
  return sql;
}

Snapshot take_snapshot(db::Database& database, const std::string& sql) {
  Snapshot out;
  database.read([&](db::Connection& c) {
    for (const auto& row : c.query(sql)) out[row.text(0)] = {row.integer(1), row.integer(2)};
  });
  return out;
}

std::string snapshot_diff(const Snapshot& before, const Snapshot& after) {
  std::string out;
  for (const auto& [table, counts] : after) {
    auto found = before.find(table);
    if (found == before.end() || found->second != counts) {
      auto old = found == before.end() ? std::pair<int64_t, int64_t>{0, 0} : found->second;
      out += " " + table + " rows " + std::to_string(old.first) + "→" + std::to_string(counts.first);
      if (old.second != counts.second) {
        out += " versions " + std::to_string(old.second) + "→" + std::to_string(counts.second);
      }
    }
  }
  return out;
}

TEST_F(RandomRequests, NoServerErrorsAndRefusedWritesWriteNothing) {
  const uint64_t seed = env_number("FLEETKAM_RANDOM_SEED", 18);
  // CI's share: 1,000 on SQLite; 400 on PostgreSQL, where what differs is the SQL beneath (the
  // parsing and validation the mutations aim at are the same code), to keep make test under 20 min
  const int64_t total = static_cast<int64_t>(env_number("FLEETKAM_RANDOM_REQUESTS", using_postgres() ? 400 : 1000));
  db::Database& database = app_->database();

  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(120, 0);
  client.set_write_timeout(30, 0);
  client.set_keep_alive(true);
  client.set_url_encode(false);  // paths and queries are sent exactly as generated

  auto send = [&](const Outgoing& out) {
    Incoming in;
    auto started = std::chrono::steady_clock::now();
    auto once = [&]() -> httplib::Result {
      if (out.method == "GET") return client.Get(out.path, out.headers);
      if (out.method == "POST") return client.Post(out.path, out.headers, out.body, out.content_type);
      if (out.method == "PUT") return client.Put(out.path, out.headers, out.body, out.content_type);
      if (out.method == "PATCH") return client.Patch(out.path, out.headers, out.body, out.content_type);
      return client.Delete(out.path, out.headers, out.body, out.content_type);
    };
    httplib::Result result = once();
    // One retry: a keep-alive connection the server closed after an earlier refusal (413) may
    // fail the next request's write; the second attempt opens a new one.
    if (!result) result = once();
    in.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!result) {
      in.error = httplib::to_string(result.error());
      return in;
    }
    in.answered = true;
    in.status = result->status;
    in.content_type = result->get_header_value("Content-Type");
    in.body = result->body;
    return in;
  };

  // The document the routes come from.
  Outgoing doc_request{"GET", "/api/v1/openapi.json", "", "", {}, "-"};
  auto doc_answer = send(doc_request);
  ASSERT_EQ(doc_answer.status, 200);
  const json document = json::parse(doc_answer.body);
  std::vector<Route> routes;
  std::map<std::string, std::set<std::string>> methods_of;
  for (const auto& [pattern, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      Route r;
      r.method = method == "delete" ? "DELETE" : method;
      std::transform(r.method.begin(), r.method.end(), r.method.begin(), ::toupper);
      r.pattern = pattern;
      r.signed_in = operation.contains("security");
      if (operation.contains("parameters")) {
        for (const auto& p : operation["parameters"]) {
          if (p["in"] == "path") r.path_params.push_back(p["name"]);
          if (p["in"] == "query") r.query.push_back(p);
        }
      }
      if (operation.contains("requestBody")) {
        r.body_schema = operation["requestBody"]["content"]["application/json"]["schema"];
      }
      methods_of[pattern].insert(r.method);
      routes.push_back(r);
    }
  }
  ASSERT_GT(routes.size(), 100u) << "the OpenAPI document lists the routes";

  // Ids of every table with an `id`, division codes and directory codes: the valid-ish values.
  const Schema schema = read_schema(database);
  std::map<std::string, std::vector<int64_t>> ids;
  std::vector<std::string> divisions, directory_codes;
  database.read([&](db::Connection& c) {
    for (const auto& table : schema.with_id) {
      for (const auto& row : c.query("SELECT id FROM " + table + " ORDER BY id LIMIT 3000")) {
        ids[table].push_back(row.integer(0));
      }
    }
    for (const auto& row : c.query("SELECT DISTINCT division_code FROM accounts ORDER BY division_code LIMIT 200")) {
      divisions.push_back(row.text(0));
    }
    for (const auto& row : c.query("SELECT code FROM directory_entries ORDER BY code LIMIT 300")) {
      directory_codes.push_back(row.text(0));
    }
  });
  const std::string snapshot_query = snapshot_sql(schema);
  Generator gen(seed, document["components"]["schemas"], ids, divisions, directory_codes);

  // The callers: admin and demo users of several roles.
  Api api(port_);
  std::vector<Caller> callers;
  callers.push_back({"admin", kRrAdminPassword, {}, true, false});
  for (const char* name :
       {"director", "executive", "ka_staff", "rd_southwest", "am_sichuan", "dm_chengdu", "rep_chengdu", "rep_zigong"}) {
    callers.push_back({name, app::demo_password(), {}, true, false});
  }
  auto sign_in = [&](Caller& caller) {
    // Random sign-ins from this address fail by the hundred: clear the throttle (a test-only
    // shortcut: its counts are not what this test checks) so that a session a random request
    // ended can be replaced.
    database.write([](db::Connection& c) { c.execute("DELETE FROM auth_throttle"); });
    auto r = api.request("POST", "/api/v1/auth/login",
                         json{{"username", caller.username}, {"password", caller.password}}.dump());
    caller.relogin = false;
    if (r.status != 200) {
      std::cout << "[random] " << caller.username << " can no longer sign in (" << r.status
                << "); its requests go to the others\n";
      caller.usable = false;
      return;
    }
    caller.session = {r.body["token"], r.body["csrf_token"], r.body["user"]["id"]};
  };
  for (auto& caller : callers) {
    sign_in(caller);
    ASSERT_TRUE(caller.usable) << caller.username;
  }
  std::set<int64_t> own_user_ids;
  for (const auto& caller : callers) own_user_ids.insert(caller.session.user_id);

  std::map<std::string, RouteTally> by_route;
  std::map<int, int64_t> by_status;
  std::vector<std::string> server_errors, not_problem, dropped, wrote;
  int64_t refused_writes_checked = 0, sent_count = 0;
  std::vector<size_t> order;
  const auto run_started = std::chrono::steady_clock::now();

  for (int64_t n = 0; n < total; ++n) {
    // Every route in turn, in a shuffled order per round, so that each is covered evenly.
    if (order.empty()) {
      order.resize(routes.size());
      for (size_t i = 0; i < routes.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), gen.rng());
    }
    const Route& route = routes[order.back()];
    order.pop_back();

    Outgoing out;
    out.method = route.method;
    // A method the path does not have, now and then.
    if (gen.chance(0.02)) {
      static const std::vector<std::string> all = {"GET", "POST", "PUT", "PATCH", "DELETE"};
      std::string m = gen.pick(all);
      if (!methods_of[route.pattern].count(m)) out.method = m;
    }

    // The path: ids of records (mostly real), or junk.
    std::string path;
    {
      std::string rest = route.pattern;
      std::string previous;
      size_t pos = 0;
      while (pos < rest.size()) {
        auto open = rest.find('{', pos);
        if (open == std::string::npos) {
          path += rest.substr(pos);
          break;
        }
        path += rest.substr(pos, open - pos);
        auto close = rest.find('}', open);
        const std::string param = rest.substr(open + 1, close - open - 1);
        auto seg_end = open - 1;
        auto seg_start = rest.rfind('/', seg_end - 1);
        previous = rest.substr(seg_start + 1, seg_end - seg_start - 1);
        std::string value = gen.path_value(param, previous);
        // Our own callers are not disabled, moved or given a new password by a random admin request
        // (their sessions would end, and the rest of the run would lose a role).
        if (route.pattern.rfind("/api/v1/users/{id}", 0) == 0 && param == "id") {
          // The demo's users are all ours: another existing one is a user a random admin created.
          if (own_user_ids.count(std::atoll(value.c_str()))) value = std::to_string(gen.id_for("users"));
          if (own_user_ids.count(std::atoll(value.c_str()))) value = "999999";
        }
        path += value.find('%') != std::string::npos ? value : pct(value);
        pos = close + 1;
      }
    }

    // The query: documented parameters valid-ish, some of them bad, unknown ones, repeats.
    std::vector<std::pair<std::string, std::string>> query;
    for (const auto& p : route.query) {
      if (gen.chance(0.45)) query.push_back({p["name"], gen.query_value(p)});
    }
    if (gen.chance(0.3)) {
      std::string name = !route.query.empty() && gen.chance(0.8)
                             ? route.query[gen.below(route.query.size())]["name"].get<std::string>()
                             : std::string(gen.chance(0.5) ? "limit" : "cursor");
      std::string value = name == "cursor" ? gen.bad_cursor() : gen.bad_query_value();
      query.push_back({name, value});
    }
    if (gen.chance(0.05)) query.push_back({"unknown_" + std::to_string(gen.below(9)), "1"});
    if (gen.chance(0.03) && !query.empty()) query.push_back(query.front());
    if (!query.empty()) {
      path += "?";
      for (size_t i = 0; i < query.size(); ++i) {
        if (i) path += "&";
        path += pct(query[i].first) + "=" + pct(query[i].second);
      }
    }
    out.path = path;

    // The body.
    const bool upload = route.pattern.find("import") != std::string::npos;
    if (out.method != "GET") {
      if (!route.body_schema.is_null() && out.method == route.method) {
        json body = gen.value_for(route.body_schema, "", 0);
        std::map<std::string, std::string> raws;
        const double roll = std::uniform_real_distribution<double>(0, 1)(gen.rng());
        if (roll < 0.25) {
          out.body = body.dump();
        } else if (roll < 0.85) {
          size_t mutations = 1 + gen.below(3);
          for (size_t i = 0; i < mutations; ++i) gen.mutate(body, raws);
          out.body = body.dump();
          for (const auto& [marker, raw] : raws) {
            auto at = out.body.find(marker);
            if (at != std::string::npos) out.body.replace(at, marker.size(), raw);
          }
        } else {
          out.body = gen.odd_body(body.dump());
        }
        out.content_type = gen.chance(0.88) ? (gen.chance(0.2) ? "application/json; charset=utf-8" : "application/json")
                                            : gen.wrong_content_type();
      } else if (upload) {
        out.body = gen.upload_body();
        static const std::vector<std::string> types = {
            "text/csv",
            "application/octet-stream",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/json",
            "",
            "application/x-www-form-urlencoded"};
        out.content_type = gen.pick(types);
      } else {
        switch (gen.below(4)) {
          case 0:
          case 1:
            break;  // no body (the usual action request)
          case 2:
            out.body = gen.odd_body("{\"note\":\"x\"}");
            out.content_type = "application/json";
            break;
          default:
            out.body = "{}";
            out.content_type = gen.chance(0.8) ? "application/json" : gen.wrong_content_type();
        }
      }
    }

    // The caller: a role's session by Bearer or by cookie (with, without or with a wrong CSRF
    // token), nobody, or a token that is not one.
    std::vector<Caller*> usable;
    for (auto& c : callers) {
      if (c.usable) usable.push_back(&c);
    }
    Caller* caller = nullptr;
    const double who = std::uniform_real_distribution<double>(0, 1)(gen.rng());
    if (who < 0.04 || usable.empty()) {
      out.caller = "-";
    } else if (who < 0.06) {
      out.caller = "bogus";
      out.headers.emplace("Authorization", gen.chance(0.5) ? "Bearer " + std::string(43, 'A') : "Bearer \xff\xfe");
    } else {
      caller = gen.pick(usable);
      if (caller->relogin) sign_in(*caller);
      if (!caller->usable) {
        caller = nullptr;
        out.caller = "-";
      } else {
        out.caller = caller->username;
        if (gen.chance(0.75)) {
          out.headers.emplace("Authorization", "Bearer " + caller->session.token);
        } else {
          out.headers.emplace("Cookie", "fleetkam_session=" + caller->session.token);
          const double csrf = std::uniform_real_distribution<double>(0, 1)(gen.rng());
          if (csrf < 0.88) {
            out.headers.emplace("X-CSRF-Token", caller->session.csrf);
          } else if (csrf < 0.95) {
            out.headers.emplace("X-CSRF-Token", "wrong");
          }
        }
      }
    }

    const bool write = out.method != "GET";
    Snapshot before;
    if (write) before = take_snapshot(database, snapshot_query);
    Incoming in = send(out);
    ++sent_count;
    const std::string key = route.method + " " + route.pattern;
    auto& tally = by_route[key];
    ++tally.sent;
    tally.max_ms = std::max(tally.max_ms, in.ms);
    const std::string what = out.method + " " + printable(out.path, 200) + " as " + out.caller + " [" +
                             out.content_type + "] body " + printable(out.body);
    if (!in.answered) {
      dropped.push_back(what + " → no answer (" + in.error + ")");
      continue;
    }
    ++by_status[in.status];
    const int cls = in.status / 100;
    (cls == 2 ? tally.s2xx : cls == 3 ? tally.s3xx : cls == 4 ? tally.s4xx : tally.s5xx)++;
    if (in.status >= 500) {
      server_errors.push_back(what + " → " + std::to_string(in.status) + " " + printable(in.body, 200));
    }
    if (cls == 4 && in.content_type.rfind("application/problem+json", 0) != 0) {
      not_problem.push_back(what + " → " + std::to_string(in.status) + " " + in.content_type + " " +
                            printable(in.body, 120));
    }
    if (write && cls == 4) {
      ++refused_writes_checked;
      auto diff = snapshot_diff(before, take_snapshot(database, snapshot_query));
      if (!diff.empty()) {
        wrote.push_back(what + " → " + std::to_string(in.status) + " " + printable(in.body, 160) + " wrote:" + diff);
      }
    }
    if (in.status == 200 && in.body.size() < 4000000) {
      auto parsed = json::parse(in.body, nullptr, false);
      if (parsed.is_object() && parsed.contains("next_cursor") && parsed["next_cursor"].is_string()) {
        gen.remember_cursor(parsed["next_cursor"]);
      }
    }
    // A session a request ended (sign-out, a unit moved, …) is replaced before its next use.
    if (caller && (in.status == 401 ||
                   (cls == 2 && (route.pattern == "/api/v1/auth/logout" || route.pattern == "/api/v1/me/password")))) {
      caller->relogin = true;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started).count();

  // The server still answers.
  auto health = send(Outgoing{"GET", "/healthz", "", "", {}, "-"});
  EXPECT_EQ(health.status, 200) << "the server answers /healthz after the run";

  // The report: one summary line, then a line per route.
  int64_t c2 = 0, c3 = 0, c4 = 0, c5 = 0;
  for (const auto& [status, count] : by_status) {
    (status / 100 == 2 ? c2 : status / 100 == 3 ? c3 : status / 100 == 4 ? c4 : c5) += count;
  }
  std::ostringstream statuses;
  for (const auto& [status, count] : by_status) statuses << " " << status << "×" << count;
  std::cout << "[random] " << (using_postgres() ? "postgresql" : "sqlite") << " seed=" << seed
            << " requests=" << sent_count << " routes=" << routes.size() << " in " << std::fixed << std::setprecision(1)
            << seconds << " s: 2xx=" << c2 << " 3xx=" << c3 << " 4xx=" << c4 << " 5xx=" << c5
            << " dropped=" << dropped.size() << " refused_writes_checked=" << refused_writes_checked
            << " writes_by_refused=" << wrote.size() << " non_problem_4xx=" << not_problem.size()
            << " | by status:" << statuses.str() << "\n";
  if (std::getenv("FLEETKAM_RANDOM_ROUTES")) {
    for (const auto& [route, t] : by_route) {
      std::cout << "[random]   " << route << " sent=" << t.sent << " 2xx=" << t.s2xx << " 4xx=" << t.s4xx
                << " 5xx=" << t.s5xx << " max=" << std::setprecision(0) << t.max_ms << "ms\n";
    }
  } else {
    // The slowest routes, for the bench notes; FLEETKAM_RANDOM_ROUTES=1 prints every route.
    std::vector<std::pair<double, std::string>> slow;
    for (const auto& [route, t] : by_route) slow.push_back({t.max_ms, route});
    std::sort(slow.rbegin(), slow.rend());
    std::cout << "[random] slowest:";
    for (size_t i = 0; i < std::min<size_t>(5, slow.size()); ++i) {
      std::cout << " " << slow[i].second << " " << std::setprecision(0) << slow[i].first << "ms;";
    }
    std::cout << "\n";
  }

  auto report = [](const char* title, const std::vector<std::string>& lines) {
    std::ostringstream s;
    s << lines.size() << " " << title << ":\n";
    for (size_t i = 0; i < std::min<size_t>(lines.size(), 40); ++i) s << "  " << lines[i] << "\n";
    return s.str();
  };
  EXPECT_TRUE(server_errors.empty()) << report("answers ≥ 500", server_errors);
  EXPECT_TRUE(dropped.empty()) << report("requests without an answer", dropped);
  EXPECT_TRUE(not_problem.empty()) << report("4xx answers that are not problem+json", not_problem);
  EXPECT_TRUE(wrote.empty()) << report("refused writes that wrote", wrote);
}

}  // namespace random_requests
}  // namespace fleetkam::test
