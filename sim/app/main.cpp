// simrun: a thin front over the simcore library. Maps every failure to the
// exit codes of the contract: 0 ok, 2 invalid input or usage, 1 runtime
// failure, 130 interrupted.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <H5public.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/options.h"
#include "output/h5.h"
#include "util/diagnostics.h"

namespace {
// HDF5's own messages may span lines; an error stays one line.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace simrun;
  // No HDF5 clean-up at exit: after an I/O failure (a full disk) the
  // library's own shutdown can crash on the file it failed to close; the
  // operating system reclaims everything anyway, and the temporary file is
  // already gone.
  H5dont_atexit();
  auto logger = spdlog::stderr_color_mt("simrun");
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  try {
    const app::Options o = app::parse_options(argc, argv);
    if (o.command == app::Command::Help) {
      std::cout << app::help_text();
      return 0;
    }
    if (o.command == app::Command::Version) {
      std::cout << app::version_text();
      return 0;
    }
    spdlog::set_level(o.quiet ? spdlog::level::warn : o.verbose ? spdlog::level::debug : spdlog::level::info);
    return app::run_command(o);
  } catch (const UsageError& e) {
    std::cerr << "simrun: " << e.what() << "\n";
    return 2;
  } catch (const InputError& e) {
    std::cerr << e.what() << "\n";  // the first diagnostics, one a line, and how many more
    if (e.count() > 1) std::cerr << e.count() << " errors\n";
    return 2;
  } catch (const h5::Error& e) {
    std::cerr << "simrun: I/O failure: " << one_line(e.what()) << "\n";
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "simrun: I/O failure: " << e.what() << "\n";
    return 1;
  } catch (const RuntimeFailure& e) {
    std::cerr << "simrun: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "simrun: internal error: " << e.what() << "\n";
    return 1;
  }
}
