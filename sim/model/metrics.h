#pragma once
// Per-run counts derived from the event log, defined once: the results file
// stores them per run, `compare` reports their paired differences and the
// stylised-fact tests check them.
#include <array>
#include <string_view>

#include "model/model.h"

namespace simrun::model {

enum Metric : int {
  kHostileRU,
  kHostileAZ,
  kCoercionRU,
  kEconomicRU,
  kConciliatoryRU,
  kConcessionsAZ,
  kRetaliationAZ,
  kHardlinerRU,
  kHardlinerAZ,
  kGoldsteinSum,
  kNumMetrics
};

struct MetricDef {
  Metric id;
  std::string_view name;
  std::string_view long_name;
  std::string_view units;
};

const std::array<MetricDef, kNumMetrics>& metric_table();

// Counts over the whole run, or over steps [0, until_step] when given.
std::array<double, kNumMetrics> compute_metrics(const RunOutput& out, int until_step = -1);

}  // namespace simrun::model
