#pragma once
// The mutable state of one run apart from the agent arrays: the two states'
// memories, the measures in force and the scalar environment. Plain data of
// fixed size, so a run keeps it on the stack and a test can build one by hand.
// Symbols are those of docs/model.md §1.2.
#include <array>
#include <cstdint>

#include "model/actions.h"
#include "model/actors.h"
#include "model/params.h"

namespace simrun::model {

// The measures one side has in force, most recent last. A persistent measure
// is in force at most once per side, so kNumChoosable slots always suffice
// and pushing never allocates.
class MeasureStack {
 public:
  void push(int a) { items_[static_cast<std::size_t>(size_++)] = static_cast<std::uint8_t>(a); }
  void pop() { --size_; }
  int back() const { return items_[static_cast<std::size_t>(size_ - 1)]; }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return static_cast<std::size_t>(size_); }
  const std::uint8_t* begin() const { return items_.data(); }
  const std::uint8_t* end() const { return items_.data() + size_; }

 private:
  std::array<std::uint8_t, kNumChoosable> items_{};
  int size_ = 0;
};

struct World {
  double tension = 0, grievance = 0, sanctions = 0, sanctions_target = 0, sanctions_days = 1;
  double attention_ru = 1, attention_target = 1;
  std::array<double, 2> pressure{}, provocation{}, conciliation{};
  double shock = 0;   // fresh grievance: the downing's first weeks, decaying with the memory time
  double ladder = 0;  // hostility of the recent rung of the ladder reached by either state
  std::array<std::array<bool, kNumChoosable>, 2> in_force{};
  std::array<std::array<bool, kNumChoosable>, 2> taken{};
  std::array<MeasureStack, 2> stack{};
  std::array<std::array<double, kNumChoosable>, 2> recent_use{};  // decaying count of recent uses
  std::array<ThirdPartyParams, kNumActors> third{};
  double trade = 0;
  double normal_days = 0;
  double held_ru = 0;            // Russian nationals held by Baku (expected count, persons)
  bool apology_offered = false;  // Moscow apologised and Baku has not accepted yet
  double crisis = 0;             // recent cost of the crisis to both economies (§6.19)
  bool summit = false;           // both leaders attend a summit this step (§6.1)
  // Hostility received this step, by side, to feed media and memory.
  std::array<double, 2> hostile_in{}, hostile_in_media{}, concil_in{};
  double goldstein_hostile = 0;  // sum of -goldstein of this step's events
  double goldstein_friendly = 0;

  // Puts persistent measure `a` in force for `side`, on top of its stack.
  void put_in_force(int side, int a) {
    in_force[side][a] = true;
    stack[side].push(a);
  }
};

// What the measures in force on both sides do together (docs/model.md §6.14):
// cuts of the channels combine multiplicatively, measures against people by max.
struct MeasureEffects {
  double trade_cut = 0, oil_cut = 0, corridor_cut = 0, raids = 0, deport_migrants = 0, deport_all = 0, seize = 0,
         conscript = 0, visa = 0, hold_russians = 0;
};

MeasureEffects effects_in_force(const World& w);

// Backing of `side` by the present third parties: the sum of their clout over
// those aligned with it (docs/model.md §6.7).
double allies_of(const World& w, int side);

}  // namespace simrun::model
