// The sparse diaspora engine against the dense reference: same distribution
// of every daily flow (departures, deportations, detentions, releases,
// seizures) in several rate regimes, and a perturbation of 5% in one rate is
// detected by the same tests, so they have the power to see a wrong engine.
//
// Each comparison draws R runs per engine on fixed seeds (so the outcome is
// deterministic and cannot flake), takes per run the total of a flow over the
// horizon and its count on the last day, and applies a two-sample
// Kolmogorov-Smirnov test and a chi-square test of homogeneity on bins of the
// pooled sample. Each is required to pass at significance 0.001.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "model/diaspora.h"

using namespace simrun;
using namespace simrun::model;

namespace {

constexpr double kAlpha = 0.001;
constexpr int kRuns = 300, kSteps = 30;
constexpr std::size_t kAgents = 3000;

enum Flow { kDepartures, kDeportations, kDetentions, kReleases, kSeizures, kNumFlows };
const char* const kFlowNames[] = {"departures", "deportations", "detentions", "releases", "seizures"};

struct Regime {
  std::string name;
  DiasporaRates rates;
  double sigma = 0.5;  // rootedness
};

DiasporaParams population(double sigma) {
  DiasporaParams p{};
  p.population = static_cast<double>(kAgents);
  p.scale = 1;
  p.rootedness_sigma = sigma;
  const double shares[] = {0.45, 0.40, 0.10, 0.05};
  for (int k = 0; k < kNumKinds; ++k) p.kinds[k].share = shares[k];
  return p;
}

// Per run: each flow's total over the horizon and its count on the last day.
struct Sample {
  std::vector<double> total[kNumFlows], last[kNumFlows];
};

Sample simulate(const Regime& g, DiasporaEngine engine, std::uint64_t seed) {
  Sample s;
  Diaspora d;
  d.set_engine(engine);
  for (int run = 0; run < kRuns; ++run) {
    d.init(population(g.sigma), seed, static_cast<std::uint64_t>(run));
    DiasporaCounts before = d.count(g.rates);
    double tot[kNumFlows] = {};
    double day[kNumFlows] = {};
    for (int step = 1; step <= kSteps; ++step) {
      const DiasporaCounts c = d.step(g.rates, step);
      day[kDepartures] = static_cast<double>(c.departed - before.departed);
      day[kDeportations] = static_cast<double>(c.deported - before.deported);
      day[kDetentions] = static_cast<double>(c.detentions);
      day[kReleases] = static_cast<double>(c.releases);
      day[kSeizures] = static_cast<double>(c.seized - before.seized);
      for (int f = 0; f < kNumFlows; ++f) tot[f] += day[f];
      before = c;
    }
    for (int f = 0; f < kNumFlows; ++f) {
      s.total[f].push_back(tot[f]);
      s.last[f].push_back(day[f]);
    }
  }
  return s;
}

// Two-sample Kolmogorov-Smirnov p-value (asymptotic, with Stephens'
// correction; conservative for counts, which have ties).
double ks_p_value(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  double d = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const double x = std::min(a[i], b[j]);
    while (i < a.size() && a[i] == x) ++i;
    while (j < b.size() && b[j] == x) ++j;
    d = std::max(d, std::abs(double(i) / a.size() - double(j) / b.size()));
  }
  const double ne = double(a.size()) * b.size() / (a.size() + b.size());
  const double lambda = (std::sqrt(ne) + 0.12 + 0.11 / std::sqrt(ne)) * d;
  if (lambda < 0.3) return 1.0;
  double q = 0;
  for (int k = 1; k <= 100; ++k) q += 2 * (k % 2 ? 1 : -1) * std::exp(-2.0 * k * k * lambda * lambda);
  return std::clamp(q, 0.0, 1.0);
}

// Chi-square test of homogeneity on up to 10 bins of the pooled values, each
// bin holding at least 10 pooled observations; 1 when all values fall in one
// bin (nothing to compare).
double chi2_p_value(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> pooled(a);
  pooled.insert(pooled.end(), b.begin(), b.end());
  std::sort(pooled.begin(), pooled.end());
  std::vector<double> upper;  // bins (.., upper]
  const std::size_t per_bin = std::max<std::size_t>(10, pooled.size() / 10);
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = std::min(pooled.size(), i + per_bin) - 1;
    while (j + 1 < pooled.size() && pooled[j + 1] == pooled[j]) ++j;  // a value stays in one bin
    if (pooled.size() - (j + 1) < 10) j = pooled.size() - 1;          // the rest is too small for a bin
    upper.push_back(pooled[j]);
    i = j + 1;
  }
  if (upper.size() < 2) return 1.0;
  const auto bin = [&](double x) { return std::lower_bound(upper.begin(), upper.end(), x) - upper.begin(); };
  std::vector<double> na(upper.size()), nb(upper.size());
  for (double x : a) ++na[bin(x)];
  for (double x : b) ++nb[bin(x)];
  const double sa = double(a.size()), sb = double(b.size());
  double chi2 = 0;
  for (std::size_t k = 0; k < upper.size(); ++k) {
    const double col = na[k] + nb[k];
    const double ea = col * sa / (sa + sb), eb = col * sb / (sa + sb);
    chi2 += (na[k] - ea) * (na[k] - ea) / ea + (nb[k] - eb) * (nb[k] - eb) / eb;
  }
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(double(upper.size() - 1)), chi2));
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

