// `simrun validate FILE` as a user runs it: "ok" and exit code 0 for a good
// scenario; every error on stderr and exit code 2 for each file of the
// bad-file suite (tests/data/bad, see tests/input/bad_cases.h).
#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../input/bad_cases.h"
#include "support/temp_dir.h"

namespace simrun {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct CliResult {
  int code = -1;  // exit code; -1 when the program did not exit normally
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ValidateCli : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fs::exists(SIMRUN_EXE)) << SIMRUN_EXE << " is not built"; }

  CliResult validate(const std::string& file) {
    const fs::path out = dir_ / "out.txt", err = dir_ / "err.txt";
    const std::string cmd = std::string("'") + SIMRUN_EXE + "' validate '" + file + "' > '" + out.string() + "' 2> '" +
                            err.string() + "' < /dev/null";
    const int status = std::system(cmd.c_str());
    CliResult r;
    if (status != -1 && WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  const testing::TempDir temp_{"simrun_validate_cli"};
  const fs::path dir_ = temp_.path;
};

TEST_F(ValidateCli, GoodScenariosPrintOk) {
  for (const char* name : {"baseline.json", "ukraine_deal.json", "replay_2024.json"}) {
    SCOPED_TRACE(name);
    const CliResult r = validate(testdata::source_dir() + "/scenarios/" + name);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("ok")) << r.out;
    EXPECT_EQ(r.err, "");
  }
}

TEST_F(ValidateCli, EveryBadFileExitsWith2AndSaysWhy) {
  for (const auto& c : testdata::bad_cases()) {
    SCOPED_TRACE(c.file);
    const CliResult r = validate(testdata::bad_path(c.file));
    EXPECT_EQ(r.code, 2) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.fragment));
    // The place comes first, as compilers print it, so editors can jump there.
    std::string place = testdata::bad_path(c.reported_in ? c.reported_in : c.file);
    if (c.line > 0) place.append(":").append(std::to_string(c.line)).append(":");
    EXPECT_THAT(r.err, HasSubstr(place));
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("ok")));
  }
}

TEST_F(ValidateCli, AMissingFileIsInvalidInput) {
  const CliResult r = validate((dir_ / "no_such.json").string());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no_such.json"));
}

}  // namespace
}  // namespace simrun
