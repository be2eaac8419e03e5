// What the opportunities module's route files (routes.cpp and the sub-resources' *_routes.cpp)
// share: the JSON of each resource, the readers of common input, and the sub-resources' route
// registrations. Not for other modules.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/opportunities/service.h"
#include "platform/http/json_input.h"
#include "platform/http/server.h"

namespace fleetkam::opportunities {

nlohmann::json tender_json(const Tender& t);
nlohmann::json competitor_json(const CompetitorQuote& q);
nlohmann::json quote_json(const Quote& q);
nlohmann::json delivery_json(const Delivery& d);
nlohmann::json model_json(const VehicleModel& m);

// `field` is present and null (a nullable field cleared).
bool is_null(const nlohmann::json& root, const std::string& field);
// An error on `field` unless the value, when given, is a day YYYY-MM-DD.
void check_day(http::JsonInput& in, const std::string& field, const std::optional<std::string>& value);
// An RFC 3339 time as ms.
std::optional<int64_t> read_time(http::JsonInput& in, const std::string& field, bool required);
// A comma-separated query value, each part one of `allowed`.
std::vector<std::string> read_list(const std::optional<std::string>& text, const std::vector<std::string>& allowed,
                                   const std::string& field);
// A month query parameter YYYY-MM as YYYYMM, or `fallback` when absent.
int64_t month_query(http::Request& request, const std::string& field, int64_t fallback);
int64_t this_month();

void register_tender_routes(http::Server& server, OpportunityService& service);
void register_quote_routes(http::Server& server, OpportunityService& service);
void register_catalogue_routes(http::Server& server, OpportunityService& service);
void register_delivery_routes(http::Server& server, OpportunityService& service);
void register_probability_routes(http::Server& server, OpportunityService& service);
void register_account_summary_route(http::Server& server, OpportunityService& service);

}  // namespace fleetkam::opportunities
