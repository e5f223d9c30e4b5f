#include "util/diagnostics.h"

#include <utility>

namespace simrun {

std::string escape_control_characters(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    // U+0080-U+009F (C1 controls, such as the CSI introducer) are C2 80-9F.
    const bool c1 = c == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80;
    if (c1) c = static_cast<unsigned char>(text[++i]);
    if (c < 0x20 || c == 0x7F || c1) {
      out.append("\\u00").append(1, kHex[c >> 4]).append(1, kHex[c & 0x0F]);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Diagnostic::str() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on
      // chained operator+ with to_string.
      out.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
    }
    out.append(": ");
  }
  if (!path.empty()) out.append(path).append(": ");
  out.append(message);
  return escape_control_characters(out);
}

namespace {

std::size_t excess(const std::vector<Diagnostic>& ds) {
  return ds.size() > InputError::kMaxKept ? ds.size() - InputError::kMaxKept : 0;
}

std::string join(const std::vector<Diagnostic>& ds, std::size_t omitted) {
  std::string out;
  for (std::size_t i = 0; i < ds.size() && i < InputError::kMaxKept; ++i) {
    if (!out.empty()) out += "\n";
    out += ds[i].str();
  }
  omitted += excess(ds);
  if (omitted > 0) out.append("\n... and ").append(std::to_string(omitted)).append(" more errors");
  return out;
}

}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics, std::size_t omitted)
    : std::runtime_error(join(diagnostics, omitted)),
      omitted_(omitted + excess(diagnostics)),
      diagnostics_(std::move(diagnostics)) {
  if (diagnostics_.size() > kMaxKept) diagnostics_.resize(kMaxKept);
}

InputError::InputError(Diagnostic diagnostic) : InputError(std::vector<Diagnostic>{std::move(diagnostic)}) {}

}  // namespace simrun
