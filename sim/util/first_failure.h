#pragma once
// The first exception thrown by any of a group of worker threads, kept to be
// rethrown by the thread that joins them; later ones are dropped (they are
// usually consequences of the first).
#include <exception>
#include <mutex>

namespace simrun::util {

class FirstFailure {
 public:
  // Call from a catch block.
  void capture() {
    const std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::current_exception();
  }
  // Call after the workers are joined.
  void rethrow_if_any() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr failure_;
};

}  // namespace simrun::util
