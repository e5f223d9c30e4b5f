// Every numeric parameter of the scenario format moves at least one output,
// or is listed as inert, with its reason, in the one table of docs/model.md
// (section 9.12). Each parameter is run at a low and a high value on common
// random numbers (run i of both on the streams of (seed, i)); it moves an
// output when the paired difference of some outcome probability, metric
// mean or trajectory summary lies outside mean ± 4 standard errors.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "input/distribution.h"
#include "input/scenario.h"
#include "input/scenario_spec.h"
#include "mc/engine.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"

namespace simrun::input {
namespace {

// 100 runs find most effects; a field that shows none is tried again on 400
// and then on 1,600 (the leverage balance's smaller terms, a corridor or a
// third party's clout, move probabilities by a point or two).
constexpr std::uint64_t kRuns = 100, kMoreRuns = 400, kMostRuns = 1600;
constexpr std::uint64_t kSeed = 20250301;
constexpr double kThreshold = 4;  // standard errors; ~70 outputs per parameter

std::string source(const std::string& rel) { return std::string(SIMRUN_SOURCE_DIR) + "/" + rel; }

// A numeric field of the format: its name as the docs table writes it
// (`<n>` for a list position) and the --set path that reaches it.
struct Lever {
  std::string name, path;
  const Field* field = nullptr;
  std::vector<std::string> context;  // assignments that give the field something to act on
};

// An event of a type that reads the field (a list element is tried on one such event).
std::string event_for(const std::string& field) {
  std::string e;
  if (field == "rate_per_year")
    e = R"({"id": "lever", "type": "incident", "rate_per_year": 2, "severity": 0.5})";
  else if (field == "sanctions_to" || field == "relief_days")
    e = R"({"id": "lever", "type": "sanctions", "day": 30, "sanctions_to": 0.3, "relief_days": 120})";
  else if (field == "attention_to")
    e = R"({"id": "lever", "type": "settlement", "day": 30, "attention_to": 0.8})";
  else if (field == "alignment_to" || field == "clout_to")
    e = R"({"id": "lever", "type": "backing", "actor": "TR", "day": 30, "alignment_to": -0.5, "clout_to": 0.3})";
  else if (field == "factor" || field == "duration_days")
    e = R"({"id": "lever", "type": "channel_shock", "channel": "trade", "day": 30, "factor": 0.5, "duration_days": 120})";
  else
    e = R"({"id": "lever", "type": "downing", "day": 90, "severity": 0.6, "probability": 0.5})";
  return "events=[" + e + "]";
}

// What a field needs in order to act, where baseline lacks it: Russian
// measures against people in force (the diaspora's exposures and rates act
// only through them), a calm start with no measures (normalisation), a
// grievance near the threshold, incidents Moscow causes, a settlement that
// moves Moscow's attention, a summit, peacekeepers for the peacekeepers' weights. Chosen per field, so no field is judged where it
// cannot act. The rhetoric an outlet starts with is tried around 0.5, as
// any negative value means "start at the editorial line".
std::vector<std::string> context_for(const std::string& name, const std::string& field) {
  auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
  if (starts("events.<n>.")) return {event_for(field)};
  if (starts("agents.diaspora.") || name == "outcomes.mass_deportation_share" || name == "outcomes.business_seizures")
    return {
        R"(actions.initial_measures.RU=["raids", "deport_migrants", "seize_businesses", "conscript_revoke", "visa_regime"])"};
  if (starts("outcomes.normalisation_"))
    return {"actions.initial_measures.AZ=[]", "parameters.dynamics.initial_tension=0",
            "parameters.dynamics.initial_grievance=0"};
  if (name == "agents.media.<n>.initial") return {"agents.media.0.initial=0.5"};  // below 0: "start at the line"
  if (name == "parameters.dynamics.grievance_threshold") return {"parameters.dynamics.initial_grievance=0.1"};
  if (name == "parameters.decision.shock_culpability" || name == "parameters.decision.conciliation_weight")
    return {R"(events=[{"id": "lever", "type": "incident", "rate_per_year": 6, "severity": 0.5}])"};
  // Baseline is after the 2024 withdrawal: the channel's weight and
  // reference act only with troops present, as in history_2021.
  if (name == "parameters.leverage.az_peacekeepers" || name == "parameters.leverage.peacekeepers_ref")
    return {"channels.peacekeepers=1960"};
  if (name == "parameters.decision.summit_weight") return {R"(events=[{"id": "lever", "type": "summit", "day": 30}])"};
  if (name == "parameters.dynamics.attention_adjust_days")
    return {R"(events=[{"id": "lever", "type": "settlement", "day": 30, "attention_to": 0.9}])"};
  return {};
}

void collect(const Field& f, const std::string& name, const std::string& path, std::vector<Lever>& out) {
  for (const auto& m : f.members) {
    const bool list = m.kind == FieldKind::Array;
    const std::string n = name.empty() ? m.name : name + "." + m.name;
    const std::string p = path.empty() ? m.name : path + "." + m.name;
    if (m.kind == FieldKind::Object) collect(m, n, p, out);
    if (list) collect(m, n + ".<n>", p + ".0", out);
    if (m.kind != FieldKind::Number) continue;
    out.push_back(Lever{n, p, &m, context_for(n, m.name)});
  }
}

// The value the field has in the scenario (the middle of a distribution's
// support), then a third and three times it, or, at 0, a tenth of the range
// either side; clipped to the range.
std::pair<double, double> low_high(const Scenario& sc, const std::string& pointer, const Field& f) {
  double v = f.default_value.is_number() ? f.default_value.get<double>() : 0;
  const nlohmann::ordered_json::json_pointer jp(pointer);
  if (sc.resolved.contains(jp)) {
    const auto& x = sc.resolved.at(jp);
    Distribution d;
    std::vector<DistributionError> errors;
    if (x.is_number())
      v = x.get<double>();
    else if (parse_distribution(x, d, errors))
      v = (d.support_min() + d.support_max()) / 2;
  }
  double lo = v / 3, hi = v * 3;
  if (v < 0) std::swap(lo, hi);
  if (v == 0) {
    lo = v - (f.max - f.min) / 10;
    hi = v + (f.max - f.min) / 10;
  }
  return {std::clamp(lo, f.min, f.max), std::clamp(hi, f.min, f.max)};
}

// Per-run outputs: whether each outcome was reached, each metric, and the
// time mean and final value of each state variable.
std::vector<double> outputs(const mc::RunResult& r) {
  std::vector<double> y;
  const double mid = r.output.step_days * (r.output.num_times - 1) / 2;
  for (double t : r.output.first_passage) y.push_back(std::isnan(t) ? 0.0 : 1.0);
  for (double t : r.output.first_passage) y.push_back(!std::isnan(t) && t <= mid ? 1.0 : 0.0);
  // The time mean of the outcome's probability curve: how early it is reached.
  for (double t : r.output.first_passage) y.push_back(std::isnan(t) ? 0.0 : 1.0 - t / (2 * mid));
  for (double m : r.metrics) y.push_back(m);
  const int T = r.output.num_times;
  for (int v = 0; v < model::kNumVars; ++v) {
    double sum = 0;
    for (int t = 0; t < T; ++t) sum += r.output.at(v, t);
    y.push_back(sum / T);
    y.push_back(r.output.at(v, T - 1));
  }
  return y;
}

std::vector<std::string> output_names() {
  std::vector<std::string> n;
  for (const auto& o : model::outcome_table()) n.push_back("P(" + std::string(o.name) + ")");
  for (const auto& o : model::outcome_table()) n.push_back("P(" + std::string(o.name) + " by mid-horizon)");
  for (const auto& o : model::outcome_table()) n.push_back("time mean of P(" + std::string(o.name) + ")");
  for (const auto& m : model::metric_table()) n.push_back("mean " + std::string(m.name));
  for (const auto& v : model::variable_table()) {
    n.push_back("time mean of " + std::string(v.name));
    n.push_back("final " + std::string(v.name));
  }
  return n;
}

// The output whose paired difference (high - low) is largest in standard
// errors, or "" when none lies beyond kThreshold of them.
std::string moved_output(const mc::RunPlan& low, const mc::RunPlan& high, std::uint64_t runs, double& t_max) {
  std::vector<double> sum, sum2, level;
  std::vector<bool> echo(model::kNumVars);  // the variable starts differently: the parameter sets it
  std::uint64_t n = 0;
  mc::EngineOptions o;
  o.num_runs = runs;
  o.seed = kSeed;
  o.threads = 2;
  mc::run_batches({&low, &high}, o, [&](const mc::Batch& batch) {
    for (std::size_t i = 0; i < batch.count; ++i) {
      const auto &ra = batch.by_plan[0][i].output, &rb = batch.by_plan[1][i].output;
      for (int v = 0; v < model::kNumVars; ++v)
        if (ra.at(v, 0) != rb.at(v, 0)) echo[static_cast<std::size_t>(v)] = true;
      const auto a = outputs(batch.by_plan[0][i]), b = outputs(batch.by_plan[1][i]);
      sum.resize(a.size());
      sum2.resize(a.size());
      level.resize(a.size());
      for (std::size_t k = 0; k < a.size(); ++k) {
        const double d = b[k] - a[k];
        sum[k] += d;
        sum2[k] += d * d;
        level[k] += std::fabs(a[k]) + std::fabs(b[k]);
      }
      ++n;
    }
  });
  const auto names = output_names();
  std::string best;
  t_max = 0;
  const std::size_t first_var = 3 * model::kNumOutcomes + model::kNumMetrics;
  for (std::size_t k = 0; k < sum.size(); ++k) {
    // A variable the parameter sets at day 0 records the input; it counts
    // only through what it does to the other outputs.
    if (k >= first_var && echo[(k - first_var) / 2]) continue;
    const double mean = sum[k] / static_cast<double>(n);
    const double var = std::max(0.0, sum2[k] / static_cast<double>(n) - mean * mean) * n / (n - 1.0);
    const double se = std::sqrt(var / static_cast<double>(n));
    // Below this the difference is rounding, not an effect.
    if (std::fabs(mean) <= 1e-6 * (level[k] / static_cast<double>(n)) + 1e-12) continue;
    const double t = se > 0 ? std::fabs(mean) / se : std::numeric_limits<double>::infinity();
    if (t > t_max) {
      t_max = t;
      best = names[k];
    }
  }
  return t_max > kThreshold ? best : "";
}

// The table of inert parameters in docs/model.md: name -> reason.
std::map<std::string, std::string> documented_inert() {
  std::ifstream in(source("docs/model.md"));
  std::map<std::string, std::string> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find("<!-- BEGIN INERT PARAMETERS") != std::string::npos) inside = true;
    if (line.find("<!-- END INERT PARAMETERS") != std::string::npos) inside = false;
    if (!inside || line.rfind("| `", 0) != 0) continue;
    const auto close = line.find('`', 3);
    const std::string name = line.substr(3, close - 3);
    std::string reason = line.substr(line.find('|', close) + 1);
    reason = reason.substr(0, reason.rfind('|'));
    reason.erase(0, reason.find_first_not_of(' '));
    rows[name] = reason.substr(0, reason.find_last_not_of(' ') + 1);
  }
  return rows;
}

