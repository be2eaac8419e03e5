// Two `fleetkam serve` processes on one database: a session made on one is honoured by the
// other, and a sign-out on one ends it on both: at once where it was made, and on the other
// within its session cache time (`--session-cache-ms`, default 2 s; 0 reads the session on every
// request). With FLEETKAM_TEST_POSTGRES_URL this is the deployment of many stateless servers on
// one PostgreSQL; without it, two on one SQLite file.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

using namespace fleetkam::test;
using nlohmann::json;

namespace {

// A port nothing listens on now: bind to port 0, read what the kernel chose, close.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

struct Process {
  pid_t pid = -1;
  int port = 0;
  ~Process() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  }
};

std::unique_ptr<Process> spawn(const std::string& url, const std::string& log, const char* session_cache_ms = "2000") {
  auto p = std::make_unique<Process>();
  p->port = free_port();
  std::string listen = "127.0.0.1:" + std::to_string(p->port);
  p->pid = fork();
  if (p->pid == 0) {
    FILE* out = freopen(log.c_str(), "w", stdout);
    if (out) dup2(fileno(out), STDERR_FILENO);
    setenv("FLEETKAM_ADMIN_PASSWORD", "Twin-chief-2026", 1);
    execl(FLEETKAM_BINARY, FLEETKAM_BINARY, "serve", "--db", url.c_str(), "--listen", listen.c_str(), "--threads", "8",
          "--web-root", "/nonexistent", "--session-cache-ms", session_cache_ms, static_cast<char*>(nullptr));
    _exit(127);
  }
  Api api(p->port);
  for (int i = 0; i < 200; ++i) {
    int status = 0;
    if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
      p->pid = -1;
      ADD_FAILURE() << "server exited at start; see " << log;
      return p;
    }
    httplib::Client client("127.0.0.1", p->port);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(2, 0);
    if (auto r = client.Get("/healthz"); r && r->status == 200) return p;
    usleep(50 * 1000);
  }
  ADD_FAILURE() << "server did not start; see " << log;
  return p;
}

}  // namespace

TEST(TwoProcesses, ShareSessionsThroughTheDatabase) {
  auto url = fresh_database_url("twin");
  auto first = spawn(url, "/tmp/fleetkam-twin-1.log");
  auto second = spawn(url, "/tmp/fleetkam-twin-2.log", "0");
  ASSERT_NE(first->port, second->port);
  Api a(first->port), b(second->port);
  auto session = a.login("admin", "Twin-chief-2026");
  ASSERT_FALSE(session.token.empty());
  auto me = b.get("/api/v1/me", session);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body["user"]["username"], "admin");
  // a write through the second with the cookie and CSRF token issued by the first
  std::map<std::string, std::string> cookie = {{"Cookie", "fleetkam_session=" + session.token},
                                               {"X-CSRF-Token", session.csrf}};
  auto created = b.request("POST", "/api/v1/org/units",
                           json{{"kind", "region"}, {"name", "双进程大区"}, {"parent_id", 1}}.dump(), cookie);
  EXPECT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(a.get("/api/v1/org/units/" + std::to_string(created.body["id"].get<int64_t>()), session).status, 200);
  // signed out through the second (which keeps no sessions in memory): there at once, and on
  // the first, which has just answered the session from the database, within its 2 s
  EXPECT_EQ(a.get("/api/v1/me", session).status, 200);
  EXPECT_EQ(b.post("/api/v1/auth/logout", json::object(), session).status, 204);
  EXPECT_EQ(b.get("/api/v1/me", session).status, 401);
  int status = 0;
  for (int i = 0; i < 50 && status != 401; ++i) {
    status = a.get("/api/v1/me", session).status;
    if (status != 401) usleep(100 * 1000);
  }
  EXPECT_EQ(status, 401) << "the first process still honours a session signed out 5 s ago";
  // signed out where the session is in memory: at once
  auto again = a.login("admin", "Twin-chief-2026");
  EXPECT_EQ(a.get("/api/v1/me", again).status, 200);
  EXPECT_EQ(a.post("/api/v1/auth/logout", json::object(), again).status, 204);
  EXPECT_EQ(a.get("/api/v1/me", again).status, 401);
}
