#pragma once
// A dated event record (what happened), as plain numbers: the record loader
// (input/record.h) fills it from a CSV file, and scoring and calibration
// (mc/score.h) compare the model's event logs with it.
#include <string>
#include <vector>

#include "model/actors.h"

namespace simrun::mc {

struct RecordEvent {
  long day = 0;                  // days since 1970-01-01
  bool month_precision = false;  // only the month is known (day is the 1st)
  int actor = -1;                // model::Actor, or -1 for another party or none
  int target = -1;
  int action = -1;  // model::ActionId, or -1 when the model has no such action
  double goldstein = 0;
  int line = 0;  // in the record file, for messages
};

struct Record {
  std::string file;
  std::vector<RecordEvent> events;  // in file order
  long dropped_after = 0;           // rows dated after the loader's `until`, left out
};

// Whether the event is between Russia and Azerbaijan, one way or the other:
// the part of a record that is scored.
inline bool in_dyad(const RecordEvent& e) {
  return (e.actor == model::RU && e.target == model::AZ) || (e.actor == model::AZ && e.target == model::RU);
}

}  // namespace simrun::mc
