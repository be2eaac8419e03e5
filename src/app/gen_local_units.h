// The local units of a county that crowd a city's list of names (issue 19): its police stations
// (成都市公安局武侯区分局桂溪派出所, 金堂县公安局赵镇派出所), schools and clinics, named after its
// towns and streets. `fleetkam gen` and bench/dedup_bench.cpp both use it.
#pragma once

#include <string>
#include <vector>

#include "platform/refdata/divisions.h"

namespace fleetkam::app {

struct LocalUnit {
  std::string name;
  const char* industry;  // directory code: police, education, health
  bool public_institution;
};

// Some 60-160 units of `county` (none for a city or province, or 市辖区), always the same for a
// county. Town names are two characters, and no two towns of a county share a character in the
// same place, so no two of its names are one character apart (the typo rule would merge them).
std::vector<LocalUnit> local_units(const refdata::Division& county);

}  // namespace fleetkam::app
