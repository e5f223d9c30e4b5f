// The MPI build (SIMRUN_MPI): rank 0 hands out chunks of work and is the only
// writer; every rank, rank 0 included, computes chunks with its threads
// exactly as one process does (docs/distributed.md). Only the main thread of
// a rank calls MPI (MPI_THREAD_FUNNELED).
#include <mpi.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "app/command_support.h"
#include "app/distributed.h"
#include "mc/wire.h"
#include "util/diagnostics.h"

namespace simrun::app::dist {

namespace {

using mc::wire::Bytes;
using mc::wire::Reader;
using mc::wire::Writer;

enum Tag : int { kAssign = 1, kStop = 2, kResult = 3, kFail = 4 };

// Chunks handed to a worker ahead of time, so that it never waits for the
// next one; and how far ahead of the writer results may run (the reorder
// buffer holds at most this many chunks per rank).
constexpr int kCredit = 2;
constexpr std::uint64_t kWindowPerRank = 3;

struct NullBuffer : std::streambuf {
  int overflow(int c) override { return traits_type::not_eof(c); }
};

struct State {
  bool active = false;
  int rank = 0, size = 1;
  NullBuffer null;
  std::ostringstream errors;  // a worker's error messages, sent to rank 0 at the end
} g;

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(var)) return true;
  return false;
}

