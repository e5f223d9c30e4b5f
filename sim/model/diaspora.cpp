#include "model/diaspora.h"

#include <algorithm>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>

#include "util/counter_rng.h"
#include "util/random.h"

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
  bits_.resize(total + 3);  // whole Threefry blocks of four words
  CounterStream rng(seed, run, purpose_id("diaspora_init"), 0);
  boost::random::lognormal_distribution<double> root(0.0, p.rootedness_sigma);
  for (auto& v : inv_rootedness_) v = static_cast<float>(1.0 / root(rng));
}

void DenseDiaspora::release_all() {
  for (auto& s : state_) s = s == kDetained ? std::uint8_t{kPresent} : s;
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

DiasporaCounts DenseDiaspora::step(const DiasporaRates& r, int step) {
  const std::size_t n = state_.size();
  // Agent i takes word i % 4 of block i / 4 of the step's stream.
  const CounterBlock key = {seed_, run_, purpose_id("diaspora"), static_cast<std::uint64_t>(step)};
  for (std::size_t i = 0; i < n; i += 4) {
    const CounterBlock w = counter_block(key, i / 4, 0);
    std::copy(w.begin(), w.end(), bits_.begin() + static_cast<std::ptrdiff_t>(i));
  }

  DiasporaCounts c;
  std::uint8_t* __restrict st = state_.data();
  std::uint8_t* __restrict sz = seized_.data();
  const float* __restrict inv_root = inv_rootedness_.data();
  const std::uint64_t* __restrict bits = bits_.data();
  const float release = r.release, det_deport_cut = r.release + r.detained_deport;
  for (int k = 0; k < kNumKinds; ++k) {
    const float depart = r.depart[k], deport = r.deport[k], detain = r.detain[k], seize = r.seize[k];
    const float seized_factor = r.seized_departure_factor;
    std::int64_t present = 0, detained = 0, deported = 0, departed = 0, seized = 0, paying = 0;
    std::int64_t detentions = 0, releases = 0;
    // Branch-free: every agent computes both possible transitions and the
    // state selects one, so the compiler can keep the loop straight.
    for (std::size_t i = begin_[k]; i < begin_[k + 1]; ++i) {
      const std::uint64_t b = bits[i];
      const float u1 = unit_float(static_cast<std::uint32_t>(b));
      const float u2 = unit_float(static_cast<std::uint32_t>(b >> 32));
      const std::uint8_t s = st[i];
      const std::uint8_t z = sz[i];
      const float p_dep = std::min(1.0f, depart * inv_root[i] * (z ? seized_factor : 1.0f));
      const float c1 = p_dep, c2 = c1 + deport, c3 = c2 + detain;
      const std::uint8_t from_present = u1 < c1 ? kDeparted : u1 < c2 ? kDeported : u1 < c3 ? kDetained : kPresent;
      const std::uint8_t from_detained = u1 < release ? kPresent : u1 < det_deport_cut ? kDeported : kDetained;
      const std::uint8_t ns = s == kPresent ? from_present : s == kDetained ? from_detained : s;
      const std::uint8_t nz = z | static_cast<std::uint8_t>((s == kPresent) & (u2 < seize));
      st[i] = ns;
      sz[i] = nz;
      present += ns == kPresent;
      detained += ns == kDetained;
      deported += ns == kDeported;
      departed += ns == kDeparted;
      seized += nz;
      paying += (ns == kPresent) & (nz == 0);
      detentions += (s == kPresent) & (ns == kDetained);
      releases += (s == kDetained) & (ns == kPresent);
    }
    c.detentions += detentions;
    c.releases += releases;
    c.present += present;
    c.detained += detained;
    c.deported += deported;
    c.departed += departed;
    c.seized += seized;
    c.remittances += static_cast<double>(paying) * r.remittance[k];
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
