#pragma once
// The bad-file suite (tests/data/bad): one realistic mistake per file and
// what must be said about it. The table lives in
// test_scenario_validation.cpp; the schema agreement test and the CLI test
// read it too, so a new bad file is added in one place.
#include <ostream>
#include <string>
#include <vector>

namespace simrun::testdata {

struct BadCase {
  const char* file;      // under tests/data/bad/
  const char* fragment;  // part of the message of the first diagnostic
  const char* pointer;   // its JSON pointer ("" for errors of the text itself)
  int line;              // 0: no position (e.g. an empty file)
  int column;            // 0: not checked
  // nullptr when the JSON Schema must reject the file too; otherwise why
  // JSON Schema cannot (the check is the validator's alone).
  const char* validator_only;
  // The file the diagnostic names when it is not `file` itself (a base file
  // in the extends chain), relative to tests/data/bad/.
  const char* reported_in = nullptr;
};

const std::vector<BadCase>& bad_cases();

// GoogleTest prints a parameter in the test's name; the default would dump
// pointer bytes, which differ from run to run and break CTest's discovery.
inline void PrintTo(const BadCase& c, std::ostream* os) { *os << c.file; }

std::string source_dir();
std::string bad_path(const std::string& file);

}  // namespace simrun::testdata
