#pragma once
// Random streams. A run's stream for a purpose depends only on (seed, run
// index, purpose), never on the thread or rank that computes the run, so that
// results are bit-identical for any number of threads and so that two
// scenarios compared run by run share their random numbers (common random
// numbers). Purposes are named: adding an event or a parameter to a scenario
// does not shift the streams of the others.
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace simrun {

using Engine = boost::random::mt19937_64;
inline constexpr const char* kEngineName =
    "boost::random::mt19937_64 seeded by boost::random::seed_seq(seed, run, purpose)";

// 64-bit FNV-1a: a stable hash of a purpose name (not std::hash, which may
// differ between library versions).
constexpr std::uint64_t purpose_id(std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;  // FNV offset basis
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

Engine make_stream(std::uint64_t seed, std::uint64_t run, std::uint64_t purpose);
inline Engine make_stream(std::uint64_t seed, std::uint64_t run, std::string_view purpose) {
  return make_stream(seed, run, purpose_id(purpose));
}

// A uniform float in [0, 1) from the top 24 bits of a 32-bit half of a draw:
// exact, branch-free and the same on every platform.
inline float unit_float(std::uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

}  // namespace simrun
