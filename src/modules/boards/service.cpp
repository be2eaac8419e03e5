#include "modules/boards/service.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "modules/boards/totals.h"
#include "modules/home/service.h"
#include "modules/opportunities/model.h"
#include "modules/opportunities/rules.h"
#include "modules/org/store.h"
#include "modules/registrations/home_figures.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::boards {
namespace {

using json = nlohmann::json;

// Whose board: a unit's, or one person's (their dealer as `unit`).
struct BoardTarget {
  org::OrgUnit unit;
  std::optional<int64_t> user_id;
  std::string user_name;
};

BoardTarget resolve_target(db::Connection& c, const auth::Principal& caller, const BoardQuery& q) {
  auth::require(caller.role, "boards.read");
  BoardTarget t;
  std::optional<int64_t> user = q.user_id;
  if (caller.role == auth::Role::sales_rep) {
    // a sales rep's board is their own
    if (user && *user != caller.user_id) throw NotFound("no such user");
    if (q.unit_id && *q.unit_id != caller.org_unit_id) throw NotFound("no such unit");
    user = caller.user_id;
  }
  if (user) {
    auto row = c.query_one("SELECT display_name, org_unit_id FROM users WHERE id = ?", {*user});
    auto unit = row ? org::store::find_unit(c, caller.scope, row->integer(1)) : std::nullopt;
    if (!unit) throw NotFound("no such user");
    if (unit->kind != "dealer") throw Invalid("user_id", "is not a dealer's person: read their unit's board");
    if (q.unit_id && *q.unit_id != unit->id) throw Invalid("unit_id", "is not the person's dealer");
    t.unit = *unit;
    t.user_id = *user;
    t.user_name = row->text(0);
    return t;
  }
  auto unit = q.unit_id ? org::store::find_unit(c, caller.scope, *q.unit_id)
                        : org::store::find_unit_unscoped(c, caller.org_unit_id);
  if (!unit) throw NotFound("no such unit");
  t.unit = *unit;
  return t;
}

int64_t month_number(const calendar::Month& m) { return int64_t{m.year} * 100 + m.month; }
calendar::Month month_value(int64_t m) { return {static_cast<int>(m / 100), static_cast<int>(m % 100)}; }
std::string month_label(int64_t m) { return calendar::month_text(month_value(m)); }

struct MonthRange {
  int64_t from = 0, to = 0, current = 0;
  std::vector<int64_t> months;
};

MonthRange month_range(const BoardQuery& q, int64_t now) {
  MonthRange r;
  auto today = calendar::month_of(now);
  r.current = month_number(today);
  int64_t year = q.from ? *q.from / 100 : today.year;
  r.from = q.from.value_or(year * 100 + 1);
  r.to = q.to.value_or(year * 100 + 12);
  if (r.to < r.from) throw Invalid("to", "must not be before from");
  for (auto m = month_value(r.from); month_number(m) <= r.to; m = calendar::next_month(m)) {
    r.months.push_back(month_number(m));
    if (r.months.size() > 24) throw Invalid("to", "is more than 24 months after from");
  }
  return r;
}

json unit_json(const BoardTarget& t) { return {{"id", t.unit.id}, {"name", t.unit.name}, {"kind", t.unit.kind}}; }
json user_json(const BoardTarget& t) {
  if (!t.user_id) return nullptr;
  return {{"id", *t.user_id}, {"name", t.user_name}};
}

json rate(int64_t part, int64_t whole) {
  if (whole <= 0) return nullptr;
  return static_cast<double>(part) / static_cast<double>(whole);
}
double hundredths(int64_t x100) { return static_cast<double>(x100) / 100.0; }

// HQ's win probability per open stage (the default an opportunity without its own takes).
std::map<std::string, int64_t> stage_defaults(db::Connection& c) {
  std::map<std::string, int64_t> out;
  for (const auto& row : c.query("SELECT stage, probability FROM opportunity_stage_probabilities"))
    out[row.text(0)] = row.integer(1);
  return out;
}

// One row of pipeline figures, from the totals or from a person's own opportunities.
struct PipelinePart {
  std::string stage, procurement_stage;
  int64_t month = 0, count = 0, units = 0, amount_fen = 0;
  int64_t set_units_x100 = 0, set_amount_x100 = 0, unset_units = 0, unset_amount_fen = 0;
  int64_t owner = 0;  // the unit (or person) one level below the board's target, when asked
  int64_t weighted_units_x100(const std::map<std::string, int64_t>& defaults) const {
    auto d = defaults.find(stage);
    return set_units_x100 + (d == defaults.end() ? 0 : d->second) * unset_units;
  }
  int64_t weighted_amount_x100(const std::map<std::string, int64_t>& defaults) const {
    auto d = defaults.find(stage);
    return set_amount_x100 + (d == defaults.end() ? 0 : d->second) * unset_amount_fen;
  }
};

bool open_stage(const std::string& stage) { return stage != "won" && stage != "lost"; }

int64_t month_of_day(const std::string& day) {
  return day.size() >= 7 ? std::stoll(day.substr(0, 4)) * 100 + std::stoll(day.substr(5, 2)) : 0;
}

PipelinePart part_of_row(const db::Row& row) {
  PipelinePart p;
  p.stage = row.text(0);
  p.procurement_stage = row.text(1);
  p.month = row.integer(2);
  p.count = row.integer(3);
  p.units = row.integer(4);
  p.amount_fen = row.integer(5);
  p.set_units_x100 = row.integer(6);
  p.set_amount_x100 = row.integer(7);
  p.unset_units = row.integer(8);
  p.unset_amount_fen = row.integer(9);
  if (row.size() > 10) p.owner = row.integer(10);
  return p;
}

constexpr const char* kPartColumns =
    "stage, procurement_stage, month, count, units, amount_fen, set_units_x100, set_amount_x100, unset_units, "
    "unset_amount_fen";

// A person's opportunities as pipeline parts (a person holds hundreds, not millions). `where`
// selects them; the owner is the owner user.
std::vector<PipelinePart> own_parts(db::Connection& c, const std::string& where, const db::Params& params) {
  std::vector<PipelinePart> out;
  for (const auto& row : c.query("SELECT stage, procurement_stage, quantity, won_units, amount_fen, probability, "
                                 "expected_date, closed_at, COALESCE(owner_user_id, 0) FROM opportunities WHERE " +
                                     where,
                                 params)) {
    PipelinePart p;
    p.stage = row.text(0);
    p.procurement_stage = row.text(1);
    p.count = 1;
    p.units = p.stage == "won" ? row.integer(3) : row.integer(2);
    p.amount_fen = row.integer(4);
    auto closed = row.optional_integer(7);
    p.month = !open_stage(p.stage) && closed ? totals::month_of_ms(*closed) : month_of_day(row.text(6));
    if (open_stage(p.stage)) {
      if (auto probability = row.optional_integer(5)) {
        p.set_units_x100 = row.integer(2) * *probability;
        p.set_amount_x100 = p.amount_fen * *probability;
      } else {
        p.unset_units = row.integer(2);
        p.unset_amount_fen = p.amount_fen;
      }
    }
    p.owner = row.integer(8);
    out.push_back(std::move(p));
  }
  return out;
}

// The pipeline parts of the target (all open ones, and won and lost closed in [from, to]).
std::vector<PipelinePart> target_parts(db::Connection& c, const BoardTarget& t, int64_t from, int64_t to) {
  if (t.user_id) {
    return own_parts(c, "owner_user_id = ? AND owner_unit_id = ?", {*t.user_id, t.unit.id});
  }
  std::vector<PipelinePart> out;
  for (const auto& row : c.query(std::string("SELECT ") + kPartColumns +
                                     " FROM board_pipeline WHERE unit_id = ? AND (stage NOT IN ('won', 'lost') OR "
                                     "(month >= ? AND month <= ?))",
                                 {t.unit.id, from, to})) {
    out.push_back(part_of_row(row));
  }
  return out;
}

struct Plan {
  int64_t id = 0;
  std::string name;
  int64_t from = 0, to = 0;  // the months it covers, YYYYMM
};

std::optional<Plan> board_plan(db::Connection& c, const auth::Principal& caller, const std::optional<int64_t>& id,
                               const MonthRange& r) {
  if (id) {
    auto row = c.query_one("SELECT id, name, status, from_month, to_month FROM target_plans WHERE id = ?", {*id});
    if (!row || (row->text(2) != "issued" && caller.unit_kind != "hq")) throw NotFound("no such target plan");
    return Plan{row->integer(0), row->text(1), row->integer(3), row->integer(4)};
  }
  // the issued plan in force over the range: not replaced by a revision, the latest start first
  auto row = c.query_one(
      "SELECT id, name, from_month, to_month FROM target_plans WHERE status = 'issued' AND superseded_by IS NULL AND "
      "from_month <= ? AND to_month >= ? ORDER BY from_month DESC, id DESC LIMIT 1",
      {r.to, r.from});
  if (!row) return std::nullopt;
  return Plan{row->integer(0), row->text(1), row->integer(2), row->integer(3)};
}

// The people of a dealer a board ranks: its active sales reps and dealer managers.
std::vector<std::pair<int64_t, std::string>> dealer_people(db::Connection& c, int64_t dealer_id) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& row : c.query("SELECT id, display_name FROM users WHERE org_unit_id = ? AND active = 1 AND role IN "
                                 "('sales_rep', 'dealer_manager') ORDER BY id",
                                 {dealer_id})) {
    out.emplace_back(row.integer(0), row.text(1));
  }
  return out;
}

