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

// The reference update: one Threefry word per agent per step, whatever its
// state, in agent index order (docs/model.md §6.17).
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
  std::vector<std::uint8_t> state_;
  std::vector<std::uint8_t> seized_;
  std::vector<float> inv_rootedness_;  // departure hazard multiplier, 1/rootedness
  std::vector<std::uint64_t> bits_;    // this step's random draws, one 64-bit word per agent
  std::uint64_t seed_ = 0, run_ = 0;
};

enum class DiasporaEngine : std::uint8_t { kAuto, kDense, kSparse };

// From this many agents on, kAuto picks the sparse engine (the crossover
// measured in docs/performance.md).
inline constexpr std::size_t kSparseFromAgents = 64;

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
