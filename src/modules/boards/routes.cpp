#include "modules/boards/routes.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/openapi_schema.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::boards {
// ---- routes --------------------------------------------------------------------------------
//   GET /api/v1/boards/attainment[/export]     plan, delivered, forecast; the units below ranked
//   GET /api/v1/boards/funnel[/export]         both tracks' stages, conversion, the last 4 weeks
//   GET /api/v1/boards/registrations[/export]  registrations by month and status
//   GET /api/v1/boards/discipline[/export]     report timeliness and the assessment in a month
//   GET /api/v1/boards/pyramid[/export]        the value and the count pyramid
namespace {

using json = nlohmann::json;
using http::Access;
using http::Method;

std::optional<int64_t> board_month(const http::Request& request, const std::string& name) {
  auto text = request.query_filter(name);
  if (!text) return std::nullopt;
  auto month = calendar::parse_month(*text);
  if (!month) throw Invalid(name, "must be a month YYYY-MM");
  return int64_t{month->year} * 100 + month->month;
}

BoardQuery read_query(const http::Request& request) {
  BoardQuery q;
  q.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  q.user_id = request.query_integer("user_id", 1, INT64_MAX);
  q.plan_id = request.query_integer("plan_id", 1, INT64_MAX);
  q.from = board_month(request, "from");
  q.to = board_month(request, "to");
  q.month = board_month(request, "month");
  return q;
}

const std::vector<http::QueryDoc>& board_query_doc() {
  static const std::vector<http::QueryDoc> doc = {
      {"unit_id", "integer", "the unit whose board (default the caller's; outside the caller's scope 404)"},
      {"user_id", "integer", "a dealer's person whose own board (a sales rep always reads their own)"},
      {"from", "string", "first month YYYY-MM (default January of this year)"},
      {"to", "string", "last month YYYY-MM (default December of from's year; at most 24 months)"},
      {"plan_id", "integer", "attainment: the target plan (default the issued one in force over the months)"},
      {"month", "string", "discipline: the month YYYY-MM (default the last one ended)"}};
  return doc;
}

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  const json& int64 = id;
  json who = object({{"id", int64}, {"name", text}, {"kind", text}});
  server.add_schema("BoardUnit", who);
  server.add_schema("BoardPerson", object({{"id", int64}, {"name", text}}));
  json head = {{"unit", ref("BoardUnit")}, {"user", nullable(ref("BoardPerson"))}};
  auto with_head = [&head](json properties) {
    for (const auto& [k, v] : head.items()) properties[k] = v;
    return object(properties);
  };
  server.add_schema(
      "BoardMonth",
      object({{"month", text}, {"plan", nullable(int64)}, {"actual", int64}, {"forecast", number}, {"closed", flag}}));
  server.add_schema("BoardRanked", object({{"rank", int64},
                                           {"unit_id", int64},
                                           {"user_id", nullable(int64)},
                                           {"name", text},
                                           {"plan", nullable(int64)},
                                           {"plan_to_date", nullable(int64)},
                                           {"actual", int64},
                                           {"rate", nullable(number)},
                                           {"gap", nullable(int64)},
                                           {"forecast", number},
                                           {"forecast_rate", nullable(number)}}));
  server.add_schema(
      "BoardAttainment",
      with_head(
          {{"from", text},
           {"to", text},
           {"as_of", day},
           {"plan", nullable(object({{"id", int64}, {"name", text}}))},
           {"months", array(ref("BoardMonth"))},
           {"to_date",
            object(
                {{"plan", nullable(int64)}, {"actual", int64}, {"rate", nullable(number)}, {"gap", nullable(int64)}})},
           {"period", object({{"plan", nullable(int64)}, {"forecast", number}, {"forecast_rate", nullable(number)}})},
           {"units_kind", nullable(choice({"region", "province", "dealer", "user"}))},
           {"units", array(ref("BoardRanked"))}}));
  json stage = {{"stage", text},       {"count", int64},           {"units", int64},
                {"amount_fen", int64}, {"weighted_units", number}, {"weighted_amount_fen", int64},
                {"entered_4w", int64}, {"exited_4w", int64},       {"count_4w_ago", int64}};
  server.add_schema("BoardStage", object(stage));
  json sales_stage = stage;
  sales_stage["reached"] = int64;
  sales_stage["conversion"] = nullable(number);
  server.add_schema("BoardSalesStage", object(sales_stage));
  server.add_schema("BoardClosed", object({{"count", int64}, {"units", int64}, {"amount_fen", int64}}));
  server.add_schema("BoardFlow", object({{"stage", text}, {"entered", int64}, {"exited", int64}}));
  server.add_schema(
      "BoardWeek",
      object({{"week", day}, {"sales", array(ref("BoardFlow"))}, {"procurement", array(ref("BoardFlow"))}}));
  server.add_schema("BoardFunnel", with_head({{"from", text},
                                              {"to", text},
                                              {"sales", array(ref("BoardSalesStage"))},
                                              {"procurement", array(ref("BoardStage"))},
                                              {"won", ref("BoardClosed")},
                                              {"lost", ref("BoardClosed")},
                                              {"win_rate", nullable(number)},
                                              {"weeks", array(ref("BoardWeek"))}}));
  json statuses = {{"new", int64},      {"pending", int64}, {"conflict", int64},  {"approved", int64},
                   {"rejected", int64}, {"lapsed", int64},  {"converted", int64}, {"won", int64}};
  server.add_schema("BoardRegistrationFigures", object(statuses));
  json month_statuses = statuses;
  month_statuses["month"] = text;
  server.add_schema("BoardRegistrationMonth", object(month_statuses));
  server.add_schema("BoardRegistrations",
                    with_head({{"from", text},
                               {"to", text},
                               {"months", array(ref("BoardRegistrationMonth"))},
                               {"total", ref("BoardRegistrationFigures")},
                               {"conversion_rate", nullable(number)},
                               {"win_rate", nullable(number)},
                               {"protection_ending", object({{"count", int64}, {"until", day}})}}));
  json timeliness = {{"due", int64},     {"on_time", int64}, {"late", int64},
                     {"missing", int64}, {"open", int64},    {"on_time_rate", nullable(number)}};
  server.add_schema("BoardTimeliness", object(timeliness));
  json kind = timeliness;
  kind["kind"] = choice({"weekly_tracking", "monthly_stats", "monthly_summary"});
  server.add_schema("BoardReportKind", object(kind));
  json unit_row = timeliness;
  unit_row["name"] = text;
  unit_row["assessed"] = int64;
  unit_row["average_score"] = nullable(number);
  // a unit's row carries unit_id, a person's user_id
  json unit_schema = object(unit_row);
  unit_schema["properties"]["unit_id"] = int64;
  unit_schema["properties"]["user_id"] = int64;
  server.add_schema("BoardDisciplineUnit", unit_schema);
  server.add_schema(
      "BoardDiscipline",
      with_head(
          {{"month", text},
           {"reports", array(ref("BoardReportKind"))},
           {"reports_total", ref("BoardTimeliness")},
           {"assessment", object({{"status", choice({"open", "compiled", "reviewed", "approved"})},
                                  {"assessed", int64},
                                  {"average", nullable(number)},
                                  {"buckets", array(object({{"from", int64}, {"to", int64}, {"count", int64}}))}})},
           {"units_kind", nullable(choice({"region", "province", "dealer", "user"}))},
           {"units", array(ref("BoardDisciplineUnit"))}}));
  server.add_schema("BoardGrade", object({{"grade", choice({"key", "secondary", "potential"})},
                                          {"accounts", int64},
                                          {"account_share", nullable(number)},
                                          {"units", int64},
                                          {"unit_share", nullable(number)}}));
  server.add_schema("BoardPyramid", with_head({{"from", text},
                                               {"to", text},
                                               {"total_accounts", int64},
                                               {"total_units", int64},
                                               {"grades", array(ref("BoardGrade"))}}));
}

