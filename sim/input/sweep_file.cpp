// Loading a sweep file (docs/sweeps.md, "Sweep files"): every problem is
// collected and located (file, line, column, JSON pointer), then thrown as
// one InputError.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>

#include "input/json_source.h"
#include "input/scenario.h"
#include "input/sweep.h"
#include "input/sweep_format.h"
#include "input/sweep_internal.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;
namespace sf = sweep_format;
using sweep_detail::DesignChoice;
using sweep_detail::FactorSpec;
using sweep_detail::shown;

std::string type_name(const ordered_json& v) { return json_type_name(v); }

std::string found(const ordered_json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return type_name(v) + " (" + s + ")";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::vector<std::string> key_names(const std::vector<sf::Key>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.emplace_back(k.name);
  return out;
}

// Name rules of a scenario's name (scenario_spec.cpp): the results file's stem.
std::string name_problem(const std::string& s) {
  if (s.empty()) return "must not be empty";
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  };
  if (!std::all_of(s.begin(), s.end(), ok)) return "may contain only letters, digits, '_', '.' and '-'";
  if (s.size() > sf::kMaxSweepName) return "is longer than " + std::to_string(sf::kMaxSweepName) + " characters";
  return "";
}

class SweepReader {
 public:
  SweepReader(JsonSource src, fs::path base_dir, std::vector<std::string> extra_keys = {})
      : src_(std::move(src)), base_dir_(std::move(base_dir)), extra_keys_(std::move(extra_keys)) {}
  Sweep read();

 private:
  // Past a generous number, errors are only counted (as the scenario loader
  // does): a file of a million bad values costs no more than the printed few.
  static constexpr std::size_t kMaxBuilt = 1000;
  void error(const std::string& ptr, std::string msg) {
    if (errors_.size() >= kMaxBuilt)
      ++omitted_;
    else
      errors_.push_back(src_.positions.at(src_.file, ptr, msg));
  }
  void unknown_keys(const ordered_json& obj, const std::string& ptr, const std::vector<std::string>& names);
  void missing_keys(const ordered_json& obj, const std::string& ptr, const std::vector<sf::Key>& keys);
  std::optional<std::string> string_at(const ordered_json& obj, const char* key, const std::string& ptr);
  std::optional<std::uint64_t> integer(const ordered_json& v, const std::string& ptr, std::uint64_t lo,
                                       std::uint64_t hi);
  std::optional<double> number(const ordered_json& v, const std::string& ptr);
  std::vector<std::string> string_list(const ordered_json& obj, const char* key);
  std::vector<int> names_list(const char* key, const std::vector<std::string>& table, ordered_json& resolved);
  void read_header();
  void read_factors();
  FactorSpec read_factor(const ordered_json& v, const std::string& ptr);
  void read_form(const ordered_json& v, const std::string& ptr, FactorSpec& f);
  std::vector<double> read_numbers(const ordered_json& v, const std::string& ptr, std::size_t max);
  void read_design();
  void read_design_keys(const ordered_json& d, const sf::DesignForm& form);
  void read_points(const ordered_json& v);
  void check_forms();
  void build();
  void check_scenario();
  ordered_json resolved_design() const;

  JsonSource src_;
  fs::path base_dir_;
  std::vector<std::string> extra_keys_;  // top-level keys that belong to the caller
  std::vector<Diagnostic> errors_;
  std::size_t omitted_ = 0;
  Sweep sweep_;
  std::vector<FactorSpec> factors_;
  bool factors_ok_ = false;
  const sf::DesignForm* form_ = nullptr;
  DesignChoice choice_;
  std::optional<mc::Design> design_;
  std::string scenario_as_written_;
  ordered_json outcomes_json_, metrics_json_;
};

void SweepReader::unknown_keys(const ordered_json& obj, const std::string& ptr, const std::vector<std::string>& names) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    const auto hint = did_you_mean(key, names);
    error(ptr + "/" + escape_pointer_token(key), "unknown key \"" + key + "\"" +
                                                     (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                                                     " (expected one of " + join(names) + ")");
  }
}

void SweepReader::missing_keys(const ordered_json& obj, const std::string& ptr, const std::vector<sf::Key>& keys) {
  for (const auto& k : keys)
    if (k.required && !obj.contains(k.name))
      error(ptr, std::string("missing required key \"") + k.name + "\" (" + k.description + ")");
}

