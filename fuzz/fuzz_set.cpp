// Fuzzes --set: each line of the input is one assignment PATH=VALUE, applied
// in order to a fixed, valid scenario (ukraine_deal resolved, so every field
// and an event with distributions can be reached).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "input/scenario.h"

namespace {

std::string base_text;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto sc = simrun::input::load_scenario(SIMRUN_SCENARIO_DIR "/ukraine_deal.json");
  base_text = sc.resolved.dump(2);  // laid out as a person writes it
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto sets = lines_of(simrun::fuzz::as_text(data, size));
  simrun::fuzz::accepts([&] { simrun::input::load_scenario_text(base_text, "fuzz.json", SIMRUN_SCENARIO_DIR, sets); });
  return 0;
}
