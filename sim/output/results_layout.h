#pragma once
// Names and versions of the results file, shared by the writer, the reader
// and the docs (docs/output-format.md).
namespace simrun::output {

inline constexpr const char* kFileTypeResults = "simrun results";
inline constexpr const char* kFileTypeComparison = "simrun comparison";
// "major.minor": readers refuse a major version they do not know; a minor
// version adds to the layout without breaking readers.
inline constexpr int kFormatMajor = 1;
inline constexpr const char* kFormatVersion = "1.0";

}  // namespace simrun::output
