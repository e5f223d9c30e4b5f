#include "model/diaspora.h"

#include <algorithm>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>

#include "util/counter_rng.h"
#include "util/random.h"
#include "util/vector_clones.h"

namespace simrun::model {

std::array<std::size_t, kNumKinds + 1> kind_blocks(const DiasporaParams& p) {
  const int scale = std::max(1, p.scale);
  const auto total = static_cast<std::size_t>(std::llround(p.population / scale));
  double share_sum = 0;
  for (const auto& k : p.kinds) share_sum += k.share;
  // Kinds get contiguous blocks; rounding is settled on the last kind.
  std::array<std::size_t, kNumKinds + 1> begin{};
  double cum = 0;
  for (int k = 0; k < kNumKinds; ++k) {
    cum += p.kinds[k].share;
    begin[k + 1] = k + 1 == static_cast<int>(kNumKinds)
                       ? total
                       : std::min(total, static_cast<std::size_t>(std::llround(total * cum / share_sum)));
  }
  return begin;
}

void DenseDiaspora::init(const DiasporaParams& p, std::uint64_t seed, std::uint64_t run) {
  seed_ = seed;
  run_ = run;
  begin_ = kind_blocks(p);
  const std::size_t total = begin_[kNumKinds];
  state_.assign(total, kPresent);
  seized_.assign(total, 0);
  inv_rootedness_.resize(total);
  std::size_t largest = 0;
  for (int k = 0; k < kNumKinds; ++k) largest = std::max(largest, begin_[k + 1] - begin_[k]);
  u1_bits_.resize(largest + 3);  // whole blocks of four words
  u2_bits_.resize(largest + 3);
  CounterStream rng(seed, run, purpose_id("diaspora_init"), 0);
  boost::random::lognormal_distribution<double> root(0.0, p.rootedness_sigma);
  for (auto& v : inv_rootedness_) v = static_cast<float>(1.0 / root(rng));
}

void DenseDiaspora::release_all() {
  for (auto& s : state_) s = s == kDetained ? std::uint32_t{kPresent} : s;
}

DiasporaCounts DenseDiaspora::count(const DiasporaRates& r) const {
  DiasporaCounts c;
  for (int k = 0; k < kNumKinds; ++k) {
    std::int64_t paying = 0;
    for (std::size_t i = begin_[k]; i < begin_[k + 1]; ++i) {
      const auto s = state_[i];
      c.present += s == kPresent;
      c.detained += s == kDetained;
      c.deported += s == kDeported;
      c.departed += s == kDeparted;
      c.seized += seized_[i];
      paying += (s == kPresent) & (seized_[i] == 0);
    }
    c.remittances += static_cast<double>(paying) * r.remittance[k];
  }
  return c;
}

// The rule of §6.17 for every agent of one kind, branch-free so that the
// compiler turns the loop into vector code (AVX2 where the processor has it,
// chosen at run time; both versions give the same numbers). The states'
// codes make the rule arithmetic: as c1 <= c2 <= c3, a present agent's next
// state is the number of thresholds above u1 (3 departed, 2 deported,
// 1 detained, 0 present); a detained agent's is 1 + [u1 < cut] - 2 [u1 < release].
SIMRUN_AVX2_CLONES DenseKindTally dense_kind_step(const DenseKindRates& r, std::size_t n, std::uint32_t* __restrict st,
                                                  std::uint32_t* __restrict sz, const float* __restrict inv_root,
                                                  const std::uint32_t* __restrict u1_bits,
                                                  const std::uint32_t* __restrict u2_bits) {
  static_assert(kPresent == 0 && kDetained == 1 && kDeported == 2 && kDeparted == 3);
  std::uint32_t present = 0, detained = 0, deported = 0, seized = 0, paying = 0, detentions = 0, releases = 0;
  // Local copies: a select between loads through `r` would stop GCC's vectoriser.
  const float depart = r.depart, deport = r.deport, detain = r.detain, seize = r.seize;
  const float seized_factor = r.seized_factor, release = r.release, cut = r.detained_deport_cut;
  for (std::size_t i = 0; i < n; ++i) {
    // unit_float (util/random.h), written so that the conversion is a signed one.
    const float u1 = static_cast<float>(static_cast<std::int32_t>(u1_bits[i] >> 8)) * (1.0f / 16777216.0f);
    const float u2 = static_cast<float>(static_cast<std::int32_t>(u2_bits[i] >> 8)) * (1.0f / 16777216.0f);
    const std::uint32_t s = st[i], z = sz[i];
    const float factor = z != 0 ? seized_factor : 1.0f;
    const float c1 = std::min(1.0f, depart * inv_root[i] * factor);
    const float c2 = c1 + deport, c3 = c2 + detain;
    const std::uint32_t from_present = std::uint32_t{u1 < c1} + std::uint32_t{u1 < c2} + std::uint32_t{u1 < c3};
    const std::uint32_t from_detained = 1 + std::uint32_t{u1 < cut} - 2 * std::uint32_t{u1 < release};
    const std::uint32_t was_present = s == kPresent, was_detained = s == kDetained;
    const std::uint32_t ns = s + (-was_present & from_present) + (-was_detained & (from_detained - 1));
    const std::uint32_t nz = z | (was_present & std::uint32_t{u2 < seize});
    st[i] = ns;
    sz[i] = nz;
    present += ns == kPresent;
    detained += ns == kDetained;
    deported += ns == kDeported;
    seized += nz;
    paying += (ns == kPresent) & (nz == 0);
    detentions += was_present & (ns == kDetained);
    releases += was_detained & (ns == kPresent);
  }
  return {present, detained, deported, seized, paying, detentions, releases};
}

// Kind k's u1 words come from stream 2k and its u2 words from stream 2k+1
// of the step's lane key (util/counter_rng.h).
DiasporaCounts DenseDiaspora::step(const DiasporaRates& r, int step) {
  const LaneKey key = lane_key({seed_, run_, purpose_id("diaspora"), static_cast<std::uint64_t>(step)});
  std::uint32_t* const u1 = u1_bits_.data();
  std::uint32_t* const u2 = u2_bits_.data();
  DiasporaCounts c;
  for (int k = 0; k < kNumKinds; ++k) {
    const std::size_t b = begin_[k], m = begin_[k + 1] - b, q = (m + 3) / 4;
    const auto stream = static_cast<std::uint32_t>(2 * k);
    lane_blocks(key, stream, q, u1, u1 + q, u1 + 2 * q, u1 + 3 * q);
    // Without seizures u2 is never below r.seize (it is at least 0), so the
    // kind's u2 stream is left undrawn and the loop reads u1 in its place.
    const bool seizures = r.seize[k] > 0;
    if (seizures) lane_blocks(key, stream + 1, q, u2, u2 + q, u2 + 2 * q, u2 + 3 * q);
    const DenseKindRates kr{r.depart[k],
                            r.deport[k],
                            r.detain[k],
                            r.seize[k],
                            r.seized_departure_factor,
                            r.release,
                            r.release + r.detained_deport};
    const DenseKindTally t = dense_kind_step(kr, m, state_.data() + b, seized_.data() + b, inv_rootedness_.data() + b,
                                             u1, seizures ? u2 : u1);
    c.present += t.present;
    c.detained += t.detained;
    c.deported += t.deported;
    c.departed += static_cast<std::int64_t>(m) - t.present - t.detained - t.deported;
    c.seized += t.seized;
    c.detentions += t.detentions;
    c.releases += t.releases;
    c.remittances += static_cast<double>(t.paying) * r.remittance[k];
  }
  return c;
}

void Diaspora::init(const DiasporaParams& p, std::uint64_t seed, std::uint64_t run) {
  const auto blocks = kind_blocks(p);
  scale_ = std::max(1, p.scale);
  size_ = blocks[kNumKinds];
  sparse_ = choice_ == DiasporaEngine::kSparse || (choice_ == DiasporaEngine::kAuto && size_ >= kSparseFromAgents);
  if (sparse_)
    sparse_engine_.init(p, blocks, seed, run);
  else
    dense_.init(p, seed, run);
}

DiasporaCounts Diaspora::step(const DiasporaRates& r, int step) {
  return sparse_ ? sparse_engine_.step(r, step) : dense_.step(r, step);
}

void Diaspora::release_all() {
  if (sparse_)
    sparse_engine_.release_all();
  else
    dense_.release_all();
}

DiasporaCounts Diaspora::count(const DiasporaRates& r) const {
  return sparse_ ? sparse_engine_.count(r) : dense_.count(r);
}

}  // namespace simrun::model