std::optional<std::string> SweepReader::string_at(const ordered_json& obj, const char* key, const std::string& ptr) {
  if (!obj.contains(key)) return std::nullopt;
  const auto& v = obj[key];
  if (!v.is_string()) {
    error(ptr, "expected a string, found " + found(v));
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<std::uint64_t> SweepReader::integer(const ordered_json& v, const std::string& ptr, std::uint64_t lo,
                                                  std::uint64_t hi) {
  auto range = [&] { return " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"; };
  if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    const auto n = v.get<std::uint64_t>();
    if (n < lo || n > hi) {
      error(ptr, std::to_string(n) + range());
      return std::nullopt;
    }
    return n;
  }
  if (v.is_number_integer() ||
      (v.is_number_float() && v.get<double>() < 0 && std::floor(v.get<double>()) == v.get<double>())) {
    error(ptr, v.dump() + range());
    return std::nullopt;
  }
  // A float that is a whole number (1e3) counts, up to 2^53 where doubles
  // stop being exact.
  if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() && v.get<double>() <= 0x1p53)
    return integer(ordered_json(static_cast<std::uint64_t>(v.get<double>())), ptr, lo, hi);
  error(ptr, "expected a non-negative integer, found " + found(v));
  return std::nullopt;
}

std::optional<double> SweepReader::number(const ordered_json& v, const std::string& ptr) {
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    error(ptr, "expected a finite number, found " + found(v));
    return std::nullopt;
  }
  return v.get<double>();
}

std::vector<std::string> SweepReader::string_list(const ordered_json& obj, const char* key) {
  std::vector<std::string> out;
  const std::string ptr = std::string("/") + key;
  if (!obj.contains(key)) return out;
  const auto& v = obj[key];
  if (!v.is_array()) {
    error(ptr, "expected an array of strings, found " + found(v));
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_string())
      out.push_back(v[i].get<std::string>());
    else
      error(ptr + "/" + std::to_string(i), "expected a string, found " + found(v[i]));
  }
  return out;
}