std::vector<org::OrgUnit> children_of(db::Connection& c, const auth::Principal& caller, const org::OrgUnit& unit) {
  if (unit.kind == "dealer") return {};
  org::UnitFilter filter;
  filter.parent_id = unit.id;
  filter.active = true;
  filter.limit = 1000;
  return org::store::list_units(c, caller.scope, filter);
}

std::optional<std::string> kind_below(const BoardTarget& t) {
  if (t.user_id) return std::nullopt;
  if (t.unit.kind == "hq") return "region";
  if (t.unit.kind == "region") return "province";
  if (t.unit.kind == "province") return "dealer";
  return "user";
}

// A unit or person of the ranking, with its figures over the range.
struct Ranked {
  int64_t id = 0;
  std::string name;
  std::map<int64_t, int64_t> plan, actual;
  std::map<int64_t, int64_t> weighted_x100;  // by the month it is expected to land
};

}  // namespace

json BoardService::attainment(const auth::Principal& caller, const BoardQuery& q) {
  json out;
  database_.read([&](db::Connection& c) {
    auto t = resolve_target(c, caller, q);
    int64_t now = clock::now_ms();
    auto r = month_range(q, now);
    auto plan = board_plan(c, caller, q.plan_id, r);
    auto defaults = stage_defaults(c);
    auto below = kind_below(t);

    // the target itself (index 0) and the units or people below it
    std::vector<Ranked> rows(1);
    rows[0].id = t.user_id.value_or(t.unit.id);
    std::unordered_map<int64_t, size_t> index;
    if (below == std::optional<std::string>("user")) {
      for (const auto& [id, name] : dealer_people(c, t.unit.id)) {
        index[id] = rows.size();
        rows.push_back({id, name, {}, {}, {}});
      }
    } else if (below) {
      for (const auto& child : children_of(c, caller, t.unit)) {
        index[child.id] = rows.size();
        rows.push_back({child.id, child.name, {}, {}, {}});
      }
    }
    std::vector<int64_t> ids;
    for (size_t i = 1; i < rows.size(); ++i) ids.push_back(rows[i].id);
    auto into = [&](int64_t id) -> Ranked* {
      auto it = index.find(id);
      return it == index.end() ? nullptr : &rows[it->second];
    };
    // an open opportunity lands in its expected month; one already overdue in this month
    auto landing = [&](int64_t month) { return std::max(month, r.current); };

    // plan
    if (plan) {
      std::string level = t.user_id ? "user" : t.unit.kind;
      for (const auto& row :
           c.query("SELECT month, units FROM target_cells WHERE plan_id = ? AND level = ? AND business = 'all' AND "
                   "unit_id = ? AND user_id = ? AND month >= ? AND month <= ?",
                   {plan->id, level, t.unit.id, t.user_id.value_or(0), r.from, r.to})) {
        rows[0].plan[row.integer(0)] = row.integer(1);
      }
      if (!ids.empty()) {
        db::Params p = {plan->id, *below};
        std::string sql = *below == "user"
                              ? "SELECT user_id, month, units FROM target_cells WHERE plan_id = ? AND level = ? AND "
                                "business = 'all' AND unit_id = ? AND user_id IN "
                              : "SELECT unit_id, month, units FROM target_cells WHERE plan_id = ? AND level = ? AND "
                                "business = 'all' AND user_id = 0 AND unit_id IN ";
        if (*below == "user") p.emplace_back(t.unit.id);
        sql += "(" + db::placeholders(ids, p) + ") AND month >= ? AND month <= ?";
        p.emplace_back(r.from);
        p.emplace_back(r.to);
        for (const auto& row : c.query(sql, p)) {
          if (auto* x = into(row.integer(0))) x->plan[row.integer(1)] += row.integer(2);
        }
      }
    }

    // delivered (实销)
    if (t.user_id) {
      for (const auto& row : c.query("SELECT month, SUM(units) FROM delivery_totals WHERE unit_id = ? AND user_id = ? "
                                     "AND month >= ? AND month <= ? GROUP BY month",
                                     {t.unit.id, *t.user_id, r.from, r.to})) {
        rows[0].actual[row.integer(0)] = row.integer(1);
      }
    } else {
      for (const auto& row :
           c.query("SELECT month, SUM(units) FROM board_deliveries WHERE unit_id = ? AND month >= ? AND month <= ? "
                   "GROUP BY month",
                   {t.unit.id, r.from, r.to})) {
        rows[0].actual[row.integer(0)] = row.integer(1);
      }
    }
    if (!ids.empty()) {
      db::Params p;
      std::string sql;
      if (*below == "user") {
        p.emplace_back(t.unit.id);
        sql = "SELECT user_id, month, SUM(units) FROM delivery_totals WHERE unit_id = ? AND user_id IN (" +
              db::placeholders(ids, p) + ") AND month >= ? AND month <= ? GROUP BY user_id, month";
      } else {
        sql = "SELECT unit_id, month, SUM(units) FROM board_deliveries WHERE unit_id IN (" + db::placeholders(ids, p) +
              ")" + " AND month >= ? AND month <= ? GROUP BY unit_id, month";
      }
      p.emplace_back(r.from);
      p.emplace_back(r.to);
      for (const auto& row : c.query(sql, p)) {
        if (auto* x = into(row.integer(0))) x->actual[row.integer(1)] += row.integer(2);
      }
    }

    // the open pipeline, weighted, by the month it is expected to land
    for (const auto& part : target_parts(c, t, r.from, r.to)) {
      if (open_stage(part.stage)) rows[0].weighted_x100[landing(part.month)] += part.weighted_units_x100(defaults);
    }
    if (!ids.empty() && *below == "user") {
      for (const auto& part : own_parts(c, "owner_unit_id = ? AND stage NOT IN ('won', 'lost')", {t.unit.id})) {
        if (auto* x = into(part.owner)) x->weighted_x100[landing(part.month)] += part.weighted_units_x100(defaults);
      }
    } else if (!ids.empty()) {
      // the units below: weighted and summed by the database per unit and landing month (a
      // province's 100 dealers hold some 10,000 rows; reading them one by one cost 50 ms)
      db::Params p = {r.current, r.current};
      std::string sql =
          "SELECT b.unit_id, CASE WHEN b.month < ? THEN ? ELSE b.month END, SUM(b.set_units_x100 + "
          "COALESCE(sp.probability, 0) * b.unset_units) FROM board_pipeline b LEFT JOIN "
          "opportunity_stage_probabilities "
          "sp ON sp.stage = b.stage WHERE b.unit_id IN (" +
          db::placeholders(ids, p) + ") AND b.stage NOT IN ('won', 'lost') AND b.month <= ? GROUP BY 1, 2";
      p.emplace_back(r.to);
      for (const auto& row : c.query(sql, p)) {
        if (auto* x = into(row.integer(0))) x->weighted_x100[row.integer(1)] += row.integer(2);
      }
    }

    struct Figures {
      int64_t plan = 0, plan_to_date = 0, actual = 0, forecast_x100 = 0;
      bool planned = false;
    };
    auto figures_of = [&](const Ranked& x, json* months) {
      Figures f;
      for (int64_t m : r.months) {
        auto p = x.plan.find(m);
        int64_t actual = x.actual.count(m) ? x.actual.at(m) : 0;
        int64_t weighted = m >= r.current && x.weighted_x100.count(m) ? x.weighted_x100.at(m) : 0;
        int64_t forecast_x100 = actual * 100 + weighted;
        if (p != x.plan.end()) {
          f.planned = true;
          f.plan += p->second;
          if (m <= r.current) f.plan_to_date += p->second;
        }
        // to date: the months up to this one that the plan covers (all of them without a plan),
        // so that actual and plan compare the same months
        bool counted = !plan || (m >= plan->from && m <= plan->to);
        if (m <= r.current && counted) f.actual += actual;
        f.forecast_x100 += forecast_x100;
        if (months) {
          months->push_back({{"month", month_label(m)},
                             {"plan", p == x.plan.end() ? json(nullptr) : json(p->second)},
                             {"actual", actual},
                             {"forecast", hundredths(forecast_x100)},
                             {"closed", m < r.current}});
        }
      }
      return f;
    };
    json months = json::array();
    auto total = figures_of(rows[0], &months);
    std::vector<std::pair<Figures, size_t>> ranked;
    for (size_t i = 1; i < rows.size(); ++i) ranked.emplace_back(figures_of(rows[i], nullptr), i);
    auto rate_of = [](const Figures& f) {
      return f.plan_to_date > 0 ? static_cast<double>(f.actual) / static_cast<double>(f.plan_to_date) : -1.0;
    };
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
      double ra = rate_of(a.first), rb = rate_of(b.first);
      if (ra != rb) return ra > rb;
      return a.first.actual > b.first.actual;
    });
    json units = json::array();
    int64_t rank = 0;
    for (const auto& [f, i] : ranked) {
      json u = {{"rank", ++rank},
                {"name", rows[i].name},
                {"plan", f.planned ? json(f.plan) : json(nullptr)},
                {"plan_to_date", f.planned ? json(f.plan_to_date) : json(nullptr)},
                {"actual", f.actual},
                {"rate", rate(f.actual, f.plan_to_date)},
                {"gap", f.planned ? json(f.plan_to_date - f.actual) : json(nullptr)},
                {"forecast", hundredths(f.forecast_x100)},
                {"forecast_rate",
                 f.plan > 0 ? json(hundredths(f.forecast_x100) / static_cast<double>(f.plan)) : json(nullptr)}};
      if (*below == "user") {
        u["user_id"] = rows[i].id;
        u["unit_id"] = t.unit.id;
      } else {
        u["unit_id"] = rows[i].id;
        u["user_id"] = nullptr;
      }
      units.push_back(std::move(u));
    }
    out = {{"unit", unit_json(t)},
           {"user", user_json(t)},
           {"from", month_label(r.from)},
           {"to", month_label(r.to)},
           {"as_of", calendar::date_text(calendar::china_date(now))},
           {"plan", plan ? json{{"id", plan->id}, {"name", plan->name}} : json(nullptr)},
           {"months", months},
           {"to_date",
            {{"plan", total.planned ? json(total.plan_to_date) : json(nullptr)},
             {"actual", total.actual},
             {"rate", rate(total.actual, total.plan_to_date)},
             {"gap", total.planned ? json(total.plan_to_date - total.actual) : json(nullptr)}}},
           {"period",
            {{"plan", total.planned ? json(total.plan) : json(nullptr)},
             {"forecast", hundredths(total.forecast_x100)},
             {"forecast_rate", total.plan > 0 ? json(hundredths(total.forecast_x100) / static_cast<double>(total.plan))
                                              : json(nullptr)}}},
           {"units_kind", below ? json(*below) : json(nullptr)},
           {"units", units}};
  });
  return out;
}

