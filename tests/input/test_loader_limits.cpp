// Hostile and extreme input meets the loader: very long names and ids, deep
// nesting in any field, control characters, --set values and paths that are
// not what they seem, and extends chains that are long, loop, or lead to
// things that are not files. Each gets a located error, never a crash.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "input/json_source.h"
#include "input/scenario.h"
#include "support/cli.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kScenarios = std::string(SIMRUN_SOURCE_DIR) + "/scenarios";

// A scenario extending the baseline, with `members` added to its object.
std::string over_baseline(const std::string& members) {
  return R"({"extends": "baseline.json", "name": "x", "description": "d")" + members + "}";
}

std::vector<Diagnostic> errors_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    load_scenario_text(text, "in.json", kScenarios, sets);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "accepted: " << text.substr(0, 200);
  return {};
}

Diagnostic single_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  const auto ds = errors_of(text, sets);
  EXPECT_EQ(ds.size(), 1u) << (ds.empty() ? "" : ds[0].str());
  return ds.empty() ? Diagnostic{} : ds.front();
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// ---- names and ids -----------------------------------------------------------------

TEST(LoaderLimits, LongNamesAndIdsAreRefusedWithoutRecursion) {
  const std::string huge(50000, 'a');
  const Diagnostic name = single_error(R"({"extends": "baseline.json", "description": "d", "name": ")" + huge + "\"}");
  EXPECT_EQ(name.path, "/name");
  EXPECT_EQ(name.line, 1);
  EXPECT_THAT(name.message, HasSubstr("is 50000 characters long; at most 100 are allowed"));
  EXPECT_LT(name.message.size(), 200u) << "the value is shortened in the message";

  const Diagnostic media =
      single_error(over_baseline(R"(, "agents": {"media": [{"id": ")" + huge + R"(", "actor": "RU"}]})"));
  EXPECT_EQ(media.path, "/agents/media/0/id");
  // A space too: two mistakes in one id.
  const auto event =
      errors_of(over_baseline(R"(, "events": [{"id": ")" + huge + R"( x", "type": "incident", "day": 3}])"));
  ASSERT_EQ(event.size(), 2u);
  EXPECT_EQ(event[0].path, "/events/0/id");
  EXPECT_THAT(event[0].message, HasSubstr("may contain only letters, digits"));
  EXPECT_THAT(event[1].message, HasSubstr("is 50002 characters long"));
}

TEST(LoaderLimits, NamesUpToTheLimitAreAccepted) {
  const std::string longest(100, 'n');
  const Scenario sc = load_scenario_text(
      R"({"extends": "baseline.json", "description": "d", "name": ")" + longest + "\"}", "in.json", kScenarios);
  EXPECT_EQ(sc.name, longest);
  const Diagnostic d = single_error(R"({"extends": "baseline.json", "description": "d", "name": ")" + longest + "n\"}");
  EXPECT_THAT(d.message, HasSubstr("is 101 characters long"));
}

// ---- nesting ---------------------------------------------------------------------------

TEST(LoaderLimits, DeepNestingInAnyFieldIsALocatedError) {
  const std::string deep = nested(200000);
  for (const std::string& members : {R"(, "x": )" + deep, R"(, "actors": {"RU": {"hawkishness": )" + deep + "}}",
                                     R"(, "events": [{"id": "e", "type": "incident", "day": )" + deep + "}]",
                                     R"(, "channels": {"trade": {"dist": "discrete", "values": )" + deep + "}}"}) {
    const Diagnostic d = single_error(over_baseline(members));
    EXPECT_EQ(d.message, "nested deeper than 64 levels of objects and arrays");
    EXPECT_EQ(d.file, "in.json");
    EXPECT_EQ(d.line, 1);
    EXPECT_GT(d.column, 60);
  }
}

TEST(LoaderLimits, NestingBelowTheLimitIsValidatedNormally) {
  // 60 levels are parsed; the validator then refuses the value, briefly.
  const Diagnostic d = single_error(over_baseline(R"(, "$schema": )" + nested(60)));
  EXPECT_EQ(d.path, "/$schema");
  EXPECT_THAT(d.message, HasSubstr("expected a string, found an array"));
  EXPECT_LT(d.message.size(), 120u);
}

