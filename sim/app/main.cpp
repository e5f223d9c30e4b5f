// simrun: a thin front over the simcore library. Maps every failure to the
// exit codes of the contract (docs/cli.md): 0 ok, 2 invalid input or usage,
// 1 runtime failure, 128 + the signal number when stopped by a signal.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <H5public.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <system_error>

#include "app/commands.h"
#include "app/distributed.h"
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

// Why a write to standard output failed, captured where std::cout threw.
int g_stdout_errno = 0;

// Output that never arrived is a failure too (`summary --csv > /dev/full`,
// a closed pipe). std::cout throws at the failing write (see run), while
// errno still says why; what is still buffered, or written with printf, is
// checked here.
int finish_stdout(int code) {
  std::cout.exceptions(std::ios::goodbit);  // nothing may throw at exit
  bool failed = g_stdout_errno != 0 || !std::cout;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    failed = true;
    if (g_stdout_errno == 0) g_stdout_errno = errno;
  }
  if (!failed) return code;
  std::cerr << "simrun: cannot write to standard output: "
            << (g_stdout_errno ? std::strerror(g_stdout_errno) : "write error") << "\n";
  return code == 0 ? 1 : code;
}

int run(int argc, char** argv) {
  using namespace simrun;
  std::cout.exceptions(std::ios::badbit);
  try {
    const app::Options o = app::parse_options(argc, argv);
    if (o.command == app::Command::Help && o.bare) {
      std::cerr << app::short_usage();  // a bare `simrun` is a usage error, with the way out
      return 2;
    }
    if (o.command == app::Command::Help) {
      std::cout << app::help_text(o.help_topic);
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
  } catch (const std::ios_base::failure&) {
    g_stdout_errno = errno ? errno : EIO;
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "simrun: out of memory; try fewer --threads or --runs, or --no-trajectories\n";
    return 1;
  } catch (const std::system_error& e) {
    // Threads that cannot start, mutexes, clocks: the system, not the input.
    std::cerr << "simrun: system failure: " << one_line(e.what()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "simrun: internal error: " << one_line(e.what()) << "\n";
    return 1;
  } catch (...) {
    std::cerr << "simrun: internal error: an unknown exception\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // No HDF5 clean-up at exit: after an I/O failure (a full disk) the
  // library's own shutdown can crash on the file it failed to close; the
  // operating system reclaims everything anyway, and the temporary file is
  // already gone.
  H5dont_atexit();
  auto logger = spdlog::stderr_color_mt("simrun");
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  // Under mpirun or srun: joins the job (docs/distributed.md); otherwise nothing.
  simrun::app::dist::start(argc, argv);
  // Every exception ends here, after the destructors on its way removed the
  // temporary files.
  return simrun::app::dist::finish(finish_stdout(run(argc, argv)));
}