// ---- the .xlsx of each board: its tables as a person reads them -----------------------------

using Rows = std::vector<sheets::Row>;

std::string cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", v.get<double>());
    return buffer;
  }
  return v.dump();
}
std::string percent(const json& v) {
  if (v.is_null()) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", v.get<double>() * 100.0);
  return buffer;
}

std::string board_scope(const json& board) {
  std::string name = board["unit"]["name"].get<std::string>();
  if (!board["user"].is_null()) name += " · " + board["user"]["name"].get<std::string>();
  return name;
}

Rows attainment_rows(const json& b) {
  Rows rows = {{"范围", board_scope(b), "期间", b["from"].get<std::string>() + " 至 " + b["to"].get<std::string>()},
               {"月份", "目标", "实销", "预测"}};
  for (const auto& m : b["months"])
    rows.push_back({cell(m["month"]), cell(m["plan"]), cell(m["actual"]), cell(m["forecast"])});
  rows.push_back({});
  rows.push_back({"排名", "名称", "目标(至今)", "实销", "达成率", "差距", "全期目标", "预测", "预测达成率"});
  for (const auto& u : b["units"]) {
    rows.push_back({cell(u["rank"]), cell(u["name"]), cell(u["plan_to_date"]), cell(u["actual"]), percent(u["rate"]),
                    cell(u["gap"]), cell(u["plan"]), cell(u["forecast"]), percent(u["forecast_rate"])});
  }
  return rows;
}