void send(int to, int tag, const Bytes& bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw RuntimeFailure("a chunk of results is over 2 GiB; lower run.horizon_days or the chunk size");
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

struct Message {
  int source = 0, tag = 0;
  Bytes bytes;
};

// Receives a waiting message from `from` (MPI_ANY_SOURCE: anyone), if any.
// Polling with a short sleep: a blocked MPI_Recv busy-waits in Open MPI and
// would take a core from the threads that compute.
bool try_receive(int from, Message& m) {
  int waiting = 0;
  MPI_Status st;
  MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &st);
  if (!waiting) return false;
  int count = 0;
  MPI_Get_count(&st, MPI_BYTE, &count);
  m.bytes.resize(static_cast<std::size_t>(count));
  m.source = st.MPI_SOURCE;
  m.tag = st.MPI_TAG;
  MPI_Recv(m.bytes.data(), count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return true;
}

void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

// What the coordinator needs of a kind of work (a batch or a sweep).
struct ChunkWork {
  // Writes the next chunk's description; false when nothing is left.
  std::function<bool(Writer&)> next;
  // Computes a described chunk into `result`, calling `poll` several times a
  // second; false if `cancel` stopped it.
  std::function<bool(Reader&, Writer& result, const std::function<void()>& poll, const std::atomic<bool>& cancel)>
      compute;
  // Takes a chunk's results, in chunk order.
  std::function<void(Reader&)> consume;
  std::function<void()> report;  // progress
};

// Rank 0: hands chunks to the workers and to itself, and consumes the
// results in chunk order.
class Coordinator {
 public:
  Coordinator(ChunkWork work, const std::atomic<bool>* cancel)
      : work_(std::move(work)),
        cancel_(cancel),
        window_(kWindowPerRank * static_cast<std::uint64_t>(g.size)),
        outstanding_(static_cast<std::size_t>(g.size), 0) {}
  bool run();

 private:
  bool stopping() const { return cancel_ && cancel_->load(); }
  bool room() const { return !exhausted_ && described_ < consumed_ + window_; }
  bool describe(Bytes& chunk);
  void hand_out();
  void poll();
  void take(Message& m);
  void fail(const Message& m);
  void consume_ready();
  bool compute_own();
  void stop_workers();

  ChunkWork work_;
  const std::atomic<bool>* cancel_;
  const std::uint64_t window_;
  std::vector<int> outstanding_;  // chunks each worker holds
  std::uint64_t described_ = 0, consumed_ = 0;
  bool exhausted_ = false;
  std::map<std::uint64_t, Bytes> ready_;  // results waiting for an earlier chunk
  std::atomic<bool> local_cancel_{false};
  std::exception_ptr deferred_;  // an error met while rank 0 computed its own chunk
};

bool Coordinator::describe(Bytes& chunk) {
  chunk.clear();
  Writer w(chunk);
  w.put(described_);
  if (!work_.next(w)) {
    exhausted_ = true;
    return false;
  }
  ++described_;
  return true;
}

// Tops up every worker's chunks while the reorder window has room.
void Coordinator::hand_out() {
  Bytes chunk;
  for (int worker = 1; worker < g.size; ++worker)
    while (outstanding_[static_cast<std::size_t>(worker)] < kCredit && room() && describe(chunk)) {
      send(worker, kAssign, chunk);
      ++outstanding_[static_cast<std::size_t>(worker)];
    }
}

void Coordinator::fail(const Message& m) {
  Reader r(m.bytes);
  const int code = r.get<int>();
  std::string text;
  r.get_string(text);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const std::string what = fmt::format("rank {} of {} failed (exit code {}): {}", m.source, g.size, code, text);
  if (code > 128 && code < 128 + 32) {
    // A stop signal on a worker stops the whole job as if rank 0 had it.
    spdlog::error("{}", what);
    if (!stopping()) std::raise(code - 128);
    return;
  }
  if (code == 2) throw UsageError(what);
  throw RuntimeFailure(what);
}

void Coordinator::take(Message& m) {
  if (m.tag == kFail) return fail(m);
  Reader r(m.bytes);
  const auto id = r.get<std::uint64_t>();
  --outstanding_[static_cast<std::size_t>(m.source)];
  ready_.emplace(id, std::move(m.bytes));
}

void Coordinator::consume_ready() {
  for (auto it = ready_.find(consumed_); it != ready_.end(); it = ready_.find(consumed_)) {
    const Bytes bytes = std::move(it->second);
    ready_.erase(it);
    Reader r(bytes);
    r.get<std::uint64_t>();
    work_.consume(r);
    ++consumed_;
  }
}

void Coordinator::poll() {
  Message m;
  while (try_receive(MPI_ANY_SOURCE, m)) take(m);
  consume_ready();
  hand_out();
  work_.report();
}

// Rank 0 computes the next chunk itself, serving the workers meanwhile. An
// error met while serving stops the local computation and leaves afterwards
// (it must not leave through the engine's progress callback).
bool Coordinator::compute_own() {
  Bytes chunk, result;
  if (!describe(chunk)) return true;
  Reader desc(chunk);
  const auto id = desc.get<std::uint64_t>();
  Writer out(result);
  out.put(id);
  auto serve = [&] {
    if (stopping()) local_cancel_.store(true);
    if (deferred_) return;
    try {
      poll();
    } catch (...) {
      deferred_ = std::current_exception();
      local_cancel_.store(true);
    }
  };
  const bool finished = work_.compute(desc, out, serve, local_cancel_);
  if (deferred_) std::rethrow_exception(deferred_);
  if (!finished) return false;
  ready_.emplace(id, std::move(result));
  return true;
}

void Coordinator::stop_workers() {
  for (int worker = 1; worker < g.size; ++worker) send(worker, kStop, {});
}

bool Coordinator::run() {
  hand_out();
  while (!(exhausted_ && consumed_ == described_)) {
    poll();
    if (stopping()) return false;
    if (room()) {
      if (!compute_own()) return false;
    } else {
      nap();
    }
  }
  work_.report();
  stop_workers();
  return true;
}

// A worker: computes the chunks rank 0 hands out until it says stop.
void serve(ChunkWork work, const std::atomic<bool>& cancel) {
  Message m;
  for (;;) {
    while (!try_receive(0, m)) nap();
    if (m.tag == kStop) return;
    Reader desc(m.bytes);
    Bytes result;
    Writer out(result);
    out.put(desc.get<std::uint64_t>());
    if (!work.compute(
            desc, out, [] {}, cancel))
      throw Interrupted("this rank stopped computing");
    send(0, kResult, result);
  }
}

// The pending items of a sweep in chunks of up to `cap`: [first, end) and
// the status of each item in it.
struct SweepChunker {
  const mc::SweepJob& job;
  std::size_t cap;
  std::uint64_t cursor = 0;

  bool next(Writer& w) {
    const std::uint64_t end = job.total_runs();
    const auto pending = [&](std::uint64_t i) { return job.status.empty() || job.status[i] == mc::RunStatus::Pending; };
    while (cursor < end && !pending(cursor)) ++cursor;
    if (cursor >= end) return false;
    const std::uint64_t first = cursor;
    std::size_t n = 0;
    for (; cursor < end && n < cap; ++cursor) n += pending(cursor);
    std::vector<mc::RunStatus> status;
    if (!job.status.empty())
      status.assign(job.status.begin() + static_cast<std::ptrdiff_t>(first),
                    job.status.begin() + static_cast<std::ptrdiff_t>(cursor));
    w.put(first);
    w.put(cursor);
    w.put_vector(status);
    return true;
  }
};

// Computes a described range of a sweep on this rank's threads. `local` is
// this rank's copy of the job (its status table filled in as chunks need).
bool compute_sweep_chunk(mc::SweepJob& local, const mc::PointPlanSource& plans, mc::SweepOptions so, Reader& desc,
                         Writer& out, const std::function<void()>& poll, const std::atomic<bool>& cancel) {
  local.first_item = desc.get<std::uint64_t>();
  local.end_item = desc.get<std::uint64_t>();
  std::vector<mc::RunStatus> status;
  desc.get_vector(status);
  const bool any_done = std::any_of(status.begin(), status.end(), [](auto s) { return s != mc::RunStatus::Pending; });
  if (any_done && local.status.empty()) local.status.assign(local.total_runs(), mc::RunStatus::Pending);
  if (!local.status.empty()) std::copy(status.begin(), status.end(), local.status.begin() + local.first_item);
  so.cancel = &cancel;
  so.progress = [&](std::uint64_t, std::uint64_t, std::uint64_t) { poll(); };
  std::vector<mc::SweepRecord> records;
  const bool finished = mc::run_sweep(
      local, plans, so, [&](std::span<const mc::SweepRecord> r) { records.insert(records.end(), r.begin(), r.end()); });
  mc::wire::put_records(out, records);
  return finished;
}

bool compute_batch_chunk(const std::vector<const mc::RunPlan*>& plans, mc::EngineOptions eo, Reader& desc, Writer& out,
                         const std::function<void()>& poll, const std::atomic<bool>& cancel) {
  eo.first_run = desc.get<std::uint64_t>();
  eo.num_runs = desc.get<std::uint64_t>();
  eo.batch_size = static_cast<std::size_t>(eo.num_runs);
  eo.cancel = &cancel;
  eo.progress = [&](std::uint64_t, std::uint64_t) { poll(); };
  return mc::run_batches(plans, eo, [&](const mc::Batch& b) { mc::wire::put_batch(out, b); });
}

ChunkWork batch_work(const std::vector<const mc::RunPlan*>& plans, const mc::EngineOptions& opt) {
  ChunkWork w;
  w.compute = [&plans, &opt](Reader& desc, Writer& out, const std::function<void()>& poll,
                             const std::atomic<bool>& cancel) {
    return compute_batch_chunk(plans, opt, desc, out, poll, cancel);
  };
  return w;
}

}  // namespace

