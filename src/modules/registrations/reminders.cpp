#include "modules/registrations/reminders.h"

#include "platform/db/database.h"

namespace fleetkam::registrations::reminders {
namespace {

// the dealer's parent is its province (org rules: a dealer sits under a province)
constexpr const char* kAwaitingReview =
    "SELECT u.id, r.id, a.name, d.name, r.vehicle_type, r.quantity, r.status FROM registrations r "
    "JOIN org_units d ON d.id = r.dealer_unit_id JOIN accounts a ON a.id = r.account_id "
    "JOIN users u ON u.org_unit_id = d.parent_id AND u.role = 'area_manager' AND u.active = 1 "
    "WHERE r.status IN ('pending', 'conflict') ORDER BY r.id, u.id";

}  // namespace

std::vector<notifications::Reminder> awaiting_review(db::Connection& c, int64_t /*now_ms*/) {
  std::vector<notifications::Reminder> out;
  for (const auto& row : c.query(kAwaitingReview)) {
    notifications::Reminder r;
    r.user_id = row.integer(0);
    r.kind = "registration_to_review";
    r.key = "registration:" + std::to_string(row.integer(1)) + ":review";
    r.title = "报备待审核：" + row.text(2);
    r.body = row.text(3) + " 报备 " + row.text(4) + " " + std::to_string(row.integer(5)) + " 台" +
             (row.text(6) == "conflict" ? "（有冲突）" : "");
    r.link = "/registrations/" + std::to_string(row.integer(1));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fleetkam::registrations::reminders
