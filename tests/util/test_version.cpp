// The version has one source, project(VERSION) in the top CMakeLists.txt;
// util/version.h is generated from it at build time along with the git sha.
#include "util/version.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

TEST(Version, IsTheCMakeProjectVersion) {
  EXPECT_STREQ(simrun::kVersion, SIMRUN_PROJECT_VERSION);
  EXPECT_TRUE(std::regex_match(simrun::kVersion, std::regex(R"(\d+\.\d+\.\d+)"))) << simrun::kVersion;
}

TEST(Version, GitShaIsAShortHashOrUnknown) {
  // "unknown" when built outside a git checkout; "-dirty" with uncommitted changes.
  EXPECT_TRUE(std::regex_match(simrun::kGitSha, std::regex(R"([0-9a-f]{12}(-dirty)?|unknown)"))) << simrun::kGitSha;
}
