#include "input/distribution.h"

#include "input/json_source.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace simrun {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
namespace lim = distribution_limits;
using Json = nlohmann::ordered_json;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// A parameter as the user wrote it: 0.5, not std::to_string's 0.500000.
std::string shown(double v) { return nlohmann::json(v).dump(); }

// Reads the parameters of one distribution object and collects what is wrong
// with them; the checks of later parameters run only while nothing is.
class Params {
 public:
  Params(const Json& j, std::string kind, std::vector<DistributionError>& errors)
      : j_(j), kind_(std::move(kind)), errors_(errors), before_(errors.size()) {}

  void fail(std::string suffix, std::string message) { errors_.push_back({std::move(suffix), std::move(message)}); }
  bool ok() const { return errors_.size() == before_; }
  const std::string& kind() const { return kind_; }

  double num(const char* key, bool required, double fallback) {
    if (!j_.contains(key)) {
      if (required) fail("", "a " + kind_ + " distribution needs \"" + key + "\"");
      return fallback;
    }
    const Json& v = j_[key];
    if (!v.is_number() || !std::isfinite(v.get<double>())) {
      fail(std::string("/") + key, std::string("\"") + key + "\" must be a finite number");
      return fallback;
    }
    return v.get<double>();
  }

  // A shape or scale parameter in (0, hi] or [lo, hi]; `why` says what breaks
  // outside.
  void positive(const char* key, double v, double hi, const char* why) {
    if (ok() && !(v > 0)) fail(std::string("/") + key, std::string(key) + " must be positive, found " + shown(v));
    if (ok() && v > hi)
      fail(std::string("/") + key, std::string(key) + " must be at most " + shown(hi) + ", found " + shown(v) + why);
  }
  void within(const char* key, double v, double lo, double hi, const char* why) {
    if (ok() && !(v >= lo && v <= hi))
      fail(std::string("/") + key,
           std::string(key) + " must lie in [" + shown(lo) + ", " + shown(hi) + "], found " + shown(v) + why);
  }
  // min <= max (or <), with a width that is itself a finite number.
  void interval(double min, double max, bool strict) {
    if (ok() && (strict ? min >= max : min > max))
      fail("/min",
           "min (" + shown(min) + ") must " + (strict ? "be less than" : "not exceed") + " max (" + shown(max) + ")");
    if (ok() && !std::isfinite(max - min))
      fail("/max", "max - min must be a finite number; [" + shown(min) + ", " + shown(max) + "] is too wide");
  }

 private:
  const Json& j_;
  std::string kind_;
  std::vector<DistributionError>& errors_;
  std::size_t before_;
};

void parse_uniform_or_triangular(Params& p, Distribution& d) {
  d.kind = p.kind() == "uniform" ? Distribution::Kind::Uniform : Distribution::Kind::Triangular;
  d.a = p.num("min", true, 0);
  d.b = p.num("max", true, 1);
  if (d.kind == Distribution::Kind::Triangular) d.c = p.num("mode", true, d.a);
  p.interval(d.a, d.b, false);
  if (p.ok() && d.kind == Distribution::Kind::Triangular && (d.c < d.a || d.c > d.b))
    p.fail("/mode", "mode must lie between min and max");
}

void parse_normal(Params& p, Distribution& d) {
  const bool truncated = p.kind() == "truncated_normal";
  d.kind = truncated ? Distribution::Kind::TruncatedNormal : Distribution::Kind::Normal;
  d.a = p.num("mean", true, 0);
  d.b = p.num("sd", true, 1);
  if (!truncated) {
    p.positive("sd", d.b, lim::kNormalMax, " (larger values overflow)");
    p.within("mean", d.a, -lim::kNormalMax, lim::kNormalMax, " (larger values overflow)");
    return;
  }
  p.positive("sd", d.b, kInf, "");
  d.lo = p.num("min", true, 0);
  d.hi = p.num("max", true, 1);
  p.interval(d.lo, d.hi, true);
  if (!p.ok()) return;
  const double mass = normal_cdf((d.hi - d.a) / d.b) - normal_cdf((d.lo - d.a) / d.b);
  if (!(mass >= lim::kTruncatedNormalMassMin))
    p.fail("",
           "the interval [min, max] holds less than 0.1% of the normal distribution's mass; "
           "move the mean or widen the interval");
}

void parse_lognormal(Params& p, Distribution& d) {
  d.kind = Distribution::Kind::Lognormal;
  d.a = p.num("mu", true, 0);
  d.b = p.num("sigma", true, 1);
  p.positive("sigma", d.b, lim::kLognormalSigmaMax, " (larger values overflow exp)");
  p.within("mu", d.a, -lim::kLognormalMuMax, lim::kLognormalMuMax, " (larger values overflow exp)");
}

