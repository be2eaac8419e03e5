// Hostile requests from the security review (issue 20), sent as raw bytes so that paths like
// `//proc/self/environ` reach the server exactly as written: files outside the web root, deep
// JSON, oversized and unbounded bodies, and the session cookie's Secure flag.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "harness.h"

using namespace fleetkam::test;

namespace {

struct RawResponse {
  int status = 0;  // 0: no answer
  std::string head;
  std::string body;
  bool closed = false;  // the server closed the connection after answering
};

// Sends `request` on a new connection and reads the answer (until the server closes, or for
// at most `wait_seconds`); the request may stop short of the body it announces.
RawResponse raw_exchange(int port, const std::string& request, int wait_seconds = 5) {
  RawResponse out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{wait_seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return out;
  }
  size_t sent = 0;
  while (sent < request.size()) {
    auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse before taking everything
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buffer[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) {
      out.closed = true;
      break;
    }
    if (n < 0) break;
    raw.append(buffer, static_cast<size_t>(n));
    // a complete answer on a connection kept open: stop at its Content-Length
    auto end = raw.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    auto length_at = raw.find("Content-Length: ");
    if (length_at != std::string::npos && length_at < end &&
        raw.size() >= end + 4 + std::stoul(raw.substr(length_at + 16))) {
      // answered in full: does the server close now, or wait for another request?
      timeval probe{1, 0};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &probe, sizeof probe);
      out.closed = ::recv(fd, buffer, sizeof buffer, 0) == 0;
      break;
    }
  }
  ::close(fd);
  if (raw.rfind("HTTP/1.1 ", 0) == 0) out.status = std::stoi(raw.substr(9, 3));
  auto end = raw.find("\r\n\r\n");
  out.head = raw.substr(0, end);
  if (end != std::string::npos) out.body = raw.substr(end + 4);
  return out;
}

// The problem+json `code` of an answer, or "" when there is none.
std::string problem_code(const RawResponse& r) {
  auto problem = nlohmann::json::parse(r.body, nullptr, false);
  return problem.is_object() ? problem.value("code", "") : "";
}

std::string get_request(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

std::string post_request(const std::string& target, const std::string& body, const std::string& extra_headers = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string percent_encode_all(const std::string& text) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string nested(size_t depth, const std::string& inner) {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

std::filesystem::path secret_dir() {
  return std::filesystem::temp_directory_path() / ("fleetkam-secret-" + std::to_string(getpid()));
}
const char* kSecret = "TOP-SECRET-6f1d";

}  // namespace

class HttpSecurity : public ServerFixture {
 protected:
  // Before the server starts: a secret outside the web root, and links to it from inside.
  static void SetUpTestSuite() {
    auto secret = secret_dir();
    std::filesystem::create_directories(secret);
    std::ofstream(secret / "secret.txt") << kSecret;
    auto root = std::filesystem::path(make_web_root());
    std::error_code ignored;
    std::filesystem::remove(root / "leak.txt", ignored);
    std::filesystem::remove(root / "assets" / "outside", ignored);
    std::filesystem::create_symlink(secret / "secret.txt", root / "leak.txt");
    std::filesystem::create_directory_symlink(secret, root / "assets" / "outside");
    ServerFixture::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    ServerFixture::TearDownTestSuite();
    auto root = std::filesystem::path(make_web_root());
    std::filesystem::remove(root / "leak.txt");
    std::filesystem::remove(root / "assets" / "outside");
    std::filesystem::remove_all(secret_dir());
  }

  void expect_still_serving() {
    auto r = raw_exchange(port_, get_request("/healthz"));
    EXPECT_EQ(r.status, 200) << "the server must keep running";
  }
};

// ---- 1. files outside the web root --------------------------------------------------------

TEST_F(HttpSecurity, AbsoluteAndEncodedPathsOutsideTheWebRootAre404) {
  const std::string secret_file = (secret_dir() / "secret.txt").string();
  for (const std::string& target : {
           "/" + secret_file,                         // //tmp/...: root / "/tmp/..." would drop the root
           "/%2F" + secret_file.substr(1),            // %2F decodes to the same
           "/" + percent_encode_all(secret_file),     // every byte encoded
           std::string("//proc/self/environ"),        // the admin password was in there
           std::string("//proc/self/cmdline"),        // and the --db URL here
           std::string("/%2Fproc%2Fself%2Fenviron"),  //
           std::string("/assets/..%2F..%2F..%2Fetc/passwd"), std::string("/assets/%2e%2e/%2e%2e/etc/passwd"),
           std::string("/..%5C..%5Cetc%5Cpasswd"),     // backslashes
           std::string("/%5Cetc%5Cpasswd"),            //
           std::string("/index.html%00.js"),           // NUL
           std::string("/leak.txt"),                   // a link in the root pointing out of it
           std::string("/assets/outside/secret.txt"),  // a linked directory pointing out of it
       }) {
    auto r = raw_exchange(port_, get_request(target));
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find(kSecret), std::string::npos) << target;
    EXPECT_EQ(r.body.find("FLEETKAM"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("PATH="), std::string::npos) << target;
  }
  expect_still_serving();
}

TEST_F(HttpSecurity, TheWebAppIsStillServedWithItsFallback) {
  auto index = raw_exchange(port_, get_request("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<div id=app>"), std::string::npos);
  auto asset = raw_exchange(port_, get_request("/assets/app-3f9a1c.js"));
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.body, "console.log('fleetkam');");
  auto route = raw_exchange(port_, get_request("/accounts/12"));
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("<div id=app>"), std::string::npos);
  EXPECT_EQ(raw_exchange(port_, get_request("/assets/missing-1.js")).status, 404);
}

