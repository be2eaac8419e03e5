#include "modules/notifications/wecom.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace fleetkam::notifications::wecom {
namespace {

constexpr const char* kWeComPrefix = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=";
constexpr const char* kLoopbackPrefix = "http://127.0.0.1:";
constexpr size_t kMaxUrlLength = 500;
constexpr size_t kMaxKeyLength = 100;
constexpr const char* kEllipsis = "…";

bool key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// The longest prefix of `text` of at most `bytes` bytes that ends on a UTF-8 character boundary.
std::string utf8_prefix(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string one_line(std::string text) {
  for (auto& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

std::string loopback_problem(const std::string& url) {
  size_t at = std::string(kLoopbackPrefix).size();
  size_t digits = 0;
  int64_t port = 0;
  while (at < url.size() && url[at] >= '0' && url[at] <= '9' && digits < 6) {
    port = port * 10 + (url[at] - '0');
    ++at;
    ++digits;
  }
  if (digits == 0 || port < 1 || port > 65535) return "a local test receiver needs a port from 1 to 65535";
  if (at >= url.size() || url[at] != '/') return "a local test receiver's URL needs a path after the port";
  for (; at < url.size(); ++at) {
    unsigned char c = static_cast<unsigned char>(url[at]);
    if (c <= 0x20 || c >= 0x7F || c == '#' || c == '@' || c == '\\') return "the URL holds a character it may not";
  }
  return "";
}

}  // namespace

std::optional<std::string> url_problem(const std::string& url, const UrlPolicy& policy) {
  if (url.size() > kMaxUrlLength) return "the URL is longer than 500 characters";
  if (policy.allow_loopback_http && starts_with(url, kLoopbackPrefix)) {
    auto problem = loopback_problem(url);
    if (problem.empty()) return std::nullopt;
    return problem;
  }
  const std::string prefix = kWeComPrefix;
  if (!starts_with(url, prefix)) {
    return "use the group robot's webhook address as WeCom gives it: " + prefix + "…";
  }
  std::string key = url.substr(prefix.size());
  if (key.empty()) return "the URL has no key";
  if (key.size() > kMaxKeyLength) return "the key is longer than 100 characters";
  for (char c : key) {
    if (!key_character(c)) return "the key holds a character other than letters, digits and '-'";
  }
  return std::nullopt;
}

std::string mask_url(const std::string& url) {
  size_t query = url.find('?');
  if (query == std::string::npos) return url;
  size_t at = std::string::npos;
  for (const char* marker : {"?key=", "&key="}) {
    size_t found = url.find(marker, query);
    if (found != std::string::npos && (at == std::string::npos || found < at)) at = found;
  }
  if (at == std::string::npos) return url;
  size_t begin = at + 5;
  size_t end = url.find('&', begin);
  if (end == std::string::npos) end = url.size();
  size_t length = end - begin;
  std::string masked = url.substr(begin, length);
  size_t keep = length >= 12 ? 4 : 0;
  for (size_t i = keep; i + keep < length; ++i) masked[i] = '*';
  return url.substr(0, begin) + masked + url.substr(end);
}

std::string reminder_line(const std::string& person, const std::string& title, const std::string& body,
                          const std::string& link, const std::string& public_url) {
  std::string line = "- **" + one_line(person) + "**：" + one_line(title);
  if (!body.empty()) line += "（" + one_line(body) + "）";
  if (!public_url.empty() && !link.empty()) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    line += " [打开](" + base + link + ")";
  }
  return line;
}

std::vector<std::string> chunk_markdown(const std::string& heading, const std::vector<std::string>& lines,
                                        size_t max_bytes) {
  // room for the heading with its "（i/n）" and the line break after it
  const std::string sample_counter = "（99999/99999）";
  const size_t overhead = heading.size() + sample_counter.size() + 1;
  const size_t budget = max_bytes > overhead + 16 ? max_bytes - overhead : 16;
  std::vector<std::string> bodies;
  std::string current;
  for (const auto& raw : lines) {
    std::string line = raw;
    if (line.size() > budget) line = utf8_prefix(line, budget - std::string(kEllipsis).size()) + kEllipsis;
    size_t needed = current.empty() ? line.size() : current.size() + 1 + line.size();
    if (!current.empty() && needed > budget) {
      bodies.push_back(std::move(current));
      current.clear();
    }
    if (!current.empty()) current += "\n";
    current += line;
  }
  if (!current.empty() || bodies.empty()) bodies.push_back(std::move(current));
  std::vector<std::string> out;
  out.reserve(bodies.size());
  for (size_t i = 0; i < bodies.size(); ++i) {
    std::string head = heading;
    if (bodies.size() > 1) head += "（" + std::to_string(i + 1) + "/" + std::to_string(bodies.size()) + "）";
    out.push_back(bodies[i].empty() ? head : head + "\n" + bodies[i]);
  }
  return out;
}

std::string markdown_body(const std::string& content) {
  return nlohmann::json{{"msgtype", "markdown"}, {"markdown", {{"content", content}}}}.dump();
}

std::optional<std::string> send_markdown(const std::string& url, const std::string& content, const Timeouts& timeouts) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "not a URL";
  size_t path_at = url.find('/', scheme_end + 3);
  if (path_at == std::string::npos) return "the URL has no path";
  httplib::Client client(url.substr(0, path_at));
  client.set_connection_timeout(std::chrono::milliseconds(timeouts.connect_ms));
  client.set_read_timeout(std::chrono::milliseconds(timeouts.read_ms));
  client.set_write_timeout(std::chrono::milliseconds(timeouts.read_ms));
  client.set_follow_location(false);
  auto result = client.Post(url.substr(path_at), markdown_body(content), "application/json");
  if (!result) return "no answer: " + httplib::to_string(result.error());
  if (result->status != 200) return "HTTP " + std::to_string(result->status);
  auto answer = nlohmann::json::parse(result->body, nullptr, false);
  if (!answer.is_object() || !answer.contains("errcode") || !answer["errcode"].is_number_integer()) {
    return "the answer is not WeCom's JSON with an errcode";
  }
  if (answer["errcode"].get<int64_t>() != 0) {
    std::string message =
        answer.contains("errmsg") && answer["errmsg"].is_string() ? answer["errmsg"].get<std::string>() : "";
    return "errcode " + std::to_string(answer["errcode"].get<int64_t>()) + (message.empty() ? "" : ": " + message);
  }
  return std::nullopt;
}

}  // namespace fleetkam::notifications::wecom
