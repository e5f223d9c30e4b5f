#include "model/sparse_diaspora.h"

#include <boost/math/special_functions/erf.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <limits>

#include "util/random.h"

namespace simrun::model {

namespace {

constexpr int kLast = SparseDiaspora::kNumBuckets - 1;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLn2 = 0.69314718055994530942;
constexpr double kSqrt2 = 1.41421356237309504880;

// Bucket b holds multipliers in (2^(e-1), 2^e], e = b + kMinExp; as the
// multiplier is lognormal(0, sigma), its edges are standard normal values.
double lower_edge(int b, double sigma) { return b == 0 ? -kInf : (b - 1 + SparseDiaspora::kMinExp) * kLn2 / sigma; }
double upper_edge(int b, double sigma) { return b == kLast ? kInf : (b + SparseDiaspora::kMinExp) * kLn2 / sigma; }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / kSqrt2); }
double normal_sf(double x) { return 0.5 * std::erfc(x / kSqrt2); }

// The bucket's upper bound on the multiplier; infinite for the top bucket.
float bucket_bound(int b) {
  static const auto bounds = [] {
    std::array<float, SparseDiaspora::kNumBuckets> v{};
    for (int i = 0; i < kLast; ++i) v[i] = std::ldexp(1.0f, i + SparseDiaspora::kMinExp);
    v[kLast] = std::numeric_limits<float>::infinity();
    return v;
  }();
  return bounds[b];
}

int bucket_of_one() { return -SparseDiaspora::kMinExp; }  // the bucket (1/2, 1]

}  // namespace

void SparseDiaspora::init(const DiasporaParams& p, const std::array<std::size_t, kNumKinds + 1>& blocks,
                          std::uint64_t seed, std::uint64_t run) {
  seed_ = seed;
  run_ = run;
  sigma_ = p.rootedness_sigma;
  for (auto& b : buckets_) {
    b.anon_begin = b.anon_count = 0;
    b.known.clear();
  }
  for (auto& d : detained_) d.clear();
  for (auto& s : span_) s = {kNumBuckets, 0};
  agents_.clear();
  for (int b = 0; b < kNumBuckets && sigma_ > 0; ++b) {
    Edges& e = edges_[b];
    e.lo = lower_edge(b, sigma_);
    e.hi = upper_edge(b, sigma_);
    e.cdf_lo = normal_cdf(e.lo);
    e.cdf_hi = normal_cdf(e.hi);
    e.sf_lo = normal_sf(e.lo);
    e.sf_hi = normal_sf(e.hi);
  }
  pending_.clear();
  // One binomial per bucket: how many of a kind's agents have their
  // multiplier there (a multinomial draw, bucket by bucket).
  CounterStream rng(seed, run, purpose_id("diaspora_init"), 0);
  for (int k = 0; k < kNumKinds; ++k) {
    const auto n = static_cast<std::int64_t>(blocks[k + 1] - blocks[k]);
    counts_[k] = KindCounts{};
    counts_[k].present = counts_[k].paying = n;
    auto begin = static_cast<std::uint32_t>(blocks[k]);
    std::int64_t left = n;
    double mass_left = 1;
    for (int b = 0; b < kNumBuckets && left > 0; ++b) {
      std::int64_t here = 0;
      if (sigma_ <= 0) {
        here = b == bucket_of_one() ? left : 0;
      } else {
        const Edges& e = edges_[b];
        const double mass = e.lo >= 0 ? e.sf_lo - e.sf_hi : e.cdf_hi - e.cdf_lo;
        const double share = mass_left > 0 ? std::clamp(mass / mass_left, 0.0, 1.0) : 1.0;
        here = b == kLast || share >= 1 ? left : boost::random::binomial_distribution<std::int64_t>(left, share)(rng);
        mass_left -= mass;
      }
      if (here > 0) widen(k, 0, b);
      bucket(k, 0, b).anon_begin = begin;
      bucket(k, 0, b).anon_count = static_cast<std::uint32_t>(here);
      begin += static_cast<std::uint32_t>(here);
      left -= here;
    }
  }
}

