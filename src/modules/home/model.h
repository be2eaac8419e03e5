// The home page each role lands on after sign-in: its to-dos (each a count and the list filter
// that shows exactly those records), the pipeline of its scope, deliveries this month against
// last month and the same month last year, and the same figures per unit one level below.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/opportunities/home_figures.h"

namespace fleetkam::home {

struct Todo {
  std::string code;  // registrations_to_review, quotes_to_approve, ...
  int64_t count = 0;
  std::string path;                          // the web list it links to
  std::map<std::string, std::string> query;  // its filter, the same names as the API list's
  std::string api_path;                      // the API list that returns exactly these records
  std::map<std::string, std::string> api_query;
};

struct MonthUnits {
  int64_t month = 0;  // YYYYMM
  int64_t units = 0;
};

struct Deliveries {
  MonthUnits this_month, last_month, same_month_last_year;
};

struct UnitFigures {
  int64_t unit_id = 0;
  std::string unit_name, kind;
  opportunities::home_figures::StageFigure pipeline;  // open opportunities, all stages
  Deliveries deliveries;
};

struct Home {
  std::string today;  // YYYY-MM-DD in China
  int64_t unit_id = 0;
  std::string unit_name, unit_kind;
  std::vector<Todo> todos;
  opportunities::home_figures::Pipeline pipeline;
  Deliveries deliveries;
  std::optional<std::string> units_kind;  // the kind one level below (region, province, dealer); none for a dealer
  std::vector<UnitFigures> units;         // ranked: most delivered this month first, then weighted amount
};

}  // namespace fleetkam::home
