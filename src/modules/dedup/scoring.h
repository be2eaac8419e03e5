// The duplicate engine's scoring: how two accounts compare (the rules of matcher.h), on their
// normal forms. Internal to src/modules/dedup; other modules use matcher.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/dedup/matcher.h"
#include "modules/dedup/normaliser.h"

namespace fleetkam::dedup {

// One side of a comparison: an account with its normal form.
struct Side {
  std::string_view name;
  int division = kNoPlace;  // the account's own division
  std::string_view credit;  // normalised; empty when none
  FormView form;
};

// Forms longer than this are not names of units: they are only compared whole.
inline constexpr size_t kLongestUnitChars = 128;
// The typo rule applies to forms of this many characters (besides a legal form); longer forms are
// not names, and its work grows with the square.
inline constexpr size_t kTypoMinChars = 5;
// A homophone or near-form typo inside an agency word (公按局 for 公安局) counts in shorter forms: the
// index keeps the one-character deletions of forms from this many characters.
inline constexpr size_t kTypoIndexMinChars = 3;
inline constexpr size_t kTypoMaxChars = 64;

// The rules of matcher.h, first that applies.
Match compare_sides(const Side& a, const Side& b);
// A credit code in its normal form; empty when none.
std::string normal_credit(const std::optional<std::string>& code);

// What follows a parent's name in a unit's: it names a unit, not only a legal form (有限公司).
bool names_unit(std::string_view remainder);
// A form that can be a parent organisation's: it ends as the name of an office, institution or company
// does (…局, …院, …中心, …公司, …海关, … co ltd), not inside a word (中国联 of 中国联通).
bool names_organisation(std::string_view form);
// Byte lengths of the prefixes of a form that a parent organisation's form could be (it names an
// organisation and what follows names a unit): 公安局 and 公安局武侯区分局 of 公安局武侯区分局玉林派出所.
std::vector<size_t> parent_prefixes(std::string_view text);
// The divisions whose units a form's organisation may have: its own, and when its name names no place
// (中国电信股份有限公司长沙分公司芙蓉营业部 @430102), also those above it.
std::vector<int> unit_divisions(const FormView& unit);

}  // namespace fleetkam::dedup
