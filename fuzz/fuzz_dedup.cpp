// The duplicate matcher (modules/dedup): names of any bytes, in divisions chosen from a few real
// ones, compared and indexed. Properties: an account with a name or a credit code (white space alone
// is none once normalised) is a duplicate of itself; compare() is symmetric (kind and score); its
// score lies in 0..1; and NameIndex finds every account compare() calls a duplicate of or related to
// the probe (matcher.h promises it finds them without a scan).
//
// Input: the first byte chooses the accounts' divisions; the rest is up to three lines, each a name
// optionally followed by a tab and a credit code.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "modules/dedup/matcher.h"
#include "platform/text/credit_code.h"

using namespace fleetkam;
using fleetkam::fuzz::require;

namespace {

// Unknown, provinces, cities, counties (朝阳区 of 北京 and of 吉林, 鼓楼区 of 福州 and of 南京),
// an autonomous prefecture, and a code that is not GB/T 2260.
constexpr std::array<std::string_view, 16> kDivisions = {"",       "110000", "110105", "220104", "440000", "440100",
                                                         "440106", "430100", "430102", "350102", "320106", "370100",
                                                         "510100", "510104", "222400", "999999"};

bool found(const std::vector<dedup::Candidate>& candidates, int64_t id) {
  return std::any_of(candidates.begin(), candidates.end(), [&](const auto& c) { return c.id == id; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 600) return 0;  // names are short; the rules cap what they compare anyway
  const uint8_t divisions = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<dedup::Name> names;
  while (names.size() < 3) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    dedup::Name name;
    size_t tab = line.find('\t');
    name.name = std::string(line.substr(0, tab));
    if (tab != std::string_view::npos) name.credit_code = std::string(line.substr(tab + 1));
    name.division_code = std::string(kDivisions[(divisions >> (names.size() * 3)) % kDivisions.size()]);
    names.push_back(std::move(name));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }

  dedup::NameIndex index;
  for (size_t i = 0; i < names.size(); ++i) {
    const auto& a = names[i];
    dedup::Canonical canonical = dedup::canonicalize(a.name, a.division_code);
    require(dedup::canonical_name(a.name, a.division_code) == canonical.form, "canonical_name differs");
    dedup::Match self = dedup::compare(a, a);
    bool credit = a.credit_code && !text::normalize_credit_code(*a.credit_code).empty();
    if (!canonical.form.empty() || credit) {
      require(self.kind == dedup::MatchKind::duplicate, "a name is not a duplicate of itself");
    }
    for (size_t j = 0; j < names.size(); ++j) {
      dedup::Match ab = dedup::compare(a, names[j]);
      dedup::Match ba = dedup::compare(names[j], a);
      require(ab.kind == ba.kind && ab.score == ba.score, "compare() is not symmetric");
      require(ab.score >= 0 && ab.score <= 1, "a score outside 0..1");
    }
    index.add(static_cast<int64_t>(i) + 1, a);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    auto candidates = index.candidates(names[i], 100);
    for (size_t j = 0; j < names.size(); ++j) {
      bool matches = dedup::compare(names[i], names[j]).kind != dedup::MatchKind::none;
      require(matches == found(candidates, static_cast<int64_t>(j) + 1),
              "NameIndex's candidates differ from what compare() says");
    }
  }
  index.remove(1);
  require(!found(index.candidates(names[0], 100), 1), "a removed account is still a candidate");
  return 0;
}
