#include "mc/run_plan.h"

#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <stdexcept>

#include "util/random.h"

namespace simrun::mc {

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
