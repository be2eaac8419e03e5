// Duplicate candidates among 500,000 accounts: NameIndex::candidates for a mix of probes (the exact
// name, its traditional spelling, a one-character typo, the name with or without its city, a new
// sub-unit, a name nobody has), each reported with p50 and p99 latency. Target: p99 under 5 ms. Also
// the time and memory (RSS growth) of building the index.
//
// The accounts are named as `fleetkam gen` names them: every division × agency × sub-unit, a district
// written under its city every other time, one in twenty in traditional characters, four in five with a
// credit code.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <opencc/SimpleConverter.hpp>
#include <random>
#include <string>
#include <vector>

#include "app/gen_local_units.h"
#include "modules/dedup/matcher.h"
#include "platform/refdata/divisions.h"
#include "platform/text/credit_code.h"

using namespace fleetkam;

namespace {

constexpr size_t kAccounts = 500000;
constexpr size_t kProbesPerKind = 2000;

struct Agency {
  const char* name;
  std::vector<const char*> units;  // "%队": 支队 under a city or province, 大队 under a county
};

// The agency kinds of src/app/gen.cpp, with their sub-units.
const std::vector<Agency>& agencies() {
  static const std::vector<Agency> list = {
      {"公安局",
       {"交通警察%队", "刑事侦查%队", "特警%队", "巡逻警察%队", "治安管理%队", "出入境管理处", "网络安全保卫%队",
        "禁毒%队", "看守所", "警务保障处", "经济犯罪侦查%队", "食品药品环境犯罪侦查%队"}},
      {"公安厅", {"交通警察总队", "刑事侦查总队", "特警总队"}},
      {"人民法院", {"执行局", "司法警察%队"}},
      {"中级人民法院", {"执行局", "司法警察%队"}},
      {"人民检察院", {"司法警察%队", "技术处"}},
      {"司法局", {"社区矫正管理局", "公证处"}},
      {"监狱管理局", {}},
      {"疾病预防控制中心", {"卫生检测中心", "应急处置中心"}},
      {"卫生健康委员会", {"卫生监督所", "急救指挥中心"}},
      {"人民医院", {"急诊科", "体检中心"}},
      {"中医医院", {}},
      {"妇幼保健院", {}},
      {"急救中心", {}},
      {"生态环境局", {"生态环境监测站", "生态环境保护综合行政执法%队", "辐射环境监测站"}},
      {"生态环境监测中心", {}},
      {"市场监督管理局", {"综合行政执法%队", "食品安全检测中心", "质量技术监督检测所"}},
      {"计量测试研究院", {"计量检定站"}},
      {"计量检定所", {}},
      {"交通运输局", {"综合行政执法%队", "运输管理处", "港航管理处"}},
      {"公路管理局", {"路政执法%队", "养护中心", "超限检测站"}},
      {"公路事业发展中心", {"养护工区"}},
      {"应急管理局", {"安全生产执法%队", "应急救援指挥中心"}},
      {"消防救援支队", {"特勤站"}},
      {"自然资源局", {"执法监察%队", "测绘院"}},
      {"水利局", {"水文站", "防汛抗旱指挥部办公室"}},
      {"农业农村局", {"农业综合行政执法%队", "动物疫病预防控制中心", "农机推广站"}},
      {"林业局", {"森林病虫害防治检疫站", "林业执法%队"}},
      {"气象局", {"气象台", "人工影响天气办公室"}},
      {"地震局", {}},
      {"通信管理局", {}},
      {"邮政管理局", {}},
      {"城市管理局", {"城管执法%队", "环境卫生管理处"}},
      {"税务局", {"稽查局", "第一税务分局"}},
      {"海关", {"缉私局", "查验处"}},
      {"文化广播电视和旅游局", {"文化市场综合执法%队"}},
      {"教育局", {"招生考试中心"}},
      {"民政局", {"殡仪馆", "救助管理站"}},
      {"人民政府办公室", {"机关事务服务中心"}},
      {"机关事务管理局", {"公务用车服务中心"}},
      {"财政局", {"政府采购中心"}},
      {"统计局", {"调查%队"}},
      {"人民武装部", {}},
      {"红十字会", {}},
      {"广播电视台", {"新闻采访部"}},
      {"电力公司", {"抢修中心"}},
      {"供水公司", {"抢修队"}},
      {"燃气公司", {"抢险队"}},
      {"第二人民医院", {"急诊科"}},
      {"中心血站", {"采血车队"}},
      {"人力资源和社会保障局", {"劳动保障监察%队", "社会保险事业管理中心"}},
      {"住房和城乡建设局", {"建设工程质量安全监督站", "城建档案馆"}},
      {"退役军人事务局", {"服务中心"}},
      {"审计局", {"经济责任审计中心"}},
      {"发展和改革委员会", {"价格认证中心"}},
      {"粮食和物资储备局", {"储备库", "质量检测中心"}},
      {"烟草专卖局", {"专卖稽查%队", "物流中心"}},
      {"体育局", {"体育运动学校"}},
      {"商务局", {"综合行政执法%队"}},
      {"医疗保障局", {"医疗保障基金监管中心"}},
      {"公共资源交易中心", {}},
  };
  return list;
}

bool is_district(const refdata::Division& d) { return d.level == "county" && d.name.ends_with("区"); }

bool allowed(const refdata::Division& d, std::string_view agency) {
  if (d.name == "市辖区" || d.name.find('-') != std::string::npos) return false;
  bool provincial_only = agency == "公安厅" || agency == "监狱管理局" || agency == "通信管理局";
  if (provincial_only != (d.level == "province")) return false;
  if (agency == "中级人民法院" && (d.level != "city" || is_district(d))) return false;
  return !(agency == "海关" && d.level == "county");
}

std::string unit_name(std::string unit, const refdata::Division& d) {
  if (auto at = unit.find('%'); at != std::string::npos) unit.replace(at, 1, d.level == "county" ? "大" : "支");
  return unit;
}

// A district's name under its city (成都市武侯区), or the name as it is.
std::string place_with_city(const refdata::Division& d) {
  if (!is_district(d) || !d.parent_code) return d.name;
  const auto* city = refdata::find_division(*d.parent_code);
  return city && city->level == "city" ? city->name + d.name : d.name;
}

struct Account {
  dedup::Name name;
  const refdata::Division* division = nullptr;
  std::string place, agency, unit;  // the name's parts
};

// Fleet-owning companies of a county until there are `total` accounts: 长安区鑫源物流有限公司.
void add_companies(std::vector<Account>& out, size_t total) {
  static const char* const kBrands[] = {"鑫源", "恒达", "华信", "瑞丰", "金泰", "宏远", "博雅", "天成",
                                        "中原", "顺通", "联运", "嘉禾", "永兴", "万里", "东方", "腾飞"};
  static const char* const kTrades[] = {"物流", "运输", "建材", "商贸", "汽车服务", "工程机械", "环卫", "混凝土"};
  std::vector<const refdata::Division*> counties;
  for (const auto& d : refdata::divisions()) {
    if (d.level == "county" && d.name != "市辖区") counties.push_back(&d);
  }
  for (size_t i = 0; out.size() < total; ++i) {
    const auto* d = counties[i % counties.size()];
    size_t k = i / counties.size();
    std::string unit = std::string(kBrands[k % 16]) + kTrades[(k / 16) % 8] + "有限公司";
    out.push_back({{}, d, d->name, "", unit});
  }
}

// The crowded city of issue 19: 8,700 more near-identical names in Chengdu, 435 community police
// offices of each of its 20 districts and counties (成都市公安局武侯区分局桂溪社区警务室), some of
// them one character apart.
void add_crowded_city(std::vector<Account>& out) {
  static const char* const kFirst[] = {"桂", "石", "华", "金", "红", "玉", "青", "白", "黄", "龙", "凤", "新", "安",
                                       "永", "兴", "太", "长", "福", "和", "清", "柳", "杨", "桃", "李", "花", "梅",
                                       "松", "云", "翠", "碧", "宝", "泰", "万", "丰", "茶", "桑", "竹"};
  static const char* const kSecond[] = {"溪", "羊", "阳", "桥", "坪", "坝", "塘", "湾", "口", "园", "林", "岭", "山",
                                        "河", "湖", "泉", "井", "沟", "庙", "店", "铺", "寨", "集", "堡", "营", "屯",
                                        "庄", "峰", "亭", "坡", "岗", "洲", "滩", "浦", "渡", "埠", "洞"};
  size_t counties = 0;
  for (const auto& d : refdata::divisions()) {
    if (d.level != "county" || !d.parent_code || *d.parent_code != "510100" || d.name == "市辖区") continue;
    for (size_t k = 0; k < 435 && counties < 20; ++k) {
      std::string town = std::string(kFirst[k % 37]) + kSecond[(k / 37 * 7 + k) % 37];
      out.push_back({{}, &d, "成都市", "公安局", d.name + "分局" + town + "社区警务室"});
    }
    ++counties;
  }
}

std::vector<Account> generate_accounts() {
  std::vector<Account> out;
  for (const auto& d : refdata::divisions()) {
    for (const auto& a : agencies()) {
      if (!allowed(d, a.name)) continue;
      out.push_back({{}, &d, d.name, a.name, ""});
      for (const char* u : a.units) out.push_back({{}, &d, d.name, a.name, unit_name(u, d)});
    }
    // every county's police stations, schools and clinics, as gen adds them
    for (auto& local : app::local_units(d)) out.push_back({{}, &d, "", "", std::move(local.name)});
  }
  add_companies(out, kAccounts);
  std::mt19937 random(20260101);
  std::shuffle(out.begin(), out.end(), random);
  if (out.size() > kAccounts) out.resize(kAccounts);
  add_crowded_city(out);
  opencc::SimpleConverter traditional("s2t.json");
  for (size_t i = 0; i < out.size(); ++i) {
    Account& a = out[i];
    if (i % 2 == 0 && !a.agency.empty() && a.place == a.division->name) a.place = place_with_city(*a.division);
    a.name.name = a.place + a.agency + a.unit;
    if (i % 20 == 0) a.name.name = traditional.Convert(a.name.name);
    a.name.division_code = a.division->code;
    if (i % 5 != 0) {
      char body[9];
      std::snprintf(body, sizeof body, "G%07zu", i % 10000000);
      a.name.credit_code = text::complete_credit_code("11" + a.division->code + body);
    }
  }
  return out;
}

size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0;
  size_t resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

struct Fixture {
  std::vector<Account> accounts;
  dedup::NameIndex index;
  double build_seconds = 0;
  double rss_megabytes = 0;
  double index_megabytes = 0;
};

Fixture& fixture() {
  static Fixture* f = [] {
    auto* built = new Fixture;
    built->accounts = generate_accounts();
    size_t before = resident_bytes();
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < built->accounts.size(); ++i) {
      built->index.add(static_cast<int64_t>(i + 1), built->accounts[i].name);
    }
    built->build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    built->rss_megabytes = static_cast<double>(resident_bytes() - before) / (1024.0 * 1024.0);
    built->index_megabytes = static_cast<double>(built->index.memory_bytes()) / (1024.0 * 1024.0);
    return built;
  }();
  return *f;
}