struct Verdict {
  std::string moved;  // the output it moves most, or ""
  double t = 0;
  double low = 0, high = 0;
};

Verdict try_lever(const ScenarioTemplate& base, const Lever& l) {
  const Scenario here = base.instantiate(l.context);
  const std::string pointer = "/" + [&] {
    std::string p = l.path;
    std::replace(p.begin(), p.end(), '.', '/');
    return p;
  }();
  Verdict v;
  std::tie(v.low, v.high) = low_high(here, pointer, *l.field);
  auto at = [&](double x) {
    std::vector<std::string> sets = l.context;
    std::ostringstream s;
    s.precision(17);
    s << l.path << "=" << x;
    sets.push_back(s.str());
    return base.instantiate(sets);
  };
  const Scenario lo = at(v.low), hi = at(v.high);
  v.moved = moved_output(lo.plan, hi.plan, kRuns, v.t);
  if (v.moved.empty()) v.moved = moved_output(lo.plan, hi.plan, kMoreRuns, v.t);
  if (v.moved.empty()) v.moved = moved_output(lo.plan, hi.plan, kMostRuns, v.t);
  return v;
}

// The library's baseline with one agent per 1,000 people (the diaspora's
// parameters act through shares and rates, which a coarser population keeps).
ScenarioTemplate lever_base() {
  return ScenarioTemplate(source("scenarios/baseline.json"), {"agents.diaspora.scale=1000"});
}

