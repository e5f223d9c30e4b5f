#include "input/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "input/distribution.h"
#include "input/json_source.h"
#include "input/scenario.h"
#include "input/scenario_spec.h"
#include "input/sweep_format.h"
#include "input/sweep_internal.h"
#include "util/diagnostics.h"

namespace simrun::input {

using nlohmann::ordered_json;
namespace fs = std::filesystem;
namespace sf = sweep_format;

std::string factor_assignment(const SweepFactor& f, double value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return f.path + "=" + buf;
}

namespace sweep_detail {

std::string shown(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // nlohmann's shortest round-trip form, without the ".0" of whole numbers.
  std::string s = ordered_json(v).dump();
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::vector<double> even_levels(double lo, double hi, std::size_t count) {
  std::vector<double> out(count);
  const double n = static_cast<double>(count - 1);
  for (std::size_t k = 0; k < count; ++k) out[k] = lo + (hi - lo) * static_cast<double>(k) / n;
  out.back() = hi;
  return out;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > sf::kMaxFactorName) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

bool is_reserved(const std::string& s) {
  const auto& r = sf::reserved_factor_names();
  return std::find(r.begin(), r.end(), s) != r.end();
}

std::vector<double> FactorSpec::values() const {
  if (form == Form::Levels) return levels;
  if (form == Form::Range && count > 0) return even_levels(lo, hi, count);
  return {};
}

double FactorSpec::representative() const {
  switch (form) {
    case Form::Range:
      return lo;
    case Form::Levels:
      return levels.front();
    case Form::Distribution:
      return dist.quantile(0.5);
    case Form::None:
      break;
  }
  return 0;
}

mc::Factor FactorSpec::to_mc() const {
  if (form == Form::Range && count == 0) return mc::range_factor(name, lo, hi);
  if (form == Form::Distribution) {
    const Distribution d = dist;
    return mc::distribution_factor(name, [d](double u) { return d.quantile(u); });
  }
  return mc::level_factor(name, values());
}

ordered_json FactorSpec::resolved() const {
  ordered_json j = ordered_json::object();
  j["name"] = name;
  j["path"] = path;
  if (form == Form::Range) {
    j["range"] = {lo, hi};
    if (count > 0) j["count"] = count;
  } else if (form == Form::Levels) {
    j["levels"] = levels;
  } else if (form == Form::Distribution) {
    j["distribution"] = dist_json;
  }
  return j;
}

std::string FactorSpec::form_suffix() const {
  switch (form) {
    case Form::Range:
      return "/range";
    case Form::Levels:
      return "/levels";
    case Form::Distribution:
      return "/distribution";
    case Form::None:
      break;
  }
  return "";
}

// Default names: the path's last component where that is a valid, unique
// name, else the whole path with dots as underscores. Reports names that
// are invalid, reserved or taken twice.
void assign_names(std::vector<FactorSpec>& factors, const FactorReport& report) {
  std::map<std::string, int> last_count;
  std::set<std::string> explicit_names;
  auto last = [](const std::string& p) { return p.substr(p.rfind('.') + 1); };
  for (const auto& f : factors) {
    ++last_count[last(f.path)];
    if (f.named) explicit_names.insert(f.name);
  }
  std::map<std::string, std::size_t> taken;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    FactorSpec& f = factors[i];
    if (!f.named) {
      const std::string tail = last(f.path);
      const bool tail_ok =
          is_identifier(tail) && !is_reserved(tail) && last_count[tail] == 1 && explicit_names.count(tail) == 0;
      f.name = tail_ok ? tail : f.path;
      if (!tail_ok) std::replace(f.name.begin(), f.name.end(), '.', '_');
    }
    const std::string where = f.named ? "/name" : "/path";
    const std::string what = f.named ? "the name \"" + f.name + "\"" : "the default name \"" + f.name + "\"";
    const std::string fix = f.named ? "" : "; give the factor a \"name\"";
    if (!is_identifier(f.name)) {
      report(i, where,
             what + " is not an identifier: letters, digits and '_', not starting with a digit, at most " +
                 std::to_string(sf::kMaxFactorName) + " characters" + fix);
    } else if (is_reserved(f.name)) {
      std::string list;
      for (const auto& r : sf::reserved_factor_names()) list += (list.empty() ? "" : ", ") + r;
      report(i, where, what + " is reserved for a dimension of the results (" + list + ")" + fix);
    } else if (const auto [it, fresh] = taken.emplace(f.name, i); !fresh) {
      report(i, where, what + " is already the name of factor " + std::to_string(it->second) + fix);
    }
  }
}

namespace {

// The spec of the field a --set path names, descending into array
// elements; nullptr where the path leaves the spec (inside a distribution
// object, or a name that does not exist: instantiation says which).
const Field* spec_field(const std::string& path) {
  const Field* f = &scenario_spec();
  bool element = false;  // f is an array and the index has been read
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string token = path.substr(start, dot - start);
    start = dot + 1;
    if (f->kind == FieldKind::Array && !element) {
      if (token.empty() || !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return nullptr;
      element = true;
      continue;
    }
    if (f->kind != FieldKind::Object && f->kind != FieldKind::Array) return nullptr;
    f = f->member(token);
    element = false;
    if (!f) return nullptr;
  }
  return f->kind == FieldKind::Array && element ? nullptr : f;
}

std::string kind_word(FieldKind k) {
  switch (k) {
    case FieldKind::Object:
      return "an object";
    case FieldKind::Array:
      return "a list";
    case FieldKind::String:
      return "a text field";
    case FieldKind::Bool:
      return "a true/false field";
    case FieldKind::Date:
      return "a date field";
    case FieldKind::Enum:
      return "a field of named choices";
    case FieldKind::StringList:
      return "a list of names";
    case FieldKind::NumberList:
    case FieldKind::NumberTable:
      return "a list of numbers";
    case FieldKind::Number:
    case FieldKind::Integer:
      break;
  }
  return "a number";
}

std::string interval(double lo, double hi) {
  // Appended piece by piece: "[" + a + ... trips GCC 12's false -Wrestrict.
  std::string s = "[";
  s.append(shown(lo)).append(", ").append(shown(hi)).append("]");
  return s;
}

bool whole(double v) { return std::floor(v) == v; }

// The factor's values against the field's kind and range in the spec.
bool check_against_field(const FactorSpec& f, std::size_t i, const Field& field, const FactorReport& report) {
  if (field.kind != FieldKind::Number && field.kind != FieldKind::Integer) {
    report(i, "/path", "\"" + f.path + "\" is " + kind_word(field.kind) + "; a factor sets a number");
    return false;
  }
  const bool integer = field.kind == FieldKind::Integer;
  const std::string range = interval(field.min, field.max);
  auto outside = [&](double v) { return v < field.min || v > field.max; };
  bool ok = true;
  auto fail = [&](const std::string& suffix, const std::string& msg) {
    report(i, suffix, msg);
    ok = false;
  };
  if (f.form == FactorSpec::Form::Range) {
    if (outside(f.lo)) fail("/range/0", shown(f.lo) + " is outside the range " + range + " of " + f.path);
    if (outside(f.hi)) fail("/range/1", shown(f.hi) + " is outside the range " + range + " of " + f.path);
    if (ok && integer && f.count == 0)
      fail("/range", f.path + " takes whole numbers: give levels, or (in a grid) a range with a count");
    const auto levels = f.values();
    for (double v : levels)
      if (ok && integer && !whole(v))
        fail("/count", f.path + " takes whole numbers, but " + std::to_string(f.count) + " levels from " + shown(f.lo) +
                           " to " + shown(f.hi) + " include " + shown(v));
  } else if (f.form == FactorSpec::Form::Levels) {
    for (std::size_t k = 0; k < f.levels.size(); ++k) {
      const double v = f.levels[k];
      if (outside(v))
        fail("/levels/" + std::to_string(k), shown(v) + " is outside the range " + range + " of " + f.path);
      else if (integer && !whole(v))
        fail("/levels/" + std::to_string(k), f.path + " takes whole numbers; found " + shown(v));
    }
  } else if (f.form == FactorSpec::Form::Distribution) {
    const double lo = f.dist.support_min(), hi = f.dist.support_max();
    if (outside(lo) || outside(hi))
      fail("/distribution", "the distribution can produce values in " + interval(lo, hi) + ", outside the range " +
                                range + " of " + f.path + "; narrow it or use truncated_normal");
    else if (integer && (f.dist.kind != Distribution::Kind::Discrete ||
                         !std::all_of(f.dist.values.begin(), f.dist.values.end(), whole)))
      fail("/distribution", f.path + " takes whole numbers: only a discrete distribution of whole numbers fits");
  }
  return ok;
}

// The scenario's diagnostics as one message about an assignment.
std::string refusal(const std::string& assignment, const Diagnostic& d) {
  const bool own = d.file == "--set " + assignment;
  return "the scenario refuses " + assignment + ": " + (own || d.path.empty() ? "" : d.path + ": ") + d.message;
}

}  // namespace

void check_factors_against_scenario(const ScenarioTemplate& base, const std::vector<FactorSpec>& factors,
                                    const mc::Design* design, const FactorReport& report,
                                    const std::function<void(std::string)>& report_design) {
  bool all_ok = true;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    const FactorSpec& f = factors[i];
    if (!f.ok) {
      all_ok = false;
      continue;
    }
    if (const Field* field = spec_field(f.path); field && !check_against_field(f, i, *field, report)) {
      all_ok = false;
      continue;
    }
    const std::string assignment = factor_assignment({f.name, f.path}, f.representative());
    try {
      base.instantiate({assignment});
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) report(i, "/path", refusal(assignment, d));
      all_ok = false;
    }
  }
  if (!all_ok || design == nullptr || design->points == 0) return;
  // Each factor fits alone; together they may not (a horizon below the step).
  std::vector<std::string> sets;
  for (std::size_t i = 0; i < factors.size(); ++i)
    sets.push_back(factor_assignment({factors[i].name, factors[i].path}, design->value(0, i)));
  try {
    base.instantiate(sets);
  } catch (const InputError& e) {
    std::string all;
    for (const auto& s : sets) all += (all.empty() ? "" : " ") + s;
    for (const auto& d : e.diagnostics())
      report_design("at point 0 (" + all + ") the scenario is invalid: " + (d.path.empty() ? "" : d.path + ": ") +
                    d.message);
  }
}

