#include "modules/boards/totals.h"

#include <array>
#include <map>
#include <tuple>
#include <unordered_map>

#include "platform/auth/scope.h"
#include "platform/clock.h"

namespace fleetkam::boards::totals {
namespace {

using auth::path_ids;

constexpr int64_t kBoardDayMs = 86400000;
constexpr int64_t kBoardChinaMs = int64_t{8} * 3600000;

bool board_open(const std::string& stage) { return stage != "won" && stage != "lost"; }

// YYYYMM of "YYYY-MM-DD".
int64_t board_month_of_day(const std::string& day) {
  if (day.size() < 7) return 0;
  return std::stoll(day.substr(0, 4)) * 100 + std::stoll(day.substr(5, 2));
}

// The figures one pipeline row adds: count, units, amount, Σ quantity × own probability and
// Σ amount × own probability (for those with one), Σ quantity and Σ amount of those without.
using PipelineFigures = std::array<int64_t, 7>;
using PipelineKey = std::tuple<int64_t, std::string, std::string, int64_t>;  // unit, stage, procurement, month

PipelineFigures figures_of(const OpportunitySnapshot& o, int64_t sign) {
  int64_t units = o.stage == "won" ? o.won_units : o.quantity;
  PipelineFigures f{1, units, o.amount_fen, 0, 0, 0, 0};
  if (board_open(o.stage)) {
    if (o.probability) {
      f[3] = o.quantity * *o.probability;
      f[4] = o.amount_fen * *o.probability;
    } else {
      f[5] = o.quantity;
      f[6] = o.amount_fen;
    }
  }
  for (auto& v : f) v *= sign;
  return f;
}

void add_pipeline(std::map<PipelineKey, PipelineFigures>& into, const OpportunitySnapshot& o, int64_t sign) {
  auto f = figures_of(o, sign);
  for (int64_t unit : path_ids(o.path)) {
    auto& row = into[{unit, o.stage, o.procurement_stage, o.month}];
    for (size_t i = 0; i < f.size(); ++i) row[i] += f[i];
  }
}

constexpr const char* kPipelineUpsert =
    "INSERT INTO board_pipeline (unit_id, stage, procurement_stage, month, count, units, amount_fen, set_units_x100, "
    "set_amount_x100, unset_units, unset_amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, "
    "stage, procurement_stage, month) DO UPDATE SET count = board_pipeline.count + excluded.count, units = "
    "board_pipeline.units + excluded.units, amount_fen = board_pipeline.amount_fen + excluded.amount_fen, "
    "set_units_x100 = board_pipeline.set_units_x100 + excluded.set_units_x100, set_amount_x100 = "
    "board_pipeline.set_amount_x100 + excluded.set_amount_x100, unset_units = board_pipeline.unset_units + "
    "excluded.unset_units, unset_amount_fen = board_pipeline.unset_amount_fen + excluded.unset_amount_fen";

void write_pipeline(db::Connection& c, const std::map<PipelineKey, PipelineFigures>& rows) {
  for (const auto& [key, f] : rows) {
    bool zero = true;
    for (auto v : f) zero = zero && v == 0;
    if (zero) continue;
    const auto& [unit, stage, procurement, month] = key;
    c.execute(kPipelineUpsert, {unit, stage, procurement, month, f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
}

using FlowKey = std::tuple<int64_t, int64_t, std::string, std::string>;  // unit, week, track, stage
using FlowFigures = std::array<int64_t, 2>;                              // entered, exited

void add_flow(std::map<FlowKey, FlowFigures>& into, const std::vector<int64_t>& units, int64_t week,
              const std::string& track, const std::optional<std::string>& from, const std::string& to, int64_t count) {
  if (from && *from == to) return;
  for (int64_t unit : units) {
    into[{unit, week, track, to}][0] += count;
    if (from) into[{unit, week, track, *from}][1] += count;
  }
}

void write_flows(db::Connection& c, const std::map<FlowKey, FlowFigures>& rows) {
  for (const auto& [key, f] : rows) {
    const auto& [unit, week, track, stage] = key;
    c.execute(
        "INSERT INTO board_flows (unit_id, week, track, stage, entered, exited) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
        "(unit_id, week, track, stage) DO UPDATE SET entered = board_flows.entered + excluded.entered, exited = "
        "board_flows.exited + excluded.exited",
        {unit, week, track, stage, f[0], f[1]});
  }
}

using CountKey = std::tuple<int64_t, int64_t, std::string>;  // unit, month, status

void write_registrations(db::Connection& c, const std::map<CountKey, int64_t>& rows) {
  for (const auto& [key, count] : rows) {
    if (count == 0) continue;
    const auto& [unit, month, status] = key;
    c.execute(
        "INSERT INTO board_registrations (unit_id, month, status, count) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id, "
        "month, status) DO UPDATE SET count = board_registrations.count + excluded.count",
        {unit, month, status, count});
  }
}

std::string unit_path(db::Connection& c, int64_t unit_id) {
  auto row = c.query_one("SELECT path FROM org_units WHERE id = ?", {unit_id});
  return row ? row->text(0) : std::string();
}

// The registration's dealer path and month, when the opportunity came from one.
std::optional<RegistrationSnapshot> registration_of(db::Connection& c, const std::optional<int64_t>& id) {
  if (!id) return std::nullopt;
  return registration(c, *id);
}

// Inserts rows of one table in batches (a rebuild writes some hundred thousand).
class BatchInsert {
 public:
  BatchInsert(db::Connection& c, std::string head, size_t columns) : c_(c), head_(std::move(head)), columns_(columns) {}
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;
  ~BatchInsert() = default;
  void add(const db::Params& row) {
    params_.insert(params_.end(), row.begin(), row.end());
    if (++rows_ == 200) flush();
  }
  void flush() {
    if (rows_ == 0) return;
    std::string sql = head_ + " VALUES ";
    std::string one = "(";
    for (size_t i = 0; i < columns_; ++i) one += i ? ",?" : "?";
    one += ")";
    for (size_t i = 0; i < rows_; ++i) sql += (i ? "," : "") + one;
    c_.execute(sql, params_);
    params_.clear();
    rows_ = 0;
  }

 private:
  db::Connection& c_;
  std::string head_;
  size_t columns_;
  db::Params params_;
  size_t rows_ = 0;
};

// SQL for YYYYMM and the China week's Monday of a column of ms.
std::string month_sql(const db::Connection& c, const std::string& column) {
  if (c.dialect() == db::Dialect::postgres)
    return "CAST(to_char(to_timestamp((" + column + " + 28800000) / 1000) AT TIME ZONE 'UTC', 'YYYYMM') AS INTEGER)";
  return "CAST(strftime('%Y%m', (" + column + " + 28800000) / 1000, 'unixepoch') AS INTEGER)";
}
std::string week_sql(const std::string& column) {
  std::string day = "((" + column + " + 28800000) / 86400000)";
  return "(" + day + " - ((" + day + " + 3) % 7))";
}

}  // namespace

int64_t week_of(int64_t ms) {
  int64_t day = (ms + kBoardChinaMs) / kBoardDayMs;
  return day - ((day + 3) % 7);  // 1970-01-01 was a Thursday
}

int64_t month_of_ms(int64_t ms) { return board_month_of_day(clock::format_rfc3339(ms)); }

std::optional<OpportunitySnapshot> opportunity(db::Connection& c, int64_t id) {
  auto row = c.query_one(
      "SELECT o.owner_unit_id, u.path, o.stage, o.procurement_stage, o.quantity, o.won_units, o.amount_fen, "
      "o.probability, o.registration_id, o.expected_date, o.closed_at FROM opportunities o JOIN org_units u ON u.id = "
      "o.owner_unit_id WHERE o.id = ?",
      {id});
  if (!row) return std::nullopt;
  OpportunitySnapshot o;
  o.id = id;
  o.owner_unit_id = row->integer(0);
  o.path = row->text(1);
  o.stage = row->text(2);
  o.procurement_stage = row->text(3);
  o.quantity = row->integer(4);
  o.won_units = row->integer(5);
  o.amount_fen = row->integer(6);
  o.probability = row->optional_integer(7);
  o.registration_id = row->optional_integer(8);
  auto closed = row->optional_integer(10);
  o.month = !board_open(o.stage) && closed ? month_of_ms(*closed) : board_month_of_day(row->text(9));
  return o;
}

void apply_opportunity(db::Connection& c, const std::optional<OpportunitySnapshot>& before,
                       const std::optional<OpportunitySnapshot>& after) {
  std::map<PipelineKey, PipelineFigures> rows;
  if (before) add_pipeline(rows, *before, -1);
  if (after) add_pipeline(rows, *after, 1);
  write_pipeline(c, rows);
  // a registration's opportunity won (or no longer): the registration counts as won
  bool was_won = before && before->stage == "won", is_won = after && after->stage == "won";
  if (was_won == is_won) return;
  auto r = registration_of(c, (after ? after : before)->registration_id);
  if (!r) return;
  std::map<CountKey, int64_t> counts;
  for (int64_t unit : path_ids(r->path)) counts[{unit, r->month, "won"}] += is_won ? 1 : -1;
  write_registrations(c, counts);
}

void record_flow(db::Connection& c, int64_t opportunity_id, const std::optional<std::string>& from_stage,
                 const std::string& to_stage, const std::optional<std::string>& from_procurement,
                 const std::string& to_procurement, int64_t at) {
  auto row = c.query_one("SELECT u.path FROM opportunities o JOIN org_units u ON u.id = o.owner_unit_id WHERE o.id = ?",
                         {opportunity_id});
  if (!row) return;
  auto units = path_ids(row->text(0));
  std::map<FlowKey, FlowFigures> rows;
  int64_t week = week_of(at);
  add_flow(rows, units, week, "sales", from_stage, to_stage, 1);
  add_flow(rows, units, week, "procurement", from_procurement, to_procurement, 1);
  write_flows(c, rows);
}

std::optional<RegistrationSnapshot> registration(db::Connection& c, int64_t id) {
  auto row = c.query_one(
      "SELECT u.path, r.status, r.created_at FROM registrations r JOIN org_units u ON u.id = r.dealer_unit_id WHERE "
      "r.id = ?",
      {id});
  if (!row) return std::nullopt;
  return RegistrationSnapshot{id, row->text(0), row->text(1), month_of_ms(row->integer(2))};
}

void apply_registration(db::Connection& c, const std::optional<RegistrationSnapshot>& before,
                        const std::optional<RegistrationSnapshot>& after) {
  std::map<CountKey, int64_t> counts;
  for (const auto& [snapshot, sign] : {std::pair{&before, -1}, std::pair{&after, 1}}) {
    if (!*snapshot) continue;
    for (int64_t unit : path_ids((*snapshot)->path)) counts[{unit, (*snapshot)->month, (*snapshot)->status}] += sign;
  }
  write_registrations(c, counts);
}

void add_delivered(db::Connection& c, int64_t unit_id, int64_t month, const std::string& grade, int64_t units) {
  for (int64_t unit : path_ids(unit_path(c, unit_id))) {
    c.execute(
        "INSERT INTO board_deliveries (unit_id, month, grade, units) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id, month, "
        "grade) DO UPDATE SET units = board_deliveries.units + excluded.units",
        {unit, month, grade, units});
  }
}

std::optional<AccountSnapshot> account(db::Connection& c, int64_t id) {
  auto row = c.query_one(
      "SELECT u.path, a.grade FROM accounts a JOIN org_units u ON u.id = a.owner_unit_id WHERE a.id = ?", {id});
  if (!row) return std::nullopt;
  return AccountSnapshot{row->text(0), row->text(1)};
}

void apply_account(db::Connection& c, const std::optional<AccountSnapshot>& before,
                   const std::optional<AccountSnapshot>& after) {
  if (before && after && before->path == after->path && before->grade == after->grade) return;
  std::map<std::pair<int64_t, std::string>, int64_t> counts;
  if (before)
    for (int64_t unit : path_ids(before->path)) counts[{unit, before->grade}] -= 1;
  if (after)
    for (int64_t unit : path_ids(after->path)) counts[{unit, after->grade}] += 1;
  for (const auto& [key, n] : counts) {
    if (n == 0) continue;
    c.execute(
        "INSERT INTO board_accounts (unit_id, grade, count) VALUES (?, ?, ?) ON CONFLICT (unit_id, grade) DO UPDATE "
        "SET count = board_accounts.count + excluded.count",
        {key.first, key.second, n});
  }
}

namespace {

// Report rows per unit on the path: due, on time, late; keyed by unit, kind and period.
using ReportKey = std::tuple<int64_t, std::string, std::string>;
struct ReportFigures {
  int64_t due_at = 0, due = 0, on_time = 0, late = 0;
};

void write_reports(db::Connection& c, const std::map<ReportKey, ReportFigures>& rows) {
  for (const auto& [key, f] : rows) {
    const auto& [unit, kind, period] = key;
    c.execute(
        "INSERT INTO board_reports (unit_id, kind, period, due_at, due, on_time, late) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
        "CONFLICT (unit_id, kind, period) DO UPDATE SET due_at = excluded.due_at, due = board_reports.due + "
        "excluded.due, on_time = board_reports.on_time + excluded.on_time, late = board_reports.late + excluded.late",
        {unit, kind, period, f.due_at, f.due, f.on_time, f.late});
  }
}

constexpr const char* kReportSums =
    "COUNT(*), SUM(CASE WHEN submitted_at <= due_at THEN 1 ELSE 0 END), SUM(CASE WHEN submitted_at > due_at THEN 1 "
    "ELSE 0 END)";

}  // namespace

void refresh_reports(db::Connection& c, const std::string& kind, const std::string& period) {
  c.execute("DELETE FROM board_reports WHERE kind = ? AND period = ?", {kind, period});
  std::unordered_map<int64_t, std::vector<int64_t>> paths;
  std::map<ReportKey, ReportFigures> rows;
  for (const auto& row : c.query(std::string("SELECT r.unit_id, u.path, r.due_at, ") + kReportSums +
                                     " FROM reports r JOIN org_units u ON u.id = r.unit_id WHERE r.kind = ? AND "
                                     "r.period = ? GROUP BY r.unit_id, u.path, r.due_at",
                                 {kind, period})) {
    for (int64_t unit : path_ids(row.text(1))) {
      auto& f = rows[{unit, kind, period}];
      f.due_at = row.integer(2);
      f.due += row.integer(3);
      f.on_time += row.optional_integer(4).value_or(0);
      f.late += row.optional_integer(5).value_or(0);
    }
  }
  write_reports(c, rows);
}

void report_submitted(db::Connection& c, int64_t unit_id, const std::string& kind, const std::string& period,
                      int64_t due_at, int64_t at) {
  std::map<ReportKey, ReportFigures> rows;
  for (int64_t unit : path_ids(unit_path(c, unit_id))) {
    auto& f = rows[{unit, kind, period}];
    f.due_at = due_at;
    (at <= due_at ? f.on_time : f.late) = 1;
  }
  write_reports(c, rows);
}

void rebuild(db::Connection& c) {
  std::unordered_map<int64_t, std::vector<int64_t>> ancestors;
  for (const auto& row : c.query("SELECT id, path FROM org_units", {})) {
    ancestors[row.integer(0)] = path_ids(row.text(1));
  }
  auto above = [&](int64_t unit) -> const std::vector<int64_t>& { return ancestors[unit]; };
  for (const char* table : {"board_pipeline", "board_flows", "board_registrations", "board_deliveries",
                            "board_accounts", "board_reports"}) {
    c.execute(std::string("DELETE FROM ") + table, {});
  }

  // opportunities, grouped by owner unit first (a few hundred thousand rows nationally)
  std::map<PipelineKey, PipelineFigures> pipeline;
  const std::string month = "CASE WHEN o.stage IN ('won', 'lost') AND o.closed_at IS NOT NULL THEN " +
                            month_sql(c, "o.closed_at") +
                            " ELSE CAST(substr(o.expected_date, 1, 4) || substr(o.expected_date, 6, 2) AS INTEGER) END";
  const std::string open = "o.stage NOT IN ('won', 'lost')";
  for (const auto& row : c.query(
           "SELECT o.owner_unit_id, o.stage, o.procurement_stage, " + month +
               ", COUNT(*), SUM(CASE WHEN o.stage = 'won' THEN o.won_units ELSE o.quantity END), SUM(o.amount_fen), "
               "SUM(CASE WHEN " +
               open + " AND o.probability IS NOT NULL THEN o.quantity * o.probability ELSE 0 END), SUM(CASE WHEN " +
               open + " AND o.probability IS NOT NULL THEN o.amount_fen * o.probability ELSE 0 END), SUM(CASE WHEN " +
               open + " AND o.probability IS NULL THEN o.quantity ELSE 0 END), SUM(CASE WHEN " + open +
               " AND o.probability IS NULL THEN o.amount_fen ELSE 0 END) FROM opportunities o GROUP BY "
               "o.owner_unit_id, o.stage, o.procurement_stage, " +
               month,
           {})) {
    for (int64_t unit : above(row.integer(0))) {
      auto& f = pipeline[{unit, row.text(1), row.text(2), row.integer(3)}];
      for (size_t i = 0; i < f.size(); ++i) f[i] += row.integer(4 + i);
    }
  }
  BatchInsert pipeline_rows(c,
                            "INSERT INTO board_pipeline (unit_id, stage, procurement_stage, month, count, units, "
                            "amount_fen, set_units_x100, set_amount_x100, unset_units, unset_amount_fen)",
                            11);
  for (const auto& [key, f] : pipeline) {
    const auto& [unit, stage, procurement, m] = key;
    pipeline_rows.add({unit, stage, procurement, m, f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  pipeline_rows.flush();

  std::map<FlowKey, FlowFigures> flows;
  for (const auto& row : c.query(
           "SELECT o.owner_unit_id, " + week_sql("t.at") +
               ", t.from_stage, t.to_stage, t.from_procurement_stage, t.to_procurement_stage, COUNT(*) FROM "
               "opportunity_transitions t JOIN opportunities o ON o.id = t.opportunity_id GROUP BY 1, 2, 3, 4, 5, 6",
           {})) {
    const auto& units = above(row.integer(0));
    add_flow(flows, units, row.integer(1), "sales", row.optional_text(2), row.text(3), row.integer(6));
    add_flow(flows, units, row.integer(1), "procurement", row.optional_text(4), row.text(5), row.integer(6));
  }
  BatchInsert flow_rows(c, "INSERT INTO board_flows (unit_id, week, track, stage, entered, exited)", 6);
  for (const auto& [key, f] : flows) {
    const auto& [unit, week, track, stage] = key;
    flow_rows.add({unit, week, track, stage, f[0], f[1]});
  }
  flow_rows.flush();

  std::map<CountKey, int64_t> registrations;
  const std::string registered = month_sql(c, "r.created_at");
  for (const auto& row : c.query("SELECT r.dealer_unit_id, " + registered +
                                     ", r.status, COUNT(*) FROM registrations r GROUP BY 1, 2, 3 UNION ALL SELECT "
                                     "r.dealer_unit_id, " +
                                     registered +
                                     ", 'won', COUNT(*) FROM registrations r JOIN opportunities o ON o.id = "
                                     "r.opportunity_id WHERE o.stage = 'won' GROUP BY 1, 2",
                                 {})) {
    for (int64_t unit : above(row.integer(0))) registrations[{unit, row.integer(1), row.text(2)}] += row.integer(3);
  }
  BatchInsert registration_rows(c, "INSERT INTO board_registrations (unit_id, month, status, count)", 4);
  for (const auto& [key, count] : registrations) {
    const auto& [unit, m, status] = key;
    registration_rows.add({unit, m, status, count});
  }
  registration_rows.flush();

  std::map<std::tuple<int64_t, int64_t, std::string>, int64_t> delivered;
  for (const auto& row : c.query("SELECT unit_id, month, grade, SUM(units) FROM grade_delivery_totals GROUP BY "
                                 "unit_id, month, grade HAVING SUM(units) <> 0",
                                 {})) {
    for (int64_t unit : above(row.integer(0))) delivered[{unit, row.integer(1), row.text(2)}] += row.integer(3);
  }
  BatchInsert delivery_rows(c, "INSERT INTO board_deliveries (unit_id, month, grade, units)", 4);
  for (const auto& [key, units] : delivered) {
    const auto& [unit, m, grade] = key;
    delivery_rows.add({unit, m, grade, units});
  }
  delivery_rows.flush();

  std::map<std::pair<int64_t, std::string>, int64_t> accounts;
  for (const auto& row :
       c.query("SELECT owner_unit_id, grade, COUNT(*) FROM accounts GROUP BY owner_unit_id, grade", {}))
    for (int64_t unit : above(row.integer(0))) accounts[{unit, row.text(1)}] += row.integer(2);
  BatchInsert account_rows(c, "INSERT INTO board_accounts (unit_id, grade, count)", 3);
  for (const auto& [key, n] : accounts) account_rows.add({key.first, key.second, n});
  account_rows.flush();

  std::map<ReportKey, ReportFigures> reports;
  for (const auto& row : c.query(std::string("SELECT unit_id, kind, period, due_at, ") + kReportSums +
                                     " FROM reports GROUP BY unit_id, kind, period, due_at",
                                 {})) {
    for (int64_t unit : above(row.integer(0))) {
      auto& f = reports[{unit, row.text(1), row.text(2)}];
      f.due_at = row.integer(3);
      f.due += row.integer(4);
      f.on_time += row.optional_integer(5).value_or(0);
      f.late += row.optional_integer(6).value_or(0);
    }
  }
  BatchInsert report_rows(c, "INSERT INTO board_reports (unit_id, kind, period, due_at, due, on_time, late)", 7);
  for (const auto& [key, f] : reports) {
    const auto& [unit, kind, period] = key;
    report_rows.add({unit, kind, period, f.due_at, f.due, f.on_time, f.late});
  }
  report_rows.flush();
  c.execute("DELETE FROM board_state", {});
  c.execute("INSERT INTO board_state (id, rebuilt_at) VALUES (1, ?)", {clock::now_ms()});
}

void ensure_built(db::Database& database) {
  bool built = false;
  database.read([&](db::Connection& c) { built = c.query_one("SELECT 1 FROM board_state").has_value(); });
  if (built) return;
  database.write([](db::Connection& c) {
    if (!c.query_one("SELECT 1 FROM board_state")) rebuild(c);
  });
}

}  // namespace fleetkam::boards::totals
