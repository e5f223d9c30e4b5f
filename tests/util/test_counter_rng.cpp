// Known answers and properties of the counter-based generator
// (util/counter_rng.h) and of the helpers the sparse diaspora engine draws
// with (model/sparse_diaspora.h). If a pinned value changes, every diaspora
// trajectory changes with it.
#include "util/counter_rng.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "model/sparse_diaspora.h"
#include "util/random.h"

using namespace simrun;

// The published Threefry-4x64-20 test vector (zero key, zero counter), which
// ties the generator to its specification, not to this code's past output.
TEST(CounterRng, ThreefryMatchesItsPublishedKnownAnswer) {
  const CounterBlock out = counter_block({0, 0, 0, 0}, 0, 0);
  EXPECT_EQ(out[0], 0x09218ebde6c85537ull);
  EXPECT_EQ(out[1], 0x55941f5266d86105ull);
  EXPECT_EQ(out[2], 0x4bd25e16282434dcull);
  EXPECT_EQ(out[3], 0xee29ec846bd2e40bull);
}

TEST(CounterRng, BlocksAndStreamsArePinned) {
  const CounterBlock b = counter_block({1, 2, purpose_id("diaspora"), 3}, 4, 5);
  EXPECT_EQ(b[0], 5866600686357833557ull);
  EXPECT_EQ(b[3], 8879700123569971206ull);
  CounterStream s(20251125, 7, purpose_id("kat"), 1, 2);
  const std::array<std::uint64_t, 5> want = {1741407960317782407ull, 1445826094833945886ull, 2465404300980057532ull,
                                             17791905383598544327ull, 8811668799737957077ull};
  for (auto w : want) EXPECT_EQ(s(), w);  // the fifth word comes from the second block
  CounterStream t(20251125, 7, purpose_id("kat"), 1, 2);
  EXPECT_DOUBLE_EQ(t.open_unit(), 0.094401914688004629);  // 1741407960317782407 / 2^64, rounded up
  EXPECT_EQ(t.below(1000), 78u);
  EXPECT_EQ(t.below(16777216), 2242272u);
}

// `first(seed, run, purpose, step, stream)` is a generator's first draw:
// the same key gives the same draw, a change in any one word another.
template <class First>
void expect_every_key_word_matters(const First& first) {
  const auto base = first(5, 3, 9, 1, 0);
  EXPECT_EQ(base, first(5, 3, 9, 1, 0));
  EXPECT_NE(base, first(6, 3, 9, 1, 0));
  EXPECT_NE(base, first(5, 4, 9, 1, 0));
  EXPECT_NE(base, first(5, 3, 10, 1, 0));
  EXPECT_NE(base, first(5, 3, 9, 2, 0));
  EXPECT_NE(base, first(5, 3, 9, 1, 1));
}

TEST(CounterRng, EveryKeyWordAndTheSubstreamMatter) {
  const auto first = [](std::uint64_t seed, std::uint64_t run, std::uint64_t purpose, std::uint64_t step,
                        std::uint64_t sub) { return CounterStream(seed, run, purpose, step, sub)(); };
  expect_every_key_word_matters(first);
}

// below(n) is exactly uniform: a chi-square test over 10 cells of a range
// that is not a power of two (critical value 27.9 at 0.1%, 9 df).
TEST(CounterRng, BoundedDrawsAreUniform) {
  CounterStream s(1, 0, purpose_id("uniformity"), 0);
  constexpr int kCells = 10, kDraws = 200000;
  std::array<int, kCells> n{};
  for (int i = 0; i < kDraws; ++i) ++n[s.below(3000000) / 300000];
  double chi2 = 0;
  for (int c : n) chi2 += (c - kDraws / kCells) * (c - kDraws / kCells) / double(kDraws / kCells);
  EXPECT_LT(chi2, 27.9);
  for (int i = 0; i < 1000; ++i) {
    const double u = s.open_unit();
    ASSERT_GT(u, 0.0);
    ASSERT_LE(u, 1.0);
  }
}

// grid_below(c) counts the uniforms j / 2^24 of docs/model.md §6.17 below c,
// checked against the count by brute force.
TEST(CounterRng, GridCountsMatchBruteForce) {
  for (const float c : {0.5f, 1e-7f, 3.3e-5f, 0.0123f, 0.999999f, 1.0f, 2.5f, 0.0f, -1.0f}) {
    std::uint32_t brute = 0;
    for (std::uint32_t j = 0; j < (1u << 24); ++j) brute += unit_float(j << 8) < c;
    EXPECT_EQ(model::grid_below(c), brute) << c;
  }
}