// Expects every compared flow with events in the regime to agree.
void expect_same_distribution(const Regime& g, const Sample& dense, const Sample& sparse) {
  for (int f = 0; f < kNumFlows; ++f) {
    if (mean(dense.total[f]) == 0) {
      EXPECT_EQ(mean(sparse.total[f]), 0) << g.name << ": " << kFlowNames[f];
      continue;
    }
    const std::string what = g.name + ": " + kFlowNames[f];
    EXPECT_GT(ks_p_value(dense.total[f], sparse.total[f]), kAlpha) << what << " over the horizon (KS)";
    EXPECT_GT(chi2_p_value(dense.total[f], sparse.total[f]), kAlpha) << what << " over the horizon (chi-square)";
    EXPECT_GT(ks_p_value(dense.last[f], sparse.last[f]), kAlpha) << what << " on the last day (KS)";
    EXPECT_GT(chi2_p_value(dense.last[f], sparse.last[f]), kAlpha) << what << " on the last day (chi-square)";
  }
}

// Daily probabilities from the default scenario's per-kind rates: baseline
// departures (docs/model.md §9.5), release after 10 days on average.
DiasporaRates quiet_rates() {
  DiasporaRates r;
  const float depart[] = {0.005f, 0.05f, 0.02f, 0.01f};
  for (int k = 0; k < kNumKinds; ++k) {
    r.depart[k] = depart[k] / 365.0f * 2.0f;  // a hostile environment doubles them
    r.remittance[k] = 1000.0f;
  }
  r.release = 0.0952f;
  r.seized_departure_factor = 10;
  return r;
}

std::vector<Regime> regimes() {
  Regime quiet{"quiet year", quiet_rates()};
  Regime raids{"raids", quiet_rates()};
  const float raid_exposure[] = {0.3f, 1.0f, 1.0f, 0.5f};
  for (int k = 0; k < kNumKinds; ++k) raids.rates.detain[k] = 0.2f * 4 / 365 * raid_exposure[k] * 3;
  Regime expulsion{"mass expulsion", quiet_rates()};
  const float deport_exposure[] = {0.5f, 1.0f, 0.5f, 0.5f};
  for (int k = 0; k < kNumKinds; ++k) {
    expulsion.rates.deport[k] = 0.1f * 2 / 365 * deport_exposure[k] * 5;
    expulsion.rates.detain[k] = raids.rates.detain[k];
  }
  expulsion.rates.release = 0.0952f * 0.7f;
  expulsion.rates.detained_deport = 0.0952f * 0.3f;
  Regime seizures{"seizures", quiet_rates()};
  seizures.rates.seize[kTrader] = seizures.rates.seize[kBusinessOwner] = 0.5f * 2 / 365 * 4;
  // An exodus with very unequal rootedness: who leaves first changes who is
  // left, so a multiplier drawn wrongly (or redrawn) would show.
  Regime exodus{"exodus, sigma 1.5", quiet_rates(), 1.5};
  for (int k = 0; k < kNumKinds; ++k) exodus.rates.depart[k] = 0.01f;
  return {quiet, raids, expulsion, seizures, exodus};
}

}  // namespace

TEST(SparseExactness, EveryFlowHasTheDenseDistributionInEveryRegime) {
  for (const Regime& g : regimes()) {
    const Sample dense = simulate(g, DiasporaEngine::kDense, 11);
    const Sample sparse = simulate(g, DiasporaEngine::kSparse, 12);
    expect_same_distribution(g, dense, sparse);
  }
}

// The same tests reject an engine whose rate is off by 5%: detentions under
// raids and departures in the exodus.
TEST(SparseExactness, TheTestsDetectARateOffByFivePercent) {
  const auto all = regimes();
  struct Case {
    Regime g;
    Flow flow;
    std::function<void(DiasporaRates&)> perturb;
  };
  const Case cases[] = {
      {all[1], kDetentions,
       [](DiasporaRates& r) {
         for (auto& p : r.detain) p *= 1.05f;
       }},
      {all[4], kDepartures,
       [](DiasporaRates& r) {
         for (auto& p : r.depart) p *= 1.05f;
       }},
  };
  for (const Case& c : cases) {
    Regime off = c.g;
    c.perturb(off.rates);
    const Sample dense = simulate(c.g, DiasporaEngine::kDense, 11);
    const Sample sparse = simulate(off, DiasporaEngine::kSparse, 12);
    EXPECT_LT(ks_p_value(dense.total[c.flow], sparse.total[c.flow]), kAlpha) << c.g.name;
    EXPECT_LT(chi2_p_value(dense.total[c.flow], sparse.total[c.flow]), kAlpha) << c.g.name;
  }
}
