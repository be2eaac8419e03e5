// Pinyin for finding and ordering Chinese names: a sort key that puts names in pinyin order, and the
// keys a search query is matched against by prefix (full pinyin, initials, the characters themselves),
// with every reading of a polyphonic character indexed (中国银行 ← "zgyh" although 行 is usually xing).
// The table is pinyin-pro's dictionary, embedded at build time (refdata/gen-pinyin.mjs).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::text {

// The readings of one character, most common first, toneless ASCII with ü written v (行 → xing, hang,
// heng); empty for a character the table does not know. Views into the process-wide table.
std::vector<std::string_view> pinyin_readings(char32_t character);

// search_normal(name) spelled in pinyin, one reading per character chosen by the words around it (重庆
// → chongqing, 银行 → yinhang), other characters kept as they are: ORDER BY it is pinyin order. Nothing
// is appended; callers add their own tie-breakers.
std::string pinyin_sort_key(std::string_view name);

// The strings a query is matched against by prefix. They start at the name's beginning and right after
// each 省 市 区 县 州 盟 旗 (at most 4 starts, none leaving fewer than 2 characters), so 北京市公安局 is
// found by "gongan" as well as "beijing". For each start: the normalised characters, full pinyin and
// initials, a polyphonic character giving one variant per reading (at most `max_variants` of each kind
// per start, the likeliest readings first). No duplicates; empty for an empty name.
std::vector<std::string> pinyin_search_keys(std::string_view name, size_t max_variants = 8);

// A query in the form the keys are written in: search_normal, with ü (as typed for 绿 lü) read as v.
// Match it by prefix against the stored keys (`key LIKE query || '%'`, the query's % and _ escaped).
std::string pinyin_query(std::string_view query);

// True when pinyin_query(query) is a prefix of one of the name's search keys; an empty query matches
// every name. For in-memory filtering and tests; the database matches the stored keys.
bool pinyin_matches(std::string_view name, std::string_view query);

}  // namespace fleetkam::text
