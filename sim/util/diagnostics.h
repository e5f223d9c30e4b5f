#pragma once
// Errors in user input are values the user can act on: each names the file,
// line, column and JSON path, says what was found and what was expected.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace simrun {

struct Diagnostic {
  std::string file;     // as the user gave it
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, in characters (UTF-8 code points)
  std::string path;     // JSON pointer, e.g. /actors/RU/hawkishness
  std::string message;  // what was found and what was expected

  // "file:line:col: /path: message" (parts that are unknown are left out),
  // with control characters escaped (see escape_control_characters).
  std::string str() const;
};

// Control characters (U+0000-U+001F, U+007F-U+009F) as \u001b and so on, so
// that text from the input cannot move the cursor or recolour a terminal.
std::string escape_control_characters(std::string_view text);

// Thrown when input is invalid; carries the diagnostics collected, not only
// the first. The program maps it to exit code 2.
class InputError : public std::runtime_error {
 public:
  // At most this many diagnostics are kept and printed; the rest are counted.
  static constexpr std::size_t kMaxKept = 50;

  // `omitted` counts diagnostics the thrower already left out.
  explicit InputError(std::vector<Diagnostic> diagnostics, std::size_t omitted = 0);
  explicit InputError(Diagnostic diagnostic);
  // The first kMaxKept diagnostics.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Every diagnostic found, kept or not.
  std::size_t count() const { return diagnostics_.size() + omitted_; }
  // what() is one line per kept diagnostic, then "... and N more errors"
  // when some were left out.

 private:
  std::size_t omitted_ = 0;
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
