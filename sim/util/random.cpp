#include "util/random.h"

#include <boost/random/seed_seq.hpp>

namespace simrun {

Engine make_stream(std::uint64_t seed, std::uint64_t run, std::uint64_t purpose) {
  auto lo = [](std::uint64_t v) { return static_cast<std::uint32_t>(v); };
  auto hi = [](std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); };
  boost::random::seed_seq seq{lo(seed), hi(seed), lo(run), hi(run), lo(purpose), hi(purpose)};
  return Engine(seq);
}

}  // namespace simrun