constexpr double kPointsCap = 1e15;

std::size_t predicted_points(const DesignChoice& c, const std::vector<FactorSpec>& factors) {
  const std::size_t dims = factors.size();
  switch (c.kind) {
    case mc::DesignKind::Grid: {
      double n = 1;  // a double: 64 factors of 10,000 levels overflow any integer
      for (const auto& f : factors) n *= static_cast<double>(f.values().size());
      return static_cast<std::size_t>(std::min(n, kPointsCap));
    }
    case mc::DesignKind::Points:
      return c.rows.size();
    case mc::DesignKind::MonteCarlo:
    case mc::DesignKind::LatinHypercube:
      return c.n;
    case mc::DesignKind::Saltelli:
      return c.n > sf::kMaxPoints ? c.n : c.n * (c.second_order ? 2 * dims + 2 : dims + 2);
    case mc::DesignKind::Morris:
      return c.n > sf::kMaxPoints ? c.n : c.n * (dims + 1);
  }
  return 0;
}

mc::Design build_design(const DesignChoice& c, const std::vector<FactorSpec>& factors) {
  std::vector<mc::Factor> mf;
  for (const auto& f : factors) mf.push_back(f.to_mc());
  switch (c.kind) {
    case mc::DesignKind::Grid:
      return mc::full_factorial(std::move(mf));
    case mc::DesignKind::Points:
      return mc::point_list(std::move(mf), c.rows);
    case mc::DesignKind::MonteCarlo:
      return mc::monte_carlo(std::move(mf), c.n, c.seed);
    case mc::DesignKind::LatinHypercube:
      return mc::latin_hypercube(std::move(mf), c.n, c.seed);
    case mc::DesignKind::Saltelli:
      return mc::saltelli(std::move(mf), {c.n, c.second_order, c.scramble, c.seed});
    case mc::DesignKind::Morris:
      return mc::morris(std::move(mf), {c.n, c.morris_levels, c.seed});
  }
  throw std::invalid_argument("unknown design kind");
}

}  // namespace sweep_detail

std::string factor_units(const std::string& path) {
  const Field* f = sweep_detail::spec_field(path);
  return f ? f->unit : "";
}

}  // namespace simrun::input