// ---- Probes ---------------------------------------------------------------------------------------------

using ProbeMaker = dedup::Name (*)(const Account&, size_t);

dedup::Name exact_probe(const Account& a, size_t) { return {a.name.name, a.name.division_code, std::nullopt}; }

dedup::Name traditional_probe(const Account& a, size_t) {
  static const opencc::SimpleConverter traditional("s2t.json");
  return {traditional.Convert(a.place + a.agency + a.unit), a.name.division_code, std::nullopt};
}

// One ordinary character of the agency's name replaced (理 → 里 in 管理局, or the second character).
dedup::Name typo_probe(const Account& a, size_t) {
  std::string agency = a.agency;
  if (auto at = agency.find("理"); at != std::string::npos) {
    agency.replace(at, 3, "里");
  } else if (agency.size() >= 6) {
    agency.replace(3, 3, "某");
  }
  return {a.place + agency + a.unit, a.name.division_code, std::nullopt};
}

// The district with its city when the account has it without, and the other way round.
dedup::Name other_prefix_probe(const Account& a, size_t) {
  std::string with_city = place_with_city(*a.division);
  std::string place = a.place == with_city ? a.division->name : with_city;
  return {place + a.agency + a.unit, a.name.division_code, std::nullopt};
}

// A sub-unit nobody has yet: related to the agency (and its other units found as its siblings' parent).
dedup::Name new_unit_probe(const Account& a, size_t) {
  return {a.place + a.agency + "信息中心", a.name.division_code, std::nullopt};
}

