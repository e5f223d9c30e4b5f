#pragma once
// Azerbaijanis in Russia as individual agents, stored as a structure of
// arrays. Agents of one kind are contiguous, so the per-step update runs over
// each kind with scalar transition probabilities: no branch on the kind, no
// allocation, no virtual call per agent.
#include <array>
#include <cstdint>
#include <vector>

#include "model/params.h"
#include "util/random.h"

namespace simrun::model {

enum AgentState : std::uint8_t { kPresent = 0, kDetained = 1, kDeported = 2, kDeparted = 3 };

// Per-step transition probabilities, computed once per step by the model.
struct DiasporaRates {
  std::array<float, kNumKinds> depart{};      // present -> departed (before individual rootedness)
  std::array<float, kNumKinds> deport{};      // present -> deported
  std::array<float, kNumKinds> detain{};      // present -> detained
  std::array<float, kNumKinds> seize{};       // business seized (traders and owners)
  std::array<float, kNumKinds> remittance{};  // USD per person per year while present and not seized
  float release = 0;                          // detained -> present
  float detained_deport = 0;                  // detained -> deported
  float seized_departure_factor = 1;
};

struct DiasporaCounts {
  std::int64_t present = 0, detained = 0, deported = 0, departed = 0, seized = 0;  // in agents
  double remittances = 0;  // USD/year, in agents (multiply by scale)
};

class Diaspora {
 public:
  // Sizes the arrays (reusing capacity across runs) and draws each agent's
  // rootedness from `rng`.
  void init(const DiasporaParams& p, Engine& rng);
  DiasporaCounts step(const DiasporaRates& r, Engine& rng);
  void release_all();
  DiasporaCounts count(const DiasporaRates& r) const;

  std::size_t size() const { return state_.size(); }
  int scale() const { return scale_; }

 private:
  std::array<std::size_t, kNumKinds + 1> begin_{};  // agents of kind k are [begin_[k], begin_[k+1])
  std::vector<std::uint8_t> state_;
  std::vector<std::uint8_t> seized_;
  std::vector<float> inv_rootedness_;  // departure hazard multiplier, 1/rootedness
  std::vector<std::uint64_t> bits_;    // this step's random draws, one 64-bit word per agent
  int scale_ = 1;
};

}  // namespace simrun::model
