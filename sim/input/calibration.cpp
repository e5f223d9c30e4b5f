#include "input/calibration.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "input/json_source.h"
#include "input/record.h"
#include "input/scenario.h"
#include "model/actions.h"
#include "util/dates.h"
#include "util/diagnostics.h"

namespace simrun::input {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

const std::vector<std::string> kKeys = {"record", "fit_from", "fit_to", "statistics", "exclude_actions", "accept"};
const std::vector<std::string> kStatistics = {"count", "net_goldstein", "items"};

class BlockReader {
 public:
  explicit BlockReader(const JsonSource& src) : src_(src) {}

  CalibrationSpec read();
  std::vector<Diagnostic>& errors() { return errors_; }

 private:
  void error(const std::string& ptr, std::string msg) { errors_.push_back(src_.positions.at(src_.file, ptr, msg)); }
  std::optional<long> date(const ordered_json& b, const char* key);
  void statistics(const ordered_json& b, CalibrationSpec& spec);
  void accept(const ordered_json& b, CalibrationSpec& spec);
  void exclude_actions(const ordered_json& b, CalibrationSpec& spec);

  const JsonSource& src_;
  std::vector<Diagnostic> errors_;
};

std::optional<long> BlockReader::date(const ordered_json& b, const char* key) {
  const std::string ptr = std::string("/calibration/") + key;
  if (!b.contains(key)) {
    error("/calibration", std::string("missing required key \"") + key + "\" (a date YYYY-MM-DD)");
    return std::nullopt;
  }
  const auto& v = b[key];
  const auto d = v.is_string() ? parse_iso_date(v.get<std::string>()) : std::nullopt;
  if (!d) error(ptr, "expected a date written YYYY-MM-DD, found " + v.dump());
  return d;
}

void BlockReader::statistics(const ordered_json& b, CalibrationSpec& spec) {
  if (!b.contains("statistics")) return;
  const auto& v = b["statistics"];
  if (!v.is_array() || v.empty()) {
    error("/calibration/statistics", "expected a non-empty array of count, net_goldstein and items");
    return;
  }
  spec.use_count = spec.use_goldstein = spec.use_items = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string ptr = "/calibration/statistics/" + std::to_string(i);
    const std::string s = v[i].is_string() ? v[i].get<std::string>() : v[i].dump();
    bool& flag = s == "count" ? spec.use_count : s == "net_goldstein" ? spec.use_goldstein : spec.use_items;
    if (std::find(kStatistics.begin(), kStatistics.end(), s) == kStatistics.end() || !v[i].is_string()) {
      const auto hint = did_you_mean(s, kStatistics);
      error(ptr, "unknown statistic " + v[i].dump() + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                     " (count, net_goldstein, items)");
    } else if (flag) {
      error(ptr, "statistic \"" + s + "\" is listed twice");
    } else {
      flag = true;
    }
  }
}

void BlockReader::exclude_actions(const ordered_json& b, CalibrationSpec& spec) {
  if (!b.contains("exclude_actions")) return;
  const auto& v = b["exclude_actions"];
  if (!v.is_array()) {
    error("/calibration/exclude_actions", "expected an array of the model's action keys, found " + v.dump());
    return;
  }
  const std::vector<std::string> keys = action_keys();
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string ptr = "/calibration/exclude_actions/" + std::to_string(i);
    const auto id = v[i].is_string() ? model::action_index(v[i].get<std::string>()) : std::nullopt;
    if (!id) {
      const auto hint = v[i].is_string() ? did_you_mean(v[i].get<std::string>(), keys) : std::string();
      error(ptr, "unknown action " + v[i].dump() + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                     " (the model's action keys are in docs/output-format.md)");
    } else if (std::find(spec.exclude_actions.begin(), spec.exclude_actions.end(), *id) !=
               spec.exclude_actions.end()) {
      error(ptr, "action " + v[i].dump() + " is listed twice");
    } else {
      spec.exclude_actions.push_back(*id);
    }
  }
  std::sort(spec.exclude_actions.begin(), spec.exclude_actions.end());
}

void BlockReader::accept(const ordered_json& b, CalibrationSpec& spec) {
  if (!b.contains("accept")) {
    error("/calibration", "missing required key \"accept\" (a fraction of the points, or a number of points)");
    return;
  }
  const auto& v = b["accept"];
  const double x = v.is_number() ? v.get<double>() : std::nan("");
  if (x > 0 && x < 1) {
    spec.accept_fraction = x;
  } else if (x >= 1 && x <= 1e6 && x == std::floor(x)) {
    spec.accept_count = static_cast<std::int64_t>(x);
  } else {
    error(
        "/calibration/accept",
        "expected a fraction of the points in (0, 1) or a whole number of points from 1 to 1000000, found " + v.dump());
  }
}

CalibrationSpec BlockReader::read() {
  CalibrationSpec spec;
  const ordered_json& j = src_.value;
  if (!j.contains("calibration") || !j["calibration"].is_object()) {
    error(j.contains("calibration") ? "/calibration" : "",
          "a calibration file needs a \"calibration\" object (record, fit_from, fit_to, accept)");
    return spec;
  }
  const ordered_json& b = j["calibration"];
  for (const auto& [key, value] : b.items())
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      const auto hint = did_you_mean(key, kKeys);
      error("/calibration/" + key,
            "unknown key \"" + key + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
    }
  if (!b.contains("record") || !b["record"].is_string() || b["record"].get<std::string>().empty()) {
    error(b.contains("record") ? "/calibration/record" : "/calibration",
          "\"record\" must name the record file (CSV), relative to this file's folder");
  } else {
    spec.record = (fs::path(src_.file).parent_path() / b["record"].get<std::string>()).string();
  }
  const auto from = date(b, "fit_from"), to = date(b, "fit_to");
  if (from && to && *from > *to) error("/calibration/fit_to", "fit_to is before fit_from");
  spec.fit_from = from.value_or(0);
  spec.fit_to = to.value_or(0);
  statistics(b, spec);
  exclude_actions(b, spec);
  accept(b, spec);
  spec.resolved = b;
  spec.resolved["statistics"] = ordered_json::array();
  for (const auto& [name, on] : {std::pair{"count", spec.use_count}, std::pair{"net_goldstein", spec.use_goldstein},
                                 std::pair{"items", spec.use_items}})
    if (on) spec.resolved["statistics"].push_back(name);
  return spec;
}

}  // namespace

std::size_t CalibrationSpec::accepted_of(std::size_t points) const {
  if (accept_count > 0) return std::min(points, static_cast<std::size_t>(accept_count));
  return std::max<std::size_t>(1,
                               static_cast<std::size_t>(std::llround(accept_fraction * static_cast<double>(points))));
}

Calibration load_calibration(const std::string& path) {
  const JsonSource src = load_json_file(path);
  BlockReader block(src);
  CalibrationSpec spec = block.read();
  std::vector<Diagnostic> errors = std::move(block.errors());
  Calibration c;
  try {
    c.sweep = load_sweep_source(src, {"calibration"});
    const auto kind = c.sweep.design.kind;
    if (kind != mc::DesignKind::MonteCarlo && kind != mc::DesignKind::LatinHypercube)
      errors.push_back(src.positions.at(src.file, "/design/kind",
                                        "a calibration samples the prior: design kind monte_carlo or "
                                        "latin_hypercube, found " +
                                            src.value["design"]["kind"].dump()));
  } catch (const InputError& e) {
    errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  c.spec = std::move(spec);
  c.sweep.resolved["calibration"] = c.spec.resolved;
  return c;
}

}  // namespace simrun::input
