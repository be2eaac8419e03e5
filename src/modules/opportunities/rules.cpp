#include "modules/opportunities/rules.h"

#include <algorithm>
#include <cstdio>

namespace fleetkam::opportunities {

const std::vector<std::string>& stages() {
  static const std::vector<std::string> v = {"discover", "contact", "analyze", "position", "bid", "won", "lost"};
  return v;
}
const std::vector<std::string>& open_stages() {
  static const std::vector<std::string> v = {"discover", "contact", "analyze", "position", "bid"};
  return v;
}
const std::vector<std::string>& procurement_stages() {
  static const std::vector<std::string> v = {"deliberation", "planning", "requirements",
                                             "evaluation",   "tender",   "commitment"};
  return v;
}

namespace {
int index_of(const std::vector<std::string>& v, const std::string& s) {
  auto it = std::find(v.begin(), v.end(), s);
  return it == v.end() ? -1 : static_cast<int>(it - v.begin());
}
}  // namespace

std::optional<std::string> matching_procurement_stage(const std::string& stage) {
  int i = index_of(stages(), stage);
  if (i < 0 || stage == "lost") return std::nullopt;
  return procurement_stages()[static_cast<size_t>(i)];
}

bool is_open(const std::string& stage) { return index_of(open_stages(), stage) >= 0; }

MoveCheck check_move(const std::string& from, const std::string& to, bool procurement_changes) {
  MoveCheck m;
  int f = index_of(stages(), from), t = index_of(stages(), to);
  if (f < 0 || t < 0) {
    m.refusal = "opportunity.invalid_transition";
    return m;
  }
  if (from == "won") {
    m.refusal = "opportunity.closed";  // a won order is final: its deliveries count
    return m;
  }
  if (from == to) {
    if (!procurement_changes || from == "lost") m.refusal = "opportunity.invalid_transition";
    return m;
  }
  if (from == "lost") {
    if (!is_open(to)) {
      m.refusal = "opportunity.invalid_transition";
      return m;
    }
    m.needs_reason = true;  // reopening says why
    return m;
  }
  // from an open stage
  if (to == "won") {
    m.needs_reason = true;
    m.forward = true;
  } else if (to == "lost") {
    m.needs_reason = true;
    m.needs_lost_to = true;
  } else if (t < f) {
    m.needs_reason = true;  // going back
  } else {
    m.forward = true;
  }
  return m;
}

Pricing classify_price(int64_t guide, int64_t price, const Band& band) {
  Pricing p;
  // exact: price ≥ guide × (1 − max/10000)  ⇔  price × 10000 ≥ guide × (10000 − max)
  p.discount_bp = guide > 0 ? (guide - price) * 10000 / guide : 0;
  __int128 scaled = static_cast<__int128>(price) * 10000;
  bool above_guide = price > guide;
  bool within_max = scaled >= static_cast<__int128>(guide) * (10000 - band.max_discount_bp);
  bool within_hq = scaled >= static_cast<__int128>(guide) * (10000 - band.hq_discount_bp);
  if (!above_guide && within_max) {
    p.approval_level = "none";
  } else if (above_guide || within_hq) {
    p.approval_level = "regional";
  } else {
    p.approval_level = "hq";
  }
  return p;
}

bool within_won(int64_t won_units, int64_t delivered_units, int64_t quantity) {
  return delivered_units + quantity <= won_units;
}

int64_t month_of(const std::string& day) {
  if (day.size() < 7) return 0;
  return std::stoll(day.substr(0, 4)) * 100 + std::stoll(day.substr(5, 2));
}

std::optional<int64_t> parse_month(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int64_t y = std::stoll(text.substr(0, 4)), m = std::stoll(text.substr(5, 2));
  if (y < 1970 || m < 1 || m > 12) return std::nullopt;
  return y * 100 + m;
}

std::string format_month(int64_t month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(month / 100),
                static_cast<long long>(month % 100));
  return buf;
}

int64_t add_months(int64_t month, int64_t n) {
  int64_t index = (month / 100) * 12 + (month % 100 - 1) + n;
  return (index / 12) * 100 + index % 12 + 1;
}

int64_t months_between(int64_t from, int64_t to) {
  return ((to / 100) * 12 + to % 100) - ((from / 100) * 12 + from % 100) + 1;
}

}  // namespace fleetkam::opportunities
