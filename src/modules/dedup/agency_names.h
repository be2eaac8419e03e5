// What the duplicate engine knows of how Chinese agencies are named, as reference data kept by hand in
// refdata/dedup/ and embedded at build time: the standard abbreviations (agency-abbreviations.tsv), the
// renames and mergers of the institutional reforms with their year and source (agency-renames.tsv), the
// characters of a similar form written for one another (near-form-characters.tsv) and the words of agency
// names inside which a character written by its sound or form is a typo (agency-words.txt). Internal to
// src/modules/dedup; other modules use matcher.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::dedup {

// ---- Abbreviations (step 5 of matcher.h) --------------------------------------------------------------

// `text` with the abbreviations written in full (市场监管局 → 市场监督管理局, 政府 → 人民政府); `changed` set
// when one was. The longest abbreviation at a position wins; a full form (or an old name of
// agency-renames.tsv) already written is kept as it is.
std::string expand_abbreviations(std::string_view text, bool& changed);

// ---- Renames and mergers (step 6) ---------------------------------------------------------------------

enum class RenameKind { rename, merge, variant, split };

struct Rename {
  RenameKind kind = RenameKind::rename;
  std::string old_stem;
  std::string new_stem;
  std::string new_stem_province;  // the new stem at province level; empty when the same
  int year = 0;
  std::string source;
};

// Every entry of agency-renames.tsv, splits included (they are never applied).
const std::vector<Rename>& renames();

// `text` with old agency names replaced by what they became, chains followed to their end (卫生局 →
// 卫生和计划生育委员会 → 卫生健康委员会); `province` when the name is a province's (安全生产监督管理局 →
// 应急管理厅). The renames applied are appended to `applied` (may be null).
std::string apply_renames(std::string_view text, bool province, std::vector<const Rename*>* applied);

// How a reviewer reads a match through renames: "renamed in 2018: 环境保护局 → 生态环境局", "merged in 2018:
// 工商行政管理局 → 市场监督管理局", "renamed in 2014/2018: 卫生局 → 卫生健康委员会", "local name: 自然资源和规划局 =
// 自然资源局". Empty when `applied` is. `province` as for apply_renames.
std::string rename_reason(const std::vector<const Rename*>& applied, bool province);

// ---- Typos of one character ---------------------------------------------------------------------------

// Two characters share a reading (toneless pinyin: 安/按, 出/处).
bool homophones(char32_t a, char32_t b);
// Two characters of a similar form (局/居, 管/菅).
bool near_form(char32_t a, char32_t b);
// Character `i` of `text` lies inside a word of an agency's name (公安局, 派出所, 市场监督管理局 …).
bool in_agency_word(const std::u32string& text, size_t i);

}  // namespace fleetkam::dedup
