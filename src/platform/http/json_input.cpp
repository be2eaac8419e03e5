#include "platform/http/json_input.h"

#include <cmath>

namespace fleetkam::http {

bool valid_utf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int length;
    uint32_t code;
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > n) return false;
    for (int k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // overlong forms, surrogates and values past U+10FFFF are not UTF-8
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
        code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

namespace {

// Replaces each invalid byte by U+F8FF so the document can still be parsed to find the field.
std::string mark_invalid_bytes(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t length = 1;
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (c < 0x80) {
      out += text[i++];
    } else if (length && i + length <= text.size() && valid_utf8(text.substr(i, length))) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xA3\xBF";
      ++i;
    }
  }
  return out;
}

std::optional<std::string> field_with_marker(const nlohmann::json& value, const std::string& path) {
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().find("\xEF\xA3\xBF") != std::string::npos) return path;
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (key.find("\xEF\xA3\xBF") != std::string::npos) return path.empty() ? "(field name)" : path;
      std::string child_path = path;
      if (!child_path.empty()) child_path += '.';
      child_path += key;
      if (auto found = field_with_marker(child, child_path)) return found;
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      if (auto found = field_with_marker(value[i], path + "[" + std::to_string(i) + "]")) return found;
    }
  }
  return std::nullopt;
}

}  // namespace

bool json_nesting_within(std::string_view raw, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, a quote included, never ends the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

void check_json_bounds(std::string_view raw) {
  if (raw.size() > kMaxJsonBody) throw AppError(413, "payload_too_large", "the request body is larger than 1 MiB");
  if (!json_nesting_within(raw, kMaxJsonDepth)) {
    throw BadRequest(
        "the request body nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth) + " levels",
        "json_too_deep");
  }
}

nlohmann::json parse_json_object(const std::string& raw) {
  check_json_bounds(raw);
  if (!valid_utf8(raw)) {
    std::string field = "(body)";
    auto marked = nlohmann::json::parse(mark_invalid_bytes(raw), nullptr, false);
    if (!marked.is_discarded()) {
      if (auto found = field_with_marker(marked, "")) field = *found;
    }
    throw BadRequest("the request body is not valid UTF-8", "invalid_utf8",
                     {{field, "is not valid UTF-8", "invalid_utf8"}});
  }
  auto body = nlohmann::json::parse(raw, nullptr, false);
  if (body.is_discarded()) throw BadRequest("the request body is not valid JSON", "malformed_json");
  if (!body.is_object()) throw BadRequest("the request body must be a JSON object", "malformed_json");
  return body;
}

JsonInput::JsonInput(const std::string& raw, const std::set<std::string>& allowed) : body_(parse_json_object(raw)) {
  for (const auto& [key, value] : body_.items()) {
    if (!allowed.count(key)) errors_.push_back({key, "is not a field of this request", "unknown_field"});
  }
}

bool JsonInput::has(const std::string& field) const {
  auto it = body_.find(field);
  return it != body_.end() && !it->is_null();
}

void JsonInput::add_error(std::string field, std::string message, std::string code) {
  errors_.push_back({std::move(field), std::move(message), std::move(code)});
}

void JsonInput::finish() const {
  if (!errors_.empty()) throw Invalid(errors_);
}

const nlohmann::json* JsonInput::find(const std::string& field, const char* type) {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return nullptr;
  bool ok = false;
  std::string_view t(type);
  if (t == "string") ok = it->is_string();
  if (t == "integer") {
    // a whole float (3.0, 1e20) counts; optional_integer checks its range before any cast
    ok = it->is_number_integer() || (it->is_number_float() && std::trunc(it->get<double>()) == it->get<double>());
  }
  if (t == "boolean") ok = it->is_boolean();
  if (!ok) {
    add_error(field, std::string("must be a ") + type, "wrong_type");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonInput::optional_string(const std::string& field, size_t max_length, size_t min_length) {
  const auto* value = find(field, "string");
  if (!value) return std::nullopt;
  const auto& text = value->get_ref<const std::string&>();
  // length in characters (code points), which is what a person counts
  size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  if (characters > max_length) {
    add_error(field, "must be at most " + std::to_string(max_length) + " characters", "too_long");
    return std::nullopt;
  }
  if (characters == 0 && min_length > 0) {
    add_error(field, "must not be empty", "required");
    return std::nullopt;
  }
  if (characters < min_length) {
    add_error(field, "must be at least " + std::to_string(min_length) + " characters", "too_short");
    return std::nullopt;
  }
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\n' && c != '\t') {
      add_error(field, "must not contain control characters", "invalid_value");
      return std::nullopt;
    }
  }
  return text;
}

std::string JsonInput::required_string(const std::string& field, size_t max_length, size_t min_length) {
  bool present = has(field);
  auto value = optional_string(field, max_length, min_length);
  if (!present) add_error(field, "is required", "required");
  if (value) {
    bool blank = value->find_first_not_of(" \t\n") == std::string::npos;
    if (blank && min_length > 0) {
      add_error(field, "must not be empty", "required");
      return {};
    }
  }
  return value.value_or("");
}

std::optional<int64_t> JsonInput::optional_integer(const std::string& field, int64_t min, int64_t max) {
  const auto* value = find(field, "integer");
  if (!value) return std::nullopt;
  if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    add_error(field, "is too large", "invalid_value");
    return std::nullopt;
  }
  if (value->is_number_float() &&
      !(value->get<double>() >= -9223372036854775808.0 && value->get<double>() < 9223372036854775808.0)) {
    // casting it to int64_t would be undefined (UndefinedBehaviorSanitizer's float-cast-overflow)
    add_error(field, "is too large", "invalid_value");
    return std::nullopt;
  }
  int64_t number = value->is_number_float() ? static_cast<int64_t>(value->get<double>()) : value->get<int64_t>();
  if (number < min || number > max) {
    add_error(field, "must be between " + std::to_string(min) + " and " + std::to_string(max), "invalid_value");
    return std::nullopt;
  }
  return number;
}

int64_t JsonInput::required_integer(const std::string& field, int64_t min, int64_t max) {
  bool present = has(field);
  auto value = optional_integer(field, min, max);
  if (!present) add_error(field, "is required", "required");
  return value.value_or(0);
}

std::optional<bool> JsonInput::optional_bool(const std::string& field) {
  const auto* value = find(field, "boolean");
  if (!value) return std::nullopt;
  return value->get<bool>();
}

bool JsonInput::required_bool(const std::string& field) {
  bool present = has(field);
  auto value = optional_bool(field);
  if (!present) add_error(field, "is required", "required");
  return value.value_or(false);
}

std::optional<std::string> JsonInput::optional_enum(const std::string& field, const std::vector<std::string>& choices) {
  auto value = optional_string(field, 64);
  if (!value) return std::nullopt;
  for (const auto& choice : choices) {
    if (*value == choice) return value;
  }
  std::string list;
  for (const auto& choice : choices) list += (list.empty() ? "" : ", ") + choice;
  add_error(field, "must be one of: " + list, "invalid_value");
  return std::nullopt;
}

std::string JsonInput::required_enum(const std::string& field, const std::vector<std::string>& choices) {
  bool present = has(field);
  auto value = optional_enum(field, choices);
  if (!present) add_error(field, "is required", "required");
  return value.value_or("");
}

}  // namespace fleetkam::http
