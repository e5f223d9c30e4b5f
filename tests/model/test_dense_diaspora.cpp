// The dense reference update (model/diaspora.h): its branch-free vector loop
// applies the rule of docs/model.md §6.17 (next_from_present and
// next_from_detained, which the sparse engine uses too) to every agent, and
// a small diaspora's trajectory under fixed seeds is pinned.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "model/diaspora.h"
#include "util/counter_rng.h"
#include "util/random.h"

using namespace simrun;
using namespace simrun::model;

namespace {

// A word whose uniform lies just below, on or just above `threshold`
// (chosen by `bits`), where an off-by-one in the vector rule would show.
std::uint32_t word_near(float threshold, std::uint32_t bits) {
  const auto grid = static_cast<std::int64_t>(grid_below(threshold));
  const auto j = std::clamp<std::int64_t>(grid - 1 + static_cast<std::int64_t>(bits % 3), 0, (1 << 24) - 1);
  return static_cast<std::uint32_t>(j) << 8 | (bits >> 24);
}

// The thresholds of §6.17 an agent's u1 is compared with.
std::array<float, 5> thresholds(const DiasporaRates& r, float iota, bool seized) {
  const float c1 = std::min(1.0f, r.depart[0] * iota * (seized ? r.seized_departure_factor : 1.0f));
  return {c1, c1 + r.deport[0], c1 + r.deport[0] + r.detain[0], r.release, r.release + r.detained_deport};
}

// Rates on the grid of 2^-24 (so the thresholds can be met exactly) and off it.
std::vector<DiasporaRates> rate_sets() {
  DiasporaRates dyadic;
  dyadic.depart[0] = 0.125f;
  dyadic.deport[0] = 0.0625f;
  dyadic.detain[0] = 0.25f;
  dyadic.seize[0] = 0.5f;
  dyadic.release = 0.25f;
  dyadic.detained_deport = 0.125f;
  dyadic.seized_departure_factor = 4;
  DiasporaRates odd = dyadic;
  odd.depart[0] = 0.02f;
  odd.deport[0] = 0.03f;
  odd.detain[0] = 0.05f;
  odd.seize[0] = 0.1f;
  odd.release = 0.2f;
  odd.detained_deport = 0.1f;
  odd.seized_departure_factor = 7;
  DiasporaRates no_seizures = odd;
  no_seizures.seize[0] = 0;
  return {dyadic, odd, no_seizures};
}

}  // namespace

TEST(DenseDiaspora, TheVectorLoopAppliesTheRuleToEveryAgent) {
  CounterStream rng(7, 0, purpose_id("dense_rule"), 0);
  for (const DiasporaRates& r : rate_sets()) {
    constexpr std::size_t kN = 1003;  // not a whole number of vectors
    std::vector<std::uint32_t> st(kN), sz(kN), u1(kN), u2(kN);
    std::vector<float> inv_root(kN);
    const float iotas[] = {1.0f, 2.0f, 0.5f, 100.0f};  // 100 saturates the departure probability at 1
    for (std::size_t i = 0; i < kN; ++i) {
      st[i] = static_cast<std::uint32_t>(rng() % 4);
      sz[i] = static_cast<std::uint32_t>(rng() % 2);
      inv_root[i] = i % 3 ? iotas[rng() % 4] : static_cast<float>(0.2 + 3 * rng.open_unit());
      const auto bits = static_cast<std::uint32_t>(rng());
      const auto near = thresholds(r, inv_root[i], sz[i] != 0)[rng() % 5];
      u1[i] = i % 4 == 0 ? bits : word_near(near, bits);
      u2[i] = i % 4 == 1 ? static_cast<std::uint32_t>(rng()) : word_near(r.seize[0], bits);
    }
    const std::vector<std::uint32_t> st0 = st, sz0 = sz;
    const DenseKindRates kr{r.depart[0],
                            r.deport[0],
                            r.detain[0],
                            r.seize[0],
                            r.seized_departure_factor,
                            r.release,
                            r.release + r.detained_deport};
    const DenseKindTally t = dense_kind_step(kr, kN, st.data(), sz.data(), inv_root.data(), u1.data(), u2.data());
    DenseKindTally want;
    for (std::size_t i = 0; i < kN; ++i) {
      const float v1 = unit_float(u1[i]), v2 = unit_float(u2[i]);
      const auto s = static_cast<std::uint8_t>(st0[i]);
      const std::uint8_t ns = s == kPresent    ? next_from_present(r, 0, inv_root[i], sz0[i] != 0, v1)
                              : s == kDetained ? next_from_detained(r, v1)
                                               : s;
      const std::uint32_t nz = sz0[i] | static_cast<std::uint32_t>(s == kPresent && v2 < r.seize[0]);
      ASSERT_EQ(st[i], ns) << "agent " << i << " in state " << int{s} << ", u1 " << v1;
      ASSERT_EQ(sz[i], nz) << "agent " << i << ", u2 " << v2;
      want.present += ns == kPresent;
      want.detained += ns == kDetained;
      want.deported += ns == kDeported;
      want.seized += nz;
      want.paying += ns == kPresent && nz == 0;
      want.detentions += s == kPresent && ns == kDetained;
      want.releases += s == kDetained && ns == kPresent;
    }
    EXPECT_EQ(t.present, want.present);
    EXPECT_EQ(t.detained, want.detained);
    EXPECT_EQ(t.deported, want.deported);
    EXPECT_EQ(t.seized, want.seized);
    EXPECT_EQ(t.paying, want.paying);
    EXPECT_EQ(t.detentions, want.detentions);
    EXPECT_EQ(t.releases, want.releases);
  }
}

// Known answer: 60 people at one agent each (under the crossover, so the
// dense engine runs) in a crisis for 40 days. If this changes, the dense
// engine's draws or rule changed.
TEST(DenseDiaspora, ASmallDiasporasTrajectoryIsPinned) {
  DiasporaParams p{};
  p.population = 60;
  p.scale = 1;
  p.rootedness_sigma = 0.5;
  const double shares[] = {0.45, 0.40, 0.10, 0.05};
  for (int k = 0; k < kNumKinds; ++k) p.kinds[k].share = shares[k];
  DiasporaRates r;
  for (int k = 0; k < kNumKinds; ++k) {
    r.depart[k] = 0.005f;
    r.deport[k] = 0.004f;
    r.detain[k] = 0.01f;
    r.seize[k] = k >= kTrader ? 0.02f : 0.0f;
  }
  r.release = 0.1f;
  r.detained_deport = 0.05f;
  r.seized_departure_factor = 5;
  Diaspora d;
  d.init(p, 20251125, 3);
  ASSERT_FALSE(d.sparse());
  DiasporaCounts c;
  std::int64_t detentions = 0, releases = 0;
  for (int step = 1; step <= 40; ++step) {
    c = d.step(r, step);
    detentions += c.detentions;
    releases += c.releases;
  }
  EXPECT_EQ(c.present + c.detained + c.deported + c.departed, 60);
  EXPECT_EQ(c.present, 36);
  EXPECT_EQ(c.detained, 2);
  EXPECT_EQ(c.deported, 9);
  EXPECT_EQ(c.departed, 13);
  EXPECT_EQ(c.seized, 4);
  EXPECT_EQ(detentions, 20);
  EXPECT_EQ(releases, 12);
}
