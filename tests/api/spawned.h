// `fleetkam` run as a child process, for the tests that need a real process: one to back up
// while it writes, one to kill -9 (tests/api/backup_test.cpp, crash_test.cpp). And a reader of a
// database's every table, to compare two databases.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "harness.h"

extern char** environ;
#include "platform/db/database.h"

namespace fleetkam::test::spawned {

// A port nothing listens on now: bind to port 0, read what the kernel chose, close.
inline int unused_port() {
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

inline constexpr const char* kAdminPassword = "Spawned-chief-2026";

// `fleetkam serve` on `url` in a child process; stopped with SIGTERM when destroyed unless killed.
struct ServerProcess {
  pid_t pid = -1;
  int port = 0;
  std::string log;
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { stop(SIGTERM); }
  // Sends `signal` and waits for the process to end.
  void stop(int signal) {
    if (pid <= 0) return;
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
  }
};

// Starts the server and waits until it answers /healthz (up to 30 s); a failure to start is a
// test failure naming the log.
inline std::unique_ptr<ServerProcess> start_server(const std::string& url, const std::string& log) {
  auto p = std::make_unique<ServerProcess>();
  p->port = unused_port();
  p->log = log;
  std::string listen = "127.0.0.1:" + std::to_string(p->port);
  // made before fork, as in run_fleetkam
  std::vector<std::string> environment{std::string("FLEETKAM_ADMIN_PASSWORD=") + kAdminPassword};
  for (char** e = environ; *e; ++e) {
    if (std::string(*e).rfind("FLEETKAM_ADMIN_PASSWORD=", 0) != 0) environment.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  p->pid = fork();
  if (p->pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execle(FLEETKAM_BINARY, FLEETKAM_BINARY, "serve", "--db", url.c_str(), "--listen", listen.c_str(), "--threads", "8",
           "--web-root", "/nonexistent", static_cast<char*>(nullptr), envp.data());
    _exit(127);
  }
  for (int i = 0; i < 600; ++i) {
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

struct CommandResult {
  int exit_code = -1;  // -1: killed or not run
  std::string output;  // standard output and error together
};

// Runs `fleetkam ARGS...` to its end, without a shell.
inline CommandResult run_fleetkam(const std::vector<std::string>& args) {
  static std::atomic<int> counter{0};
  std::string log = "/tmp/fleetkam-command-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".log";
  // everything the child needs is made before fork: other threads of the test may hold malloc's
  // lock at that moment, and the child has only this thread
  std::vector<char*> argv{const_cast<char*>(FLEETKAM_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execv(FLEETKAM_BINARY, argv.data());
    _exit(127);
  }
  CommandResult result;
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  unlink(log.c_str());
  return result;
}

// A POST without the harness's failure on no answer (a killed server gives none): status 0 then.
inline std::pair<int, nlohmann::json> post_quietly(int port, const std::string& path, const std::string& body,
                                                   const std::string& token,
                                                   const std::string& content_type = "application/json") {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(30, 0);
  httplib::Headers headers{{"Authorization", "Bearer " + token}};
  auto r = client.Post(path, headers, body, content_type);
  if (!r) return {0, nullptr};
  return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
}

// A sales rep of a new dealer (in a new region and province), signed in, and the division code
// of the province, for the accounts the rep may create.
struct Seller {
  Session rep;
  std::string division;
};
inline Seller make_seller(int port, const std::string& tag) {
  Api api(port);
  auto admin = api.login("admin", kAdminPassword);
  auto unit = [&](const std::string& kind, const std::string& name, int64_t parent, const std::string& division) {
    nlohmann::json body = {{"kind", kind}, {"name", name}, {"parent_id", parent}};
    if (!division.empty()) body["division_code"] = division;
    auto r = api.post("/api/v1/org/units", body, admin);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body["id"].get<int64_t>() : int64_t{0};
  };
  Seller seller;
  seller.division = next_province_code();
  auto region = unit("region", tag + "大区", 1, "");
  auto province = unit("province", tag + "省区", region, seller.division);
  auto dealer = unit("dealer", tag + "经销商", province, "");
  std::string username = "rep_" + std::to_string(port);
  auto r = api.post("/api/v1/users",
                    {{"username", username},
                     {"password", "Spawned-rep-2026"},
                     {"display_name", tag + "销售"},
                     {"role", "sales_rep"},
                     {"org_unit_id", dealer}},
                    admin);
  EXPECT_EQ(r.status, 201) << r.raw;
  seller.rep = api.login(username, "Spawned-rep-2026");
  return seller;
}

// The user tables of a database (migrations' own included), sorted.
inline std::vector<std::string> user_tables(db::Connection& c) {
  std::vector<std::string> names;
  auto rows = c.dialect() == db::Dialect::sqlite
                  ? c.query(
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "ORDER BY name")
                  : c.query(
                        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                        "ORDER BY tablename");
  for (const auto& row : rows) names.push_back(row.text(0));
  return names;
}

// A table's rows: primary key (its columns' values joined; the whole row where it has none) →
// the whole row, every value as text ("\x01" for NULL) joined by "\x1f".
inline std::map<std::string, std::string> table_rows(db::Connection& c, const std::string& table) {
  std::vector<std::string> key_columns;
  auto keys = c.dialect() == db::Dialect::sqlite
                  ? c.query("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", {table})
                  : c.query(
                        "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a "
                        "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                        "WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary "
                        "ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
                        {table});
  for (const auto& row : keys) key_columns.push_back("\"" + row.text(0) + "\"");
  std::string select = "SELECT ";
  for (const auto& k : key_columns) select += k + ", ";
  select += "* FROM \"" + table + "\"";
  std::map<std::string, std::string> out;
  for (const auto& row : c.query(select)) {
    auto joined = [&](size_t from, size_t to) {
      std::string text;
      for (size_t i = from; i < to; ++i) {
        text += row.is_null(i) ? std::string("\x01") : row.text(i);
        text += '\x1f';
      }
      return text;
    };
    std::string whole = joined(key_columns.size(), row.size());
    std::string key = key_columns.empty() ? whole : joined(0, key_columns.size());
    out[key] = whole;
  }
  return out;
}

}  // namespace fleetkam::test::spawned
