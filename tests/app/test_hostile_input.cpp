// Input that used to crash, hang or escape as an internal error, run through
// the program as a user would: each now ends with exit code 2 and a short,
// located message on stderr.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cli.h"

using namespace simrun::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

// A scenario over the baseline with `members` added.
std::string over_baseline(const std::string& members, const std::string& name = "x") {
  return "{\"extends\": \"" + scenario_file("baseline.json") + "\", \"name\": \"" + name +
         "\", \"description\": \"d\"" + members + "}";
}

long lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(HostileInput, OnlyRegularFilesAreReadAndNothingBlocks) {
  TempDir dir;
  const std::string fifo = dir / "fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::pair<std::string, std::string> cases[] = {
      {fifo, "(a FIFO)"},
      {dir.path.string(), "(a directory)"},
      {"/dev/zero", "(a character device)"},
      {"/dev/null", "(a character device)"},
  };
  for (const auto& [file, kind] : cases) {
    const auto r = run_cli("validate " + file, dir.path);
    EXPECT_EQ(r.code, 2) << file << "\n" << r.err;
    EXPECT_EQ(r.err, file + ": cannot read file: not a regular file " + kind + "\n");
  }
}

TEST(HostileInput, InputThatCrashedIsALocatedError) {
  TempDir dir;
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  struct Case {
    std::string members, fragment, name = "x";
  };
  const Case cases[] = {
      // std::regex recursed once per character of a name or id.
      {"", "is 50000 characters long", std::string(50000, 'a')},
      {R"(, "agents": {"media": [{"id": ")" + std::string(50000, 'm') + R"(", "actor": "RU"}]})",
       "is 50000 characters long"},
      // Nesting overflowed the stack.
      {R"(, "notes": )" + deep, "nested deeper than 64 levels"},
      {R"(, "channels": {"trade": )" + deep + "}", "nested deeper than 64 levels"},
      // Cross checks threw on values of the wrong type (exit 1, internal error).
      {R"(, "agents": 5)", "/agents: expected an object, found an integer (5)"},
      {R"(, "events": "x")", "/events: expected an array of objects, found a string"},
  };
  for (const auto& [members, fragment, name] : cases) {
    const std::string file = write(dir, "s.json", over_baseline(members, name));
    const auto r = run_cli("validate " + file, dir.path);
    EXPECT_EQ(r.code, 2) << fragment << "\n" << r.err.substr(0, 300);
    EXPECT_THAT(r.err, HasSubstr(file + ":1:"));
    EXPECT_THAT(r.err, HasSubstr(fragment));
    EXPECT_LT(r.err.size(), 1000u);
  }
}

TEST(HostileInput, TwoMillionEmptyEventsFailFastWithOneLine) {
  TempDir dir;
  std::string events = "[{}";
  for (int k = 1; k < 2000000; ++k) events += ",{}";
  const std::string file = write(dir, "many.json", over_baseline(R"(, "events": )" + events + "]"));
  const auto r = run_cli("validate " + file, dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("/events: more than 10000 elements in one array"));
  EXPECT_EQ(lines(r.err), 1) << r.err.substr(0, 500);
}

TEST(HostileInput, AtMostFiftyErrorsArePrinted) {
  TempDir dir;
  std::string members;
  for (int k = 0; k < 70; ++k) members += ", \"unknown_" + std::to_string(k) + "\": 1";
  const std::string file = write(dir, "many.json", over_baseline(members));
  const auto r = run_cli("validate " + file, dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.err), 52) << r.err;
  EXPECT_THAT(r.err, HasSubstr("/unknown_49: unknown key"));
  EXPECT_THAT(r.err, Not(HasSubstr("/unknown_50:")));
  EXPECT_THAT(r.err, HasSubstr("\n... and 20 more errors\n70 errors\n"));
}

TEST(HostileInput, SetErrorsAreUsageErrorsNotInternalOnes) {
  TempDir dir;
  const std::string ukraine = scenario_file("ukraine_deal.json");
  const auto index = run_cli("validate " + ukraine + " --set events.99999999999999999999.day=1", dir.path);
  EXPECT_EQ(index.code, 2) << index.err;
  EXPECT_EQ(index.err,
            "--set events.99999999999999999999.day=1: path \"events.99999999999999999999.day\" does not exist: "
            "/events has 1 elements; expected an index 0..0\n");
  const auto extends = run_cli("validate " + ukraine + " --set extends=other.json", dir.path);
  EXPECT_EQ(extends.code, 2) << extends.err;
  EXPECT_THAT(extends.err, HasSubstr("--set extends=other.json: extends cannot be set"));
}

TEST(HostileInput, ControlCharactersFromTheInputAreEscaped) {
  TempDir dir;
  const std::string file = write(dir, "esc.json", over_baseline(R"(, "\u001b[2J\u001b[31mred": 1)"));
  const auto r = run_cli("validate " + file, dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_THAT(r.err, HasSubstr("unknown key \"\\u001b[2J\\u001b[31mred\""));
  // A description may hold them; `validate` prints it escaped.
  const std::string valid = write(
      dir, "ok.json",
      R"({"extends": ")" + scenario_file("baseline.json") + R"(", "name": "x", "description": "\u001b[2Jcleared"})");
  const auto ok = run_cli("validate " + valid, dir.path);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out.find('\x1b'), std::string::npos) << ok.out;
  EXPECT_THAT(ok.out, HasSubstr("events): \\u001b[2Jcleared\n"));
}

TEST(HostileInput, TheLongestNamesStillMakeFileNames) {
  // compare_<A>_vs_<B>.h5 with a temporary suffix must stay within 255 bytes.
  TempDir dir;
  const std::string a(100, 'a'), b(100, 'b');
  write(dir, "a.json",
        R"({"extends": ")" + scenario_file("baseline.json") + R"(", "name": ")" + a + R"(", "description": "d"})");
  write(dir, "b.json",
        R"({"extends": ")" + scenario_file("baseline.json") + R"(", "name": ")" + b + R"(", "description": "d"})");
  const auto r = run_cli("compare a.json b.json --quiet --runs 4 --set agents.diaspora.population=50000", dir.path);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path / "results" / ("compare_" + a + "_vs_" + b + ".h5")));
}

}  // namespace