TEST(Levers, EveryParameterMovesAnOutputOrIsDocumentedInert) {
  std::vector<Lever> levers;
  collect(scenario_spec(), "", "", levers);
  ASSERT_GT(levers.size(), 100u);
  const auto inert = documented_inert();
  ASSERT_FALSE(inert.empty()) << "no table of inert parameters in docs/model.md";
  std::set<std::string> names;
  for (const auto& l : levers) names.insert(l.name);
  for (const auto& [name, reason] : inert) {
    EXPECT_TRUE(names.count(name)) << "docs/model.md lists " << name << " as inert, but the format has no such field";
    EXPECT_FALSE(reason.empty()) << name << " is listed as inert without a reason";
  }
  const ScenarioTemplate base = lever_base();
  for (const auto& l : levers) {
    const Verdict v = try_lever(base, l);
    const bool listed = inert.count(l.name) > 0;
    if (listed)
      EXPECT_EQ(v.moved, "") << l.name << " is documented as inert in docs/model.md section 9.12, but from " << v.low
                             << " to " << v.high << " it moves " << v.moved << " (" << v.t
                             << " standard errors): remove it from the table";
    else
      EXPECT_NE(v.moved, "") << l.name << " moves no output from " << v.low << " to " << v.high
                             << " (largest paired difference " << v.t
                             << " standard errors): connect it, or document it as inert, with its reason, in the "
                                "table of docs/model.md section 9.12";
  }
}

// The detector itself: a disconnected lever (the same plan twice) moves
// nothing, and a live one (Moscow's hawkishness) is found.
TEST(Levers, TheDetectorFindsALiveLeverAndNotADisconnectedOne) {
  const ScenarioTemplate base = lever_base();
  const Scenario a = base.instantiate({"actors.RU.attention=0.1"});
  const Scenario b = base.instantiate({"actors.RU.attention=0.9"});
  double t = 0;
  EXPECT_EQ(moved_output(a.plan, a.plan, kRuns, t), "");
  EXPECT_EQ(t, 0);
  EXPECT_EQ(moved_output(a.plan, a.plan, kMostRuns, t), "");
  EXPECT_EQ(t, 0);
  EXPECT_NE(moved_output(a.plan, b.plan, kRuns, t), "");
  EXPECT_GT(t, kThreshold);
}

}  // namespace
}  // namespace simrun::input
