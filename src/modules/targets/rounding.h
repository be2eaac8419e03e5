// Whole-unit rounding for target splits: a vector to a fixed total (largest remainder) and a two-way
// table to fixed column totals with every row kept within floor/ceil of its exact total (controlled
// rounding). Every split of a target goes through one of these, so every split adds up to its parent.
#pragma once

#include <cstdint>
#include <vector>

namespace fleetkam::targets {

// Whole numbers summing exactly to `total`, each the floor or ceil of its exact value: the cells with
// the largest fractional parts go up (ties to the lower index). Precondition: values ≥ 0 and summing
// to `total` within 1e-6, else std::invalid_argument.
std::vector<int64_t> round_vector(const std::vector<double>& exact, int64_t total);

// Controlled rounding of a rows × cols table of non-negative values: every cell the floor or ceil of
// its exact value (a value within 1e-9 of an integer is that integer), every column summing exactly to
// column_totals[j] (which must equal the exact column sum within 1e-6, else std::invalid_argument),
// every row summing to the floor or ceil of its exact total; among those, the table with the least
// Σ|cell − exact|. Deterministic. See rounding.cpp for the method.
std::vector<std::vector<int64_t>> controlled_round(const std::vector<std::vector<double>>& exact,
                                                   const std::vector<int64_t>& column_totals);

}  // namespace fleetkam::targets
