// What a run allocates, counted by replacing the global operator new. The
// replacement serves the whole test program; it only counts on a thread that
// asked for it, and otherwise behaves like the default.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "model/model.h"
#include "support/run_helpers.h"

namespace {
thread_local bool counting = false;
thread_local long allocations = 0;

void* counted_malloc(std::size_t n) noexcept {
  if (counting) ++allocations;
  return std::malloc(n == 0 ? 1 : n);
}
}  // namespace

void* operator new(std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
// The other forms too, so that every new is freed by the delete of its own
// family: AddressSanitizer supplies any form left out here and reports its
// memory freed by the delete above as an alloc-dealloc mismatch.
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace simrun;

namespace {

long allocations_of_run(model::Simulation& sim, const model::ModelParams& p, std::uint64_t seed, std::uint64_t run,
                        model::RunOutput& out) {
  allocations = 0;
  counting = true;
  sim.run(p, seed, run, out);
  counting = false;
  return allocations;
}

}  // namespace

// Guards the claim of model.h: once a Simulation and its RunOutput have held
// a run, the steps of a run allocate nothing (a buffer created per step, or a
// measure stack that grows on the heap, makes the longer run allocate more);
// what remains is the set-up of a run, the same whatever its length.
TEST(RunAllocations, StepsAllocateNothingOnceTheBuffersAreSized) {
  const auto sc = simrun::testing::scenario("scenarios/ukraine_deal.json",
                                            {"actions.initial_measures.RU=[\"raids\",\"deport_migrants\"]"});
  model::ModelParams year = sc.plan.sample(sc.seed, 3);
  model::ModelParams month = year;
  month.horizon_days = 30;
  model::Simulation sim;
  model::RunOutput out;
  const long first = allocations_of_run(sim, year, sc.seed, 3, out);
  const long again = allocations_of_run(sim, year, sc.seed, 3, out);
  EXPECT_GT(out.events.size(), 20u) << "the year should see the states act";
  const long shorter = allocations_of_run(sim, month, sc.seed, 3, out);
  EXPECT_GT(first, again) << "the first run sizes the agent arrays, the trajectories and the event log";
  EXPECT_EQ(again, shorter) << "a year of steps allocated more than a month";
}
