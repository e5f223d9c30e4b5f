#include "input/distribution.h"

#include "input/json_source.h"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>

namespace simrun {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// A parameter as the user wrote it: 0.5, not std::to_string's 0.500000.
std::string shown(double v) { return nlohmann::json(v).dump(); }
}  // namespace

const std::vector<DistributionForm>& distribution_forms() {
  static const std::vector<DistributionForm> forms = {
      {"uniform", {"min", "max"}, {}},
      {"normal", {"mean", "sd"}, {}},
      {"truncated_normal", {"mean", "sd", "min", "max"}, {}},
      {"lognormal", {"mu", "sigma"}, {}},
      {"beta", {"alpha", "beta"}, {"min", "max"}},
      {"triangular", {"min", "mode", "max"}, {}},
      {"discrete", {"values", "weights"}, {}},
  };
  return forms;
}

double Distribution::sample(Engine& rng) const {
  switch (kind) {
    case Kind::Uniform:
      return boost::random::uniform_real_distribution<double>(a, b)(rng);
    case Kind::Normal:
      return boost::random::normal_distribution<double>(a, b)(rng);
    case Kind::TruncatedNormal: {
      // Rejection: validation guarantees the interval holds at least 1e-3 of
      // the mass, so the expected number of draws is at most 1000.
      boost::random::normal_distribution<double> n(a, b);
      for (;;) {
        const double x = n(rng);
        if (x >= lo && x <= hi) return x;
      }
    }
    case Kind::Lognormal:
      return boost::random::lognormal_distribution<double>(a, b)(rng);
    case Kind::Beta:
      return lo + (hi - lo) * boost::random::beta_distribution<double>(a, b)(rng);
    case Kind::Triangular:
      return boost::random::triangle_distribution<double>(a, c, b)(rng);
    case Kind::Discrete: {
      boost::random::discrete_distribution<int, double> d(weights.begin(), weights.end());
      return values[static_cast<std::size_t>(d(rng))];
    }
  }
  return a;
}

double Distribution::support_min() const {
  switch (kind) {
    case Kind::Uniform:
      return a;
    case Kind::Normal:
      return -kInf;
    case Kind::TruncatedNormal:
      return lo;
    case Kind::Lognormal:
      return 0;
    case Kind::Beta:
      return lo;
    case Kind::Triangular:
      return a;
    case Kind::Discrete: {
      double m = kInf;
      for (std::size_t i = 0; i < values.size(); ++i)
        if (weights[i] > 0) m = std::min(m, values[i]);
      return m;
    }
  }
  return -kInf;
}

double Distribution::support_max() const {
  switch (kind) {
    case Kind::Uniform:
      return b;
    case Kind::Normal:
      return kInf;
    case Kind::TruncatedNormal:
      return hi;
    case Kind::Lognormal:
      return kInf;
    case Kind::Beta:
      return hi;
    case Kind::Triangular:
      return b;
    case Kind::Discrete: {
      double m = -kInf;
      for (std::size_t i = 0; i < values.size(); ++i)
        if (weights[i] > 0) m = std::max(m, values[i]);
      return m;
    }
  }
  return kInf;
}

