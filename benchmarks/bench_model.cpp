// Micro-benchmarks of the diaspora update (the dense reference loop alone,
// and a year of each engine against population and event rate) and of a
// whole model run. Report items per second; compare medians.
#include <benchmark/benchmark.h>

#include "input/scenario.h"
#include "model/diaspora.h"
#include "model/model.h"

using namespace simrun;

namespace {

model::DiasporaRates busy_rates() {
  // Every transition possible, as under a raid and deportation campaign.
  model::DiasporaRates r;
  for (int k = 0; k < model::kNumKinds; ++k) {
    r.depart[k] = 0.0005f;
    r.deport[k] = 0.0008f;
    r.detain[k] = 0.001f;
    r.seize[k] = k >= model::kTrader ? 0.001f : 0.0f;
    r.remittance[k] = 1000.0f;
  }
  r.release = 0.1f;
  r.detained_deport = 0.02f;
  r.seized_departure_factor = 10;
  return r;
}

// The default diaspora's baseline departures, doubled by a hostile
// environment, and detentions ending after ten days: a quiet year.
model::DiasporaRates quiet_rates() {
  model::DiasporaRates r;
  const float depart[] = {0.005f, 0.05f, 0.02f, 0.01f};
  for (int k = 0; k < model::kNumKinds; ++k) {
    r.depart[k] = depart[k] / 365.0f * 2.0f;
    r.remittance[k] = 1000.0f;
  }
  r.release = 0.0952f;
  r.seized_departure_factor = 10;
  return r;
}

const input::Scenario& deal() {
  static const input::Scenario sc =
      input::load_scenario(std::string(SIMRUN_SOURCE_DIR) + "/scenarios/ukraine_deal.json");
  return sc;
}

void BM_DiasporaStep(benchmark::State& state) {
  model::DiasporaParams p = deal().plan.sample(deal().seed, 0).diaspora;
  p.population = static_cast<double>(state.range(0)) * p.scale;
  model::Diaspora d;
  d.set_engine(model::DiasporaEngine::kDense);
  d.init(p, 1, 0);
  const auto rates = busy_rates();
  int step = 0;
  for (auto _ : state) {
    auto c = d.step(rates, ++step);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["agent_steps_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DiasporaStep)->Arg(1000)->Arg(6000)->Arg(100000);

// One year (365 steps, initialisation included) of a diaspora of range(1)
// people at one agent each: range(0) 0 = dense, 1 = sparse; range(2) 0 =
// quiet year, 1 = crisis (raids, deportations and seizures throughout).
void BM_DiasporaYear(benchmark::State& state) {
  model::DiasporaParams p = deal().plan.sample(deal().seed, 0).diaspora;
  p.population = static_cast<double>(state.range(1));
  p.scale = 1;
  model::Diaspora d;
  d.set_engine(state.range(0) ? model::DiasporaEngine::kSparse : model::DiasporaEngine::kDense);
  const auto rates = state.range(2) ? busy_rates() : quiet_rates();
  std::uint64_t run = 0;
  for (auto _ : state) {
    d.init(p, 1, run++);
    for (int step = 1; step <= 365; ++step) {
      auto c = d.step(rates, step);
      benchmark::DoNotOptimize(c);
    }
  }
  state.counters["agent_steps_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(state.range(1)) * 365, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DiasporaYear)
    ->ArgsProduct({{0, 1}, {10, 30, 100, 300, 1000, 10000, 100000, 1000000}, {0, 1}})
    ->ArgNames({"sparse", "people", "crisis"})
    ->Unit(benchmark::kMillisecond);

void BM_ModelRun(benchmark::State& state) {
  const auto& sc = deal();
  model::Simulation sim;
  model::RunOutput out;
  std::uint64_t run = 0;
  double agent_steps = 0;
  for (auto _ : state) {
    const auto p = sc.plan.sample(sc.seed, run);
    sim.run(p, sc.seed, run, out);
    agent_steps += p.diaspora.population / p.diaspora.scale * p.steps();
    ++run;
  }
  state.counters["runs_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["agent_steps_per_s"] = benchmark::Counter(agent_steps, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ModelRun)->Unit(benchmark::kMillisecond);

}  // namespace
