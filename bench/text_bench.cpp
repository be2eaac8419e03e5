// The per-row text work of an account import: the search normal form, pinyin search keys and sort
// key of a name, and the credit-code check. 100,000 rows must import in well under 20 s.
#include <benchmark/benchmark.h>

#include <string>

#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"

using namespace fleetkam;

namespace {
// Typical account names: ten characters, with division markers and polyphonic characters (长 重 行).
const std::string kName = "重庆市长寿区人民政府";
const std::string kTraditionalName = "廣州市公安局交通警察支隊";
const std::string kBankName = "中国银行股份有限公司北京市分行";
}  // namespace

static void BM_SearchNormal(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::search_normal(kTraditionalName));
}
BENCHMARK(BM_SearchNormal);

static void BM_ToSimplified(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::to_simplified(kTraditionalName));
}
BENCHMARK(BM_ToSimplified)->Threads(1)->Threads(2);

static void BM_FoldWidth(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::fold_width("ＡＢＣ（北京）科技有限公司"));
}
BENCHMARK(BM_FoldWidth);

static void BM_PinyinSearchKeys(benchmark::State& state) {
  text::pinyin_search_keys(kName);  // load the table outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(text::pinyin_search_keys(kName));
}
BENCHMARK(BM_PinyinSearchKeys)->Threads(1)->Threads(2);

static void BM_PinyinSearchKeysLongTraditional(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::pinyin_search_keys(kTraditionalName));
}
BENCHMARK(BM_PinyinSearchKeysLongTraditional);

static void BM_PinyinSearchKeysBank(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::pinyin_search_keys(kBankName));
}
BENCHMARK(BM_PinyinSearchKeysBank);

static void BM_PinyinSortKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::pinyin_sort_key(kName));
}
BENCHMARK(BM_PinyinSortKey);

static void BM_CreditCodeCheck(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(text::credit_code_problem(text::normalize_credit_code(" 9144030071526726xg ")));
  }
}
BENCHMARK(BM_CreditCodeCheck);

// What one imported row costs in text work, all together.
static void BM_ImportRowText(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(text::search_normal(kName));
    benchmark::DoNotOptimize(text::pinyin_search_keys(kName));
    benchmark::DoNotOptimize(text::pinyin_sort_key(kName));
    benchmark::DoNotOptimize(text::credit_code_problem(text::normalize_credit_code("9144030071526726XG")));
  }
}
BENCHMARK(BM_ImportRowText);

BENCHMARK_MAIN();