json BoardService::funnel(const auth::Principal& caller, const BoardQuery& q) {
  json out;
  database_.read([&](db::Connection& c) {
    auto t = resolve_target(c, caller, q);
    int64_t now = clock::now_ms();
    auto r = month_range(q, now);
    auto defaults = stage_defaults(c);
    struct StageSum {
      int64_t count = 0, units = 0, amount_fen = 0, weighted_units_x100 = 0, weighted_amount_x100 = 0;
      int64_t entered = 0, exited = 0;
    };
    std::map<std::string, StageSum> sales, procurement;
    StageSum won, lost;
    for (const auto& part : target_parts(c, t, r.from, r.to)) {
      if (!open_stage(part.stage)) {
        if (part.month < r.from || part.month > r.to) continue;  // a person's rows hold every month
        auto& s = part.stage == "won" ? won : lost;
        s.count += part.count;
        s.units += part.units;
        s.amount_fen += part.amount_fen;
        continue;
      }
      for (auto* s : {&sales[part.stage], &procurement[part.procurement_stage]}) {
        s->count += part.count;
        s->units += part.units;
        s->amount_fen += part.amount_fen;
        s->weighted_units_x100 += part.weighted_units_x100(defaults);
        s->weighted_amount_x100 += part.weighted_amount_x100(defaults);
      }
    }

    // the last four China weeks, this one included
    int64_t this_week = totals::week_of(now);
    int64_t first_week = this_week - 21;
    std::map<int64_t, std::map<std::string, std::map<std::string, std::pair<int64_t, int64_t>>>> weeks;
    auto flow = [&](int64_t week, const std::string& track, const std::string& stage, int64_t entered, int64_t exited) {
      auto& f = weeks[week][track][stage];
      f.first += entered;
      f.second += exited;
      auto& sums = track == "sales" ? sales : procurement;
      if (sums.count(stage) || open_stage(stage)) {
        sums[stage].entered += entered;
        sums[stage].exited += exited;
      }
    };
    if (t.user_id) {
      for (const auto& row : c.query(
               "SELECT t.at, t.from_stage, t.to_stage, t.from_procurement_stage, t.to_procurement_stage FROM "
               "opportunity_transitions t JOIN opportunities o ON o.id = t.opportunity_id WHERE o.owner_user_id = ? "
               "AND o.owner_unit_id = ? AND t.at >= ?",
               {*t.user_id, t.unit.id, calendar::china_midnight(calendar::civil_from_days(first_week))})) {
        int64_t week = totals::week_of(row.integer(0));
        for (const auto& [track, from, to] : {std::tuple{"sales", row.optional_text(1), row.text(2)},
                                              std::tuple{"procurement", row.optional_text(3), row.text(4)}}) {
          if (from && *from == to) continue;
          flow(week, track, to, 1, 0);
          if (from) flow(week, track, *from, 0, 1);
        }
      }
    } else {
      for (const auto& row :
           c.query("SELECT week, track, stage, entered, exited FROM board_flows WHERE unit_id = ? AND week >= ?",
                   {t.unit.id, first_week})) {
        flow(row.integer(0), row.text(1), row.text(2), row.integer(3), row.integer(4));
      }
    }

    auto stage_json = [&](const std::string& stage, const StageSum& s) {
      return json{{"stage", stage},
                  {"count", s.count},
                  {"units", s.units},
                  {"amount_fen", s.amount_fen},
                  {"weighted_units", hundredths(s.weighted_units_x100)},
                  {"weighted_amount_fen", s.weighted_amount_x100 / 100},
                  {"entered_4w", s.entered},
                  {"exited_4w", s.exited},
                  {"count_4w_ago", s.count - s.entered + s.exited}};
    };
    const auto& open = opportunities::open_stages();
    // reached: those in the stage or beyond it now, and those won in the period
    std::vector<int64_t> reached(open.size() + 1, won.count);
    for (size_t i = open.size(); i-- > 0;) reached[i] = reached[i + 1] + sales[open[i]].count;
    json sales_json = json::array();
    for (size_t i = 0; i < open.size(); ++i) {
      auto s = stage_json(open[i], sales[open[i]]);
      s["reached"] = reached[i];
      s["conversion"] = rate(reached[i + 1], reached[i]);
      sales_json.push_back(std::move(s));
    }
    json procurement_json = json::array();
    for (const auto& stage : opportunities::procurement_stages())
      procurement_json.push_back(stage_json(stage, procurement[stage]));
    json weeks_json = json::array();
    for (int64_t week = first_week; week <= this_week; week += 7) {
      json tracks = json::object();
      for (const auto& [track, stages] :
           {std::pair{"sales", &open}, std::pair{"procurement", &opportunities::procurement_stages()}}) {
        json list = json::array();
        std::vector<std::string> all = *stages;
        if (std::string(track) == "sales") {
          all.emplace_back("won");
          all.emplace_back("lost");
        }
        for (const auto& stage : all) {
          auto f = weeks[week][track][stage];
          list.push_back({{"stage", stage}, {"entered", f.first}, {"exited", f.second}});
        }
        tracks[track] = list;
      }
      weeks_json.push_back({{"week", calendar::date_text(calendar::civil_from_days(week))},
                            {"sales", tracks["sales"]},
                            {"procurement", tracks["procurement"]}});
    }
    auto closed_json = [](const StageSum& s) {
      return json{{"count", s.count}, {"units", s.units}, {"amount_fen", s.amount_fen}};
    };
    out = {
        {"unit", unit_json(t)},    {"user", user_json(t)},      {"from", month_label(r.from)},
        {"to", month_label(r.to)}, {"sales", sales_json},       {"procurement", procurement_json},
        {"won", closed_json(won)}, {"lost", closed_json(lost)}, {"win_rate", rate(won.count, won.count + lost.count)},
        {"weeks", weeks_json}};
  });
  return out;
}