void start(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &g.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g.size);
  g.active = true;
  if (g.rank == 0) return;
  // Rank 0 alone speaks to the user; a worker's errors go to rank 0 (finish).
  std::cout.rdbuf(&g.null);
  std::cerr.rdbuf(g.errors.rdbuf());
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(g.errors);
  sink->set_level(spdlog::level::warn);
  sink->set_pattern("%v");
  spdlog::default_logger()->sinks() = {sink};
}

int finish(int code) {
  if (!g.active) return code;
  if (code == 0) {
    MPI_Finalize();
    return 0;
  }
  if (g.rank > 0 && g.size > 1) {
    // Rank 0 says why and ends the job once its temporary file is gone;
    // should it never read this, the worker ends the job itself.
    Bytes bytes;
    Writer w(bytes);
    w.put(code);
    w.put_string(g.errors.str().empty() ? "no message" : g.errors.str());
    send(0, kFail, bytes);
    std::this_thread::sleep_for(std::chrono::seconds(60));
  }
  MPI_Abort(MPI_COMM_WORLD, code);
  return code;
}

int ranks() { return g.size; }
bool is_worker() { return g.rank > 0; }

bool run_batches(const std::vector<const mc::RunPlan*>& plans, const mc::EngineOptions& opt,
                 const mc::BatchSink& sink) {
  if (!g.active) return mc::run_batches(plans, opt, sink);
  ChunkWork w = batch_work(plans, opt);
  std::uint64_t next = opt.first_run, done = 0;
  const std::uint64_t end = opt.first_run + opt.num_runs;
  w.next = [&](Writer& out) {
    if (next >= end) return false;
    const std::uint64_t n = std::min<std::uint64_t>(opt.batch_size, end - next);
    out.put(next);
    out.put(n);
    next += n;
    return true;
  };
  mc::Batch batch;
  w.consume = [&](Reader& r) {
    mc::wire::get_batch(r, batch);
    sink(batch);
    done += batch.count;
  };
  w.report = [&] {
    if (opt.progress) opt.progress(done, opt.num_runs);
  };
  return Coordinator(std::move(w), opt.cancel).run();
}

