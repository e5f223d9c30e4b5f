#include <filesystem>
#include <iostream>
#include <gtest/gtest.h>
#include "input/scenario.h"
#include "util/diagnostics.h"
TEST(ScenarioDump, All) {
  std::vector<std::string> files;
  for (auto& e : std::filesystem::directory_iterator(SIMRUN_SOURCE_DIR "/tests/data/bad")) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  for (auto& f : files) {
    try { simrun::input::load_scenario(f); std::cout << "ACCEPTED " << f << "\n"; }
    catch (const simrun::InputError& e) { for (auto& d : e.diagnostics()) std::cout << d.str() << "  [" << d.line << "," << d.column << "]\n"; }
  }
}
