#pragma once
// The sweep-file format as data: its keys, the kinds of design and the
// limits. The loader (sweep.cpp) checks files against these tables and the
// JSON Schema (sweep_schema.cpp) is generated from them, so the two agree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mc/design.h"

namespace simrun::input::sweep_format {

constexpr std::size_t kMaxFactors = 64;
constexpr std::size_t kMaxFactorName = 64;   // characters of a factor's name
constexpr std::size_t kMaxLevels = 10000;    // of one factor (also the longest JSON array)
constexpr std::size_t kMaxPoints = 1000000;  // of a design
// points x factors: a design stores two doubles per value, so this bounds
// its memory at 160 MB (a million points of 64 factors would take 1 GB).
constexpr std::size_t kMaxValues = 10000000;
constexpr double kMaxRuns = 1e9;  // points x replications
constexpr std::int64_t kMaxReplications = 1000000;
constexpr std::size_t kMaxPathLength = 1000;  // characters of a factor's path
constexpr std::size_t kMaxSweepName = 100;    // as a scenario's name

// What a key's value must be; the loader's messages and the schema's types
// follow it.
enum class Type { String, Integer, Number, Boolean, StringList, NumberList, Object, ObjectList, Points };

struct Key {
  const char* name;
  Type type;
  bool required;
  const char* description;
};

// The members of the top-level object, of each factor, and of each kind of
// design (besides "kind").
const std::vector<Key>& top_keys();
const std::vector<Key>& factor_keys();

struct DesignForm {
  const char* name;  // the value of "kind"
  mc::DesignKind kind;
  bool random;  // takes "seed"
  const char* description;
  std::vector<Key> keys;
};
const std::vector<DesignForm>& design_forms();

// Dimension names of the results file that a factor may not take.
const std::vector<std::string>& reserved_factor_names();

// The names of the model's outcomes and metrics, in table order.
std::vector<std::string> outcome_names();
std::vector<std::string> metric_names();

}  // namespace simrun::input::sweep_format
