// The rules of background work and WeCom messages: backoff, chunking to WeCom's 4096 bytes, the
// key masked, which webhook URLs are accepted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "modules/notifications/wecom.h"
#include "platform/http/json_input.h"
#include "platform/jobs/jobs.h"

namespace fleetkam {
namespace {

namespace wecom = notifications::wecom;

TEST(JobBackoff, DoublesFromThirtySecondsUpToAnHour) {
  EXPECT_EQ(jobs::backoff_ms(0), 30000);
  EXPECT_EQ(jobs::backoff_ms(1), 30000);
  EXPECT_EQ(jobs::backoff_ms(2), 60000);
  EXPECT_EQ(jobs::backoff_ms(3), 120000);
  EXPECT_EQ(jobs::backoff_ms(7), 1920000);
  EXPECT_EQ(jobs::backoff_ms(8), 3600000);  // 3,840,000 capped
  EXPECT_EQ(jobs::backoff_ms(12), 3600000);
  EXPECT_EQ(jobs::backoff_ms(1000), 3600000);  // no overflow
  for (int n = 1; n < 40; ++n) EXPECT_LE(jobs::backoff_ms(n), jobs::backoff_ms(n + 1)) << n;
}

TEST(WecomUrl, ProductionAcceptsOnlyWeComsWebhookAddress) {
  wecom::UrlPolicy production;
  const std::string good = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
  EXPECT_FALSE(wecom::url_problem(good, production));
  for (const std::string bad : {
           "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",           // not https
           "https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=abc",  // another host
           "https://evil.cn/?https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
           "https://user@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",  // credentials
           "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=abc",  // a port
           "https://qyapi.weixin.qq.com/cgi-bin/webhook/upload_media?key=abc",
           "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
           "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc&debug=1",
           "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc#x",
           "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a b",
           "http://127.0.0.1:8080/cgi-bin/webhook/send?key=abc",  // a local receiver: only with the flag
           "http://localhost:8080/send?key=abc",
           "",
       }) {
    EXPECT_TRUE(wecom::url_problem(bad, production)) << bad;
  }
  EXPECT_TRUE(
      wecom::url_problem("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + std::string(101, 'a'), production));
  EXPECT_TRUE(wecom::url_problem(std::string(501, 'h'), production));
}

TEST(WecomUrl, TheFlagAddsLoopbackHttpOnly) {
  wecom::UrlPolicy tests{true};
  EXPECT_FALSE(wecom::url_problem("http://127.0.0.1:18080/cgi-bin/webhook/send?key=abc", tests));
  EXPECT_FALSE(wecom::url_problem("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", tests));
  for (const std::string bad : {
           "http://127.0.0.1/send",             // no port
           "http://127.0.0.1:0/send",           // port 0
           "http://127.0.0.1:70000/send",       // no such port
           "http://127.0.0.1:80",               // no path
           "http://127.0.0.1:80@evil.cn/send",  // credentials trick
           "http://127.0.0.1.evil.cn:80/send",  // another host
           "http://127.0.0.2:80/send",          // only 127.0.0.1
           "http://localhost:80/send",          // names resolve: only the literal address
           "http://10.0.0.1:80/send",           // the private network
           "http://169.254.169.254:80/latest",  // cloud metadata
           "http://127.0.0.1:80/a b",
       }) {
    EXPECT_TRUE(wecom::url_problem(bad, tests)) << bad;
  }
}

TEST(WecomUrl, TheKeyIsMasked) {
  EXPECT_EQ(
      wecom::mask_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"),
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****************************5aaa");
  EXPECT_EQ(wecom::mask_url("http://127.0.0.1:9/send?key=short"), "http://127.0.0.1:9/send?key=*****");
  EXPECT_EQ(wecom::mask_url("http://127.0.0.1:9/send?x=1&key=abcdefghijklmn&y=2"),
            "http://127.0.0.1:9/send?x=1&key=abcd******klmn&y=2");
  EXPECT_EQ(wecom::mask_url("http://127.0.0.1:9/send"), "http://127.0.0.1:9/send");
  EXPECT_EQ(wecom::mask_url("http://127.0.0.1:9/send?monkey=abcdefghijklmnop"),
            "http://127.0.0.1:9/send?monkey=abcdefghijklmnop");
}

TEST(WecomMessage, TheBodyIsWeComsMarkdownMessage) {
  auto body = nlohmann::json::parse(wecom::markdown_body("**提醒**\n- 一条"));
  EXPECT_EQ(body, nlohmann::json({{"msgtype", "markdown"}, {"markdown", {{"content", "**提醒**\n- 一条"}}}}));
  EXPECT_EQ(
      wecom::reminder_line("张三", "报备待审核：某市公安局", "甲经销商", "/registrations/7", "https://fk.example/"),
      "- **张三**：报备待审核：某市公安局（甲经销商） [打开](https://fk.example/registrations/7)");
  EXPECT_EQ(wecom::reminder_line("张三", "一\n二", "", "/x", ""), "- **张三**：一 二");
}

TEST(WecomMessage, LinesAreChunkedWithinTheLimitInOrder) {
  std::vector<std::string> lines;
  for (int i = 0; i < 120; ++i)
    lines.push_back("- **王五**：报价待大区审批：第" + std::to_string(i) + "号（江铃 指挥车 × 10 台）");
  auto chunks = wecom::chunk_markdown("**fleetkam 提醒**（共 120 条）", lines);
  ASSERT_GT(chunks.size(), 1u);
  std::string joined;
  for (size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_LE(chunks[i].size(), wecom::kMaxContentBytes) << i;
    EXPECT_TRUE(http::valid_utf8(chunks[i])) << i;
    std::string head =
        "**fleetkam 提醒**（共 120 条）（" + std::to_string(i + 1) + "/" + std::to_string(chunks.size()) + "）\n";
    ASSERT_EQ(chunks[i].rfind(head, 0), 0u) << chunks[i].substr(0, 80);
    joined += (joined.empty() ? "" : "\n") + chunks[i].substr(head.size());
  }
  std::string expected;
  for (const auto& line : lines) expected += (expected.empty() ? "" : "\n") + line;
  EXPECT_EQ(joined, expected);  // every line once, whole, in order
  // a chunk is filled before the next begins: no two neighbours would fit in one
  for (size_t i = 0; i + 1 < chunks.size(); ++i) {
    auto next_line = chunks[i + 1].substr(chunks[i + 1].find('\n') + 1);
    next_line = next_line.substr(0, next_line.find('\n'));
    EXPECT_GT(chunks[i].size() + 1 + next_line.size(), wecom::kMaxContentBytes - 32) << i;
  }
}

TEST(WecomMessage, OneMessageWhenItFitsAndLongLinesAreCut) {
  auto one = wecom::chunk_markdown("**提醒**", {"- a", "- b"});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], "**提醒**\n- a\n- b");
  std::string long_line;
  for (int i = 0; i < 2000; ++i) long_line += "长";  // 6,000 bytes
  auto cut = wecom::chunk_markdown("**提醒**", {"- 短", long_line, "- 后"});
  ASSERT_EQ(cut.size(), 3u);
  for (const auto& chunk : cut) {
    EXPECT_LE(chunk.size(), wecom::kMaxContentBytes);
    EXPECT_TRUE(http::valid_utf8(chunk));
  }
  EXPECT_NE(cut[1].find("…"), std::string::npos);
  EXPECT_NE(cut[2].find("- 后"), std::string::npos);
  EXPECT_EQ(wecom::chunk_markdown("**提醒**", {}).size(), 1u);
}

}  // namespace
}  // namespace fleetkam
