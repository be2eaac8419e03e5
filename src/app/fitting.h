// Which vehicle types (directory `vehicle_types`) each industry (directory `industries`) buys:
// the one table the demo data set and `fleetkam gen` draw from, and their tests check against.
// A fleet-sales team's view of government buyers: public security buys patrol cars and prisoner
// transporters, courts and procuratorates law-enforcement cars, command cars and (for their
// judicial police escorting defendants) prisoner transporters, disease control laboratory and
// epidemic-prevention vehicles, and so on; almost every organ of state buys official cars.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::app {

struct IndustryFit {
  std::string_view industry;                    // industries code
  std::vector<std::string_view> vehicle_types;  // vehicle_types codes, the most typical first
};

// Every industry of migrations/0004_directories_seed.sql, once.
const std::vector<IndustryFit>& industry_fits();
// The vehicle types `industry` buys (empty for an industry the table does not know).
const std::vector<std::string_view>& fitting_vehicle_types(std::string_view industry);
bool fits(std::string_view industry, std::string_view vehicle_type);

}  // namespace fleetkam::app
