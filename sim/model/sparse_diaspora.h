#pragma once
// The diaspora's exact sparse update (docs/model.md §6.17, "Sparse engine").
// Daily transition probabilities are small, so nearly every draw of the
// dense update says "nothing happens". This engine draws only the uniforms
// that can matter: for every list of agents sharing an upper bound B on
// their transition probability it skips ahead by geometric gaps to the
// agents whose u1 falls below B, draws that u1 conditioned on it, and applies
// the rule of §6.17 (so an agent whose own threshold is below the draw stays
// put: thinning). Present agents are bucketed by kind, seized flag and the
// power of two just above their multiplier, so B is at most about twice an
// agent's own probability (composition-rejection). Deported and departed
// agents leave every list.
//
// Agents nobody has looked at yet are anonymous: within a bucket they are
// exchangeable, so a bucket keeps them as a count, and an agent's
// multiplier is drawn (from the lognormal restricted to its bucket) only
// when it first becomes a candidate. Initialisation thus draws one binomial
// per bucket instead of one lognormal per agent.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/diaspora_types.h"
#include "util/counter_rng.h"

namespace simrun::model {

class SparseDiaspora {
 public:
  // Buckets cover multipliers (2^(e-1), 2^e] for e = kMinExp+1 .. kMaxExp-1;
  // the end buckets take everything below 2^kMinExp and above 2^(kMaxExp-1).
  static constexpr int kMinExp = -63, kMaxExp = 64, kNumBuckets = kMaxExp - kMinExp + 1;

  // Agents of kind k get the indices blocks[k] .. blocks[k+1]-1.
  void init(const DiasporaParams& p, const std::array<std::size_t, kNumKinds + 1>& blocks, std::uint64_t seed,
            std::uint64_t run);
  DiasporaCounts step(const DiasporaRates& r, int step);
  void release_all();
  DiasporaCounts count(const DiasporaRates& r) const;

  // Agents given a record so far (materialised): the cost driver besides the buckets.
  std::size_t materialised() const { return agents_.size(); }

 private:
  struct Agent {
    std::uint32_t index;  // the agent's index in the population
    std::uint32_t slot;   // position in the list that holds it
    float iota;           // departure multiplier 1/rootedness
    std::uint8_t kind, state, seized, bucket;
    std::uint8_t next_state, next_seized, pending;
  };
  struct Bucket {
    std::uint32_t anon_begin = 0, anon_count = 0;  // anonymous agents: indices anon_begin .. +anon_count-1
    std::vector<std::uint32_t> known;              // materialised agents (into agents_)
    std::size_t size() const { return anon_count + known.size(); }
  };
  // A bucket's edges as standard normal values of log(multiplier) / sigma,
  // with their distribution and survival functions (upper tails keep
  // precision through the survival function).
  struct Edges {
    double lo = 0, hi = 0, cdf_lo = 0, cdf_hi = 0, sf_lo = 0, sf_hi = 0;
  };
  struct KindCounts {
    std::int64_t present = 0, detained = 0, deported = 0, departed = 0, seized = 0, paying = 0;
  };

  Bucket& bucket(int k, int z, int b) { return buckets_[(k * 2 + z) * kNumBuckets + b]; }
  // Keeps [span_[k*2+z][0], span_[k*2+z][1]) over every bucket of (k, z)
  // that has held agents this run, so the passes skip the empty tails.
  void widen(int k, int z, int b) {
    auto& s = span_[k * 2 + z];
    s = {std::min(s[0], b), std::max(s[1], b + 1)};
  }
  std::uint32_t materialise(int k, int b, std::size_t pos, std::size_t known, CounterStream& rng);
  float draw_iota(int b, CounterStream& rng) const;
  void mark(std::uint32_t a, std::uint8_t state, std::uint8_t seized);
  void transitions(const DiasporaRates& r, int k, int z, CounterStream& rng);
  void detained_endings(const DiasporaRates& r, int k, CounterStream& rng);
  void seizures(const DiasporaRates& r, int k, CounterStream& rng);
  void apply_pending();
  void unlink(const Agent& a);
  void link(std::uint32_t id);

  std::array<Bucket, kNumKinds * 2 * kNumBuckets> buckets_;
  std::array<std::vector<std::uint32_t>, kNumKinds> detained_;
  std::array<KindCounts, kNumKinds> counts_{};
  std::array<std::array<int, 2>, kNumKinds * 2> span_{};
  std::vector<Agent> agents_;
  std::vector<std::uint32_t> pending_;
  std::array<Edges, kNumBuckets> edges_{};
  std::int64_t detentions_ = 0, releases_ = 0;  // this step's
  double sigma_ = 0;
  std::uint64_t seed_ = 0, run_ = 0;
};

// Visits each position of [0, n) independently with probability p, in
// increasing order, by geometric gaps: cost proportional to the hits.
template <class F>
void for_each_hit(std::size_t n, double p, CounterStream& rng, F&& visit) {
  if (n == 0 || !(p > 0)) return;
  if (p >= 1) {
    for (std::size_t i = 0; i < n; ++i) visit(i);
    return;
  }
  const double inv_log_miss = 1.0 / std::log1p(-p);
  double pos = -1;
  for (;;) {
    pos += std::floor(std::log(rng.open_unit()) * inv_log_miss) + 1;  // failures before a hit, plus the hit
    if (pos >= static_cast<double>(n)) return;
    visit(static_cast<std::size_t>(pos));
  }
}

// How many of the values j / 2^24 lie below the float threshold c: a
// uniform of §6.17 is below c with probability grid_below(c) / 2^24.
inline std::uint32_t grid_below(float c) {
  if (!(c > 0)) return 0;
  if (c >= 1) return 1u << 24;
  return static_cast<std::uint32_t>(std::ceil(static_cast<double>(c) * kUnitGrid));
}

}  // namespace simrun::model