json BoardService::registrations(const auth::Principal& caller, const BoardQuery& q) {
  json out;
  database_.read([&](db::Connection& c) {
    auto t = resolve_target(c, caller, q);
    int64_t now = clock::now_ms();
    auto r = month_range(q, now);
    static const std::vector<std::string> kStatuses = {"pending", "conflict",  "approved", "rejected",
                                                       "lapsed",  "converted", "won"};
    std::map<int64_t, std::map<std::string, int64_t>> by_month;
    if (t.user_id) {
      for (const auto& row : c.query(
               "SELECT r.created_at, r.status, CASE WHEN o.stage = 'won' THEN 1 ELSE 0 END FROM registrations r LEFT "
               "JOIN opportunities o ON o.id = r.opportunity_id WHERE r.registered_by = ? AND r.dealer_unit_id = ? AND "
               "r.created_at >= ? AND r.created_at < ?",
               {*t.user_id, t.unit.id, calendar::month_start(month_value(r.from)),
                calendar::month_end(month_value(r.to))})) {
        auto& m = by_month[totals::month_of_ms(row.integer(0))];
        m[row.text(1)] += 1;
        if (row.integer(2) == 1) m["won"] += 1;
      }
    } else {
      for (const auto& row : c.query(
               "SELECT month, status, count FROM board_registrations WHERE unit_id = ? AND month >= ? AND month <= ?",
               {t.unit.id, r.from, r.to})) {
        by_month[row.integer(0)][row.text(1)] += row.integer(2);
      }
    }
    auto figures = [&](const std::map<std::string, int64_t>& m) {
      json f = json::object();
      int64_t made = 0;
      for (const auto& status : kStatuses) {
        int64_t n = m.count(status) ? m.at(status) : 0;
        f[status] = n;
        if (status != "won") made += n;
      }
      f["new"] = made;
      return f;
    };
    std::map<std::string, int64_t> total;
    json months = json::array();
    for (int64_t month : r.months) {
      auto& m = by_month[month];
      for (const auto& [status, n] : m) total[status] += n;
      json f = figures(m);
      f["month"] = month_label(month);
      months.push_back(std::move(f));
    }
    json totals_json = figures(total);
    int64_t made = totals_json["new"].get<int64_t>();
    // the home page's to-do: approved ones whose protection ends within its days (same list)
    std::string until = calendar::date_text(
        calendar::civil_from_days(calendar::days_from_civil(calendar::china_date(now)) + home::kProtectionDays));
    int64_t before = calendar::china_midnight(*calendar::parse_date(until)) + calendar::kDayMs;
    auto ending = registrations::home_figures::protection_ending(c, auth::Scope{t.unit.path}, before, t.user_id);
    out = {{"unit", unit_json(t)},
           {"user", user_json(t)},
           {"from", month_label(r.from)},
           {"to", month_label(r.to)},
           {"months", months},
           {"total", totals_json},
           {"conversion_rate", rate(total["converted"], made)},
           {"win_rate", rate(total["won"], made)},
           {"protection_ending", {{"count", ending}, {"until", until}}}};
  });
  return out;
}