// "outcomes" or "metrics": names from `table`, each once; all when absent.
std::vector<int> SweepReader::names_list(const char* key, const std::vector<std::string>& table,
                                         ordered_json& resolved) {
  std::vector<int> codes;
  resolved = ordered_json::array();
  if (!src_.value.contains(key)) {
    for (std::size_t k = 0; k < table.size(); ++k) codes.push_back(static_cast<int>(k));
    resolved = table;
    return codes;
  }
  const auto& list = src_.value[key];
  const std::string base = std::string("/") + key;
  if (!list.is_array()) {
    error(base, "expected an array of names, found " + found(list));
    return codes;
  }
  if (list.empty()) error(base, std::string("must name at least one; leave \"") + key + "\" out to analyse all");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ptr = base + "/" + std::to_string(i);
    if (!list[i].is_string()) {
      error(ptr, "expected a name, found " + found(list[i]));
      continue;
    }
    const std::string s = list[i].get<std::string>();
    const auto it = std::find(table.begin(), table.end(), s);
    if (it == table.end()) {
      const auto hint = did_you_mean(s, table);
      error(ptr, "unknown " + std::string(key).substr(0, std::string(key).size() - 1) + " \"" + s + "\"" +
                     (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") + " (expected one of " + join(table) +
                     ")");
    } else if (!seen.insert(s).second) {
      error(ptr, "\"" + s + "\" is listed twice");
    } else {
      codes.push_back(static_cast<int>(it - table.begin()));
      resolved.push_back(s);
    }
  }
  return codes;
}

void SweepReader::read_header() {
  const ordered_json& j = src_.value;
  std::vector<std::string> top = key_names(sf::top_keys());
  top.insert(top.end(), extra_keys_.begin(), extra_keys_.end());
  unknown_keys(j, "", top);
  missing_keys(j, "", sf::top_keys());
  string_at(j, "$schema", "/$schema");
  if (const auto name = string_at(j, "name", "/name")) {
    sweep_.name = *name;
    if (const auto p = name_problem(*name); !p.empty()) error("/name", "\"" + *name + "\" " + p);
  } else if (!j.contains("name")) {
    sweep_.name = fs::path(src_.file).stem().string();
    if (const auto p = name_problem(sweep_.name); !p.empty())
      error("", "the default name, the file's stem \"" + sweep_.name + "\", " + p + "; give a \"name\"");
  }
  sweep_.description = string_at(j, "description", "/description").value_or("");
  if (const auto s = string_at(j, "scenario", "/scenario")) {
    if (s->empty())
      error("/scenario", "must not be empty");
    else
      sweep_.scenario = (base_dir_ / *s).lexically_normal().string();
    scenario_as_written_ = *s;
  }
  sweep_.sets = string_list(j, "set");
  for (std::size_t k = 0; k < sweep_.sets.size(); ++k)
    if (sweep_.sets[k].find('=') == std::string::npos || sweep_.sets[k].front() == '=')
      error("/set/" + std::to_string(k), "expected PATH=VALUE, e.g. \"run.horizon_days=365\"");
  if (j.contains("seed")) sweep_.seed = integer(j["seed"], "/seed", 0, UINT64_MAX).value_or(1);
  if (j.contains("replications"))
    sweep_.replications = static_cast<std::int64_t>(
        integer(j["replications"], "/replications", 1, static_cast<std::uint64_t>(sf::kMaxReplications)).value_or(100));
  sweep_.outcomes = names_list("outcomes", sf::outcome_names(), outcomes_json_);
  sweep_.metrics = names_list("metrics", sf::metric_names(), metrics_json_);
}

std::vector<double> SweepReader::read_numbers(const ordered_json& v, const std::string& ptr, std::size_t max) {
  std::vector<double> out;
  if (!v.is_array()) {
    error(ptr, "expected an array of numbers, found " + found(v));
    return out;
  }
  if (v.empty() || v.size() > max) {
    error(ptr, "expected 1 to " + std::to_string(max) + " numbers, found " + std::to_string(v.size()));
    return out;
  }
  for (std::size_t k = 0; k < v.size(); ++k)
    if (const auto x = number(v[k], ptr + "/" + std::to_string(k))) out.push_back(*x);
  if (out.size() != v.size()) out.clear();
  return out;
}

// Exactly one of range (with an optional count), levels and distribution.
void SweepReader::read_form(const ordered_json& v, const std::string& ptr, FactorSpec& f) {
  std::vector<std::string> given;
  for (const char* k : {"range", "levels", "distribution"})
    if (v.contains(k)) given.emplace_back(k);
  const std::size_t before = errors_.size();
  if (given.empty()) error(ptr, "a factor needs one of \"range\", \"levels\" or \"distribution\"");
  if (given.size() > 1)
    error(ptr + "/" + given[1], "a factor takes one of \"range\", \"levels\" or \"distribution\"; this one has \"" +
                                    given[0] + "\" and \"" + given[1] + "\"");
  if (v.contains("count") && !v.contains("range")) error(ptr + "/count", "\"count\" goes with \"range\"");
  if (errors_.size() != before) return;
  if (given[0] == "range") {
    const auto& r = v["range"];
    if (!r.is_array() || r.size() != 2) {
      error(ptr + "/range", "expected [lo, hi], found " + found(r));
    } else if (const auto lo = number(r[0], ptr + "/range/0"), hi = number(r[1], ptr + "/range/1"); lo && hi) {
      if (!(*lo < *hi)) error(ptr + "/range", "lo (" + shown(*lo) + ") must be less than hi (" + shown(*hi) + ")");
      f.lo = *lo;
      f.hi = *hi;
    }
    if (v.contains("count")) f.count = integer(v["count"], ptr + "/count", 2, sf::kMaxLevels).value_or(0);
    f.form = FactorSpec::Form::Range;
  } else if (given[0] == "levels") {
    f.levels = read_numbers(v["levels"], ptr + "/levels", sf::kMaxLevels);
    std::vector<double> sorted = f.levels;
    std::sort(sorted.begin(), sorted.end());
    if (const auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end())
      error(ptr + "/levels", shown(*dup) + " is listed twice; levels must be distinct");
    f.form = FactorSpec::Form::Levels;
  } else {
    std::vector<DistributionError> derr;
    if (!parse_distribution(v["distribution"], f.dist, derr))
      for (const auto& e : derr) error(ptr + "/distribution" + e.suffix, e.message);
    f.dist_json = v["distribution"];
    f.form = FactorSpec::Form::Distribution;
  }
  f.ok = errors_.size() == before;
}

FactorSpec SweepReader::read_factor(const ordered_json& v, const std::string& ptr) {
  FactorSpec f;
  f.ok = false;
  if (!v.is_object()) {
    error(ptr, "expected a factor object {\"path\": ..., ...}, found " + found(v));
    return f;
  }
  const std::size_t before = errors_.size();
  unknown_keys(v, ptr, key_names(sf::factor_keys()));
  missing_keys(v, ptr, sf::factor_keys());
  f.path = string_at(v, "path", ptr + "/path").value_or("");
  if (v.contains("path") && v["path"].is_string()) {
    if (f.path.empty() || f.path.size() > sf::kMaxPathLength)
      error(ptr + "/path", "expected a path of 1 to " + std::to_string(sf::kMaxPathLength) + " characters");
    else if (f.path.find('=') != std::string::npos)
      error(ptr + "/path", "a path cannot contain '='; write only the field, e.g. \"actors.RU.hawkishness\"");
  }
  if (const auto name = string_at(v, "name", ptr + "/name")) {
    f.name = *name;
    f.named = true;
  }
  read_form(v, ptr, f);
  f.ok = errors_.size() == before;
  return f;
}

void SweepReader::read_factors() {
  const auto& j = src_.value;
  if (!j.contains("factors")) return;
  const auto& list = j["factors"];
  if (!list.is_array() || list.empty() || list.size() > sf::kMaxFactors) {
    error("/factors", "expected an array of 1 to " + std::to_string(sf::kMaxFactors) + " factors, found " +
                          (list.is_array() ? std::to_string(list.size()) + " factors" : found(list)));
    return;
  }
  const std::size_t before = errors_.size();
  std::map<std::string, std::size_t> paths;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ptr = "/factors/" + std::to_string(i);
    factors_.push_back(read_factor(list[i], ptr));
    const auto& f = factors_.back();
    if (f.path.empty()) continue;
    if (const auto [it, fresh] = paths.emplace(f.path, i); !fresh)
      error(ptr + "/path", "\"" + f.path + "\" is already the path of factor " + std::to_string(it->second));
  }
  sweep_detail::assign_names(factors_, [&](std::size_t i, const std::string& suffix, std::string msg) {
    error("/factors/" + std::to_string(i) + suffix, std::move(msg));
    factors_[i].ok = false;
  });
  factors_ok_ = errors_.size() == before;
}

