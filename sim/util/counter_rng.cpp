#include "util/counter_rng.h"

#include "util/vector_clones.h"

namespace simrun {

std::array<std::uint32_t, 4> threefry_4x32(const std::array<std::uint32_t, 4>& ctr,
                                           const std::array<std::uint32_t, 4>& key) {
  const r123::Threefry4x32::ctr_type c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
  const r123::Threefry4x32::key_type k = {{key[0], key[1], key[2], key[3]}};
  const auto out = r123::Threefry4x32()(c, k);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

// Random123's Threefry is straight-line code on 32-bit words (adds,
// rotations, exclusive ors), so each iteration maps onto one vector lane.
SIMRUN_AVX2_CLONES void lane_blocks(const LaneKey& key, std::uint32_t stream, std::size_t n,
                                    std::uint32_t* __restrict out0, std::uint32_t* __restrict out1,
                                    std::uint32_t* __restrict out2, std::uint32_t* __restrict out3) {
  r123::Threefry4x32 gen;
  const r123::Threefry4x32::key_type k = {{key.key[0], key.key[1], key.key[2], key.key[3]}};
  const auto blocks = static_cast<std::uint32_t>(n);  // 32-bit lanes; a kind has fewer than 2^32 agents
  for (std::uint32_t j = 0; j < blocks; ++j) {
    const r123::Threefry4x32::ctr_type c = {{j, key.ctr1, key.ctr2, stream}};
    const auto w = gen(c, k);
    out0[j] = w.v[0];
    out1[j] = w.v[1];
    out2[j] = w.v[2];
    out3[j] = w.v[3];
  }
}

}  // namespace simrun