void serve_batches(const std::vector<const mc::RunPlan*>& plans, const mc::EngineOptions& opt) {
  static const std::atomic<bool> never{false};
  serve(batch_work(plans, opt), opt.cancel ? *opt.cancel : never);
}

bool run_sweep(const mc::SweepJob& job, const mc::PointPlanSource& plans, const mc::SweepOptions& opt,
               const mc::SweepSink& sink) {
  if (!g.active) return mc::run_sweep(job, plans, opt, sink);
  if (!job.status.empty() && job.status.size() != job.total_runs())
    throw std::invalid_argument("run_sweep: the status table does not match the design");
  mc::SweepJob local = job;
  SweepChunker chunker{job, std::max<std::size_t>(1, opt.batch_size)};
  ChunkWork w;
  w.next = [&](Writer& out) { return chunker.next(out); };
  w.compute = [&](Reader& desc, Writer& out, const std::function<void()>& poll, const std::atomic<bool>& cancel) {
    return compute_sweep_chunk(local, plans, opt, desc, out, poll, cancel);
  };
  std::vector<mc::SweepRecord> records;
  std::uint64_t done = 0, failed = 0;
  const std::uint64_t total = job.pending_runs();
  w.consume = [&](Reader& r) {
    mc::wire::get_records(r, records);
    if (!records.empty()) sink(std::span<const mc::SweepRecord>(records));
    done += records.size();
    failed += static_cast<std::uint64_t>(
        std::count_if(records.begin(), records.end(), [](const auto& x) { return x.status == mc::RunStatus::Failed; }));
  };
  w.report = [&] {
    if (opt.progress) opt.progress(done, failed, total);
  };
  return Coordinator(std::move(w), opt.cancel).run();
}

void serve_sweep(const mc::SweepJob& job, const mc::PointPlanSource& plans, const mc::SweepOptions& opt) {
  mc::SweepJob local = job;
  local.status.clear();
  ChunkWork w;
  w.compute = [&](Reader& desc, Writer& out, const std::function<void()>& poll, const std::atomic<bool>& cancel) {
    return compute_sweep_chunk(local, plans, opt, desc, out, poll, cancel);
  };
  static const std::atomic<bool> never{false};
  serve(std::move(w), opt.cancel ? *opt.cancel : never);
}

}  // namespace simrun::app::dist
