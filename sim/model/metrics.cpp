#include "model/metrics.h"

#include <algorithm>

#include "model/actions.h"

namespace simrun::model {
namespace {
constexpr std::array<MetricDef, kNumMetrics> kMetrics = {{
    {kHostileRU, "hostile_ru", "hostile actions by Russia", "count"},
    {kHostileAZ, "hostile_az", "hostile actions by Azerbaijan", "count"},
    {kCoercionRU, "coercion_ru", "Russian coercion of the diaspora (measures against people)", "count"},
    {kEconomicRU, "economic_ru", "Russian economic and people measures", "count"},
    {kConciliatoryRU, "conciliatory_ru", "de-escalating actions by Russia (not routine cooperation)", "count"},
    {kConcessionsAZ, "concessions_az", "de-escalating actions by Azerbaijan (not routine cooperation)", "count"},
    {kRetaliationAZ, "retaliation_az", "Azerbaijani hostile actions within 14 days of a Russian one", "count"},
    {kHardlinerRU, "hardliner_ru", "statements by Russian hardliners and media against Azerbaijan", "count"},
    {kHardlinerAZ, "hardliner_az", "statements by Azerbaijani media against Russia", "count"},
    {kGoldsteinSum, "goldstein_sum", "sum of Goldstein scores of all events", "points"},
}};
}  // namespace

const std::array<MetricDef, kNumMetrics>& metric_table() { return kMetrics; }

std::array<double, kNumMetrics> compute_metrics(const RunOutput& out, int until_step) {
  std::array<double, kNumMetrics> m{};
  int last_ru_hostile = -1000000;
  for (const auto& e : out.events) {
    if (until_step >= 0 && e.step > until_step) break;
    const ActionDef& a = action(e.action);
    m[kGoldsteinSum] += a.goldstein;
    if (a.category == Category::Hardliner) {
      m[e.target == AZ ? kHardlinerRU : kHardlinerAZ] += 1;  // hardliners target the other side
      continue;
    }
    if (a.category == Category::Exogenous) continue;
    if (e.actor == RU) {
      if (a.hostility > 0) {
        m[kHostileRU] += 1;
        last_ru_hostile = e.step;
      } else if (a.category == Category::DeEscalation) {
        m[kConciliatoryRU] += 1;
      }
      if (a.category == Category::People) m[kCoercionRU] += 1;
      if (a.category == Category::People || a.category == Category::Economy) m[kEconomicRU] += 1;
    } else if (e.actor == AZ) {
      if (a.hostility > 0) {
        m[kHostileAZ] += 1;
        if ((e.step - last_ru_hostile) * out.step_days <= 14.0) m[kRetaliationAZ] += 1;
      } else if (a.category == Category::DeEscalation) {
        m[kConcessionsAZ] += 1;
      }
    }
  }
  return m;
}

}  // namespace simrun::model