Rows funnel_rows(const json& b) {
  Rows rows = {
      {"范围", board_scope(b), "期间", b["from"].get<std::string>() + " 至 " + b["to"].get<std::string>()},
      {"销售阶段", "商机数", "台数", "金额(元)", "加权台数", "累计到达", "转化率", "4周前", "4周进入", "4周离开"}};
  auto yuan = [](const json& fen) { return cell(json(static_cast<double>(fen.get<int64_t>()) / 100.0)); };
  for (const auto& s : b["sales"]) {
    rows.push_back({cell(s["stage"]), cell(s["count"]), cell(s["units"]), yuan(s["amount_fen"]),
                    cell(s["weighted_units"]), cell(s["reached"]), percent(s["conversion"]), cell(s["count_4w_ago"]),
                    cell(s["entered_4w"]), cell(s["exited_4w"])});
  }
  rows.push_back({"won", cell(b["won"]["count"]), cell(b["won"]["units"]), yuan(b["won"]["amount_fen"])});
  rows.push_back({"lost", cell(b["lost"]["count"]), cell(b["lost"]["units"]), yuan(b["lost"]["amount_fen"])});
  rows.push_back({});
  rows.push_back({"采购阶段", "商机数", "台数", "金额(元)", "加权台数", "4周前", "4周进入", "4周离开"});
  for (const auto& s : b["procurement"]) {
    rows.push_back({cell(s["stage"]), cell(s["count"]), cell(s["units"]), yuan(s["amount_fen"]),
                    cell(s["weighted_units"]), cell(s["count_4w_ago"]), cell(s["entered_4w"]), cell(s["exited_4w"])});
  }
  return rows;
}

Rows registration_rows(const json& b) {
  Rows rows = {{"范围", board_scope(b), "期间", b["from"].get<std::string>() + " 至 " + b["to"].get<std::string>()},
               {"月份", "新增", "待审核", "冲突", "已批准", "已驳回", "已失效", "已转商机", "已赢单"}};
  auto line = [](const std::string& label, const json& f) {
    return sheets::Row{label,
                       cell(f["new"]),
                       cell(f["pending"]),
                       cell(f["conflict"]),
                       cell(f["approved"]),
                       cell(f["rejected"]),
                       cell(f["lapsed"]),
                       cell(f["converted"]),
                       cell(f["won"])};
  };
  for (const auto& m : b["months"]) rows.push_back(line(m["month"].get<std::string>(), m));
  rows.push_back(line("合计", b["total"]));
  return rows;
}

Rows discipline_rows(const json& b) {
  Rows rows = {{"范围", board_scope(b), "月份", cell(b["month"])},
               {"报表", "应交", "按时", "迟交", "缺交", "未到期", "按时率"}};
  for (const auto& k : b["reports"]) {
    rows.push_back({cell(k["kind"]), cell(k["due"]), cell(k["on_time"]), cell(k["late"]), cell(k["missing"]),
                    cell(k["open"]), percent(k["on_time_rate"])});
  }
  rows.push_back({});
  rows.push_back({"名称", "应交", "按时", "迟交", "缺交", "按时率", "考核人数", "平均分"});
  for (const auto& u : b["units"]) {
    rows.push_back({cell(u["name"]), cell(u["due"]), cell(u["on_time"]), cell(u["late"]), cell(u["missing"]),
                    percent(u["on_time_rate"]), cell(u["assessed"]), cell(u["average_score"])});
  }
  rows.push_back({});
  rows.push_back({"考核得分", "人数"});
  for (const auto& bucket : b["assessment"]["buckets"])
    rows.push_back({cell(bucket["from"]) + "–" + cell(bucket["to"]), cell(bucket["count"])});
  return rows;
}

