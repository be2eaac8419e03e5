#include "modules/visits/model.h"

namespace fleetkam::visits {

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> list = {"visit", "call", "reception", "meeting", "demo"};
  return list;
}

const std::vector<std::string>& buying_roles() {
  static const std::vector<std::string> list = {"user",           "evaluator", "decision_maker",
                                                "decision_layer", "operator",  "finance"};
  return list;
}

const std::vector<std::string>& grades() {
  static const std::vector<std::string> list = {"key", "secondary", "potential"};
  return list;
}

}  // namespace fleetkam::visits