// ---- values of the wrong type -----------------------------------------------------

TEST(LoaderLimits, WrongTypesWhereCrossChecksLookAreReportedNotThrown) {
  const std::pair<std::string, std::string> cases[] = {
      {R"("agents": 5)", "/agents"},
      {R"("actions": 5)", "/actions"},
      {R"("agents": {"diaspora": 5})", "/agents/diaspora"},
      {R"("agents": {"media": "y"})", "/agents/media"},
      {R"("events": "x")", "/events"},
      {R"("actions": {"initial_measures": 3})", "/actions/initial_measures"},
      {R"("actions": {"initial_measures": {"AZ": "x"}})", "/actions/initial_measures/AZ"},
      {R"("events": [{"id": "e", "type": 5, "day": 1}])", "/events/0/type"},
      {R"("events": [{"id": "e", "type": "backing", "actor": 7, "day": 1}])", "/events/0/actor"},
  };
  for (const auto& [members, pointer] : cases) {
    const auto ds = errors_of(over_baseline(", " + members));
    ASSERT_FALSE(ds.empty()) << members;
    EXPECT_EQ(ds[0].path, pointer) << members;
    EXPECT_THAT(ds[0].message, HasSubstr("expected")) << members;
  }
}

// ---- control characters -------------------------------------------------------------

TEST(LoaderLimits, ControlCharactersAreNotEchoed) {
  const std::vector<Diagnostic> ds = errors_of(over_baseline(R"(, "\u001b[31mred": 1, "run": {"runs": "\u009b2J"})"));
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].path, "/\x1b[31mred");  // the value itself is exact ...
  for (const Diagnostic& d : ds) {
    const std::string shown = d.str();  // ... what is printed is not
    EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
    EXPECT_EQ(shown.find("\xC2\x9B"), std::string::npos) << shown;
  }
  EXPECT_THAT(ds[0].str(), HasSubstr("/\\u001b[31mred: unknown key \"\\u001b[31mred\""));
}

TEST(Diagnostics, EscapeControlCharacters) {
  EXPECT_EQ(escape_control_characters("a\tb\x1b[0m\x7f\xC2\x9B\xC2\xA0\xC3\xA9"),
            "a\\u0009b\\u001b[0m\\u007f\\u009b\xC2\xA0\xC3\xA9");
  EXPECT_EQ((Diagnostic{"f\n.json", 1, 2, "/k\r", "m\x07"}).str(), "f\\u000a.json:1:2: /k\\u000d: m\\u0007");
}

TEST(Diagnostics, AtMostFiftyAreKeptAndTheRestCounted) {
  std::vector<Diagnostic> ds;
  for (int k = 0; k < 60; ++k) ds.push_back({"f.json", k + 1, 1, "", "problem " + std::to_string(k)});
  const InputError e(ds, 5);
  EXPECT_EQ(e.diagnostics().size(), 50u);
  EXPECT_EQ(e.count(), 65u);
  const std::string what = e.what();
  EXPECT_THAT(what, HasSubstr("f.json:50:1: problem 49\n... and 15 more errors"));
  EXPECT_THAT(what, Not(HasSubstr("problem 50")));
}

TEST(LoaderLimits, ManyMistakesAreCountedNotAllKept) {
  std::string members;
  for (int k = 0; k < 70; ++k) members += ", \"unknown_" + std::to_string(k) + "\": 1";
  try {
    load_scenario_text(over_baseline(members), "in.json", kScenarios);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.count(), 70u);
    EXPECT_EQ(e.diagnostics().size(), 50u);
  }
}

// ---- --set -------------------------------------------------------------------------------

TEST(LoaderLimits, SetWithAHugeIndexIsAnError) {
  const std::string ukraine = kScenarios + "/ukraine_deal.json";
  for (const std::string index : {"99999999999999999999", "1000000000", "-1", "0x1", "00", "01"}) {
    try {
      load_scenario(ukraine, {"events." + index + ".day=1"});
      FAIL() << index << " accepted";
    } catch (const InputError& e) {
      ASSERT_EQ(e.diagnostics().size(), 1u);
      EXPECT_EQ(e.diagnostics()[0].file, "--set events." + index + ".day=1");
      EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("/events has 1 elements; expected an index 0..0"));
    }
  }
}