json BoardService::discipline(const auth::Principal& caller, const BoardQuery& q) {
  json out;
  database_.read([&](db::Connection& c) {
    auto t = resolve_target(c, caller, q);
    int64_t now = clock::now_ms();
    month_range(q, now);  // from and to are checked as on every board, though this one reads a month
    auto month = q.month ? month_value(*q.month) : calendar::previous_month(calendar::month_of(now));
    int64_t start = calendar::month_start(month), end = calendar::month_end(month);
    if (start > now) throw Invalid("month", "has not begun");
    auto below = kind_below(t);

    // the units one level below and, for each unit in the subtree, the one it counts under
    std::vector<std::pair<int64_t, std::string>> groups;
    std::unordered_map<int64_t, size_t> group_of;
    size_t depth = auth::path_ids(t.unit.path).size();
    if (below == std::optional<std::string>("user")) {
      for (const auto& [id, name] : dealer_people(c, t.unit.id)) {
        group_of[id] = groups.size();
        groups.emplace_back(id, name);
      }
    } else if (below) {
      for (const auto& child : children_of(c, caller, t.unit)) {
        group_of[child.id] = groups.size();
        groups.emplace_back(child.id, child.name);
      }
    }
    auto group_by_path = [&](const std::string& path) -> std::optional<size_t> {
      auto ids = auth::path_ids(path);
      if (ids.size() <= depth) return std::nullopt;
      auto it = group_of.find(ids[depth]);
      return it == group_of.end() ? std::nullopt : std::optional<size_t>(it->second);
    };

    struct Timeliness {
      int64_t due = 0, on_time = 0, late = 0, missing = 0, open = 0;
    };
    std::map<std::string, Timeliness> kinds;
    std::vector<Timeliness> group_reports(groups.size());
    auto add_to = [](Timeliness& into, const Timeliness& x) {
      into.due += x.due;
      into.on_time += x.on_time;
      into.late += x.late;
      into.missing += x.missing;
      into.open += x.open;
    };
    if (t.user_id || below == std::optional<std::string>("user")) {
      // a person's reports, or a dealer's per person: the records (a dealer files a few dozen a month)
      std::string sql =
          "SELECT kind, user_id, COUNT(*), SUM(CASE WHEN submitted_at <= due_at THEN 1 ELSE 0 END), SUM(CASE WHEN "
          "submitted_at > due_at THEN 1 ELSE 0 END), SUM(CASE WHEN submitted_at IS NULL AND due_at < ? THEN 1 ELSE 0 "
          "END) FROM reports WHERE due_at > ? AND due_at <= ?";
      db::Params p = {now, start, end};
      sql += t.user_id ? " AND user_id = ?" : " AND unit_id = ?";
      p.emplace_back(t.user_id.value_or(t.unit.id));
      for (const auto& row : c.query(sql + " GROUP BY kind, user_id", p)) {
        Timeliness x{row.integer(2), row.optional_integer(3).value_or(0), row.optional_integer(4).value_or(0),
                     row.optional_integer(5).value_or(0), 0};
        x.open = x.due - x.on_time - x.late - x.missing;
        add_to(kinds[row.text(0)], x);
        if (auto it = group_of.find(row.integer(1)); it != group_of.end()) add_to(group_reports[it->second], x);
      }
    } else {
      // a unit's and its children's totals kept with each report's making and first submission
      std::vector<int64_t> ids = {t.unit.id};
      for (const auto& [id, name] : groups) ids.push_back(id);
      db::Params p;
      std::string sql = "SELECT unit_id, kind, due_at, due, on_time, late FROM board_reports WHERE unit_id IN (" +
                        db::placeholders(ids, p) + ") AND due_at > ? AND due_at <= ?";
      p.emplace_back(start);
      p.emplace_back(end);
      for (const auto& row : c.query(sql, p)) {
        Timeliness x{row.integer(3), row.integer(4), row.integer(5), 0, 0};
        (row.integer(2) < now ? x.missing : x.open) = x.due - x.on_time - x.late;
        if (row.integer(0) == t.unit.id) {
          add_to(kinds[row.text(1)], x);
        } else if (auto it = group_of.find(row.integer(0)); it != group_of.end()) {
          add_to(group_reports[it->second], x);
        }
      }
    }

    // the assessment of the month: scores' distribution, and each group's average
    std::string month_text = calendar::month_text(month);
    auto status_row = c.query_one("SELECT status FROM assessment_months WHERE month = ?", {month_text});
    static const std::vector<std::pair<int, int>> kBuckets = {{0, 60}, {60, 70}, {70, 80}, {80, 90}, {90, 101}};
    std::vector<int64_t> buckets(kBuckets.size(), 0);
    int64_t people = 0;
    double sum = 0;
    std::vector<std::pair<int64_t, double>> group_scores(groups.size(), {0, 0.0});
    std::string asql =
        "SELECT unit_path, user_id, total FROM assessment_results WHERE month = ? AND unit_path >= ? AND unit_path < ? "
        "AND total IS NOT NULL";
    auth::Scope within{t.unit.path};
    db::Params ap = {month_text, within.lower(), within.upper()};
    if (t.user_id) {
      asql += " AND user_id = ?";
      ap.emplace_back(*t.user_id);
    }
    for (const auto& row : c.query(asql, ap)) {
      double score = row.real(2);
      ++people;
      sum += score;
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (score >= kBuckets[i].first && score < kBuckets[i].second) ++buckets[i];
      }
      std::optional<size_t> g;
      if (below == std::optional<std::string>("user")) {
        auto it = group_of.find(row.integer(1));
        if (it != group_of.end()) g = it->second;
      } else {
        g = group_by_path(row.text(0));
      }
      if (g) {
        group_scores[*g].first += 1;
        group_scores[*g].second += score;
      }
    }

    auto timeliness_json = [](const Timeliness& x) {
      return json{{"due", x.due},         {"on_time", x.on_time}, {"late", x.late},
                  {"missing", x.missing}, {"open", x.open},       {"on_time_rate", rate(x.on_time, x.due - x.open)}};
    };
    json reports = json::array();
    Timeliness all;
    for (const auto& kind : {"weekly_tracking", "monthly_stats", "monthly_summary"}) {
      const auto& x = kinds[kind];
      json k = timeliness_json(x);
      k["kind"] = kind;
      reports.push_back(std::move(k));
      all.due += x.due;
      all.on_time += x.on_time;
      all.late += x.late;
      all.missing += x.missing;
      all.open += x.open;
    }
    json buckets_json = json::array();
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      buckets_json.push_back(
          {{"from", kBuckets[i].first}, {"to", std::min(kBuckets[i].second, 100)}, {"count", buckets[i]}});
    }
    json units = json::array();
    for (size_t i = 0; i < groups.size(); ++i) {
      json u = timeliness_json(group_reports[i]);
      u["name"] = groups[i].second;
      u[below == std::optional<std::string>("user") ? "user_id" : "unit_id"] = groups[i].first;
      u["assessed"] = group_scores[i].first;
      u["average_score"] = group_scores[i].first > 0
                               ? json(group_scores[i].second / static_cast<double>(group_scores[i].first))
                               : json(nullptr);
      units.push_back(std::move(u));
    }
    out = {{"unit", unit_json(t)},
           {"user", user_json(t)},
           {"month", month_text},
           {"reports", reports},
           {"reports_total", timeliness_json(all)},
           {"assessment",
            {{"status", status_row ? json(status_row->text(0)) : json("open")},
             {"assessed", people},
             {"average", people > 0 ? json(sum / static_cast<double>(people)) : json(nullptr)},
             {"buckets", buckets_json}}},
           {"units_kind", below ? json(*below) : json(nullptr)},
           {"units", units}};
  });
  return out;
}

