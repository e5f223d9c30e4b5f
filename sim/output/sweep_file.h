#pragma once
// Sweep files. While a sweep runs, its state lives in OUT.partial: the
// design's size, the fingerprints --resume checks, the run table and each
// finished run's record, in datasets allocated when the file is made so that
// every later write changes raw data only (a kill -9 cannot damage the
// file's structure), synced before a run is marked done. At the end the
// results file is written from that state like any other results file
// (temporary name, then commit), and the state file is removed.
// docs/output-format.md documents both, dataset by dataset.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "mc/design.h"
#include "mc/sweep.h"
#include "output/h5.h"

namespace simrun::output {

// What identifies a sweep for --resume: a change in any of these refuses.
struct SweepFingerprint {
  std::string sweep;     // hash of the resolved sweep (file, --vary, --runs, --seed, --set)
  std::string scenario;  // hash of the base scenario's files (the extends chain) as read
  std::string program;   // simrun version and commit
};

// The sweep as its files describe it.
struct SweepHeader {
  std::string name, description;
  std::string sweep_file;  // "" for --vary
  std::string sweep_json;  // the resolved sweep
  std::vector<std::string> factor_names, factor_paths, factor_units;
  const mc::Design* design = nullptr;
  std::uint64_t replications = 0, seed = 1;
  std::vector<double> horizons;
  std::vector<int> outcomes, metrics;  // analysed by the indices
  std::size_t features = 0;            // per run, kept in the state file only (SweepRecord::features)
  SweepFingerprint fingerprint;

  std::size_t points() const { return design->points; }
};

// OUT.partial for results file OUT.
std::filesystem::path sweep_state_path(const std::filesystem::path& out);

class SweepState {
 public:
  // Creates the state file (refusing an existing one), all pending.
  static SweepState create(const std::filesystem::path& path, const SweepHeader& header);
  // Opens an existing state file; throws h5::Error naming the problem when
  // it is not one or is damaged, and RuntimeFailure-worthy text in `what()`.
  static SweepState open(const std::filesystem::path& path);

  SweepFingerprint fingerprint() const;
  std::size_t points() const { return points_; }
  std::uint64_t replications() const { return replications_; }
  std::size_t horizons() const { return horizons_; }
  std::size_t features() const { return features_; }
  std::vector<mc::RunStatus> status() const;  // [point * replications + replication]

  // Writes the records' data, syncs, then marks them done and syncs again:
  // a record marked done is on disk whatever happens next.
  void record(std::span<const mc::SweepRecord> records);
  // Reads back one point's records; `error` gets the point's first failure message.
  void read_point(std::size_t point, mc::PointRuns& runs, std::string& error) const;
  void close();

 private:
  SweepState(h5::File file, std::size_t points, std::uint64_t reps, std::size_t horizons, std::size_t features);
  void write_span(std::span<const mc::SweepRecord> records) const;
  void open_datasets();

  h5::File file_;
  std::size_t points_ = 0;
  std::uint64_t replications_ = 0;
  std::size_t horizons_ = 0;
  std::size_t features_ = 0;
  struct Datasets;
  std::shared_ptr<Datasets> ds_;
  std::vector<std::uint8_t> has_error_;  // [point]: its message is written
};

// Writes a finished sweep into `file` (a ResultsFile's file): the design,
// the run table and per-run records, per-point summaries (and, for grids,
// the same on the factors' levels as dimensions), then the indices.
class SweepWriter {
 public:
  SweepWriter(const h5::File& file, const SweepHeader& header);
  ~SweepWriter();
  void write_point(std::size_t point, const mc::PointRuns& runs, const std::string& error,
                   const mc::PointSummary& summary);
  void write_indices(const mc::SweepIndices& indices);
  // Writes what is known only at the end (the failure messages); call last.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Root attributes describing the sweep (name, design, factors, fingerprints).
void describe_sweep(const h5::File& file, const SweepHeader& header);

}  // namespace simrun::output
