#pragma once
// Azerbaijanis in Russia as individual agents (docs/model.md §1.2,
// §6.16-6.18), updated by one of two engines with the same distribution:
//  - DenseDiaspora, the reference: a structure of arrays, every agent drawn
//    every step (cost proportional to agent-steps);
//  - SparseDiaspora: only the agents to whom something may happen are
//    visited (cost proportional to events), see model/sparse_diaspora.h.
// Diaspora holds both and runs the one chosen for the population's size.
#include <array>
#include <cstdint>
#include <vector>

#include "model/diaspora_types.h"
#include "model/params.h"
#include "model/sparse_diaspora.h"

namespace simrun::model {

// The reference update: every agent's u1 of §6.17 (and its u2 where
// seizures are possible) is drawn every step, whatever its state. Per kind,
// a step fills the words from the kind's streams, then updates the kind's
// block in one branch-free loop over the arrays; both loops vectorise
// (docs/performance.md).
class DenseDiaspora {
 public:
  // Sizes the arrays (reusing capacity across runs) and draws each agent's
  // rootedness from the run's `diaspora_init` stream.
  void init(const DiasporaParams& p, std::uint64_t seed, std::uint64_t run);
  DiasporaCounts step(const DiasporaRates& r, int step);
  void release_all();
  DiasporaCounts count(const DiasporaRates& r) const;
  std::size_t size() const { return state_.size(); }

 private:
  std::array<std::size_t, kNumKinds + 1> begin_{};  // agents of kind k are [begin_[k], begin_[k+1])
  std::vector<std::uint32_t> state_;                // 32-bit lanes like the draws, so the loop needs no narrowing
  std::vector<std::uint32_t> seized_;
  std::vector<float> inv_rootedness_;  // departure hazard multiplier, 1/rootedness
  // One kind's words this step: the kind's agent w q + j (q = a quarter of
  // the kind, rounded up) takes word w of block j of the kind's stream.
  std::vector<std::uint32_t> u1_bits_, u2_bits_;
  std::uint64_t seed_ = 0, run_ = 0;
};

// One kind's rates, as the dense loop reads them.
struct DenseKindRates {
  float depart, deport, detain, seize, seized_factor, release, detained_deport_cut;
};

// One kind's counts after a step, in 32-bit lanes (a kind has fewer than 2^32 agents).
struct DenseKindTally {
  std::uint32_t present = 0, detained = 0, deported = 0, seized = 0, paying = 0, detentions = 0, releases = 0;
};

// The dense update of `n` agents of one kind for the words u1_bits and
// u2_bits (the uniforms are their top 24 bits, util/random.h's unit_float):
// next_from_present and next_from_detained (model/diaspora_types.h) on every
// agent, in vector lanes. Public so that tests can hold it to that rule.
DenseKindTally dense_kind_step(const DenseKindRates& r, std::size_t n, std::uint32_t* __restrict st,
                               std::uint32_t* __restrict sz, const float* __restrict inv_root,
                               const std::uint32_t* __restrict u1_bits, const std::uint32_t* __restrict u2_bits);

enum class DiasporaEngine : std::uint8_t { kAuto, kDense, kSparse };

// From this many agents on, kAuto picks the sparse engine: the crossover
// measured in docs/performance.md lies near 300 agents in a quiet year and
// 700 in a crisis.
inline constexpr std::size_t kSparseFromAgents = 400;

class Diaspora {
 public:
  void set_engine(DiasporaEngine e) { choice_ = e; }
  // Creates the run's agents (§3 item 3) with the engine chosen for their number.
  void init(const DiasporaParams& p, std::uint64_t seed, std::uint64_t run);
  // Step `step` (1-based) of the run: every agent's transition (§6.17).
  DiasporaCounts step(const DiasporaRates& r, int step);
  void release_all();
  DiasporaCounts count(const DiasporaRates& r) const;

  std::size_t size() const { return size_; }
  int scale() const { return scale_; }
  bool sparse() const { return sparse_; }

 private:
  DiasporaEngine choice_ = DiasporaEngine::kAuto;
  bool sparse_ = false;
  std::size_t size_ = 0;
  int scale_ = 1;
  DenseDiaspora dense_;
  SparseDiaspora sparse_engine_;
};

// How many agents the diaspora of `p` has, and where block k begins
// (docs/model.md §1.2).
std::array<std::size_t, kNumKinds + 1> kind_blocks(const DiasporaParams& p);

}  // namespace simrun::model