TEST_F(HttpSecurity, AWebAppRebuiltUnderTheRunningServerIsPickedUp) {
  auto root = std::filesystem::path(make_web_root());
  // a rebuild writes new hashed assets and an index.html that names them
  auto built = std::filesystem::last_write_time(root / "index.html");
  std::ofstream(root / "assets" / "app-77aa01.js") << "console.log('rebuilt');";
  std::ofstream(root / "index.html") << "<!doctype html><div id=app></div><script src=/assets/app-77aa01.js>";
  std::filesystem::last_write_time(root / "index.html", built + std::chrono::seconds(2));  // whatever the clock's grain
  auto index = raw_exchange(port_, get_request("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("app-77aa01.js"), std::string::npos);
  auto asset = raw_exchange(port_, get_request("/assets/app-77aa01.js"));
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.body, "console.log('rebuilt');");
  std::filesystem::remove(root / "assets" / "app-77aa01.js");
  make_web_root();  // the original index.html again, for the other tests
}

// ---- 2. deeply nested JSON ---------------------------------------------------------------

TEST_F(HttpSecurity, DeepJsonWithInvalidUtf8IsRefusedBeforeSignIn) {
  // 100,000 levels and a byte that is not UTF-8: the field-marking walk used to need memory
  // growing with the square of the depth and killed the process
  std::string body = R"({"username": )" + nested(100000, "\"\xff\"") + R"(, "password": "x"})";
  auto r = raw_exchange(port_, post_request("/api/v1/auth/login", body));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(problem_code(r), "json_too_deep") << r.body;
  EXPECT_NE(r.head.find("application/problem+json"), std::string::npos);
  auto login = api().request("POST", "/api/v1/auth/login",
                             R"({"username":"admin","password":")" + std::string(kAdminPassword) + R"("})");
  EXPECT_EQ(login.status, 200);
}

TEST_F(HttpSecurity, DeepJsonFromASignedInUserIsRefusedAndChangesNothing) {
  // requirements 300,000 deep: dump() of it recursed once per level and overflowed the stack
  std::string body = R"({"requirements": {"body": )" + nested(300000, "1") + "}}";
  auto before = count("opportunities");
  auto r = raw_exchange(port_,
                        post_request("/api/v1/opportunities", body, "Authorization: Bearer " + admin().token + "\r\n"));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(problem_code(r), "json_too_deep") << r.body;
  EXPECT_EQ(count("opportunities"), before);
  expect_still_serving();
  // 32 levels are still fine as JSON: the route answers about its fields, not the nesting
  std::string shallow = R"({"requirements": {"body": )" + nested(29, "1") + "}}";
  auto ok = raw_exchange(
      port_, post_request("/api/v1/opportunities", shallow, "Authorization: Bearer " + admin().token + "\r\n"));
  EXPECT_EQ(ok.status, 422) << ok.body;
}

// ---- 3. request bodies are bounded before they are read -------------------------------------

namespace {
std::string headers_only(const std::string& method, const std::string& target, const std::string& headers) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}
}  // namespace

