#pragma once
// The scenario format, defined once as data: every field with its type,
// default, range, unit, meaning and source, and how its value reaches the
// model's parameters. The validator walks this tree, the JSON Schema
// (docs/scenario.schema.json) is generated from it, and docs/scenario-format.md
// tabulates it; tests keep the three equal.
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/params.h"

namespace simrun::input {

// Which actor / list item a value belongs to, set while walking the tree.
using BindIndex = model::ParamIndex;

using NumBind = model::ParamSetter;
using StrBind = void (*)(model::ModelParams&, const BindIndex&, const std::string&);

// StringList: names from `choices`, or any names when `choices` is empty.
// NumberList: numbers in [min, max]. NumberTable: rows of numbers, each
// checked by whatever gives the columns their meaning (parameter_sets).
enum class FieldKind { Object, Array, Number, Integer, String, Bool, Date, Enum, StringList, NumberList, NumberTable };

// What the index of a container means for BindIndex.
enum class IndexRole { None, ActorKey, KindKey, Item };

struct Field {
  std::string name;
  FieldKind kind = FieldKind::Number;
  bool required = false;
  nlohmann::ordered_json default_value;  // null: no default
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool uncertain = false;  // may be given as a distribution, sampled once per run
  std::string unit;
  std::string description;
  std::string source;                // where the default comes from: the article, calibration.md, or "assumption"
  std::vector<Field> members;        // Object members, or the members of each Array element
  std::vector<std::string> choices;  // Enum and StringList values
  std::string pattern;               // String: allowed characters (regex, for the JSON Schema), if any
  std::size_t max_length =
      0;  // String: most characters allowed; lists and tables: most elements or rows; 0 for no limit
  bool optional_block = false;  // Object: left out of the resolved scenario when not given, not filled with defaults
  NumBind num = nullptr;        // Number, Integer, Bool (0/1), Date (day number), Enum (choice index)
  StrBind str = nullptr;        // String
  void (*resize)(model::ModelParams&, std::size_t) = nullptr;  // Array: sizes the bound vector
  IndexRole role = IndexRole::None;

  const Field* member(const std::string& key) const;
};

const Field& scenario_spec();

// Limits of the parameter_sets block (docs/scenario-format.md).
inline constexpr std::size_t kMaxParameterSets = 100000;
inline constexpr std::size_t kMaxParameterSetPaths = 256;

}  // namespace simrun::input