void parse_beta(Params& p, Distribution& d) {
  d.kind = Distribution::Kind::Beta;
  d.a = p.num("alpha", true, 1);
  d.b = p.num("beta", true, 1);
  d.lo = p.num("min", false, 0);
  d.hi = p.num("max", false, 1);
  static const char* kWhy = " (smaller shapes make Boost's beta sampler return NaN)";
  p.within("alpha", d.a, lim::kBetaShapeMin, lim::kBetaShapeMax, kWhy);
  p.within("beta", d.b, lim::kBetaShapeMin, lim::kBetaShapeMax, kWhy);
  p.interval(d.lo, d.hi, true);
}

// Reads a JSON array of finite numbers into `out`; one error per bad element.
void numbers(Params& p, const Json& array, const std::string& key, std::vector<double>& out) {
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_number() || !std::isfinite(array[i].get<double>())) {
      p.fail("/" + key + "/" + std::to_string(i), key + " must be finite numbers");
      continue;
    }
    out.push_back(array[i].get<double>());
  }
}

void parse_discrete(const Json& j, Params& p, Distribution& d) {
  d.kind = Distribution::Kind::Discrete;
  const bool ok_values = j.contains("values") && j["values"].is_array() && !j["values"].empty();
  const bool ok_weights = j.contains("weights") && j["weights"].is_array();
  if (!ok_values) p.fail("/values", "a discrete distribution needs \"values\": a non-empty array of numbers");
  if (!ok_weights) p.fail("/weights", "a discrete distribution needs \"weights\": an array of numbers");
  if (!ok_values || !ok_weights) return;
  if (j["values"].size() != j["weights"].size())
    p.fail("/weights", "weights must have as many entries as values (" + std::to_string(j["values"].size()) + ")");
  numbers(p, j["values"], "values", d.values);
  numbers(p, j["weights"], "weights", d.weights);
  if (!p.ok()) return;
  double total = 0;
  for (std::size_t i = 0; i < d.weights.size(); ++i) {
    if (d.weights[i] < 0)
      p.fail("/weights/" + std::to_string(i), "weights must be non-negative, found " + shown(d.weights[i]));
    total += d.weights[i];
  }
  if (!p.ok()) return;
  // Boost's alias table divides by the average weight: a zero, subnormal or
  // infinite average makes it draw values of weight 0.
  const double average = total / static_cast<double>(d.weights.size());
  if (!(total > 0))
    p.fail("/weights", "weights must be non-negative and sum to a positive number");
  else if (!std::isfinite(total))
    p.fail("/weights", "weights must sum to a finite number; scale them down");
  else if (average < std::numeric_limits<double>::min())
    p.fail("/weights", "weights must be non-negative and sum to a positive number of at least " +
                           shown(std::numeric_limits<double>::min()) + " per value; found a sum of " + shown(total) +
                           "; scale them up");
}

// Reports parameters the kind does not take; returns the form of the kind.
const DistributionKind* find_form(const Json& j, std::vector<DistributionError>& errors) {
  if (!j.contains("dist") || !j["dist"].is_string()) {
    errors.push_back({"/dist",
                      "a distribution needs \"dist\": one of " + distribution_kind_names()});
    return nullptr;
  }
  const std::string kind = j["dist"].get<std::string>();
  for (const auto& f : distribution_kinds())
    if (kind == f.name) return &f;
  errors.push_back({"/dist", "unknown distribution \"" + kind +
                                 "\"; expected one of " + distribution_kind_names()});
  return nullptr;
}

void check_keys(const Json& j, const DistributionKind& form, std::vector<DistributionError>& errors) {
  for (const auto& [key, value] : j.items()) {
    if (key == "dist") continue;
    bool known = false;
    for (const char* r : form.required) known |= key == r;
    for (const char* o : form.optional) known |= key == o;
    if (known) continue;
    std::string expected;
    for (const char* r : form.required) expected += std::string(expected.empty() ? "" : ", ") + r;
    for (const char* o : form.optional) expected += std::string(", ") + o;
    errors.push_back({std::string("/").append(escape_pointer_token(key)),
                      "unknown parameter \"" + key + "\" for a " + form.name + " distribution; expected " + expected});
  }
}

}  // namespace

bool parse_distribution(const Json& j, Distribution& out, std::vector<DistributionError>& errors) {
  if (!j.is_object()) {
    errors.push_back({"", "expected a distribution object"});
    return false;
  }
  const DistributionKind* form = find_form(j, errors);
  if (!form) return false;
  const std::size_t before = errors.size();
  Params p(j, form->name, errors);  // an unknown key holds back the checks of relations
  check_keys(j, *form, errors);
  Distribution d;
  using K = Distribution::Kind;
  d.kind = form->kind;
  switch (form->kind) {
    case K::Uniform:
    case K::Triangular:
      parse_uniform_or_triangular(p, d);
      break;
    case K::Normal:
    case K::TruncatedNormal:
      parse_normal(p, d);
      break;
    case K::Lognormal:
      parse_lognormal(p, d);
      break;
    case K::Beta:
      parse_beta(p, d);
      break;
    case K::Discrete:
      parse_discrete(j, p, d);
      break;
  }
  if (errors.size() != before) return false;
  out = d;
  return true;
}

}  // namespace simrun
