#pragma once
// Counter-based random numbers (Random123's Threefry-4x64-20) for the
// diaspora's per-agent draws. The key is (seed, run, purpose, step), so a
// step's numbers are a pure function of where they are used: no generator
// state is carried from step to step, a step's draws can be computed in any
// order (or in vector lanes), and the streams are independent of threads and
// ranks like those of util/random.h.
#include <Random123/threefry.h>

#include <array>
#include <cstdint>
#include <limits>

namespace simrun {

using CounterBlock = std::array<std::uint64_t, 4>;

// One Threefry block: the 256 bits for counter (index, substream, 0, 0) under
// key (seed, run, purpose, step).
inline CounterBlock counter_block(const CounterBlock& key, std::uint64_t index, std::uint64_t substream) {
  r123::Threefry4x64 gen;
  const r123::Threefry4x64::ctr_type ctr = {{index, substream, 0, 0}};
  const r123::Threefry4x64::key_type k = {{key[0], key[1], key[2], key[3]}};
  const auto out = gen(ctr, k);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

// A sequential view of one substream: blocks 0, 1, 2, ... consumed four words
// at a time. Meets UniformRandomBitGenerator, so Boost's distributions can
// draw from it.
class CounterStream {
 public:
  using result_type = std::uint64_t;
  CounterStream(std::uint64_t seed, std::uint64_t run, std::uint64_t purpose, std::uint64_t step,
                std::uint64_t substream = 0)
      : key_{seed, run, purpose, step}, substream_(substream) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    if (used_ == 4) {
      words_ = counter_block(key_, block_++, substream_);
      used_ = 0;
    }
    return words_[used_++];
  }

  // A uniform double in (0, 1] from the top 53 bits: never 0, so its
  // logarithm is finite.
  double open_unit() { return static_cast<double>((operator()() >> 11) + 1) * 0x1.0p-53; }

  // A uniform integer in [0, n) for 0 < n < 2^32, exactly (Lemire's
  // multiply-and-reject on the top 32 bits of each word).
  std::uint32_t below(std::uint32_t n) {
    const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
    for (;;) {
      const std::uint64_t m = (operator()() >> 32) * static_cast<std::uint64_t>(n);
      if (static_cast<std::uint32_t>(m) >= threshold) return static_cast<std::uint32_t>(m >> 32);
    }
  }

 private:
  CounterBlock key_;
  std::uint64_t substream_;
  std::uint64_t block_ = 0;
  CounterBlock words_{};
  int used_ = 4;
};

}  // namespace simrun
