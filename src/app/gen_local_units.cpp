// Local units of a county (gen_local_units.h): towns from two pools of ordinary characters (no
// direction, number, agency, place or rank character: those tell names apart in the typo rule), in a
// Latin square so that two towns of a county differ in both characters.
#include "app/gen_local_units.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace fleetkam::app {
namespace {

constexpr std::array<std::string_view, 37> kFirst = {
    "桂", "石", "华", "金", "红", "玉", "青", "白", "黄", "龙", "凤", "新", "安", "永", "兴", "太", "长", "福", "和",
    "清", "柳", "杨", "桃", "李", "花", "梅", "松", "云", "翠", "碧", "宝", "泰", "万", "丰", "茶", "桑", "竹"};
constexpr std::array<std::string_view, 37> kSecond = {
    "溪", "羊", "阳", "桥", "坪", "坝", "塘", "湾", "口", "园", "林", "岭", "山", "河", "湖", "泉", "井", "沟", "庙",
    "店", "铺", "寨", "集", "堡", "营", "屯", "庄", "峰", "亭", "坡", "岗", "洲", "滩", "浦", "渡", "埠", "洞"};
constexpr std::array<std::string_view, 10> kNumbers = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

uint32_t seed_of(const std::string& code) {
  uint32_t h = 2166136261U;
  for (char c : code) h = (h ^ static_cast<unsigned char>(c)) * 16777619U;
  return h;
}

}  // namespace

std::vector<LocalUnit> local_units(const refdata::Division& county) {
  std::vector<LocalUnit> out;
  if (county.level != "county" || county.name == "市辖区" || county.name.find('-') != std::string::npos) return out;
  const bool district = county.name.ends_with("区");
  const refdata::Division* city = county.parent_code ? refdata::find_division(*county.parent_code) : nullptr;
  const bool under_city = district && city && city->level == "city" && city->name != "市辖区";
  // 成都市公安局武侯区分局 (a city's districts), 金堂县公安局 (a county's own bureau)
  const std::string police = under_city ? city->name + "公安局" + county.name + "分局" : county.name + "公安局";
  const std::string place = under_city ? city->name + county.name : county.name;
  const uint32_t seed = seed_of(county.code);
  const size_t towns = 12 + seed % 26;  // 12-37 towns or streets
  const size_t first = seed / 37 % kFirst.size();
  const size_t second = seed / 1369 % kSecond.size();
  for (size_t k = 0; k < towns; ++k) {
    std::string town = std::string(kFirst[(first + k) % kFirst.size()]) +
                       std::string(kSecond[(second + k * 5) % kSecond.size()]);  // 5 is prime to 37
    out.push_back({police + town + "派出所", "police", false});
    out.push_back({place + town + "小学", "education", true});
    out.push_back({place + town + (district ? "街道社区卫生服务中心" : "镇卫生院"), "health", true});
    if (k % 3 == 0) out.push_back({place + town + "中学", "education", true});
    if (k % 4 == 1) out.push_back({place + town + "幼儿园", "education", true});
  }
  for (size_t n = 0; n < kNumbers.size() && n < towns / 3; ++n) {
    out.push_back({place + "第" + std::string(kNumbers[n]) + "中学", "education", true});
    out.push_back({place + "第" + std::string(kNumbers[n]) + "小学", "education", true});
  }
  out.push_back({police + "交通警察大队", "police", false});
  out.push_back({police + "刑事侦查大队", "police", false});
  out.push_back({police + "治安管理大队", "police", false});
  return out;
}

}  // namespace fleetkam::app