// A multiplier from the lognormal restricted to bucket b, by inversion of the
// normal distribution function on the tail that keeps precision (double
// precision throughout: Boost would otherwise promote to long double).
float SparseDiaspora::draw_iota(int b, CounterStream& rng) const {
  if (sigma_ <= 0) return 1.0f;
  using Double = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  const Edges& e = edges_[b];
  const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1)
  double z;
  if (e.lo >= 0) {
    const double q = e.sf_lo - u * (e.sf_lo - e.sf_hi);
    z = q > 0 && q < 1 ? kSqrt2 * boost::math::erfc_inv(2 * q, Double()) : e.lo;
  } else {
    const double q = e.cdf_lo + u * (e.cdf_hi - e.cdf_lo);
    z = q > 0 && q < 1 ? -kSqrt2 * boost::math::erfc_inv(2 * q, Double()) : e.hi;
  }
  z = std::clamp(z, e.lo, e.hi);
  // Rounding must not lift the multiplier over the bucket's bound.
  return std::min(static_cast<float>(std::exp(sigma_ * z)), bucket_bound(b));
}

// The agent at position `pos` of bucket (k, 0, b), whose first `known`
// places were materialised when the pass began; an anonymous one gets a
// record. Anonymous agents are exchangeable, so the last of the range stands
// for any of them.
std::uint32_t SparseDiaspora::materialise(int k, int b, std::size_t pos, std::size_t known, CounterStream& rng) {
  Bucket& bk = bucket(k, 0, b);
  if (pos < known) return bk.known[pos];
  --bk.anon_count;
  Agent a{};
  a.index = bk.anon_begin + bk.anon_count;
  a.slot = static_cast<std::uint32_t>(bk.known.size());
  a.iota = draw_iota(b, rng);
  a.kind = static_cast<std::uint8_t>(k);
  a.state = kPresent;
  a.bucket = static_cast<std::uint8_t>(b);
  const auto id = static_cast<std::uint32_t>(agents_.size());
  agents_.push_back(a);
  bk.known.push_back(id);
  return id;
}

void SparseDiaspora::mark(std::uint32_t id, std::uint8_t state, std::uint8_t seized) {
  Agent& a = agents_[id];
  if (!a.pending) {
    a.pending = 1;
    a.next_state = a.state;
    a.next_seized = a.seized;
    pending_.push_back(id);
  }
  if (state != a.state) a.next_state = state;
  a.next_seized |= seized;
}

// Present agents of kind k with seized flag z: a candidate is an agent whose
// u1 is below the bucket's bound c3; its u1 is then uniform on the grid
// below the bound, and the rule of §6.17 decides.
void SparseDiaspora::transitions(const DiasporaRates& r, int k, int z, CounterStream& rng) {
  for (int b = span_[k * 2 + z][0]; b < span_[k * 2 + z][1]; ++b) {
    Bucket& bk = bucket(k, z, b);
    const std::size_t n = bk.size(), known = bk.known.size();
    if (n == 0) continue;
    const float c1 = std::min(1.0f, r.depart[k] * bucket_bound(b) * (z ? r.seized_departure_factor : 1.0f));
    const std::uint32_t cut = grid_below(c1 + r.deport[k] + r.detain[k]);
    for_each_hit(n, cut / kUnitGrid, rng, [&](std::size_t pos) {
      const std::uint32_t id = z ? bk.known[pos] : materialise(k, b, pos, known, rng);
      const float u1 = static_cast<float>(rng.below(cut)) * (1.0f / 16777216.0f);
      const std::uint8_t next = next_from_present(r, k, agents_[id].iota, z != 0, u1);
      if (next != kPresent) mark(id, next, 0);
    });
  }
}

void SparseDiaspora::detained_endings(const DiasporaRates& r, int k, CounterStream& rng) {
  const std::vector<std::uint32_t>& list = detained_[k];
  const std::uint32_t cut = grid_below(r.release + r.detained_deport);
  for_each_hit(list.size(), cut / kUnitGrid, rng, [&](std::size_t pos) {
    const float u1 = static_cast<float>(rng.below(cut)) * (1.0f / 16777216.0f);
    const std::uint8_t next = next_from_detained(r, u1);
    if (next != kDetained) mark(list[pos], next, 0);
  });
}

