#pragma once
// Errors in user input are values the user can act on: each names the file,
// line, column and JSON path, says what was found and what was expected.
#include <stdexcept>
#include <string>
#include <vector>

namespace simrun {

struct Diagnostic {
  std::string file;     // as the user gave it
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, in characters (UTF-8 code points)
  std::string path;     // JSON pointer, e.g. /actors/RU/hawkishness
  std::string message;  // what was found and what was expected

  // "file:line:col: /path: message" (parts that are unknown are left out).
  std::string str() const;
};

// Thrown when input is invalid; carries every diagnostic collected, not only
// the first. The program maps it to exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A failure of the environment rather than the input: I/O, a full disk
// (exit code 1).
class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A usage error on the command line (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace simrun