TEST(LoaderLimits, NoSetAssignmentEscapesAsAnotherError) {
  const std::string ukraine = kScenarios + "/ukraine_deal.json";
  for (const std::string path : {"events.0.day", "events.00.day", "events.0.id.0", "events.0.day.dist", "events.0",
                                 "actors.RU.hawkishness.min.x", "actors.RU", "actors", "a~b", "a/b", "run.runs.0",
                                 "channels.oil_transit.dist", "agents.media.0.id", "$schema", "description"}) {
    for (const std::string value : {"1", "[", "{}", "[[[[1]]]]", "\"x\"", "null", "1e999", "-0", "{\"dist\":1}"}) {
      try {
        (void)load_scenario(ukraine, {path + "=" + value});
      } catch (const InputError& e) {
        EXPECT_FALSE(e.diagnostics().empty());
      } catch (const std::exception& e) {
        ADD_FAILURE() << path << "=" << value << " escaped: " << e.what();
      }
    }
  }
}

TEST(LoaderLimits, ExtendsCannotBeSet) {
  const Diagnostic d = single_error(over_baseline(""), {"extends=ukraine_deal.json"});
  EXPECT_EQ(d.file, "--set extends=ukraine_deal.json");
  EXPECT_THAT(d.message, HasSubstr("extends cannot be set"));
}

// Found by fuzz_set: a later --set reaching into a value an earlier one
// replaced by a number escaped as nlohmann's out_of_range (exit 1).
TEST(LoaderLimits, SetIntoAValueReplacedByAnEarlierSetIsAnError) {
  try {
    load_scenario_text(over_baseline(""), "in.json", kScenarios, {"actors.TR=1", "actors.TR.clout=0.5"});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("path \"actors.TR.clout\" cannot be set: /actors/TR is an integer"));
  }
  // The ten-minute fuzz_set session found the same two levels up: "actors"
  // itself replaced, then actors.TR.clout set.
  try {
    load_scenario_text(over_baseline(""), "in.json", kScenarios, {"actors=TR.alignment=0.8", "actors.TR.clout=0.5"});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("path \"actors.TR.clout\" cannot be set: /actors is a string"));
  }
}

TEST(LoaderLimits, SetValuesKeepTheLimits) {
  // Too deep for JSON here, so taken as a string: refused where an array belongs.
  const Diagnostic deep = single_error(over_baseline(""), {"events=" + nested(100)});
  EXPECT_EQ(deep.path, "/events");
  EXPECT_THAT(deep.message, HasSubstr("expected an array of objects, found a string"));
  const Diagnostic big = single_error(over_baseline(""), {"description=" + std::string(70000, 'd')});
  EXPECT_THAT(big.message, HasSubstr("the value is 70000 bytes long; the limit is 65536"));
  const Diagnostic bad = single_error(over_baseline(""), {"description=\xFF"});
  EXPECT_THAT(bad.message, HasSubstr("not valid UTF-8"));
}

// ---- extends -------------------------------------------------------------------------------

class LoaderExtends : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  std::string extending(const std::string& target) {
    return write("top.json", R"({"extends": ")" + target + R"(", "name": "top", "description": "d"})");
  }
  // The one diagnostic of loading `path`.
  Diagnostic error_of(const std::string& path) {
    try {
      load_scenario(path);
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().size(), 1u) << e.what();
      return e.diagnostics().front();
    }
    ADD_FAILURE() << path << " loaded";
    return {};
  }
  simrun::testing::TempDir dir_;
};

