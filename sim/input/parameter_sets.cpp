#include "input/parameter_sets.h"

#include <cmath>

#include "input/json_source.h"
#include "input/set_path.h"

namespace simrun::input {

using nlohmann::ordered_json;

namespace {

const std::string kBlock = "/parameter_sets";
// The reader lets the sets be as long as the block allows.
static_assert(JsonLimits::kSetElements == kMaxParameterSets);

std::string fmt(double v) {
  std::string s = ordered_json(v).dump();
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

// Whether `a` lies strictly below `b` in the document.
bool below(const std::string& a, const std::string& b) {
  return a.size() > b.size() && a.compare(0, b.size(), b) == 0 && a[b.size()] == '/';
}

bool covered(const std::vector<std::string>& set_pointers, const std::string& field) {
  for (const auto& s : set_pointers)
    if (s == field || below(field, s) || below(s, field)) return true;
  return false;
}

// Why the field a path names cannot take values from a set; "" when it can.
std::string unfit(const ordered_json& resolved, const std::string& path, const PathTarget& t) {
  if (!t.field) return "\"" + path + "\" names a part of a field's value, not a field";
  if (t.field->kind == FieldKind::Integer)
    return "\"" + path + "\" is a whole-number setting of the scenario; a set gives values to uncertain fields";
  if (t.field->kind != FieldKind::Number) return "\"" + path + "\" is not a numeric field";
  if (!t.field->uncertain)
    return "\"" + path +
           "\" is the same in every run (it cannot be given as a distribution), so no set can give it "
           "values";
  if (!resolved.contains(ordered_json::json_pointer(t.pointer)))
    return "\"" + path + "\" names " + t.pointer +
           ", which this scenario does not have (declare it, or give the field a value, first)";
  return "";
}

struct Column {
  std::string path;
  PathTarget target;
  bool kept = true;  // not taken out by a --set
};

// The columns the paths name; false when one cannot take values.
bool read_paths(const ordered_json& resolved, const ordered_json& paths, const std::vector<std::string>& set_pointers,
                const ReportError& report, std::vector<Column>& columns) {
  bool ok = true;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (!paths[k].is_string()) return false;  // reported by the walk
    Column c;
    c.path = paths[k].get<std::string>();
    std::string problem = resolve_path(resolved, c.path, c.target);
    if (problem.empty()) problem = unfit(resolved, c.path, c.target);
    if (!problem.empty()) {
      report(kBlock + "/paths/" + std::to_string(k), std::move(problem));
      ok = false;
    }
    c.kept = !covered(set_pointers, c.target.pointer);
    columns.push_back(std::move(c));
  }
  return ok;
}

// Each row: one number per path, inside the range of its field.
bool check_rows(const ordered_json& sets, const std::vector<Column>& columns, const ReportError& report) {
  bool ok = true;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const std::string p = kBlock + "/sets/" + std::to_string(i);
    const ordered_json& row = sets[i];
    if (!row.is_array()) return false;  // reported by the walk
    if (row.size() != columns.size()) {
      report(p, "has " + std::to_string(row.size()) + " values; expected " + std::to_string(columns.size()) +
                    ", one per path");
      ok = false;
      continue;
    }
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (!row[k].is_number()) return false;  // reported by the walk
      const Field& f = *columns[k].target.field;
      const double v = row[k].get<double>();
      if (columns[k].kept && (v < f.min || v > f.max)) {
        report(p + "/" + std::to_string(k),
               fmt(v) + " is out of range [" + fmt(f.min) + ", " + fmt(f.max) + "] of " + columns[k].path);
        ok = false;
      }
    }
  }
  return ok;
}

// The weights, one per set (equal when not given); empty on a problem.
std::vector<double> read_weights(const ordered_json& block, std::size_t rows, const ReportError& report) {
  if (!block.contains("weights")) return std::vector<double>(rows, 1.0);
  const ordered_json& w = block["weights"];
  if (!w.is_array()) return {};
  if (w.size() != rows) {
    report(kBlock + "/weights",
           "has " + std::to_string(w.size()) + " weights; expected " + std::to_string(rows) + ", one per set");
    return {};
  }
  std::vector<double> out;
  double total = 0;
  for (const auto& x : w) {
    if (!x.is_number() || !(x.get<double>() >= 0)) return {};  // reported by the walk
    out.push_back(x.get<double>());
    total += out.back();
  }
  if (!(total > 0)) report(kBlock + "/weights", "the weights are all zero; at least one must be positive");
  if (!std::isfinite(total)) report(kBlock + "/weights", "the weights sum to more than the largest double");
  return total > 0 && std::isfinite(total) ? out : std::vector<double>{};
}

// The block without the columns a --set took out.
void drop_columns(ordered_json& block, const std::vector<Column>& columns) {
  ordered_json paths = ordered_json::array(), sets = ordered_json::array();
  for (const auto& c : columns)
    if (c.kept) paths.push_back(c.path);
  for (const auto& row : block["sets"]) {
    ordered_json kept = ordered_json::array();
    for (std::size_t k = 0; k < columns.size(); ++k)
      if (columns[k].kept) kept.push_back(row[k]);
    sets.push_back(std::move(kept));
  }
  block["paths"] = std::move(paths);
  block["sets"] = std::move(sets);
}

}  // namespace

mc::ParameterSets build_parameter_sets(ordered_json& resolved, const std::vector<std::string>& set_pointers,
                                       const ReportError& report) {
  if (!resolved.is_object() || !resolved.contains("parameter_sets")) return {};
  ordered_json& block = resolved["parameter_sets"];
  if (!block.is_object() || !block.contains("paths") || !block.contains("sets")) return {};  // reported by the walk
  const ordered_json &paths = block["paths"], &sets = block["sets"];
  if (!paths.is_array() || !sets.is_array()) return {};
  if (paths.empty()) report(kBlock + "/paths", "lists no fields; give at least one");
  if (sets.empty()) report(kBlock + "/sets", "holds no sets; give at least one");
  std::vector<Column> columns;
  bool ok = read_paths(resolved, paths, set_pointers, report, columns) && !paths.empty() && !sets.empty();
  ok = ok && check_rows(sets, columns, report);
  const std::vector<double> weights = read_weights(block, sets.size(), report);
  if (!ok || weights.empty()) return {};

  std::vector<mc::ParameterSets::Column> plan_columns;
  for (const auto& c : columns)
    if (c.kept) plan_columns.push_back({c.target.pointer, c.target.field->num, c.target.index});
  if (plan_columns.empty()) {  // every field set on the command line: nothing left to draw
    resolved.erase("parameter_sets");
    return {};
  }
  if (plan_columns.size() < columns.size()) drop_columns(block, columns);
  std::vector<double> values;
  values.reserve(sets.size() * plan_columns.size());
  for (const auto& row : block["sets"])
    for (const auto& x : row) values.push_back(x.get<double>());
  return mc::ParameterSets(std::move(plan_columns), std::move(values), weights);
}

bool drawn_from_sets(const mc::ParameterSets& sets, const std::string& pointer) {
  for (const auto& c : sets.columns)
    if (c.name == pointer) return true;
  return false;
}

}  // namespace simrun::input