TEST_F(HttpSecurity, JsonOverTheLimitIsRefusedByItsContentLengthWithoutReadingIt) {
  // only the headers are sent: the answer must come without waiting for 8 MiB
  auto r = raw_exchange(
      port_,
      headers_only("POST", "/api/v1/auth/login", "Content-Type: application/json\r\nContent-Length: 8388608\r\n"), 3);
  EXPECT_EQ(r.status, 413) << r.head;
  EXPECT_EQ(problem_code(r), "payload_too_large");
  EXPECT_TRUE(r.closed) << "the unread body must not be taken for the next request";
  // the control: a request answered in full keeps its connection
  EXPECT_FALSE(raw_exchange(port_, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").closed);
  expect_still_serving();
}

TEST_F(HttpSecurity, AClientThatSendsASmallRefusedBodyInFullStillGetsTheAnswer) {
  // browsers and most libraries send the whole body before reading: up to 2 MiB is read and
  // dropped, so they see the 413 (or the 401 of an ended session) and the connection lives on
  std::string json = R"({"name":")" + std::string(1536u << 10, 'x') + R"("})";
  auto r = raw_exchange(port_,
                        "POST /api/v1/org/units HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "Authorization: Bearer " +
                            admin().token +
                            "\r\n"
                            "Content-Length: " +
                            std::to_string(json.size()) + "\r\n\r\n" + json);
  EXPECT_EQ(r.status, 413) << r.head;
  EXPECT_EQ(problem_code(r), "payload_too_large");
  EXPECT_FALSE(r.closed);
  std::string small = R"({"kind":"region","parent_id":1,"name":"x"})";
  auto ended = raw_exchange(port_, post_request("/api/v1/org/units", small, "Authorization: Bearer gone\r\n"));
  EXPECT_EQ(ended.status, 401);
  EXPECT_EQ(problem_code(ended), "unauthenticated");
}

TEST_F(HttpSecurity, AnUploadWithoutSignInIsRefusedBeforeItsBodyIsRead) {
  // 60 MiB is within the import's limit, but nobody signed in
  auto r = raw_exchange(port_,
                        headers_only("POST", "/api/v1/accounts/import",
                                     "Content-Type: application/octet-stream\r\nContent-Length: 62914560\r\n"),
                        3);
  EXPECT_EQ(r.status, 401) << r.head;
  EXPECT_EQ(problem_code(r), "unauthenticated");
  EXPECT_TRUE(r.closed);
  // and over its limit even when signed in
  auto signed_in = raw_exchange(port_,
                                headers_only("POST", "/api/v1/accounts/import",
                                             "Authorization: Bearer " + admin().token +
                                                 "\r\nContent-Type: application/octet-stream\r\n"
                                                 "Content-Length: 73400320\r\n"),
                                3);
  EXPECT_EQ(signed_in.status, 413) << signed_in.head;
  EXPECT_EQ(problem_code(signed_in), "payload_too_large");
  expect_still_serving();
}

TEST_F(HttpSecurity, AClientThatAsksFirstIsToldBeforeItSendsTheBody) {
  // Expect: 100-continue (curl sends it for bodies over 1 MiB): no "100 Continue" for a body
  // the route refuses, so the client never sends it
  auto json = raw_exchange(port_,
                           headers_only("POST", "/api/v1/auth/login",
                                        "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                                        "Content-Length: 8388608\r\n"),
                           3);
  EXPECT_EQ(json.status, 413) << json.head;
  EXPECT_EQ(problem_code(json), "payload_too_large");
  EXPECT_TRUE(json.closed);
  // within the import's limit: go ahead (and the sign-in check follows)
  auto upload = raw_exchange(port_,
                             headers_only("POST", "/api/v1/accounts/import?dry_run=true",
                                          "Content-Type: text/csv\r\nExpect: 100-continue\r\n"
                                          "Content-Length: 8388608\r\n"),
                             3);
  EXPECT_EQ(upload.status, 100) << upload.head;
  expect_still_serving();
}

TEST_F(HttpSecurity, AChunkedBodyIsCutOffAtTheLimit) {
  // one chunk announced as 256 MiB, 2 MiB of it sent: the server must stop at 1 MiB
  std::string request =
      headers_only("POST", "/api/v1/auth/login", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") +
      "10000000\r\n" + std::string(2u << 20, ' ');
  auto r = raw_exchange(port_, request, 3);
  EXPECT_EQ(r.status, 413) << r.head;
  EXPECT_EQ(problem_code(r), "payload_too_large");
  EXPECT_TRUE(r.closed);
  expect_still_serving();
}

TEST_F(HttpSecurity, ASmallChunkedBodyIsStillRead) {
  std::string json = R"({"username":"admin","password":")" + std::string(kAdminPassword) + R"("})";
  auto hex = [](size_t n) {
    char text[16];
    snprintf(text, sizeof text, "%zx", n);
    return std::string(text);
  };
  std::string request = headers_only("POST", "/api/v1/auth/login",
                                     "Connection: close\r\nContent-Type: application/json\r\n"
                                     "Transfer-Encoding: chunked\r\n") +
                        hex(10) + "\r\n" + json.substr(0, 10) + "\r\n" + hex(json.size() - 10) + "\r\n" +
                        json.substr(10) + "\r\n0\r\n\r\n";
  auto r = raw_exchange(port_, request);
  EXPECT_EQ(r.status, 200) << r.body;
}

// ---- 4. the session cookie over HTTPS -----------------------------------------------------

TEST_F(HttpSecurity, TheSessionCookieIsSecureBehindAnHttpsProxy) {
  std::string credentials = R"({"username":"admin","password":")" + std::string(kAdminPassword) + R"("})";
  auto https = api().request("POST", "/api/v1/auth/login", credentials, {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(https.status, 200);
  EXPECT_NE(https.header("Set-Cookie").find("; Secure"), std::string::npos) << https.header("Set-Cookie");
  EXPECT_NE(https.header("Set-Cookie").find("HttpOnly"), std::string::npos);
  auto logout = api().request("POST", "/api/v1/auth/logout", "",
                              {{"Authorization", "Bearer " + https.body["token"].get<std::string>()},
                               {"Forwarded", "for=192.0.2.60;proto=https"}});
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(logout.header("Set-Cookie").find("; Secure"), std::string::npos) << logout.header("Set-Cookie");
  // plain HTTP (make run on 127.0.0.1): a Secure cookie would never come back
  auto plain = api().request("POST", "/api/v1/auth/login", credentials);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.header("Set-Cookie").find("Secure"), std::string::npos);
}

// ---- 5. slow clients ---------------------------------------------------------------------

// Clients that trickle their headers a byte at a time (each read well within the read timeout)
// each hold a thread for as long as they keep it up. More of them than the pool's threads (16 in
// these tests) must not keep anyone else out: the pool grows while every thread is busy.
TEST_F(HttpSecurity, ClientsTricklingTheirHeadersDoNotHoldEveryThread) {
  std::vector<int> slow;
  auto open_slow = [&] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd);
      return;
    }
    std::string start = "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    (void)::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  };
  for (int i = 0; i < 24; ++i) open_slow();
  ASSERT_EQ(slow.size(), 24u);
  std::atomic<bool> trickling{true};
  std::thread trickle([&] {
    while (trickling) {
      for (int fd : slow) (void)::send(fd, "a", 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  auto r = raw_exchange(port_, get_request("/healthz"), 3);
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  trickling = false;
  trickle.join();
  for (int fd : slow) ::close(fd);
  EXPECT_EQ(r.status, 200) << "no answer while 24 clients trickled their headers";
  EXPECT_LT(waited.count(), 2000);
}