void SweepReader::read_points(const ordered_json& v) {
  const std::string ptr = "/design/points";
  if (!v.is_array() || v.empty()) {
    error(ptr, "expected a non-empty array of points, each an array of one number per factor; found " + found(v));
    return;
  }
  for (std::size_t p = 0; p < v.size(); ++p) {
    const std::string pp = ptr + "/" + std::to_string(p);
    if (!v[p].is_array() || v[p].size() != factors_.size()) {
      error(pp, "expected an array of " + std::to_string(factors_.size()) + " numbers (one per factor), found " +
                    found(v[p]));
      continue;
    }
    std::vector<double> row;
    for (std::size_t i = 0; i < v[p].size(); ++i) {
      const std::string pi = pp + "/" + std::to_string(i);
      const auto x = number(v[p][i], pi);
      if (!x) continue;
      row.push_back(*x);
      if (!factors_ok_) continue;
      const FactorSpec& f = factors_[i];
      if (f.form == FactorSpec::Form::Range && (*x < f.lo || *x > f.hi))
        error(pi,
              shown(*x) + " is outside factor \"" + f.name + "\"'s range [" + shown(f.lo) + ", " + shown(f.hi) + "]");
      if (f.form == FactorSpec::Form::Levels && std::find(f.levels.begin(), f.levels.end(), *x) == f.levels.end())
        error(pi, shown(*x) + " is not one of factor \"" + f.name + "\"'s levels");
    }
    choice_.rows.push_back(std::move(row));
  }
}

