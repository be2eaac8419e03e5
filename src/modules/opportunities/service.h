// The pipeline from an approved registration to delivered vehicles (DOMAIN.md §4): opportunities
// and their stage moves on both processes, tenders, competitors' and our quotes with the price
// band and its approval, the vehicle catalogue, deliveries (实销) and their figures.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "modules/directories/directories.h"
#include "modules/opportunities/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities {

struct MoveInput {
  std::string stage;
  std::optional<std::string> procurement_stage, reason, lost_to;
  int64_t version = 0;
};

struct QuoteInput {
  int64_t model_id = 0, quantity = 0, unit_price_fen = 0;
  std::optional<std::string> note;
};

struct TenderInput {
  std::optional<std::string> notice_no, published_where, published_on, lots_json, result;
  std::optional<int64_t> bid_deadline;
  std::optional<std::optional<int64_t>> opening_at, winning_price_fen;
  std::optional<std::optional<std::string>> winner, note;
  int64_t version = 0;
};

struct DeliveryInput {
  std::string day, model, vehicle_type;
  int64_t quantity = 0;
  std::optional<int64_t> model_id;
  std::optional<std::string> over_reason, note;
};

struct ModelInput {
  std::optional<std::string> code, name, vehicle_type, kind;
  std::optional<std::optional<std::string>> upfitter;
  std::optional<int64_t> guide_price_fen;
  std::optional<bool> active;
  int64_t version = 0;
};

// The actual sales (实销) of a scope: delivered units per month and unit (or user), rolled up
// to `level` ("unit": the delivering unit, "province", "region", "user", or "all").
struct SalesQuery {
  int64_t from_month = 0, to_month = 0;  // YYYYMM, inclusive
  std::string level = "unit";
};

class OpportunityService {
 public:
  OpportunityService(db::Database& database, directories::DirectoryService& directories)
      : database_(database), directories_(directories) {}

  Opportunity create(const auth::Principal& caller, const OpportunityInput& input);
  Opportunity get(const auth::Principal& caller, int64_t id);
  Opportunity update(const auth::Principal& caller, int64_t id, const OpportunityInput& input);
  std::vector<Opportunity> list(const auth::Principal& caller, const OpportunityFilter& filter);
  // Per stage, how many opportunities the list would show with `filter` and that stage.
  std::map<std::string, int64_t> stage_counts(const auth::Principal& caller, OpportunityFilter filter);
  std::vector<BoardColumn> board(const auth::Principal& caller, std::optional<int64_t> owner_unit_id, int per_stage,
                                 int closed_days);
  Opportunity move(const auth::Principal& caller, int64_t id, const MoveInput& input);
  std::vector<Transition> transitions(const auth::Principal& caller, int64_t id);

  Tender add_tender(const auth::Principal& caller, int64_t opportunity_id, const TenderInput& input);
  Tender update_tender(const auth::Principal& caller, int64_t id, const TenderInput& input);
  // bid deadlines (and openings) in [from, to), soonest first
  std::vector<Tender> tenders(const auth::Principal& caller, int64_t from, int64_t to, bool openings_too);

  CompetitorQuote add_competitor_quote(const auth::Principal& caller, int64_t opportunity_id, CompetitorQuote input);
  void delete_competitor_quote(const auth::Principal& caller, int64_t id);

  Quote add_quote(const auth::Principal& caller, int64_t opportunity_id, const QuoteInput& input);
  Quote decide_quote(const auth::Principal& caller, int64_t id, const std::string& decision,
                     const std::optional<std::string>& note, int64_t version);
  Quote send_quote(const auth::Principal& caller, int64_t id, int64_t version);
  std::vector<Quote> quotes(const auth::Principal& caller, const std::vector<std::string>& statuses, bool awaiting_me,
                            int limit);

  std::vector<VehicleModel> models(const auth::Principal& caller, std::optional<bool> active,
                                   const std::optional<std::string>& vehicle_type, const std::optional<std::string>& q);
  VehicleModel create_model(const auth::Principal& caller, const ModelInput& input);
  VehicleModel update_model(const auth::Principal& caller, int64_t id, const ModelInput& input);
  VehicleModel set_bands(const auth::Principal& caller, int64_t id, const std::vector<VehicleModel::Band>& bands);

  Delivery deliver(const auth::Principal& caller, int64_t opportunity_id, const DeliveryInput& input);
  std::vector<Delivery> deliveries(const auth::Principal& caller, int64_t opportunity_id);
  // A delivery recorded by mistake stops counting (kept, with who, when and why).
  Delivery void_delivery(const auth::Principal& caller, int64_t id, const std::string& reason);

  // One call for targets and scoring: delivered units per month × unit in the caller's scope.
  std::vector<SummaryItem> actual_sales(const auth::Principal& caller, const SalesQuery& query);
  // The same without a caller: for a scope (an org path), used by later modules.
  std::vector<SummaryItem> actual_sales(const auth::Scope& scope, const SalesQuery& query);
  std::vector<PyramidRow> pyramid(const auth::Principal& caller, int64_t from_month, int64_t to_month);
  // An account's overview figures; 404 outside the caller's scope (account_summary.cpp).
  AccountSummary account_summary(const auth::Principal& caller, int64_t account_id);

  // HQ's win probability (赢单概率) by stage: read by all, set by settings.manage (open stages only).
  std::vector<StageProbability> stage_probabilities(const auth::Principal& caller);
  std::vector<StageProbability> set_stage_probabilities(const auth::Principal& caller,
                                                        const std::vector<StageProbability>& values);

 private:
  db::Database& database_;
  directories::DirectoryService& directories_;
};

}  // namespace fleetkam::opportunities