// Geometric skipping visits each position with probability p, independently:
// the mean number of hits is n p and each position is hit equally often.
TEST(CounterRng, GeometricSkipsHitEachPositionWithTheirProbability) {
  CounterStream s(2, 0, purpose_id("skips"), 0);
  constexpr std::size_t kN = 50;
  constexpr int kReps = 40000;
  constexpr double kP = 0.03;
  std::array<int, kN> hits{};
  double total = 0;
  for (int r = 0; r < kReps; ++r)
    model::for_each_hit(kN, kP, s, [&](std::size_t i) {
      ++hits[i];
      ++total;
    });
  const double mean = kN * kP * kReps, sd = std::sqrt(mean * (1 - kP));
  EXPECT_NEAR(total, mean, 4 * sd);
  double chi2 = 0;  // 49 df: 0.1% critical value 85.4
  for (int h : hits) chi2 += (h - kP * kReps) * (h - kP * kReps) / (kP * kReps);
  EXPECT_LT(chi2, 85.4);
  int all = 0, none = 0;
  model::for_each_hit(7, 1.0, s, [&](std::size_t) { ++all; });
  model::for_each_hit(7, 0.0, s, [&](std::size_t) { ++none; });
  EXPECT_EQ(all, 7);
  EXPECT_EQ(none, 0);
}

// The published Threefry-4x32-20 test vectors (Random123's known answers:
// zero, all ones, and the digits of pi), for the dense loop's generator.
TEST(CounterRng, LaneThreefryMatchesItsPublishedKnownAnswers) {
  using W = std::array<std::uint32_t, 4>;
  EXPECT_EQ(threefry_4x32({0, 0, 0, 0}, {0, 0, 0, 0}), (W{0x9c6ca96a, 0xe17eae66, 0xfc10ecd4, 0x5256a7d8}));
  const std::uint32_t ones = ~0u;
  EXPECT_EQ(threefry_4x32({ones, ones, ones, ones}, {ones, ones, ones, ones}),
            (W{0x2a881696, 0x57012287, 0xf6c7446e, 0xa16a6732}));
  EXPECT_EQ(
      threefry_4x32({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89}),
      (W{0x59cd1dbb, 0xb8879579, 0x86b5d00c, 0xac8b6d84}));
}

// The vectorised loop gives, lane by lane, the blocks of the scalar
// generator for counters (j, ctr1, ctr2, stream), over a count that leaves a
// remainder after whole vectors; the key condensed from (seed, run, purpose,
// step) and a few words are pinned.
TEST(CounterRng, LaneBlocksArePinnedAndMatchTheScalarGenerator) {
  const LaneKey key = lane_key({1, 2, purpose_id("diaspora"), 3});
  EXPECT_EQ(key.key, (std::array<std::uint32_t, 4>{0x03af55ac, 0xd83273e3, 0xa3402ec0, 0x1ffd812b}));
  EXPECT_EQ(key.ctr1, 0xe024372bu);
  EXPECT_EQ(key.ctr2, 0xbf73fc54u);
  constexpr std::size_t kBlocks = 37;
  std::array<std::array<std::uint32_t, kBlocks>, 4> out{};
  lane_blocks(key, 5, kBlocks, out[0].data(), out[1].data(), out[2].data(), out[3].data());
  for (std::uint32_t j = 0; j < kBlocks; ++j) {
    const auto want = threefry_4x32({j, key.ctr1, key.ctr2, 5}, key.key);
    for (int w = 0; w < 4; ++w) ASSERT_EQ(out[w][j], want[w]) << "block " << j << " word " << w;
  }
  EXPECT_EQ(out[0][0], 0xafec6763u);
  EXPECT_EQ(out[3][36], 0x5880ca0fu);
}

TEST(CounterRng, EveryLaneKeyWordAndTheStreamMatter) {
  const auto first = [](std::uint64_t seed, std::uint64_t run, std::uint64_t purpose, std::uint64_t step,
                        std::uint32_t stream) {
    std::uint32_t w[4];
    lane_blocks(lane_key({seed, run, purpose, step}), stream, 1, &w[0], &w[1], &w[2], &w[3]);
    return w[0];
  };
  expect_every_key_word_matters(first);
}
