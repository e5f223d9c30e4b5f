#pragma once
// What both diaspora engines share: the agents' states, a step's transition
// probabilities and the counts a step reports (docs/model.md §6.16-6.18).
#include <algorithm>
#include <array>
#include <cstdint>

#include "model/params.h"

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
  std::int64_t detentions = 0, releases = 0;  // this step's present -> detained and detained -> present
  double remittances = 0;                     // USD/year, in agents (multiply by scale)
};

// Uniforms u1 and u2 of §6.17 take the values j / 2^24, j = 0 .. 2^24 - 1.
inline constexpr double kUnitGrid = 16777216.0;

// A present agent's next state for its uniform u1 and multiplier `iota`
// (the rule of §6.17, in float, shared by both engines).
inline std::uint8_t next_from_present(const DiasporaRates& r, int k, float iota, bool seized, float u1) {
  const float c1 = std::min(1.0f, r.depart[k] * iota * (seized ? r.seized_departure_factor : 1.0f));
  const float c2 = c1 + r.deport[k], c3 = c2 + r.detain[k];
  return u1 < c1 ? kDeparted : u1 < c2 ? kDeported : u1 < c3 ? kDetained : kPresent;
}

inline std::uint8_t next_from_detained(const DiasporaRates& r, float u1) {
  return u1 < r.release ? kPresent : u1 < r.release + r.detained_deport ? kDeported : kDetained;
}

}  // namespace simrun::model