// Seizure uses its own uniform u2 and the state before the step; only
// present agents not yet seized can change.
void SparseDiaspora::seizures(const DiasporaRates& r, int k, CounterStream& rng) {
  const std::uint32_t cut = grid_below(r.seize[k]);
  if (cut == 0) return;
  for (int b = span_[k * 2][0]; b < span_[k * 2][1]; ++b) {
    const std::size_t n = bucket(k, 0, b).size(), known = bucket(k, 0, b).known.size();
    for_each_hit(n, cut / kUnitGrid, rng, [&](std::size_t pos) {
      const std::uint32_t id = materialise(k, b, pos, known, rng);
      mark(id, agents_[id].state, 1);
    });
  }
}

void SparseDiaspora::unlink(const Agent& a) {
  std::vector<std::uint32_t>& list = a.state == kPresent ? bucket(a.kind, a.seized, a.bucket).known : detained_[a.kind];
  const std::uint32_t last = list.back();
  list[a.slot] = last;
  agents_[last].slot = a.slot;
  list.pop_back();
}

void SparseDiaspora::link(std::uint32_t id) {
  Agent& a = agents_[id];
  if (a.state == kPresent) widen(a.kind, a.seized, a.bucket);
  std::vector<std::uint32_t>& list = a.state == kPresent ? bucket(a.kind, a.seized, a.bucket).known : detained_[a.kind];
  a.slot = static_cast<std::uint32_t>(list.size());
  list.push_back(id);
}

// Applies the step's changes after every pass has seen the state before it.
void SparseDiaspora::apply_pending() {
  for (const std::uint32_t id : pending_) {
    Agent& a = agents_[id];
    KindCounts& c = counts_[a.kind];
    const bool was_paying = a.state == kPresent && !a.seized;
    detentions_ += a.state == kPresent && a.next_state == kDetained;
    releases_ += a.state == kDetained && a.next_state == kPresent;
    if (a.state == kPresent || a.state == kDetained) unlink(a);
    (a.state == kPresent ? c.present : c.detained) -= 1;
    c.seized += a.next_seized && !a.seized;
    a.state = a.next_state;
    a.seized = a.next_seized;
    a.pending = 0;
    switch (a.state) {
      case kPresent:
        ++c.present;
        break;
      case kDetained:
        ++c.detained;
        break;
      case kDeported:
        ++c.deported;
        break;
      default:
        ++c.departed;
        break;
    }
    c.paying += static_cast<int>(a.state == kPresent && !a.seized) - static_cast<int>(was_paying);
    if (a.state == kPresent || a.state == kDetained) link(id);
  }
  pending_.clear();
}

DiasporaCounts SparseDiaspora::step(const DiasporaRates& r, int step) {
  const std::uint64_t purpose = purpose_id("diaspora");
  detentions_ = releases_ = 0;
  for (int k = 0; k < kNumKinds; ++k) {
    // Each pass has its own substream, so the passes are independent.
    const auto sub = static_cast<std::uint64_t>(3 * k);
    CounterStream moves(seed_, run_, purpose, static_cast<std::uint64_t>(step), sub);
    CounterStream endings(seed_, run_, purpose, static_cast<std::uint64_t>(step), sub + 1);
    CounterStream seize(seed_, run_, purpose, static_cast<std::uint64_t>(step), sub + 2);
    transitions(r, k, 0, moves);
    transitions(r, k, 1, moves);
    detained_endings(r, k, endings);
    seizures(r, k, seize);
  }
  apply_pending();
  DiasporaCounts c = count(r);
  c.detentions = detentions_;
  c.releases = releases_;
  return c;
}

void SparseDiaspora::release_all() {
  for (int k = 0; k < kNumKinds; ++k) {
    for (const std::uint32_t id : detained_[k]) {
      Agent& a = agents_[id];
      a.state = kPresent;
      --counts_[k].detained;
      ++counts_[k].present;
      counts_[k].paying += !a.seized;
      link(id);
    }
    detained_[k].clear();
  }
}

DiasporaCounts SparseDiaspora::count(const DiasporaRates& r) const {
  DiasporaCounts c;
  for (int k = 0; k < kNumKinds; ++k) {
    const KindCounts& kc = counts_[k];
    c.present += kc.present;
    c.detained += kc.detained;
    c.deported += kc.deported;
    c.departed += kc.departed;
    c.seized += kc.seized;
    c.remittances += static_cast<double>(kc.paying) * r.remittance[k];
  }
  return c;
}

}  // namespace simrun::model