// A company name nobody has.
dedup::Name unknown_probe(const Account& a, size_t i) {
  static const char* const kWords[] = {"鑫源", "恒达", "华信", "瑞丰", "金泰", "宏远", "博雅", "天成"};
  return {a.division->name + kWords[i % 8] + kWords[(i / 8) % 8] + "贸易有限公司", a.name.division_code, std::nullopt};
}

void run_probes(benchmark::State& state, ProbeMaker make) {
  Fixture& f = fixture();
  std::vector<dedup::Name> probes;
  // probes from the agencies (whose names the kinds of probe take apart), as before issue 19
  for (size_t i = 0, k = 0; probes.size() < kProbesPerKind; ++k) {
    const Account& a = f.accounts[(k * 7919) % f.accounts.size()];
    if (!a.agency.empty()) probes.push_back(make(a, i++));
  }
  std::vector<double> micros;
  size_t found = 0;
  size_t i = 0;
  for (auto _ : state) {
    const auto& probe = probes[i++ % probes.size()];
    auto start = std::chrono::steady_clock::now();
    auto candidates = f.index.candidates(probe, 20);
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    found += !candidates.empty();
    benchmark::DoNotOptimize(candidates);
  }
  std::sort(micros.begin(), micros.end());
  auto percentile = [&](double p) { return micros[static_cast<size_t>(p * static_cast<double>(micros.size() - 1))]; };
  auto per_thread = [](double value) { return benchmark::Counter(value, benchmark::Counter::kAvgThreads); };
  state.counters["p50_us"] = per_thread(percentile(0.50));
  state.counters["p99_us"] = per_thread(percentile(0.99));
  state.counters["max_us"] = per_thread(micros.back());
  state.counters["found_pct"] = per_thread(100.0 * static_cast<double>(found) / static_cast<double>(micros.size()));
}

}  // namespace

