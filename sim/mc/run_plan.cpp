#include "mc/run_plan.h"

#include <algorithm>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <stdexcept>

#include "util/random.h"

namespace simrun::mc {

ParameterSets::ParameterSets(std::vector<Column> cols, std::vector<double> vals, std::vector<double> weights)
    : columns(std::move(cols)), rows(weights.size()) {
  if (rows == 0 || vals.size() != rows * columns.size())
    throw std::invalid_argument("parameter sets: " + std::to_string(vals.size()) + " values for " +
                                std::to_string(rows) + " sets of " + std::to_string(columns.size()) + " fields");
  std::vector<double> cum(rows);
  double total = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    if (!(weights[i] >= 0) || !std::isfinite(weights[i]))
      throw std::invalid_argument("parameter sets: weight " + std::to_string(i) + " is negative or not finite");
    total += weights[i];
    cum[i] = total;
  }
  if (!(total > 0) || !std::isfinite(total))
    throw std::invalid_argument("parameter sets: the weights must have a positive, finite sum");
  values = std::make_shared<const std::vector<double>>(std::move(vals));
  cumulative = std::make_shared<const std::vector<double>>(std::move(cum));
}

std::size_t ParameterSets::draw(std::uint64_t seed, std::uint64_t run) const {
  static constexpr std::uint64_t kPurpose = purpose_id("parameter_sets");
  Engine rng = make_stream(seed, run, kPurpose);
  const auto& cum = *cumulative;
  const double x = boost::random::uniform_01<double>()(rng) * cum.back();
  auto it = std::upper_bound(cum.begin(), cum.end(), x);
  // u * total may round up to the total: then the last set of positive weight.
  if (it == cum.end()) it = std::lower_bound(cum.begin(), cum.end(), cum.back());
  return static_cast<std::size_t>(it - cum.begin());
}

void RunPlan::add_uncertain(std::string name, const std::string& stream_key, Distribution dist, model::ParamSetter set,
                            model::ParamIndex index) {
  uncertain.push_back({std::move(name), purpose_id("param:" + stream_key), std::move(dist), set, index});
}

void RunPlan::name_event_streams() {
  occurs_purpose.clear();
  for (const auto& e : base.events) occurs_purpose.push_back(purpose_id("occurs:" + e.id));
}

void RunPlan::sample(std::uint64_t seed, std::uint64_t run, model::ModelParams& out, SampledRun& sampled) const {
  out = base;
  sampled.values.resize(uncertain.size());
  for (std::size_t i = 0; i < uncertain.size(); ++i) {
    const auto& u = uncertain[i];
    Engine rng = make_stream(seed, run, u.purpose);
    const double v = u.dist.sample(rng);
    // Validation admits only distributions whose values lie in the field's
    // range; a non-finite draw would mean a sampler failed, so stop the run.
    if (!std::isfinite(v))
      throw std::runtime_error("run " + std::to_string(run) + ": " + u.name + " sampled " + std::to_string(v) +
                               "; the distribution is degenerate");
    u.set(out, u.index, v);
    sampled.values[i] = v;
  }
  sampled.values.resize(uncertain.size() + parameter_sets.columns.size());
  sampled.parameter_set = -1;
  if (!parameter_sets.empty()) {
    const std::size_t row = parameter_sets.draw(seed, run), width = parameter_sets.columns.size();
    const double* v = parameter_sets.values->data() + row * width;
    for (std::size_t k = 0; k < width; ++k) {
      const auto& c = parameter_sets.columns[k];
      c.set(out, c.index, v[k]);
      sampled.values[uncertain.size() + k] = v[k];
    }
    sampled.parameter_set = static_cast<std::int64_t>(row);
  }
  sampled.occurs.resize(out.events.size());
  for (std::size_t e = 0; e < out.events.size(); ++e) {
    auto& ev = out.events[e];
    if (ev.probability < 1) {
      Engine rng = make_stream(seed, run, occurs_purpose[e]);
      if (boost::random::uniform_01<double>()(rng) >= ev.probability) {
        ev.day = -1;
        ev.rate_per_year = 0;
      }
    }
    sampled.occurs[e] = ev.day >= 0 || ev.rate_per_year > 0;
  }
}

}  // namespace simrun::mc
