// The organisation tree of targets and month arithmetic: see tree.h.
#include "modules/targets/tree.h"

#include <algorithm>
#include <cstdio>

#include "platform/clock.h"
#include "platform/db/database.h"

namespace fleetkam::targets {

namespace {
// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
constexpr int64_t kDayMs = 86400000;
constexpr int64_t kBeijingOffsetMs = int64_t{8} * 3600000;
}  // namespace

OrgTree OrgTree::load(db::Connection& c) {
  OrgTree tree;
  for (const auto& row : c.query("SELECT id, kind, name, COALESCE(parent_id, 0), path, active FROM org_units")) {
    TreeUnit u;
    u.id = row.integer(0);
    u.kind = row.text(1);
    u.name = row.text(2);
    u.parent_id = row.integer(3);
    u.path = row.text(4);
    u.active = row.integer(5) != 0;
    tree.units_.emplace(u.id, std::move(u));
  }
  for (auto& [id, u] : tree.units_) {
    // walk up: the tree is at most four levels deep
    const TreeUnit* at = &u;
    for (int depth = 0; at && depth < 6; ++depth) {
      if (at->kind == "province") u.province_id = at->id;
      if (at->kind == "region") u.region_id = at->id;
      auto parent = tree.units_.find(at->parent_id);
      at = parent == tree.units_.end() ? nullptr : &parent->second;
    }
  }
  for (const auto& [id, u] : tree.units_) {
    if (!u.active) continue;
    tree.by_kind_[u.kind].push_back(id);
    if (u.kind == "dealer" && u.province_id) tree.dealers_[u.province_id].push_back(id);
  }
  for (auto& [kind, ids] : tree.by_kind_) std::sort(ids.begin(), ids.end());
  for (auto& [province, ids] : tree.dealers_) std::sort(ids.begin(), ids.end());
  return tree;
}

const TreeUnit* OrgTree::find(int64_t id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

const std::vector<int64_t>& OrgTree::of_kind(const std::string& kind) const {
  static const std::vector<int64_t> none;
  auto it = by_kind_.find(kind);
  return it == by_kind_.end() ? none : it->second;
}

std::vector<int64_t> OrgTree::dealers_of(int64_t province_id) const {
  auto it = dealers_.find(province_id);
  return it == dealers_.end() ? std::vector<int64_t>{} : it->second;
}

int64_t OrgTree::ancestor_at(int64_t unit_id, const std::string& level) const {
  const TreeUnit* u = find(unit_id);
  if (!u) return 0;
  if (level == "province") return u->province_id;
  if (level == "region") return u->region_id;
  if (level == "dealer") return u->kind == "dealer" ? u->id : 0;
  if (level == "hq") {
    while (u && u->parent_id) u = find(u->parent_id);
    return u ? u->id : 0;
  }
  return 0;
}

std::string OrgTree::name(int64_t id) const {
  const TreeUnit* u = find(id);
  return u ? u->name : std::string();
}

std::vector<PersonRow> people_of(db::Connection& c, const std::vector<int64_t>& dealer_ids) {
  std::vector<PersonRow> out;
  if (dealer_ids.empty()) return out;
  db::Params params;
  std::string marks = db::placeholders(dealer_ids, params);
  for (const auto& row : c.query("SELECT id, display_name, org_unit_id, role FROM users WHERE active = 1 AND role IN "
                                 "('sales_rep', 'dealer_manager') AND org_unit_id IN (" +
                                     marks + ") ORDER BY org_unit_id, id",
                                 params)) {
    out.push_back({row.integer(0), row.text(1), row.integer(2), row.text(3)});
  }
  return out;
}

int64_t add_months(int64_t month, int64_t n) {
  int64_t index = (month / 100) * 12 + (month % 100 - 1) + n;
  return (index / 12) * 100 + index % 12 + 1;
}

int64_t months_between(int64_t from, int64_t to) {
  return ((to / 100) * 12 + to % 100) - ((from / 100) * 12 + from % 100) + 1;
}

std::vector<int64_t> month_range(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t m = from; m <= to; m = add_months(m, 1)) out.push_back(m);
  return out;
}

std::string month_text(int64_t month) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld", static_cast<long long>(month / 100),
                static_cast<long long>(month % 100));
  return buffer;
}

std::optional<int64_t> parse_month_text(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int64_t year = std::stoll(text.substr(0, 4)), month = std::stoll(text.substr(5, 2));
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return std::nullopt;
  return year * 100 + month;
}

std::string quarter_text(int64_t month) {
  return std::to_string(month / 100) + "-Q" + std::to_string((month % 100 - 1) / 3 + 1);
}

int64_t month_start_ms(int64_t month) {
  return days_from_civil(month / 100, month % 100, 1) * kDayMs - kBeijingOffsetMs;
}

int64_t day_end_ms(const std::string& day) {
  int64_t y = std::stoll(day.substr(0, 4)), m = std::stoll(day.substr(5, 2)), d = std::stoll(day.substr(8, 2));
  return (days_from_civil(y, m, d) + 1) * kDayMs - kBeijingOffsetMs;
}

std::string today(int64_t now_ms) { return clock::format_rfc3339(now_ms).substr(0, 10); }

int64_t this_month(int64_t now_ms) {
  auto day = today(now_ms);
  return std::stoll(day.substr(0, 4)) * 100 + std::stoll(day.substr(5, 2));
}

}  // namespace fleetkam::targets