bool parse_distribution(const nlohmann::ordered_json& j, Distribution& out, std::vector<DistributionError>& errors) {
  const std::size_t before = errors.size();
  auto fail = [&](std::string suffix, std::string msg) { errors.push_back({std::move(suffix), std::move(msg)}); };
  if (!j.is_object()) {
    fail("", "expected a distribution object");
    return false;
  }
  if (!j.contains("dist") || !j["dist"].is_string()) {
    fail("/dist",
         "a distribution needs \"dist\": one of uniform, normal, truncated_normal, lognormal, beta, "
         "triangular, discrete");
    return false;
  }
  const std::string kind = j["dist"].get<std::string>();
  const DistributionForm* form = nullptr;
  for (const auto& f : distribution_forms())
    if (kind == f.name) form = &f;
  if (!form) {
    fail("/dist", "unknown distribution \"" + kind +
                      "\"; expected one of uniform, normal, truncated_normal, lognormal, beta, triangular, discrete");
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (key == "dist") continue;
    bool known = false;
    for (const char* r : form->required) known |= key == r;
    for (const char* o : form->optional) known |= key == o;
    if (!known) {
      std::string expected;
      for (const char* r : form->required) expected += std::string(expected.empty() ? "" : ", ") + r;
      for (const char* o : form->optional) expected += std::string(", ") + o;
      fail(std::string("/").append(escape_pointer_token(key)),
           "unknown parameter \"" + key + "\" for a " + kind + " distribution; expected " + expected);
    }
  }
  auto num = [&](const char* key, bool required, double fallback) {
    if (!j.contains(key)) {
      if (required) fail("", std::string("a ") + kind + " distribution needs \"" + key + "\"");
      return fallback;
    }
    if (!j[key].is_number()) {
      fail(std::string("/") + key, std::string("\"") + key + "\" must be a number");
      return fallback;
    }
    return j[key].get<double>();
  };
  using K = Distribution::Kind;
  Distribution d;
  if (kind == "uniform" || kind == "triangular") {
    d.kind = kind == "uniform" ? K::Uniform : K::Triangular;
    d.a = num("min", true, 0);
    d.b = num("max", true, 1);
    if (d.kind == K::Triangular) d.c = num("mode", true, d.a);
    if (errors.size() == before && d.a > d.b)
      fail("/min", "min (" + shown(d.a) + ") must not exceed max (" + shown(d.b) + ")");
    if (errors.size() == before && d.kind == K::Triangular && (d.c < d.a || d.c > d.b))
      fail("/mode", "mode must lie between min and max");
  } else if (kind == "normal" || kind == "truncated_normal") {
    d.kind = kind == "normal" ? K::Normal : K::TruncatedNormal;
    d.a = num("mean", true, 0);
    d.b = num("sd", true, 1);
    if (errors.size() == before && !(d.b > 0)) fail("/sd", "sd must be positive, found " + shown(d.b));
    if (d.kind == K::TruncatedNormal) {
      d.lo = num("min", true, 0);
      d.hi = num("max", true, 1);
      if (errors.size() == before && d.lo >= d.hi) fail("/min", "min must be less than max");
      if (errors.size() == before) {
        const double mass = normal_cdf((d.hi - d.a) / d.b) - normal_cdf((d.lo - d.a) / d.b);
        if (mass < 1e-3)
          fail("",
               "the interval [min, max] holds less than 0.1% of the normal distribution's mass; "
               "move the mean or widen the interval");
      }
    }
  } else if (kind == "lognormal") {
    d.kind = K::Lognormal;
    d.a = num("mu", true, 0);
    d.b = num("sigma", true, 1);
    if (errors.size() == before && !(d.b > 0)) fail("/sigma", "sigma must be positive, found " + shown(d.b));
  } else if (kind == "beta") {
    d.kind = K::Beta;
    d.a = num("alpha", true, 1);
    d.b = num("beta", true, 1);
    d.lo = num("min", false, 0);
    d.hi = num("max", false, 1);
    if (errors.size() == before && !(d.a > 0)) fail("/alpha", "alpha must be positive");
    if (errors.size() == before && !(d.b > 0)) fail("/beta", "beta must be positive");
    if (errors.size() == before && d.lo >= d.hi) fail("/min", "min must be less than max");
  } else {
    d.kind = K::Discrete;
    const bool ok_values = j.contains("values") && j["values"].is_array() && !j["values"].empty();
    const bool ok_weights = j.contains("weights") && j["weights"].is_array();
    if (!ok_values) fail("/values", "a discrete distribution needs \"values\": a non-empty array of numbers");
    if (!ok_weights) fail("/weights", "a discrete distribution needs \"weights\": an array of numbers");
    if (ok_values && ok_weights) {
      if (j["values"].size() != j["weights"].size())
        fail("/weights", "weights must have as many entries as values (" + std::to_string(j["values"].size()) + ")");
      double total = 0;
      bool negative = false;
      for (std::size_t i = 0; i < j["values"].size(); ++i) {
        if (!j["values"][i].is_number()) {
          fail("/values/" + std::to_string(i), "values must be numbers");
          continue;
        }
        d.values.push_back(j["values"][i].get<double>());
      }
      for (std::size_t i = 0; i < j["weights"].size(); ++i) {
        if (!j["weights"][i].is_number()) {
          fail("/weights/" + std::to_string(i), "weights must be numbers");
          continue;
        }
        const double w = j["weights"][i].get<double>();
        negative |= w < 0;
        total += w;
        d.weights.push_back(w);
      }
      if (errors.size() == before && (negative || !(total > 0)))
        fail("/weights", "weights must be non-negative and sum to a positive number");
    }
  }
  if (errors.size() != before) return false;
  out = d;
  return true;
}

}  // namespace simrun
