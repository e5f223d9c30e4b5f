#include "mc/wire.h"

namespace simrun::mc::wire {

namespace {

void put_result(Writer& w, const RunResult& r) {
  w.put(r.run);
  w.put_vector(r.sampled.values);
  w.put_vector(r.sampled.occurs);
  w.put(r.sampled.parameter_set);
  w.put(r.output.num_times);
  w.put(r.output.step_days);
  w.put_vector(r.output.trajectories);
  w.put_vector(r.output.events);
  w.put(r.output.first_passage);
  w.put(r.metrics);
}

void get_result(Reader& rd, RunResult& r) {
  r.run = rd.get<std::uint64_t>();
  rd.get_vector(r.sampled.values);
  rd.get_vector(r.sampled.occurs);
  r.sampled.parameter_set = rd.get<std::int64_t>();
  r.output.num_times = rd.get<int>();
  r.output.step_days = rd.get<double>();
  rd.get_vector(r.output.trajectories);
  rd.get_vector(r.output.events);
  r.output.first_passage = rd.get<decltype(r.output.first_passage)>();
  r.metrics = rd.get<decltype(r.metrics)>();
}

}  // namespace

void put_batch(Writer& w, const Batch& b) {
  w.put(b.first);
  w.put<std::uint64_t>(b.count);
  w.put<std::uint64_t>(b.by_plan.size());
  for (const auto& plan : b.by_plan)
    for (std::size_t i = 0; i < b.count; ++i) put_result(w, plan[i]);
}

void get_batch(Reader& r, Batch& b) {
  b.first = r.get<std::uint64_t>();
  b.count = static_cast<std::size_t>(r.get<std::uint64_t>());
  const auto plans = r.get<std::uint64_t>();
  if (plans > 64 || b.count > (std::size_t{1} << 32)) throw std::runtime_error("a message between ranks is malformed");
  b.by_plan.resize(static_cast<std::size_t>(plans));
  for (auto& plan : b.by_plan) {
    plan.resize(b.count);
    for (auto& result : plan) get_result(r, result);
  }
}

void put_records(Writer& w, std::span<const SweepRecord> records) {
  w.put<std::uint64_t>(records.size());
  for (const auto& rec : records) {
    w.put<std::uint64_t>(rec.point);
    w.put(rec.replication);
    w.put(rec.status);
    w.put_string(rec.error);
    w.put(rec.seconds);
    w.put(rec.first_passage);
    w.put(rec.metrics);
    w.put_vector(rec.at_horizon);
    w.put_vector(rec.features);
  }
}

void get_records(Reader& r, std::vector<SweepRecord>& records) {
  const auto n = r.get<std::uint64_t>();
  if (n > (std::uint64_t{1} << 32)) throw std::runtime_error("a message between ranks is malformed");
  records.resize(static_cast<std::size_t>(n));
  for (auto& rec : records) {
    rec.point = static_cast<std::size_t>(r.get<std::uint64_t>());
    rec.replication = r.get<std::uint64_t>();
    rec.status = r.get<RunStatus>();
    r.get_string(rec.error);
    rec.seconds = r.get<double>();
    rec.first_passage = r.get<decltype(rec.first_passage)>();
    rec.metrics = r.get<decltype(rec.metrics)>();
    r.get_vector(rec.at_horizon);
    r.get_vector(rec.features);
  }
}

}  // namespace simrun::mc::wire