json BoardService::pyramid(const auth::Principal& caller, const BoardQuery& q) {
  BoardTarget t;
  MonthRange r;
  database_.read([&](db::Connection& c) {
    t = resolve_target(c, caller, q);
    BoardQuery last_year = q;
    if (!q.from && !q.to) {
      // default: the twelve months to this one
      auto now = calendar::month_of(clock::now_ms());
      auto first = now;
      for (int i = 0; i < 11; ++i) first = calendar::previous_month(first);
      last_year.from = month_number(first);
      last_year.to = month_number(now);
    }
    r = month_range(last_year, clock::now_ms());
  });
  // the accounts of the target unit's subtree (a person's board: their dealer's) and the units
  // delivered to them, from the totals kept with each account and delivery write
  std::vector<opportunities::PyramidRow> rows = {{"key", 0, 0}, {"secondary", 0, 0}, {"potential", 0, 0}};
  database_.read([&](db::Connection& c) {
    for (const auto& row : c.query("SELECT grade, count FROM board_accounts WHERE unit_id = ?", {t.unit.id})) {
      for (auto& g : rows)
        if (g.grade == row.text(0)) g.accounts = row.integer(1);
    }
    for (const auto& row : c.query("SELECT grade, SUM(units) FROM board_deliveries WHERE unit_id = ? AND month >= ? "
                                   "AND month <= ? GROUP BY grade",
                                   {t.unit.id, r.from, r.to})) {
      for (auto& g : rows)
        if (g.grade == row.text(0)) g.units = row.integer(1);
    }
  });
  int64_t accounts = 0, units = 0;
  for (const auto& row : rows) {
    accounts += row.accounts;
    units += row.units;
  }
  json grades = json::array();
  for (const auto& row : rows) {
    grades.push_back({{"grade", row.grade},
                      {"accounts", row.accounts},
                      {"account_share", rate(row.accounts, accounts)},
                      {"units", row.units},
                      {"unit_share", rate(row.units, units)}});
  }
  return {{"unit", unit_json(t)},    {"user", user_json(t)},       {"from", month_label(r.from)},
          {"to", month_label(r.to)}, {"total_accounts", accounts}, {"total_units", units},
          {"grades", grades}};
}

}  // namespace fleetkam::boards
