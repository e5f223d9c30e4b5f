#pragma once
// A scenario's parameter_sets block (docs/scenario-format.md): the fields
// whose values come jointly from one of a list of sets, e.g. the accepted
// draws of a calibration. Checked against the resolved scenario and turned
// into the run plan's mc::ParameterSets.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mc/run_plan.h"

namespace simrun::input {

using ReportError = std::function<void(const std::string& pointer, std::string message)>;

// Checks the block of `resolved` (the scenario after extends, --set and
// defaults): each path names a field that may be uncertain and that the
// scenario has, each set has one value per path inside that field's range,
// the weights are one per set and sum to a positive number. A field at,
// inside or containing a pointer in `set_pointers` (what --set assigned, and
// what files nearer than the block's wrote) is taken out of the sets:
// `resolved` loses its column. Problems go to
// `report`; the result is empty when the scenario has no block (or nothing
// is left of it) and meaningless when something was reported.
mc::ParameterSets build_parameter_sets(nlohmann::ordered_json& resolved, const std::vector<std::string>& set_pointers,
                                       const ReportError& report);

// Whether `pointer` is one of the fields parameter_sets gives values to.
bool drawn_from_sets(const mc::ParameterSets& sets, const std::string& pointer);

}  // namespace simrun::input
