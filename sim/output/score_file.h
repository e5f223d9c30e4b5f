#pragma once
// The group `score` of a score file (simrun score --out): writes the tables
// mc::score_tables computed, with coordinates, units and long names from the
// results layout (docs/output-format.md, "Score files").
#include "mc/score.h"
#include "output/h5.h"

namespace simrun::output {

void write_score(const h5::Group& group, const mc::ScoreTables& t);

}  // namespace simrun::output