TEST_F(LoaderExtends, ALongChainStopsAtTheLimit) {
  // f0 extends f1 extends ... f39; f39 is a complete scenario.
  write("f39.json", simrun::testing::baseline_without_posterior());
  for (int k = 0; k < 39; ++k) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on chained +.
    std::string text = "{\"extends\": \"f";
    text.append(std::to_string(k + 1)).append(".json\"}");
    std::string name = "f";
    write(name.append(std::to_string(k)).append(".json"), text);
  }
  const Diagnostic d = error_of(dir_ / "f0.json");
  EXPECT_EQ(d.file, dir_ / "f31.json");
  EXPECT_EQ(d.path, "/extends");
  EXPECT_EQ(std::pair(d.line, d.column), std::pair(1, 2));
  EXPECT_EQ(d.message, "the extends chain is longer than 32 files; \"f32.json\" is one too many");
  // 32 files are fine.
  EXPECT_EQ(load_scenario(dir_ / "f8.json").chain.size(), 32u);
}

TEST_F(LoaderExtends, ASymlinkLoopIsLocated) {
  fs::create_symlink(dir_ / "loop_b.json", dir_ / "loop_a.json");
  fs::create_symlink(dir_ / "loop_a.json", dir_ / "loop_b.json");
  const Diagnostic d = error_of(extending("loop_a.json"));
  EXPECT_EQ(d.file, dir_ / "top.json");
  EXPECT_EQ(std::pair(d.line, d.column), std::pair(1, 2));
  EXPECT_EQ(d.message, "extends target \"loop_a.json\" cannot be read: Too many levels of symbolic links");
}

TEST_F(LoaderExtends, ANameTooLongIsLocated) {
  const Diagnostic d = error_of(extending(std::string(300, 'n') + ".json"));
  EXPECT_EQ(d.path, "/extends");
  EXPECT_EQ(d.line, 1);
  EXPECT_THAT(d.message, HasSubstr("cannot be read: File name too long"));
}

TEST_F(LoaderExtends, WhatIsNotARegularFileIsNamedSo) {
  fs::create_directory(dir_ / "folder.json");
  ASSERT_EQ(::mkfifo((dir_ / "pipe.json").c_str(), 0600), 0);
  const std::pair<std::string, std::string> cases[] = {
      {"folder.json", "(a directory)"}, {"pipe.json", "(a FIFO)"}, {"/dev/null", "(a character device)"}};
  for (const auto& [target, kind] : cases) {
    const Diagnostic d = error_of(extending(target));
    EXPECT_EQ(d.path, "/extends");
    EXPECT_EQ(d.message, "extends target \"" + target + "\" is not a regular file " + kind);
  }
}

TEST_F(LoaderExtends, ANulInThePathIsRefused) {
  const Diagnostic d = error_of(extending("base.json\\u0000.txt"));
  EXPECT_EQ(d.path, "/extends");
  EXPECT_EQ(d.message, "a string must not contain U+0000 (\\u0000)");
}

TEST_F(LoaderExtends, AMissingSuffixIsSuggested) {
  write("base.json", "{}");
  const Diagnostic d = error_of(extending("base"));
  EXPECT_THAT(d.message, HasSubstr("extends target \"base\" does not exist"));
  EXPECT_THAT(d.message, HasSubstr("did you mean \"base.json\"?"));
}

}  // namespace
}  // namespace simrun::input

namespace simrun::input {
namespace {

// A file with thousands of mistakes: every one is counted, only the first
// thousand are located and described (the rest would cost a lookup and a
// suggestion each), and 50 are kept for printing.
TEST(LoaderLimits, ManyErrorsAreCountedButOnlyAFewBuilt) {
  std::string events;
  for (int i = 0; i < 300; ++i) {
    events += std::string(i ? "," : "") + R"({"id": "e)" + std::to_string(i) + R"(", "type": "incident", "day": 1)";
    for (int k = 0; k < 10; ++k) events += ", \"bogus" + std::to_string(k) + "\": 1";
    events += "}";
  }
  const std::string text =
      R"({"extends": "baseline.json", "name": "many", "description": "d", "events": [)" + events + "]}";
  try {
    load_scenario_text(text, "many.json", std::string(SIMRUN_SOURCE_DIR) + "/scenarios");
    FAIL() << "3,000 unknown keys were accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.count(), 3000u);
    EXPECT_EQ(e.diagnostics().size(), InputError::kMaxKept);
    EXPECT_THAT(std::string(e.what()), ::testing::HasSubstr("... and 2950 more errors"));
  }
}

}  // namespace
}  // namespace simrun::input
