#pragma once
// Batches of runs and sweep records as bytes, for moving them between
// processes (a distributed run: docs/distributed.md). Every field the writer
// and the reductions read travels, bit for bit, so what a receiver rebuilds is
// what the sender computed. A field added to RunResult or SweepRecord must be
// added here too (tests/mc/test_wire.cpp round-trips every field).
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "mc/engine.h"
#include "mc/sweep.h"

namespace simrun::mc::wire {

using Bytes = std::vector<std::uint8_t>;

// Appends values to a byte buffer in this machine's representation (every
// rank of a job runs the same program on the same kind of machine).
class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    append(&v, sizeof v);
  }
  template <class T>
  void put_vector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(v.size());
    append(v.data(), v.size() * sizeof(T));
  }
  void put_string(const std::string& s) {
    put<std::uint64_t>(s.size());
    append(s.data(), s.size());
  }

 private:
  void append(const void* p, std::size_t n) {
    const std::size_t at = out_.size();
    out_.resize(at + n);
    if (n) std::memcpy(out_.data() + at, p, n);
  }
  Bytes& out_;
};

// Reads what a Writer wrote; a message cut short or too long throws.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    take(&v, sizeof v);
    return v;
  }
  template <class T>
  void get_vector(std::vector<T>& v) {
    const auto n = get<std::uint64_t>();
    if (n > (in_.size() - at_) / sizeof(T)) throw std::runtime_error("a message between ranks is cut short");
    v.resize(static_cast<std::size_t>(n));
    take(v.data(), v.size() * sizeof(T));
  }
  void get_string(std::string& s) {
    const auto n = get<std::uint64_t>();
    if (n > in_.size() - at_) throw std::runtime_error("a message between ranks is cut short");
    s.assign(reinterpret_cast<const char*>(in_.data() + at_), static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
  }
  bool done() const { return at_ == in_.size(); }

 private:
  void take(void* p, std::size_t n) {
    if (n > in_.size() - at_) throw std::runtime_error("a message between ranks is cut short");
    if (n) std::memcpy(p, in_.data() + at_, n);
    at_ += n;
  }
  std::span<const std::uint8_t> in_;
  std::size_t at_ = 0;
};

// A batch (every plan's results of runs [first, first + count)).
void put_batch(Writer& w, const Batch& b);
// Rebuilds a batch into `b`, reusing its buffers.
void get_batch(Reader& r, Batch& b);

// Sweep records, in order.
void put_records(Writer& w, std::span<const SweepRecord> records);
void get_records(Reader& r, std::vector<SweepRecord>& records);

}  // namespace simrun::mc::wire
