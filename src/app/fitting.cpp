#include "app/fitting.h"

#include <algorithm>

namespace fleetkam::app {

const std::vector<IndustryFit>& industry_fits() {
  static const std::vector<IndustryFit> table = {
      // 公安: 警备车, 囚车 (看守所 escorts), 指挥车, 通讯车, 勘察车 (现场勘查), 监视车, 安检车, 照明车
      {"police",
       {"police_patrol", "prisoner_transport", "command", "communications", "survey", "surveillance",
        "security_inspection", "lighting", "official_car"}},
      // 法院: 执行 (执法车, 执行指挥车) and the judicial police's 押解 (囚车)
      {"court", {"law_enforcement", "prisoner_transport", "command", "official_car"}},
      // 检察院: 执法车, 提押 (囚车), 技术处的勘察车
      {"procuratorate", {"law_enforcement", "prisoner_transport", "survey", "command", "official_car"}},
      // 卫生健康: 卫生监督 (执法车), 体检 (诊断车), 化验车, 急救指挥
      {"health", {"laboratory", "diagnosis", "law_enforcement", "disinfection", "command", "official_car"}},
      {"disease_control",
       {"epidemic_prevention", "laboratory", "disinfection", "testing", "monitoring", "official_car"}},
      {"environment", {"monitoring", "laboratory", "testing", "law_enforcement", "official_car"}},
      {"metrology", {"metrology", "testing", "instrument", "laboratory", "official_car"}},
      // 市场监管: 综合执法, 稽查, 食品快检 (检测车, 化验车), 计量
      {"market_regulation", {"law_enforcement", "inspection", "testing", "laboratory", "metrology", "official_car"}},
      // 交通运输综合行政执法 took in 路政 (2019): transport buys road-administration vehicles too
      {"transport",
       {"law_enforcement", "road_administration", "inspection", "testing", "works_supervision", "command",
        "official_car"}},
      {"road_administration",
       {"road_administration", "law_enforcement", "works_supervision", "repair", "lighting", "testing", "command",
        "official_car"}},
      {"communications", {"communications", "repair", "command", "official_car"}},
      {"emergency", {"command", "communications", "lighting", "survey", "law_enforcement", "official_car"}},
      // 消防救援: 指挥车, 通讯车, 照明车, 火灾调查勘察车 (fire engines are not this catalogue's)
      {"fire_rescue", {"command", "communications", "lighting", "survey", "official_car"}},
      // 司法行政: 监狱的囚车, 社区矫正执法车
      {"justice", {"prisoner_transport", "law_enforcement", "command", "official_car"}},
      {"customs", {"inspection", "security_inspection", "law_enforcement", "command", "official_car"}},
      {"taxation", {"inspection", "publicity", "official_car"}},
      {"natural_resources", {"survey", "law_enforcement", "monitoring", "official_car"}},
      {"water", {"survey", "monitoring", "command", "official_car"}},
      {"agriculture", {"law_enforcement", "testing", "epidemic_prevention", "publicity", "official_car"}},
      {"urban_management", {"law_enforcement", "publicity", "lighting", "official_car"}},
      {"power_grid", {"repair", "instrument", "lighting", "communications", "command", "official_car"}},
      {"broadcasting", {"communications", "publicity", "command", "official_car"}},
      {"education", {"official_car", "publicity", "other_upfit"}},
      {"military", {"command", "communications", "official_car", "other_upfit"}},
      {"central_agencies", {"official_car", "command", "communications"}},
      {"other", {"official_car", "publicity", "other_upfit"}},
  };
  return table;
}

const std::vector<std::string_view>& fitting_vehicle_types(std::string_view industry) {
  static const std::vector<std::string_view> none;
  for (const auto& fit : industry_fits()) {
    if (fit.industry == industry) return fit.vehicle_types;
  }
  return none;
}

bool fits(std::string_view industry, std::string_view vehicle_type) {
  const auto& types = fitting_vehicle_types(industry);
  return std::find(types.begin(), types.end(), vehicle_type) != types.end();
}

}  // namespace fleetkam::app
