// Fuzzes the sweep loader with the whole file text: JSON parsing, the keys,
// factors and designs, the limits, and the checks of factors against the
// base scenario (resolved against the shipped scenarios, so seeds naming
// "ukraine_deal.json" reach them).
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"
#include "input/sweep.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = simrun::fuzz::as_text(data, size);
  simrun::fuzz::accepts([&] { simrun::input::load_sweep_text(text, "fuzz.json", SIMRUN_SCENARIO_DIR); });
  return 0;
}
