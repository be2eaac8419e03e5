// The WeCom (企业微信) group robot: which webhook URLs may be stored and called, how the key in one
// is shown, how a batch of reminder lines becomes markdown messages within WeCom's 4096 bytes, and
// the HTTP POST itself. Pure functions apart from send_markdown, so unit tests call them directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::notifications::wecom {

// WeCom's limit on a markdown message's content, in bytes of UTF-8.
constexpr size_t kMaxContentBytes = 4096;
// WeCom accepts 20 messages a minute per robot.
constexpr int kMessagesPerMinute = 20;

struct UrlPolicy {
  // `serve --allow-http-webhooks`: also http://127.0.0.1:PORT/... (a local test receiver).
  bool allow_loopback_http = false;
};

// Nullopt when `url` may be stored and called; otherwise why not (one sentence, for a 422).
// Production accepts exactly https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY (KEY of
// letters, digits and '-'), nothing else: no other host, port, user, path, parameter or fragment.
std::optional<std::string> url_problem(const std::string& url, const UrlPolicy& policy);

// The URL with its key masked: the first and last four characters of a key of 12 or more, the
// rest (and all of a shorter one) as '*'. A URL without a key parameter is returned unchanged.
std::string mask_url(const std::string& url);

// One reminder line of a message: "- **name**：title（body） [打开](base+link)".
std::string reminder_line(const std::string& person, const std::string& title, const std::string& body,
                          const std::string& link, const std::string& public_url);

// The lines in messages of at most `max_bytes` each, in order, each opening with `heading` and,
// when there are several, "（i/n）". A line too long for one message on its own is cut at a
// UTF-8 character boundary and ends in "…".
std::vector<std::string> chunk_markdown(const std::string& heading, const std::vector<std::string>& lines,
                                        size_t max_bytes = kMaxContentBytes);

// The body WeCom documents for a markdown message: {"msgtype":"markdown","markdown":{"content":…}}.
std::string markdown_body(const std::string& content);

struct Timeouts {
  int64_t connect_ms = 3000;
  int64_t read_ms = 5000;
};

// POSTs a markdown message; nullopt on success (HTTP 200 and errcode 0), else what went wrong.
std::optional<std::string> send_markdown(const std::string& url, const std::string& content, const Timeouts& timeouts);

}  // namespace fleetkam::notifications::wecom
