#include "platform/auth/roles.h"

#include <array>

#include "platform/errors.h"

namespace fleetkam::auth {
namespace {
constexpr std::array<std::string_view, 8> kNames = {
    "admin",        "ka_director",    "ka_executive", "regional_director",
    "area_manager", "dealer_manager", "sales_rep",    "ka_staff"};
}  // namespace

const std::vector<std::string>& role_names() {
  static const std::vector<std::string> names(kNames.begin(), kNames.end());
  return names;
}

std::string_view to_string(Role role) { return kNames.at(static_cast<size_t>(role)); }

std::optional<Role> parse_role(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::string_view unit_kind_for(Role role) {
  switch (role) {
    case Role::admin:
    case Role::ka_director:
    case Role::ka_executive:
    case Role::ka_staff:
      return "hq";
    case Role::regional_director:
      return "region";
    case Role::area_manager:
      return "province";
    case Role::dealer_manager:
    case Role::sales_rep:
      return "dealer";
  }
  return "hq";
}

const std::vector<PermissionRule>& permission_table() {
  using enum Role;
  static const std::vector<PermissionRule> table = {
      // HQ's KA department staff (ka_staff) read what HQ reads and compile the monthly assessment
      // organisation and users (modules/org)
      {"org.read",
       {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"org.manage", {admin}},
      {"users.read", {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager}},
      {"users.manage", {admin}},
      // accounts (modules/accounts): the KA executive approves, does not edit
      {"accounts.read",
       {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"accounts.write", {admin, ka_director, regional_director, area_manager, dealer_manager, sales_rep}},
      {"accounts.assign", {admin, ka_director, regional_director, area_manager, dealer_manager}},
      // lead registrations (modules/registrations): dealers register, the province and above review
      {"registrations.read",
       {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"registrations.create", {dealer_manager, sales_rep}},
      {"registrations.review", {admin, ka_director, regional_director, area_manager}},
      {"registrations.stats", {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager}},
      {"settings.manage", {admin, ka_director}},
      // opportunities, quotes, the catalogue and deliveries (modules/opportunities)
      {"opportunities.read",
       {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"opportunities.write", {admin, ka_director, regional_director, area_manager, dealer_manager, sales_rep}},
      {"quotes.approve", {admin, ka_director, ka_executive, regional_director}},
      {"catalogue.manage", {admin, ka_director}},
      {"deliveries.write", {admin, area_manager, dealer_manager, sales_rep}},
      // targets: HQ's KA director plans and issues; a province's area manager splits its share
      {"targets.plan", {ka_director}},
      {"targets.split", {area_manager}},
      {"targets.read",
       {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      // calendar reports: dealer people file them; managers above review; HQ's KA director moves deadlines
      {"reports.submit", {dealer_manager, sales_rep}},
      {"reports.review", {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager}},
      {"reports.board", {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager}},
      {"reports.deadline", {ka_director}},
      // notifications (modules/notifications): everyone has their own bell; a unit's WeCom group robot
      // is set by an admin, or by a regional director or area manager for a unit in their scope
      {"notifications.webhooks", {admin, regional_director, area_manager}},
      // visits (modules/visits): the people who meet customers log them — dealer staff and the managers
      // above them (area manager, regional director, HQ's KA director); the KA executive and admins read
      {"visits.log", {ka_director, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"visits.read",
       {admin, ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"visits.rules", {admin, ka_director}},
      // the monthly assessment (modules/assessment): HQ's KA director sets the template
      {"assessment.template", {ka_director}},
      // the monthly close: KA staff compile (and fill the reviewer scores), the KA director reviews
      // (and may adjust any score with a reason), the KA executive approves and alone reopens
      {"assessment.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"assessment.compile", {ka_staff}},
      {"assessment.review", {ka_director}},
      {"assessment.approve", {ka_executive}},
      {"assessment.score", {ka_staff, ka_director}},
      // the approved month's payroll sheet: HQ's KA department
      {"assessment.export", {ka_director, ka_executive, ka_staff}},
      // rectification orders (modules/rectification): HQ's KA department and the regional directors
      // raise and verify them; area managers and dealers answer the ones addressed to them
      {"rectification.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"rectification.raise", {ka_director, ka_staff, regional_director}},
      {"rectification.respond", {area_manager, dealer_manager, sales_rep}},
      // satisfaction after delivery (modules/satisfaction): the dealer's people (and the area manager)
      // record the follow-up calls and own complaints; the area manager and above review low scores;
      // HQ's KA director sets the delay and the low score
      {"satisfaction.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"satisfaction.record", {area_manager, dealer_manager, sales_rep}},
      {"satisfaction.review", {ka_director, regional_director, area_manager}},
      {"satisfaction.rules", {admin, ka_director}},
      // the performance boards (modules/boards): every role that sells or manages sales; the
      // administrator keeps the system, not the figures
      {"boards.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      // exhibitions and promotion events (modules/events): a unit's managers plan and close them;
      // everyone who meets customers invites their contacts and checks them in
      {"events.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"events.manage", {ka_director, ka_staff, regional_director, area_manager, dealer_manager}},
      {"events.invite", {ka_director, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      // the support ledger (modules/support): the dealer side and the area manager request, buy gifts
      // and confirm receipt; the area manager, regional director and HQ approve by amount; HQ's KA
      // department keeps the stock and issues; HQ's KA department plans its dedicated visits; people who
      // meet customers feed back policy information, the managers above mark it useful
      {"support.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"support.request", {area_manager, dealer_manager, sales_rep}},
      {"support.approve", {ka_director, regional_director, area_manager}},
      {"support.stock", {ka_director, ka_staff}},
      {"support.rules", {ka_director}},
      {"support.hq_visits", {ka_director, ka_staff}},
      {"support.feedback", {area_manager, dealer_manager, sales_rep}},
      {"support.mark", {ka_director, regional_director, area_manager}},
      // framework agreements and supplier lists (modules/agreements): everyone who sells reads them;
      // HQ's KA department, the regional directors (central ones) and the area managers (their
      // province's) record agreements and run the applications
      {"agreements.read",
       {ka_director, ka_executive, ka_staff, regional_director, area_manager, dealer_manager, sales_rep}},
      {"agreements.manage", {ka_director, ka_staff, regional_director, area_manager}},
      // directories (modules/directories): HQ staff maintain them
      {"directories.manage", {admin, ka_director, ka_executive}},
      // audit trail (platform/audit): HQ roles and admins
      {"audit.read", {admin, ka_director, ka_executive}},
  };
  return table;
}

bool allowed(Role role, std::string_view action) {
  for (const auto& rule : permission_table()) {
    if (rule.action != action) continue;
    for (Role r : rule.roles) {
      if (r == role) return true;
    }
    return false;
  }
  return false;
}

void require(Role role, std::string_view action) {
  if (!allowed(role, action)) throw Forbidden();
}

std::vector<std::string> permissions_of(Role role) {
  std::vector<std::string> out;
  for (const auto& rule : permission_table()) {
    if (allowed(role, rule.action)) out.emplace_back(rule.action);
  }
  return out;
}

}  // namespace fleetkam::auth