static void BM_BuildIndex(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(fixture().index.size());
  state.counters["accounts"] = static_cast<double>(fixture().index.size());
  state.counters["build_s"] = fixture().build_seconds;
  state.counters["rss_mb"] = fixture().rss_megabytes;
  state.counters["index_mb"] = fixture().index_megabytes;
}
BENCHMARK(BM_BuildIndex)->Iterations(1)->Unit(benchmark::kMillisecond);

static void BM_CandidatesExact(benchmark::State& state) { run_probes(state, exact_probe); }
BENCHMARK(BM_CandidatesExact)->Iterations(20000)->Unit(benchmark::kMicrosecond);

static void BM_CandidatesTraditional(benchmark::State& state) { run_probes(state, traditional_probe); }
BENCHMARK(BM_CandidatesTraditional)->Iterations(20000)->Unit(benchmark::kMicrosecond);

static void BM_CandidatesTypo(benchmark::State& state) { run_probes(state, typo_probe); }
BENCHMARK(BM_CandidatesTypo)->Iterations(20000)->Unit(benchmark::kMicrosecond);

static void BM_CandidatesOtherPrefix(benchmark::State& state) { run_probes(state, other_prefix_probe); }
BENCHMARK(BM_CandidatesOtherPrefix)->Iterations(20000)->Unit(benchmark::kMicrosecond);

static void BM_CandidatesNewUnit(benchmark::State& state) { run_probes(state, new_unit_probe); }
BENCHMARK(BM_CandidatesNewUnit)->Iterations(20000)->Unit(benchmark::kMicrosecond);

static void BM_CandidatesUnknown(benchmark::State& state) { run_probes(state, unknown_probe); }
BENCHMARK(BM_CandidatesUnknown)->Iterations(20000)->Unit(benchmark::kMicrosecond);

// Reads share the index: two threads probing at once.
// In the crowded city: the agencies with hundreds of units (成都市公安局, a district's 分局), another
// agency of the city, and one of the crowd itself.
dedup::Name crowded_probe(const Account&, size_t i) {
  static const char* const kNames[] = {"成都市公安局",
                                       "成都市公安局武侯区分局",
                                       "成都市城市管理局",
                                       "成都市公安局武侯区分局桂溪社区警务室",
                                       "成都市公安局锦江区分局",
                                       "成都市市场监督管理局",
                                       "成都市公安局交通警察支队",
                                       "成都市公安"};
  return {kNames[i % 8], "510100", std::nullopt};
}
static void BM_CandidatesCrowdedCity(benchmark::State& state) { run_probes(state, crowded_probe); }
BENCHMARK(BM_CandidatesCrowdedCity)->Iterations(20000)->Unit(benchmark::kMicrosecond);

static void BM_CandidatesExactTwoThreads(benchmark::State& state) { run_probes(state, exact_probe); }
BENCHMARK(BM_CandidatesExactTwoThreads)->Threads(2)->Iterations(10000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
