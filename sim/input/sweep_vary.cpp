// A grid sweep from --vary options (docs/sweeps.md, "--vary").
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <stdexcept>

#include "input/scenario.h"
#include "input/sweep.h"
#include "input/sweep_format.h"
#include "input/sweep_internal.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {

namespace sf = sweep_format;
using sweep_detail::FactorSpec;
using sweep_detail::shown;

constexpr const char* kExpected =
    "expected PATH=LO:HI:N (N evenly spaced levels from LO to HI, N at least 2) or PATH=V1,V2,... (a list of "
    "numbers), e.g. actors.RU.hawkishness=0.2:0.8:7";

[[noreturn]] void usage(const std::string& option, const std::string& problem) {
  throw UsageError("--vary " + option + ": " + problem);
}

// The whole of `text` as a finite number, or nothing.
std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

double number_or_usage(const std::string& option, const std::string& text, const char* what) {
  const auto v = parse_number(text);
  if (!v) usage(option, std::string(what) + " \"" + text + "\" is not a finite number; " + kExpected);
  return *v;
}

FactorSpec parse_vary(const std::string& option) {
  const auto eq = option.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == option.size()) usage(option, kExpected);
  FactorSpec f;
  f.path = option.substr(0, eq);
  const std::string spec = option.substr(eq + 1);
  if (f.path.size() > sf::kMaxPathLength)
    usage(option, "the path is longer than " + std::to_string(sf::kMaxPathLength) + " characters");
  if (spec.find(':') != std::string::npos) {
    const auto parts = split(spec, ':');
    if (parts.size() != 3) usage(option, kExpected);
    f.form = FactorSpec::Form::Range;
    f.lo = number_or_usage(option, parts[0], "LO");
    f.hi = number_or_usage(option, parts[1], "HI");
    if (!(f.lo < f.hi)) usage(option, "LO (" + shown(f.lo) + ") must be less than HI (" + shown(f.hi) + ")");
    const std::string& n = parts[2];
    const bool digits =
        !n.empty() && n.size() <= 6 && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
    const long count = digits ? std::stol(n) : 0;
    if (count < 2 || count > static_cast<long>(sf::kMaxLevels))
      usage(option, "N \"" + n + "\" must be a whole number from 2 to " + std::to_string(sf::kMaxLevels));
    f.count = static_cast<std::size_t>(count);
    return f;
  }
  f.form = FactorSpec::Form::Levels;
  for (const auto& part : split(spec, ',')) f.levels.push_back(number_or_usage(option, part, "the value"));
  if (f.levels.size() > sf::kMaxLevels) usage(option, "more than " + std::to_string(sf::kMaxLevels) + " values");
  std::set<double> seen;
  for (double v : f.levels)
    if (!seen.insert(v).second) usage(option, shown(v) + " is listed twice; the values must be distinct");
  return f;
}

// Problems found by checking the factors: InputErrors naming the option.
Diagnostic vary_diagnostic(const std::string& option, std::string message) {
  Diagnostic d;
  d.file = option.empty() ? "--vary" : "--vary " + option;
  d.message = std::move(message);
  return d;
}

}  // namespace

Sweep sweep_from_vary(const std::string& scenario, const std::vector<std::string>& vary) {
  if (vary.empty()) throw UsageError("--vary: give at least one, e.g. --vary actors.RU.hawkishness=0.2:0.8:7");
  if (vary.size() > sf::kMaxFactors)
    throw UsageError("--vary: at most " + std::to_string(sf::kMaxFactors) + " factors; found " +
                     std::to_string(vary.size()));
  std::vector<FactorSpec> factors;
  std::set<std::string> paths;
  for (const auto& option : vary) {
    factors.push_back(parse_vary(option));
    if (!paths.insert(factors.back().path).second)
      usage(option, "\"" + factors.back().path + "\" is varied by an earlier --vary too");
  }
  std::vector<Diagnostic> errors;
  sweep_detail::assign_names(factors, [&](std::size_t i, const std::string&, std::string msg) {
    errors.push_back(vary_diagnostic(vary[i], std::move(msg)));
    factors[i].ok = false;
  });
  if (!errors.empty()) throw InputError(std::move(errors));

  const ScenarioTemplate base(scenario, {});
  const Scenario sc = base.instantiate({});  // the scenario's own errors, as they are
  Sweep sweep;
  sweep.scenario = scenario;
  sweep.name = sc.name.substr(0, sf::kMaxSweepName - 6) + "_sweep";
  sweep.replications = sc.runs;
  sweep.seed = sc.seed;
  sweep_detail::DesignChoice grid;
  const std::size_t points = sweep_detail::predicted_points(grid, factors);
  if (points > sf::kMaxPoints || points * factors.size() > sf::kMaxValues)
    throw UsageError("--vary: the grid has " + std::to_string(points) + " points of " + std::to_string(factors.size()) +
                     " factors; at most " + std::to_string(sf::kMaxPoints) + " points and " +
                     std::to_string(sf::kMaxValues) + " values are allowed; vary fewer levels");
  sweep.design = sweep_detail::build_design(grid, factors);
  sweep_detail::check_factors_against_scenario(
      base, factors, &sweep.design,
      [&](std::size_t i, const std::string&, std::string msg) {
        errors.push_back(vary_diagnostic(vary[i], std::move(msg)));
      },
      [&](std::string msg) { errors.push_back(vary_diagnostic("", std::move(msg))); });
  if (!errors.empty()) throw InputError(std::move(errors));

  for (std::size_t k = 0; k < sf::outcome_names().size(); ++k) sweep.outcomes.push_back(static_cast<int>(k));
  for (std::size_t k = 0; k < sf::metric_names().size(); ++k) sweep.metrics.push_back(static_cast<int>(k));
  auto& r = sweep.resolved;
  r["name"] = sweep.name;
  r["description"] = "";
  r["scenario"] = scenario;
  r["set"] = nlohmann::ordered_json::array();
  r["factors"] = nlohmann::ordered_json::array();
  for (const auto& f : factors) {
    sweep.factors.push_back({f.name, f.path});
    r["factors"].push_back(f.resolved());
  }
  r["design"] = {{"kind", "grid"}};
  r["replications"] = sweep.replications;
  r["seed"] = sweep.seed;
  r["outcomes"] = sf::outcome_names();
  r["metrics"] = sf::metric_names();
  return sweep;
}

}  // namespace simrun::input
