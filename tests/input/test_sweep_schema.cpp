// The sweep schema (docs/sweep.schema.json): the committed copy is current,
// it is a valid Draft 2020-12 schema, and it agrees with the loader on the
// test and fuzz-seed sweep files and on the bad sweep files (Python's
// jsonschema; skipped where it is not installed).
#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "input/sweep.h"
#include "support/temp_dir.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

const std::string kSource = SIMRUN_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> json_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SweepSchemaFile, CommittedSchemaIsCurrent) {
  const fs::path committed = fs::path(kSource) / "docs" / "sweep.schema.json";
  const std::string fresh = sweep_schema_text();
  if (read(committed) == fresh) return;
  const fs::path out = fs::path(SIMRUN_EXE).parent_path() / "sweep.schema.json.new";
  std::ofstream(out, std::ios::binary) << fresh;
  FAIL() << committed << " is out of date with the sweep loader's tables. The fresh schema is in " << out
         << "; update the committed copy with\n  cp " << out << " " << committed;
}

TEST(SweepSchemaFile, NamesWhatTheLoaderAccepts) {
  const ordered_json s = ordered_json::parse(sweep_schema_text());
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["required"], ordered_json({"scenario", "factors", "design"}));
  EXPECT_EQ(s["$defs"]["design"]["properties"]["kind"]["enum"],
            ordered_json({"grid", "points", "monte_carlo", "latin_hypercube", "saltelli", "morris"}));
  EXPECT_EQ(s["properties"]["outcomes"]["items"]["enum"][5], "coercion_of_people");
  EXPECT_EQ(s["properties"]["metrics"]["items"]["enum"][9], "goldstein_sum");
  EXPECT_EQ(s["$defs"]["distribution"]["properties"]["dist"]["enum"].size(), 7u);
  EXPECT_EQ(s["$defs"]["factor"]["required"], ordered_json({"path"}));
}

// Prints {"file": "valid" | "invalid: ..."} for each file, or {"skip": why}.
constexpr const char* kPythonCheck = R"py(
import json, sys
try:
    import jsonschema
except ImportError:
    print(json.dumps({"skip": "the jsonschema module is not installed (Debian: python3-jsonschema)"}))
    sys.exit(0)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
out = {}
for path in sys.argv[2:]:
    errors = [e.message for e in validator.iter_errors(json.load(open(path, encoding="utf-8")))]
    out[path] = "invalid: " + "; ".join(errors)[:300] if errors else "valid"
print(json.dumps(out))
)py";

class SweepSchemaAgreement : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 is not installed";
  }

  ordered_json check(const std::vector<std::string>& files) {
    const fs::path schema = temp_.path / "sweep.schema.json", out = temp_.path / "out.json";
    std::ofstream(schema, std::ios::binary) << sweep_schema_text();
    std::string cmd = "/usr/bin/python3 -c '" + std::string(kPythonCheck) + "' '" + schema.string() + "'";
    for (const auto& f : files) cmd += " '" + f + "'";
    cmd += " > '" + out.string() + "'";
    const int rc = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << "python failed: " << cmd;
    return ordered_json::parse(read(out), nullptr, false);
  }

  const testing::TempDir temp_{"simrun_sweep_schema"};
};

TEST_F(SweepSchemaAgreement, GoodSweepsPassBoth) {
  std::vector<std::string> files = json_files(kSource + "/fuzz/seeds/sweep");
  for (const auto& f : json_files(kSource + "/tests/data/sweeps"))
    if (f.find("scenario") == std::string::npos) files.push_back(f);
  const ordered_json result = check(files);
  if (result.contains("skip")) GTEST_SKIP() << result["skip"].get<std::string>();
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    // The fuzz seeds name the shipped scenarios as the fuzz target does.
    const bool seed = f.find("/fuzz/") != std::string::npos;
    if (seed)
      EXPECT_NO_THROW(load_sweep_text(read(f), f, kSource + "/scenarios"));
    else
      EXPECT_NO_THROW(load_sweep(f));
    EXPECT_EQ(result.value(f, ""), "valid");
  }
}

TEST_F(SweepSchemaAgreement, BadSweepsFailBoth) {
  // What the schema cannot see (the factor's path in the scenario) is the loader's alone.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"unknown_key.json", "/replicatons"},           {"design_kind_typo.json", "/design/kind"},
      {"range_and_levels.json", "/factors/0/levels"}, {"unknown_outcome.json", "/outcomes/0"},
      {"reserved_name.json", "/factors/0/name"},      {"path_not_in_scenario.json", "/factors/0/path"},
  };
  std::vector<std::string> files;
  for (const auto& [name, pointer] : cases) files.push_back(kSource + "/tests/data/bad_sweeps/" + name);
  ASSERT_EQ(files.size(), json_files(kSource + "/tests/data/bad_sweeps").size()) << "a bad sweep file has no case";
  const ordered_json result = check(files);
  for (std::size_t k = 0; k < cases.size(); ++k) {
    SCOPED_TRACE(files[k]);
    try {
      load_sweep(files[k]);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().front().path, cases[k].second) << e.what();
    }
    if (result.contains("skip") || cases[k].first == "path_not_in_scenario.json") continue;
    EXPECT_NE(result.value(files[k], "valid"), "valid");
  }
}

}  // namespace
}  // namespace simrun::input