Rows pyramid_rows(const json& b) {
  Rows rows = {{"范围", board_scope(b), "期间", b["from"].get<std::string>() + " 至 " + b["to"].get<std::string>()},
               {"客户等级", "客户数", "客户占比", "实销台数", "台数占比"}};
  for (const auto& g : b["grades"]) {
    rows.push_back({cell(g["grade"]), cell(g["accounts"]), percent(g["account_share"]), cell(g["units"]),
                    percent(g["unit_share"])});
  }
  return rows;
}

struct Board {
  const char* path;
  const char* summary;
  const char* schema;
  const char* sheet;  // the .xlsx's sheet and file name
  const char* file;
  json (BoardService::*read)(const auth::Principal&, const BoardQuery&);
  Rows (*rows)(const json&);
};

}  // namespace

void register_routes(http::Server& server, BoardService& service) {
  add_schemas(server);
  static const std::vector<Board> boards = {
      {"attainment",
       "Plan (the issued target plan's cells), delivered units (实销) and forecast (delivered + the open pipeline "
       "weighted by win probability, in the month expected; overdue ones in this month) by month; the period to "
       "date; the units (or a dealer's people) one level below ranked by attainment, with their gap",
       "BoardAttainment", "目标达成", "attainment", &BoardService::attainment, &attainment_rows},
      {"funnel",
       "The open pipeline per stage on both tracks (count, units, amount, weighted units), reached and conversion "
       "on the sales track, won and lost in the period, and the last four weeks' entries into and exits from each "
       "stage",
       "BoardFunnel", "商机漏斗", "funnel", &BoardService::funnel, &funnel_rows},
      {"registrations",
       "Registrations (报备) by the month made and their status now, converted to opportunities and won, and the "
       "approved ones whose protection ends soon (the home page's to-do)",
       "BoardRegistrations", "报备", "registrations", &BoardService::registrations, &registration_rows},
      {"discipline",
       "Report timeliness (on time, late, missing: from the recorded times) of the reports due in a month and the "
       "assessment's score distribution, in total and per unit (or person) one level below",
       "BoardDiscipline", "报表及时率与考核", "discipline", &BoardService::discipline, &discipline_rows},
      {"pyramid",
       "The value pyramid (delivered units per account grade) and the count pyramid (accounts per grade) of the "
       "unit's accounts; default the last twelve months",
       "BoardPyramid", "价值金字塔", "pyramid", &BoardService::pyramid, &pyramid_rows},
  };
  for (const auto& board : boards) {
    std::string path = std::string("/api/v1/boards/") + board.path;
    server.route(Method::get, path, Access::signed_in, {board.summary, "boards", board_query_doc(), "", board.schema},
                 [&service, &board](http::Request& request) {
                   request.json(200, (service.*board.read)(request.principal(), read_query(request)));
                 });
    http::RouteDoc export_doc{
        std::string("The ") + board.path + " board's tables as an .xlsx workbook (Chinese headers)", "boards",
        board_query_doc(), "", "Binary"};
    export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    server.route(Method::get, path + "/export", Access::signed_in, export_doc,
                 [&service, &board](http::Request& request) {
                   auto data = (service.*board.read)(request.principal(), read_query(request));
                   std::string day = calendar::date_text(calendar::china_date(clock::now_ms()));
                   day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
                   request.attachment(std::string("board-") + board.file + "-" + day + ".xlsx",
                                      std::string(board.sheet) + "-" + day + ".xlsx");
                   request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                 sheets::write_xlsx(board.sheet, board.rows(data)));
                 });
  }
}

}  // namespace fleetkam::boards
