// Fuzzes the scenario loader and validator with the whole file text: JSON
// parsing, extends (resolved against the shipped scenarios, so seeds that
// extend baseline.json stay meaningful), schema checks and the run plan.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"
#include "input/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = simrun::fuzz::as_text(data, size);
  simrun::fuzz::accepts([&] { simrun::input::load_scenario_text(text, "fuzz.json", SIMRUN_SCENARIO_DIR); });
  return 0;
}
