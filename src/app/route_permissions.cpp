#include "app/route_permissions.h"

namespace fleetkam::app {

// Each route: one of these permissions (auth::permission_table()), or, with none listed, any
// signed-in user. The handlers keep their finer rules (whose record, which state, which unit):
// this is the outer gate, so a role that may never use a route learns nothing from it but 403.
const std::vector<http::RoutePermission>& route_permissions() {
  using http::Method;
  static const std::vector<http::RoutePermission> table = {
      // /accounts
      {Method::get, "/api/v1/accounts", {"accounts.read"}},
      {Method::post, "/api/v1/accounts", {"accounts.write"}},
      {Method::get, "/api/v1/accounts/duplicates", {"accounts.read"}},
      {Method::get, "/api/v1/accounts/export", {"accounts.read"}},
      {Method::post, "/api/v1/accounts/import", {"accounts.write"}},
      {Method::get, "/api/v1/accounts/pyramid", {"accounts.read"}},
      {Method::get, "/api/v1/accounts/status-counts", {"accounts.read"}},
      {Method::get, "/api/v1/accounts/{id}", {"accounts.read"}},
      {Method::patch, "/api/v1/accounts/{id}", {"accounts.write"}},
      {Method::get, "/api/v1/accounts/{id}/analysis", {"accounts.read"}},
      {Method::post, "/api/v1/accounts/{id}/analysis", {"accounts.write"}},
      {Method::get, "/api/v1/accounts/{id}/buying-centre", {"accounts.read"}},
      {Method::get, "/api/v1/accounts/{id}/contacts", {"accounts.read"}},
      {Method::post, "/api/v1/accounts/{id}/contacts", {"accounts.write"}},
      {Method::patch, "/api/v1/accounts/{id}/contacts/{contact_id}", {"accounts.write"}},
      {Method::get, "/api/v1/accounts/{id}/summary", {"accounts.read"}},
      // /agreements
      {Method::get, "/api/v1/agreements", {"agreements.read"}},
      {Method::post, "/api/v1/agreements", {"agreements.manage"}},
      {Method::get, "/api/v1/agreements/coverage", {"agreements.read"}},
      {Method::get, "/api/v1/agreements/coverage/export", {"agreements.read"}},
      {Method::get, "/api/v1/agreements/export", {"agreements.read"}},
      {Method::get, "/api/v1/agreements/options", {"agreements.read"}},
      {Method::get, "/api/v1/agreements/{id}", {"agreements.read"}},
      {Method::put, "/api/v1/agreements/{id}", {"agreements.manage"}},
      {Method::put, "/api/v1/agreements/{id}/application", {"agreements.manage"}},
      {Method::post, "/api/v1/agreements/{id}/application/outcome", {"agreements.manage"}},
      {Method::post, "/api/v1/agreements/{id}/application/submit", {"agreements.manage"}},
      {Method::post, "/api/v1/agreements/{id}/competitors", {"agreements.manage"}},
      {Method::del, "/api/v1/agreements/{id}/competitors/{competitor_id}", {"agreements.manage"}},
      {Method::put, "/api/v1/agreements/{id}/dealers", {"agreements.manage"}},
      {Method::put, "/api/v1/agreements/{id}/listings", {"agreements.manage"}},
      {Method::get, "/api/v1/agreements/{id}/sales", {"agreements.read"}},
      // /assessment-months
      {Method::get, "/api/v1/assessment-months", {"assessment.read"}},
      {Method::get, "/api/v1/assessment-months/{period}", {"assessment.read"}},
      {Method::post, "/api/v1/assessment-months/{period}/approve", {"assessment.approve"}},
      {Method::post, "/api/v1/assessment-months/{period}/compile", {"assessment.compile"}},
      {Method::get, "/api/v1/assessment-months/{period}/export", {"assessment.export"}},
      {Method::post, "/api/v1/assessment-months/{period}/reopen", {"assessment.approve"}},
      {Method::post, "/api/v1/assessment-months/{period}/review", {"assessment.review"}},
      // /assessment-templates
      {Method::get, "/api/v1/assessment-templates", {}},
      {Method::get, "/api/v1/assessment-templates/{period}", {}},
      {Method::put, "/api/v1/assessment-templates/{period}", {"assessment.template"}},
      // /assessments
      {Method::get, "/api/v1/assessments", {"assessment.read"}},
      {Method::get, "/api/v1/assessments/{period}/people/{id}", {"assessment.read"}},
      {Method::patch, "/api/v1/assessments/{period}/people/{id}", {"assessment.score"}},
      // /attainment
      {Method::get, "/api/v1/attainment", {"targets.read"}},
      {Method::get, "/api/v1/attainment/export", {"targets.read"}},
      // /audit
      {Method::get, "/api/v1/audit", {"audit.read"}},
      // /auth
      {Method::post, "/api/v1/auth/logout", {}},
      // /boards
      {Method::get, "/api/v1/boards/attainment", {"boards.read"}},
      {Method::get, "/api/v1/boards/attainment/export", {"boards.read"}},
      {Method::get, "/api/v1/boards/discipline", {"boards.read"}},
      {Method::get, "/api/v1/boards/discipline/export", {"boards.read"}},
      {Method::get, "/api/v1/boards/funnel", {"boards.read"}},
      {Method::get, "/api/v1/boards/funnel/export", {"boards.read"}},
      {Method::get, "/api/v1/boards/pyramid", {"boards.read"}},
      {Method::get, "/api/v1/boards/pyramid/export", {"boards.read"}},
      {Method::get, "/api/v1/boards/registrations", {"boards.read"}},
      {Method::get, "/api/v1/boards/registrations/export", {"boards.read"}},
      // /competitor-quotes
      {Method::del, "/api/v1/competitor-quotes/{id}", {"opportunities.write"}},
      // /complaints
      {Method::get, "/api/v1/complaints", {"satisfaction.read"}},
      {Method::get, "/api/v1/complaints/export", {"satisfaction.read"}},
      {Method::get, "/api/v1/complaints/{id}", {"satisfaction.read"}},
      {Method::post, "/api/v1/complaints/{id}/resolve", {"satisfaction.read"}},
      // /deliveries
      {Method::get, "/api/v1/deliveries/summary", {"opportunities.read"}},
      {Method::post, "/api/v1/deliveries/{id}/void", {"deliveries.write"}},
      // /directories
      {Method::get, "/api/v1/directories/{directory}", {}},
      {Method::post, "/api/v1/directories/{directory}", {"directories.manage"}},
      {Method::patch, "/api/v1/directories/{directory}/{code}", {"directories.manage"}},
      // /divisions
      {Method::get, "/api/v1/divisions", {}},
      // /events
      {Method::get, "/api/v1/events", {"events.read"}},
      {Method::post, "/api/v1/events", {"events.manage"}},
      {Method::get, "/api/v1/events/export", {"events.read"}},
      {Method::get, "/api/v1/events/{id}", {"events.read"}},
      {Method::put, "/api/v1/events/{id}", {"events.manage"}},
      {Method::post, "/api/v1/events/{id}/cancel", {"events.manage"}},
      {Method::get, "/api/v1/events/{id}/candidates", {"events.read"}},
      {Method::post, "/api/v1/events/{id}/hold", {"events.manage"}},
      {Method::get, "/api/v1/events/{id}/invitations", {"events.read"}},
      {Method::post, "/api/v1/events/{id}/invitations", {"events.invite"}},
      {Method::post, "/api/v1/events/{id}/invitations/{invitation_id}/check-in", {"events.invite"}},
      {Method::post, "/api/v1/events/{id}/invitations/{invitation_id}/respond", {"events.invite"}},
      {Method::get, "/api/v1/events/{id}/results", {"events.read"}},
      // /forecast
      {Method::get, "/api/v1/forecast", {"opportunities.read"}},
      // /home
      {Method::get, "/api/v1/home", {}},
      // /me
      {Method::get, "/api/v1/me", {}},
      {Method::post, "/api/v1/me/password", {}},
      // /next-steps
      {Method::get, "/api/v1/next-steps", {}},
      // /notifications
      {Method::get, "/api/v1/notifications", {}},
      {Method::post, "/api/v1/notifications/read-all", {}},
      {Method::get, "/api/v1/notifications/unread-count", {}},
      {Method::post, "/api/v1/notifications/{id}/read", {}},
      // /opportunities
      {Method::get, "/api/v1/opportunities", {"opportunities.read"}},
      {Method::post, "/api/v1/opportunities", {"opportunities.write"}},
      {Method::get, "/api/v1/opportunities/board", {"opportunities.read"}},
      {Method::get, "/api/v1/opportunities/stage-counts", {"opportunities.read"}},
      {Method::get, "/api/v1/opportunities/{id}", {"opportunities.read"}},
      {Method::patch, "/api/v1/opportunities/{id}", {"opportunities.write"}},
      {Method::post, "/api/v1/opportunities/{id}/competitor-quotes", {"opportunities.write"}},
      {Method::get, "/api/v1/opportunities/{id}/deliveries", {"opportunities.read"}},
      {Method::post, "/api/v1/opportunities/{id}/deliveries", {"deliveries.write"}},
      {Method::post, "/api/v1/opportunities/{id}/quotes", {"opportunities.write"}},
      {Method::post, "/api/v1/opportunities/{id}/tenders", {"opportunities.write"}},
      {Method::get, "/api/v1/opportunities/{id}/transitions", {"opportunities.read"}},
      {Method::post, "/api/v1/opportunities/{id}/transitions", {"opportunities.write"}},
      // /opportunity-stage-probabilities
      {Method::get, "/api/v1/opportunity-stage-probabilities", {"opportunities.read"}},
      {Method::put, "/api/v1/opportunity-stage-probabilities", {"settings.manage"}},
      // /org
      {Method::get, "/api/v1/org/units", {"org.read"}},
      {Method::post, "/api/v1/org/units", {"org.manage"}},
      {Method::get, "/api/v1/org/units/{id}", {"org.read"}},
      {Method::patch, "/api/v1/org/units/{id}", {"org.manage"}},
      {Method::get, "/api/v1/org/units/{id}/wecom-webhook", {"notifications.webhooks"}},
      {Method::put, "/api/v1/org/units/{id}/wecom-webhook", {"notifications.webhooks"}},
      {Method::post, "/api/v1/org/units/{id}/wecom-webhook/test", {"notifications.webhooks"}},
      // /overview
      {Method::get, "/api/v1/overview", {}},
      // /quotes
      {Method::get, "/api/v1/quotes", {"opportunities.read"}},
      {Method::post, "/api/v1/quotes/{id}/decision", {"quotes.approve"}},
      {Method::post, "/api/v1/quotes/{id}/send", {"opportunities.write"}},
      // /rectification-summary
      {Method::get, "/api/v1/rectification-summary", {"rectification.read"}},
      // /rectifications
      {Method::get, "/api/v1/rectifications", {"rectification.read"}},
      {Method::post, "/api/v1/rectifications", {"rectification.raise"}},
      {Method::get, "/api/v1/rectifications/{id}", {"rectification.read"}},
      {Method::post, "/api/v1/rectifications/{id}/cancel", {"rectification.raise"}},
      {Method::post, "/api/v1/rectifications/{id}/close", {"rectification.raise"}},
      {Method::post, "/api/v1/rectifications/{id}/respond", {"rectification.respond"}},
      {Method::post, "/api/v1/rectifications/{id}/send-back", {"rectification.raise"}},
      // /registrations
      {Method::get, "/api/v1/registrations", {"registrations.read"}},
      {Method::post, "/api/v1/registrations", {"registrations.create"}},
      {Method::get, "/api/v1/registrations/stats", {"registrations.stats"}},
      {Method::get, "/api/v1/registrations/status-counts", {"registrations.read"}},
      {Method::get, "/api/v1/registrations/{id}", {"registrations.read"}},
      {Method::post, "/api/v1/registrations/{id}/extend", {"registrations.review"}},
      {Method::post, "/api/v1/registrations/{id}/review", {"registrations.review"}},
      // /report-board
      {Method::get, "/api/v1/report-board", {"reports.board"}},
      // /report-periods
      {Method::get, "/api/v1/report-periods", {}},
      {Method::put, "/api/v1/report-periods/{kind}/{period}", {"reports.deadline"}},
      // /reports
      {Method::get, "/api/v1/reports", {}},
      {Method::get, "/api/v1/reports/{id}", {}},
      {Method::post, "/api/v1/reports/{id}/comments", {"reports.review"}},
      {Method::post, "/api/v1/reports/{id}/draft", {}},
      {Method::get, "/api/v1/reports/{id}/export", {}},
      {Method::post, "/api/v1/reports/{id}/submit", {}},
      // /satisfaction
      {Method::get, "/api/v1/satisfaction/followups", {"satisfaction.read"}},
      {Method::get, "/api/v1/satisfaction/followups/export", {"satisfaction.read"}},
      {Method::get, "/api/v1/satisfaction/followups/{id}", {"satisfaction.read"}},
      {Method::post, "/api/v1/satisfaction/followups/{id}/complaints", {"satisfaction.record"}},
      {Method::get, "/api/v1/satisfaction/followups/{id}/owners", {"satisfaction.read"}},
      {Method::post, "/api/v1/satisfaction/followups/{id}/record", {"satisfaction.record"}},
      {Method::post, "/api/v1/satisfaction/followups/{id}/review", {"satisfaction.review"}},
      {Method::get, "/api/v1/satisfaction/rules", {"satisfaction.read"}},
      {Method::put, "/api/v1/satisfaction/rules", {"satisfaction.rules"}},
      {Method::get, "/api/v1/satisfaction/summary", {"satisfaction.read"}},
      // /settings
      {Method::get, "/api/v1/settings/registrations", {}},
      {Method::put, "/api/v1/settings/registrations", {"settings.manage"}},
      // /support
      {Method::get, "/api/v1/support/gift-allowance", {"support.read"}},
      {Method::get, "/api/v1/support/hq-visits", {"support.read"}},
      {Method::post, "/api/v1/support/hq-visits", {"support.hq_visits"}},
      {Method::post, "/api/v1/support/hq-visits/{id}/cancel", {"support.hq_visits"}},
      {Method::post, "/api/v1/support/hq-visits/{id}/log", {"support.read"}},
      {Method::get, "/api/v1/support/items", {"support.read"}},
      {Method::post, "/api/v1/support/items", {"support.stock"}},
      {Method::put, "/api/v1/support/items/{id}", {"support.stock"}},
      {Method::post, "/api/v1/support/items/{id}/restock", {"support.stock"}},
      {Method::get, "/api/v1/support/ledger", {"support.read"}},
      {Method::get, "/api/v1/support/policy-notes", {"support.read"}},
      {Method::post, "/api/v1/support/policy-notes", {"support.feedback"}},
      {Method::post, "/api/v1/support/policy-notes/{id}/mark", {"support.mark"}},
      {Method::get, "/api/v1/support/requests", {"support.read"}},
      {Method::post, "/api/v1/support/requests", {"support.request"}},
      {Method::get, "/api/v1/support/requests/export", {"support.read"}},
      {Method::get, "/api/v1/support/requests/{id}", {"support.read"}},
      {Method::post, "/api/v1/support/requests/{id}/approve", {"support.approve"}},
      {Method::post, "/api/v1/support/requests/{id}/cancel", {"support.request"}},
      {Method::post, "/api/v1/support/requests/{id}/issue", {"support.stock", "support.request"}},
      {Method::post, "/api/v1/support/requests/{id}/receive", {"support.request"}},
      {Method::post, "/api/v1/support/requests/{id}/reject", {"support.approve"}},
      {Method::get, "/api/v1/support/rewards", {"support.read"}},
      {Method::get, "/api/v1/support/rules", {"support.read"}},
      {Method::put, "/api/v1/support/rules", {"support.rules"}},
      {Method::get, "/api/v1/support/upfitter-policies", {}},
      {Method::post, "/api/v1/support/upfitter-policies", {"catalogue.manage"}},
      {Method::put, "/api/v1/support/upfitter-policies/{id}", {"catalogue.manage"}},
      // /target-plans
      {Method::get, "/api/v1/target-plans", {"targets.read"}},
      {Method::post, "/api/v1/target-plans", {"targets.plan"}},
      {Method::get, "/api/v1/target-plans/{id}", {"targets.read"}},
      {Method::put, "/api/v1/target-plans/{id}", {"targets.plan"}},
      {Method::post, "/api/v1/target-plans/{id}/capacity-import", {"targets.plan"}},
      {Method::get, "/api/v1/target-plans/{id}/cells", {"targets.read"}},
      {Method::get, "/api/v1/target-plans/{id}/diff", {"targets.read"}},
      {Method::post, "/api/v1/target-plans/{id}/issue", {"targets.plan"}},
      {Method::put, "/api/v1/target-plans/{id}/method", {"targets.plan"}},
      {Method::post, "/api/v1/target-plans/{id}/preview", {"targets.plan"}},
      {Method::get, "/api/v1/target-plans/{id}/provinces/{unit_id}/split", {"targets.read"}},
      {Method::put, "/api/v1/target-plans/{id}/provinces/{unit_id}/split", {"targets.split"}},
      {Method::post, "/api/v1/target-plans/{id}/provinces/{unit_id}/submit", {"targets.split"}},
      {Method::post, "/api/v1/target-plans/{id}/revisions", {"targets.plan"}},
      // /tenders
      {Method::get, "/api/v1/tenders", {"opportunities.read"}},
      {Method::patch, "/api/v1/tenders/{id}", {"opportunities.write"}},
      // /unvisited-accounts
      {Method::get, "/api/v1/unvisited-accounts", {"visits.read"}},
      // /users
      {Method::get, "/api/v1/users", {"users.read"}},
      {Method::post, "/api/v1/users", {"users.manage"}},
      {Method::get, "/api/v1/users/{id}", {}},
      {Method::patch, "/api/v1/users/{id}", {"users.manage"}},
      {Method::post, "/api/v1/users/{id}/password", {"users.manage"}},
      // /vehicle-models
      {Method::get, "/api/v1/vehicle-models", {}},
      {Method::post, "/api/v1/vehicle-models", {"catalogue.manage"}},
      {Method::patch, "/api/v1/vehicle-models/{id}", {"catalogue.manage"}},
      {Method::put, "/api/v1/vehicle-models/{id}/bands", {"catalogue.manage"}},
      // /visit-rules
      {Method::get, "/api/v1/visit-rules", {}},
      {Method::put, "/api/v1/visit-rules", {"visits.rules"}},
      // /visits
      {Method::get, "/api/v1/visits", {"visits.read"}},
      {Method::post, "/api/v1/visits", {"visits.log"}},
      {Method::get, "/api/v1/visits/{id}", {"visits.read"}},
      {Method::patch, "/api/v1/visits/{id}", {"visits.log"}},
      {Method::post, "/api/v1/visits/{id}/next-step", {"visits.log"}},
  };
  return table;
}

}  // namespace fleetkam::app