void SweepReader::read_design_keys(const ordered_json& d, const sf::DesignForm& form) {
  std::vector<std::string> names{"kind"};
  for (const auto& k : form.keys) names.emplace_back(k.name);
  unknown_keys(d, "/design", names);
  missing_keys(d, "/design", form.keys);
  const auto max = static_cast<std::uint64_t>(sf::kMaxPoints);
  auto has = [&](const char* key) {
    return d.contains(key) && std::any_of(form.keys.begin(), form.keys.end(),
                                          [&](const sf::Key& k) { return std::string(k.name) == key; });
  };
  auto flag = [&](const char* key, bool& out) {
    if (!has(key)) return;
    if (d[key].is_boolean())
      out = d[key].get<bool>();
    else
      error(std::string("/design/") + key, "expected true or false, found " + found(d[key]));
  };
  for (const char* key : {"points", "base_points", "trajectories"})
    if (has(key) && form.kind != mc::DesignKind::Points)
      choice_.n = integer(d[key], std::string("/design/") + key, 1, max).value_or(0);
  if (form.kind == mc::DesignKind::Saltelli && choice_.n > 0 && (choice_.n < 2 || (choice_.n & (choice_.n - 1))))
    error("/design/base_points", std::to_string(choice_.n) + " is not a power of two of at least 2 (2, 4, 8, ...)");
  flag("second_order", choice_.second_order);
  flag("scramble", choice_.scramble);
  if (has("levels")) {
    const auto p = integer(d["levels"], "/design/levels", 2, 1000);
    if (p && *p % 2 != 0) error("/design/levels", std::to_string(*p) + " is odd; Morris levels must be even");
    choice_.morris_levels = static_cast<int>(p.value_or(4));
  }
  if (has("seed")) {
    choice_.seed = integer(d["seed"], "/design/seed", 0, UINT64_MAX).value_or(0);
  }
  if (form.kind == mc::DesignKind::Points && has("points")) read_points(d["points"]);
}

