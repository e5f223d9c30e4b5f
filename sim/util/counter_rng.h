#pragma once
// Counter-based random numbers for the diaspora's per-agent draws: Random123's
// Threefry-4x64-20 for the sparse engine's streams, and Threefry-4x32-20 in
// 32-bit lanes for the dense reference loop. The key is (seed, run, purpose,
// step), so a step's numbers are a pure function of where they are used: no
// generator state is carried from step to step, a step's draws can be
// computed in any order (or in vector lanes), and the streams are independent
// of threads and ranks like those of util/random.h.
#include <Random123/threefry.h>

#include <array>
#include <cstddef>
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

// Threefry-4x32-20 in 32-bit lanes for the dense reference loop. Its key
// and counter are four 32-bit words each, so the 256-bit key (seed, run,
// purpose, step) is condensed by one Threefry-4x64 block (under that key, at
// counter (0, kLaneSubstream)) into the 4x32 key and counter words 1 and 2;
// counter word 0 numbers the blocks and word 3 the stream. Distinct keys give
// distinct 192-bit inputs except with probability about 2^-192 per pair.
struct LaneKey {
  std::array<std::uint32_t, 4> key{};
  std::uint32_t ctr1 = 0, ctr2 = 0;
};
inline constexpr std::uint64_t kLaneSubstream = ~std::uint64_t{0};

inline LaneKey lane_key(const CounterBlock& key) {
  const CounterBlock w = counter_block(key, 0, kLaneSubstream);
  const auto lo = [](std::uint64_t x) { return static_cast<std::uint32_t>(x); };
  const auto hi = [](std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); };
  return {{lo(w[0]), hi(w[0]), lo(w[1]), hi(w[1])}, lo(w[2]), hi(w[2])};
}

// One Threefry-4x32-20 block (Random123's), for counter (c0, c1, c2, c3).
std::array<std::uint32_t, 4> threefry_4x32(const std::array<std::uint32_t, 4>& ctr,
                                           const std::array<std::uint32_t, 4>& key);

// Blocks j = 0 .. n-1 of `stream` (counters (j, ctr1, ctr2, stream)) in
// structure-of-arrays form: out[w][j] is word w of block j. A loop over
// 32-bit lanes that the compiler vectorises (AVX2 where the processor has
// it, chosen at run time; every version gives the same words).
void lane_blocks(const LaneKey& key, std::uint32_t stream, std::size_t n, std::uint32_t* __restrict out0,
                 std::uint32_t* __restrict out1, std::uint32_t* __restrict out2, std::uint32_t* __restrict out3);

}  // namespace simrun
