#pragma once
// Notable outcomes whose first-passage time each run records (NaN when the
// outcome is not reached within the horizon). Thresholds come from the
// scenario's "outcomes" section.
#include <array>
#include <string_view>

namespace simrun::model {

enum Outcome : int {
  kVisaRegimeOutcome,
  kMassDeportation,
  kBusinessSeizure,
  kTransitRestriction,
  kBreakOfRelations,
  kCoercionOfPeople,
  kNormalisation,
  kNumOutcomes
};

struct OutcomeDef {
  Outcome id;
  std::string_view name;
  std::string_view long_name;
};

const std::array<OutcomeDef, kNumOutcomes>& outcome_table();

}  // namespace simrun::model
