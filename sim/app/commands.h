#pragma once
#include "app/options.h"

namespace simrun::app {

// Runs the parsed command; returns the exit code. Input and usage errors
// propagate as InputError/UsageError, I/O failures as h5::Error or
// RuntimeFailure; main() maps them to exit codes.
int run_command(const Options& options);

}  // namespace simrun::app