void SweepReader::read_design() {
  const auto& j = src_.value;
  if (!j.contains("design")) return;
  const auto& d = j["design"];
  if (!d.is_object()) {
    error("/design", "expected a design object {\"kind\": ...}, found " + found(d));
    return;
  }
  std::vector<std::string> kinds;
  for (const auto& f : sf::design_forms()) kinds.emplace_back(f.name);
  const auto kind = string_at(d, "kind", "/design/kind");
  if (!d.contains("kind")) {
    error("/design", "missing required key \"kind\" (one of " + join(kinds) + ")");
    return;
  }
  if (!kind) return;
  for (const auto& f : sf::design_forms())
    if (*kind == f.name) form_ = &f;
  if (!form_) {
    const auto hint = did_you_mean(*kind, kinds);
    error("/design/kind", "unknown design kind \"" + *kind + "\"" +
                              (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") + " (expected one of " +
                              join(kinds) + ")");
    return;
  }
  choice_.kind = form_->kind;
  choice_.seed = sweep_.seed;
  read_design_keys(d, *form_);
}

// The factors' forms against the design: a grid needs levels, count only
// makes levels for a grid.
void SweepReader::check_forms() {
  if (!form_) return;
  for (std::size_t i = 0; i < factors_.size(); ++i) {
    FactorSpec& f = factors_[i];
    const std::string ptr = "/factors/" + std::to_string(i);
    if (form_->kind == mc::DesignKind::Grid && f.form != FactorSpec::Form::Levels &&
        !(f.form == FactorSpec::Form::Range && f.count > 0) && f.ok) {
      error(ptr + f.form_suffix(), "a grid needs \"levels\", or a \"range\" with a \"count\", for every factor");
      f.ok = false;
    }
    if (form_->kind != mc::DesignKind::Grid && f.count > 0) {
      error(ptr + "/count", std::string("\"count\" makes the levels of a grid; a ") + form_->name +
                                " design samples the whole range (leave out \"count\")");
      f.ok = false;
    }
  }
}

void SweepReader::build() {
  const bool ok = std::all_of(factors_.begin(), factors_.end(), [](const FactorSpec& f) { return f.ok; });
  if (!form_ || factors_.empty() || !ok || !errors_.empty()) return;
  const std::size_t points = sweep_detail::predicted_points(choice_, factors_);
  if (points > sf::kMaxPoints) {
    error("/design", "the design has " + std::to_string(points) + " points; at most " + std::to_string(sf::kMaxPoints) +
                         " are allowed");
    return;
  }
  if (points * factors_.size() > sf::kMaxValues) {
    error("/design", "the design has " + std::to_string(points) + " points of " + std::to_string(factors_.size()) +
                         " factors, " + std::to_string(points * factors_.size()) + " values; at most " +
                         std::to_string(sf::kMaxValues) + " are allowed");
    return;
  }
  const double runs = static_cast<double>(points) * static_cast<double>(sweep_.replications);
  if (runs > sf::kMaxRuns) {
    error("/replications", std::to_string(points) + " points x " + std::to_string(sweep_.replications) +
                               " replications make " + shown(runs) + " runs; at most " + shown(sf::kMaxRuns) +
                               " are allowed");
    return;
  }
  try {
    design_ = sweep_detail::build_design(choice_, factors_);
  } catch (const std::invalid_argument& e) {
    error("/design", e.what());
  }
}

void SweepReader::check_scenario() {
  if (sweep_.scenario.empty()) return;
  std::error_code ec;
  const auto status = fs::status(sweep_.scenario, ec);
  if (status.type() == fs::file_type::not_found || (!ec && !fs::is_regular_file(status))) {
    error("/scenario", "the scenario \"" + scenario_as_written_ + "\" " +
                           (status.type() == fs::file_type::not_found ? "does not exist" : "is not a regular file") +
                           " (looked for " + sweep_.scenario + ")");
    return;
  }
  try {
    const ScenarioTemplate base(sweep_.scenario, sweep_.sets);
    try {
      base.instantiate({});
    } catch (const InputError& e) {
      // A fixed assignment is the sweep file's; anything else the scenario's own.
      for (const auto& d : e.diagnostics()) {
        const auto it = std::find_if(sweep_.sets.begin(), sweep_.sets.end(),
                                     [&](const std::string& s) { return d.file == "--set " + s; });
        if (it == sweep_.sets.end())
          errors_.push_back(d);
        else
          error("/set/" + std::to_string(it - sweep_.sets.begin()),
                "the scenario refuses " + *it + ": " + (d.path.empty() ? "" : d.path + ": ") + d.message);
      }
      return;
    }
    sweep_detail::check_factors_against_scenario(
        base, factors_, design_ ? &*design_ : nullptr,
        [&](std::size_t i, const std::string& suffix, std::string msg) {
          error("/factors/" + std::to_string(i) + suffix, std::move(msg));
        },
        [&](std::string msg) { error("/design", std::move(msg)); });
  } catch (const InputError& e) {
    errors_.insert(errors_.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
}

ordered_json SweepReader::resolved_design() const {
  ordered_json d = ordered_json::object();
  d["kind"] = form_->name;
  switch (form_->kind) {
    case mc::DesignKind::Grid:
      break;
    case mc::DesignKind::Points:
      d["points"] = choice_.rows;
      break;
    case mc::DesignKind::MonteCarlo:
    case mc::DesignKind::LatinHypercube:
      d["points"] = choice_.n;
      break;
    case mc::DesignKind::Saltelli:
      d["base_points"] = choice_.n;
      d["second_order"] = choice_.second_order;
      d["scramble"] = choice_.scramble;
      break;
    case mc::DesignKind::Morris:
      d["trajectories"] = choice_.n;
      d["levels"] = choice_.morris_levels;
      break;
  }
  if (form_->random) d["seed"] = choice_.seed;
  return d;
}

Sweep SweepReader::read() {
  read_header();
  read_factors();
  read_design();
  check_forms();
  build();
  check_scenario();
  if (!errors_.empty()) throw InputError(std::move(errors_), omitted_);
  sweep_.file = src_.file;
  sweep_.design = std::move(*design_);
  for (const auto& f : factors_) sweep_.factors.push_back({f.name, f.path});
  auto& r = sweep_.resolved;
  r["name"] = sweep_.name;
  r["description"] = sweep_.description;
  r["scenario"] = scenario_as_written_;
  r["set"] = sweep_.sets;
  r["factors"] = ordered_json::array();
  for (const auto& f : factors_) r["factors"].push_back(f.resolved());
  r["design"] = resolved_design();
  r["replications"] = sweep_.replications;
  r["seed"] = sweep_.seed;
  r["outcomes"] = outcomes_json_;
  r["metrics"] = metrics_json_;
  return std::move(sweep_);
}

}  // namespace

Sweep load_sweep_text(const std::string& text, const std::string& label, const std::string& base_dir) {
  return SweepReader(parse_json_text(text, label), base_dir).read();
}

Sweep load_sweep(const std::string& path) {
  JsonSource src = load_json_file(path);
  return SweepReader(std::move(src), fs::path(path).parent_path()).read();
}

Sweep load_sweep_source(JsonSource src, const std::vector<std::string>& extra_keys) {
  const fs::path dir = fs::path(src.file).parent_path();
  return SweepReader(std::move(src), dir, extra_keys).read();
}

}  // namespace simrun::input
