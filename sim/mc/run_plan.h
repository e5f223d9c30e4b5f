#pragma once
// A run plan: what the Monte Carlo engine needs to compute any run of one
// scenario — the model parameters with every constant bound, and the
// uncertain parameters with their distributions and random-stream purposes.
// The input layer builds plans from scenario files; a sweep point is another
// plan. Sampling belongs here, so the engine never sees a scenario file.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mc/distribution.h"
#include "model/params.h"

namespace simrun::mc {

struct UncertainParam {
  std::string name;           // JSON pointer of the field, e.g. /channels/oil_transit
  std::uint64_t purpose = 0;  // stream purpose id, computed when the plan is built
  Distribution dist;
  model::ParamSetter set = nullptr;
  model::ParamIndex index;
};

// Fields drawn jointly (a scenario's parameter_sets): each run takes one row
// of `values`, chosen in proportion to the weights from the stream
// (seed, run, "parameter_sets"), and puts its values into the columns' fields.
struct ParameterSets {
  struct Column {
    std::string name;  // JSON pointer of the field
    model::ParamSetter set = nullptr;
    model::ParamIndex index;
  };
  std::vector<Column> columns;
  std::size_t rows = 0;
  // Shared, so that copies of a plan (sweep points, comparisons) do not copy the sets.
  std::shared_ptr<const std::vector<double>> values;      // rows x columns, row by row
  std::shared_ptr<const std::vector<double>> cumulative;  // running sums of the weights, one per row

  // Checks the shapes and the weights (finite, >= 0, positive sum); throws
  // std::invalid_argument otherwise.
  ParameterSets(std::vector<Column> columns, std::vector<double> values, std::vector<double> weights);
  ParameterSets() = default;

  bool empty() const { return rows == 0; }
  // The set run `run` takes: the first row whose running weight exceeds
  // u * total for u uniform on [0, 1) from the stream (seed, run, "parameter_sets").
  std::size_t draw(std::uint64_t seed, std::uint64_t run) const;
};

// What sampling produced for one run besides the parameters themselves.
struct SampledRun {
  std::vector<double> values;        // one per RunPlan::uncertain entry, then one per parameter_sets column
  std::vector<std::uint8_t> occurs;  // one per event: 1 if it happens in this run
  std::int64_t parameter_set = -1;   // the row of parameter_sets drawn; -1 without parameter_sets
};

struct RunPlan {
  model::ModelParams base;
  std::vector<UncertainParam> uncertain;
  std::vector<std::uint64_t> occurs_purpose;  // per event of `base`, the stream deciding whether it happens
  ParameterSets parameter_sets;               // fields drawn jointly; not in `uncertain`

  // Adds an uncertain parameter whose stream is named by `stream_key` (the
  // pointer with list positions replaced by ids, so that reordering events
  // does not change another event's draws).
  void add_uncertain(std::string name, const std::string& stream_key, Distribution dist, model::ParamSetter set,
                     model::ParamIndex index);
  // Names the occurrence streams of the events of `base`; call once `base` is complete.
  void name_event_streams();

  // The parameters of run `run` in `out` (reusing its buffers): each uncertain
  // parameter drawn from the stream (seed, run, its purpose), then the row of
  // parameter_sets, then each event's occurrence from (seed, run, "occurs:" + id).
  // Depends on nothing else.
  void sample(std::uint64_t seed, std::uint64_t run, model::ModelParams& out, SampledRun& sampled) const;

  // The same, for callers that want a fresh copy (tests, benchmarks).
  model::ModelParams sample(std::uint64_t seed, std::uint64_t run) const {
    model::ModelParams p;
    SampledRun s;
    sample(seed, run, p, s);
    return p;
  }

  int num_times() const { return base.steps() + 1; }
};

}  // namespace simrun::mc
