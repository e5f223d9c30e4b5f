// simrun scenario and simrun export: what a results file holds, as text
// other tools read (a scenario file to run again, CSV for scenario
// discovery), written to standard output or safely to --out.
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/command_support.h"
#include "output/results_file.h"
#include "output/results_reader.h"
#include "util/diagnostics.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

// Removes a temporary file unless it was moved into place.
struct TemporaryFile {
  fs::path path;
  bool moved = false;
  ~TemporaryFile() {
    std::error_code ec;
    if (!moved) fs::remove(path, ec);
  }
};

}  // namespace

// Like a results file: written under a temporary name in the target's
// folder and moved into place only when complete, never over an existing
// file without --force, never over an input.
void write_text_output(const Options& o, const std::string& text, const std::vector<std::string>& inputs) {
  if (!o.out) {
    std::cout << text;
    return;
  }
  if (*o.out == "auto") throw UsageError("--out auto names results files; give this command a file name");
  const fs::path out = output_path(o, "", inputs);
  TemporaryFile tmp{output::temporary_path(out.parent_path().empty() ? fs::path(".") : out.parent_path())};
  {
    std::ofstream file(tmp.path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) throw RuntimeFailure("cannot write " + out.string() + ": " + std::strerror(errno ? errno : EIO));
  }
  if (o.force)
    fs::rename(tmp.path, out);
  else
    output::move_without_replacing(tmp.path, out);
  tmp.moved = true;
  spdlog::info("wrote {}", out.string());
}

int print_scenario(const Options& o) {
  const std::string stored = output::stored_scenario(o.inputs[0]);
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(stored);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Diagnostic{o.inputs[0], 0, 0, "/scenario",
                                std::string("damaged results file: the stored scenario is not JSON: ") + e.what()});
  }
  write_text_output(o, doc.dump(2) + "\n", {o.inputs[0]});
  return 0;
}

int export_per_run(const Options& o) {
  write_text_output(o, output::per_run_csv(o.inputs[0]), {o.inputs[0]});
  return 0;
}

}  // namespace simrun::app
