// The JSON Schema and the field tables are generated from the spec; these
// tests keep the committed copies (docs/scenario.schema.json, the tables in
// docs/scenario-format.md) current, check the schema's structure against the
// spec, and check that the schema and the validator agree on the scenario
// library and on the bad-file suite (with Python's jsonschema).
#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bad_cases.h"
#include "input/json_schema.h"
#include "input/scenario.h"
#include "input/scenario_spec.h"
#include "support/temp_dir.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using testdata::bad_cases;
using testdata::bad_path;
using testdata::source_dir;
using ::testing::HasSubstr;

constexpr const char* kBeginMarker = "<!-- BEGIN GENERATED FIELD TABLES -->";
constexpr const char* kEndMarker = "<!-- END GENERATED FIELD TABLES -->";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The build folder of this configuration: the nearest folder above the
// program that holds a CMakeCache.txt.
fs::path build_dir() {
  for (fs::path p = fs::path(SIMRUN_EXE).parent_path(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / "CMakeCache.txt")) return p;
    if (p == p.parent_path()) break;
  }
  return fs::temp_directory_path();
}

// ---- committed copies ------------------------------------------------------------

TEST(SchemaFile, CommittedSchemaIsCurrent) {
  const fs::path committed = fs::path(source_dir()) / "docs" / "scenario.schema.json";
  const std::string fresh = json_schema_text();
  if (read(committed) == fresh) return;
  const fs::path out = build_dir() / "schema.json.new";
  std::ofstream(out, std::ios::binary) << fresh;
  FAIL() << committed << " is out of date with the scenario spec. The fresh schema is in " << out
         << "; update the committed copy with\n  cp " << out << " " << committed;
}

TEST(SchemaFile, IsPrettyPrintedWithTrailingNewline) {
  const std::string text = json_schema_text();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.substr(0, 4), "{\n  ");
  EXPECT_EQ(ordered_json::parse(text), make_json_schema());
}

TEST(SchemaDocs, FieldTablesAreCurrent) {
  const fs::path doc = fs::path(source_dir()) / "docs" / "scenario-format.md";
  const std::string text = read(doc);
  const auto begin = text.find(kBeginMarker);
  const auto end = text.find(kEndMarker);
  ASSERT_NE(begin, std::string::npos) << doc << " lacks " << kBeginMarker;
  ASSERT_NE(end, std::string::npos) << doc << " lacks " << kEndMarker;
  ASSERT_LT(begin, end);
  const std::size_t from = begin + std::string(kBeginMarker).size();
  const std::string committed = text.substr(from, end - from);
  const std::string fresh = "\n\n" + make_field_table_markdown() + "\n";
  if (committed == fresh) return;
  const fs::path out = build_dir() / "scenario-format.md.new";
  std::ofstream(out, std::ios::binary) << text.substr(0, from) << fresh << text.substr(end);
  FAIL() << "The field tables in " << doc << " are out of date with the scenario spec. " << out
         << " is the document with fresh tables; update it with\n  cp " << out << " " << doc;
}

// ---- structure --------------------------------------------------------------------

bool is_leaf_default(const Field& f) {
  return f.kind != FieldKind::Object && f.kind != FieldKind::Array && !f.default_value.is_null();
}

// Checks the schema node of every spec field, both variants.
void check_object(const Field& f, const ordered_json& node, const ordered_json& defs, bool strict,
                  const std::string& ptr) {
  SCOPED_TRACE(ptr.empty() ? "/" : ptr);
  ASSERT_TRUE(node.contains("properties"));
  EXPECT_EQ(node["additionalProperties"], false);
  ordered_json required = ordered_json::array();
  for (const auto& m : f.members)
    if (m.required) required.push_back(m.name);
  if (strict && !required.empty()) {
    EXPECT_EQ(node["required"], required);
  } else if (!ptr.empty()) {
    EXPECT_FALSE(node.contains("required"));
  }
  EXPECT_EQ(node["properties"].size(), f.members.size());
  for (const auto& m : f.members) {
    const std::string p = ptr + "/" + m.name;
    ASSERT_TRUE(node["properties"].contains(m.name)) << p;
    const ordered_json& s = node["properties"][m.name];
    if (!m.description.empty()) {
      EXPECT_THAT(s.value("description", ""), HasSubstr(m.description)) << p;
    }
    switch (m.kind) {
      case FieldKind::Object:
        check_object(m, s, defs, strict, p);
        break;
      case FieldKind::Array:
        // Elements are complete even under extends: arrays are replaced whole.
        check_object(m, s["items"], defs, true, p + "/-");
        break;
      case FieldKind::Number:
        if (m.uncertain) {
          const std::string ref = s.value("$ref", "");
          EXPECT_EQ(ref.rfind(strict ? "#/$defs/uncertain_" : "#/$defs/uncertain_patch_", 0), 0u) << p;
          EXPECT_TRUE(defs.contains(ref.substr(8))) << ref;
          break;
        }
        [[fallthrough]];
      case FieldKind::Integer:
        EXPECT_EQ(s["minimum"], m.min) << p;
        EXPECT_EQ(s["maximum"], m.max) << p;
        break;
      case FieldKind::Enum: {
        ordered_json choices = m.choices;
        if (!strict) choices.push_back(nullptr);
        EXPECT_EQ(s["enum"], choices) << p;
        break;
      }
      case FieldKind::StringList:
        EXPECT_EQ(s["uniqueItems"], true) << p;
        break;
      case FieldKind::Date:
        EXPECT_TRUE(s.contains("pattern")) << p;
        break;
      default:
        break;
    }
    if (is_leaf_default(m)) {
      EXPECT_EQ(s["default"], m.default_value) << p;
    }
  }
}

TEST(SchemaStructure, HeaderNamesDraft202012) {
  const ordered_json s = make_json_schema();
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["$id"], "https://simrun.example/scenario.schema.json");
  EXPECT_TRUE(s.contains("title"));
  EXPECT_TRUE(s.contains("description"));
  EXPECT_EQ(s["if"]["required"], ordered_json::array({"extends"}));
  EXPECT_EQ(s["then"]["$ref"], "#/$defs/scenario_patch");
  EXPECT_EQ(s["else"]["$ref"], "#/$defs/scenario");
}

TEST(SchemaStructure, EveryFieldOfTheSpecIsThere) {
  const ordered_json s = make_json_schema();
  const auto& defs = s["$defs"];
  check_object(scenario_spec(), defs["scenario"], defs, true, "");
  check_object(scenario_spec(), defs["scenario_patch"], defs, false, "");
}

TEST(SchemaStructure, DistributionsCoverEveryKind) {
  const ordered_json s = make_json_schema();
  const auto& one_of = s["$defs"]["distribution"]["oneOf"];
  ASSERT_EQ(one_of.size(), distribution_kinds().size());
  for (std::size_t i = 0; i < one_of.size(); ++i) {
    const auto& form = distribution_kinds()[i];
    EXPECT_EQ(one_of[i]["properties"]["dist"]["const"], form.name);
    EXPECT_EQ(one_of[i]["additionalProperties"], false);
    EXPECT_EQ(one_of[i]["required"].size(), form.required.size() + 1);
  }
}

TEST(SchemaDocs, TablesNameEveryField) {
  const std::string md = make_field_table_markdown();
  EXPECT_THAT(md, HasSubstr("| field | type | default | range | unit | meaning | source |"));
  EXPECT_THAT(md, HasSubstr("### `/actors/RU`"));
  EXPECT_THAT(md, HasSubstr("### `/events/<n>`"));
  EXPECT_THAT(md, HasSubstr("| `hawkishness` | number or distribution | `0.6` | 0 .. 1 |"));
  EXPECT_THAT(md, HasSubstr("| `name` **required** | string |"));
  EXPECT_THAT(md, HasSubstr("| `truncated_normal` |"));
}

// ---- agreement with the validator ---------------------------------------------------

// Validates files against a schema with Python's jsonschema (Draft 2020-12).
// The program is one line per statement, free of single quotes, so that the
// shell passes it to -c untouched. NaN and Infinity count as not JSON, as in
// the validator.
constexpr const char* kPythonCheck = R"py(
import json, sys
try:
    import jsonschema
except ImportError:
    print(json.dumps({"skip": "the jsonschema module is not installed (Debian: python3-jsonschema)"}))
    sys.exit(0)
def no_constants(name):
    raise ValueError("not JSON: " + name)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
out = {}
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f, parse_constant=no_constants)
    except Exception as e:
        out[path] = {"status": "not_json", "errors": [str(e)]}
        continue
    found = list(validator.iter_errors(doc))
    paths = ["".join("/" + str(p) for p in e.absolute_path) for e in found]
    errors = [p + ": " + e.message for p, e in zip(paths, found)]
    out[path] = {"status": "invalid" if errors else "valid", "errors": errors[:5], "paths": paths}
print(json.dumps(out))
)py";

class SchemaAgreement : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 is not installed";
  }

  // status ("valid", "invalid", "not_json") and messages per file; empty
  // with skip_ set when jsonschema is missing.
  ordered_json check(const std::vector<std::string>& files) {
    const fs::path schema = dir_ / "schema.json";
    std::ofstream(schema, std::ios::binary) << json_schema_text();
    const fs::path out = dir_ / "out.json";
    std::string cmd = "/usr/bin/python3 -c '" + std::string(kPythonCheck) + "' '" + schema.string() + "'";
    for (const auto& f : files) cmd += " '" + f + "'";
    cmd += " > '" + out.string() + "'";
    const int rc = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << "python failed: " << cmd;
    ordered_json result = ordered_json::parse(read(out), nullptr, false);
    if (result.is_discarded()) {
      ADD_FAILURE() << "python printed no JSON";
      return ordered_json::object();
    }
    if (result.contains("skip")) skip_ = result["skip"].get<std::string>();
    return result;
  }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  const testing::TempDir temp_{"simrun_schema"};
  const fs::path dir_ = temp_.path;
  std::string skip_;
};

TEST_F(SchemaAgreement, TheScenarioLibraryPassesBoth) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(source_dir() + "/scenarios")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && name != "schema.json" && name.find("sweep") == std::string::npos)
      files.push_back(e.path().string());
  }
  ASSERT_FALSE(files.empty());
  const ordered_json result = check(files);
  if (!skip_.empty()) GTEST_SKIP() << skip_;
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    EXPECT_NO_THROW(load_scenario(f));
    ASSERT_TRUE(result.contains(f));
    EXPECT_EQ(result[f]["status"], "valid") << result[f]["errors"].dump(2);
  }
}

TEST_F(SchemaAgreement, ExtendingFilesMayOmitAndNullFields) {
  // Accepted by both: omissions, null removing an inherited actor, one
  // parameter of an inherited distribution changed, and "$schema".
  const std::string scenarios = source_dir() + "/scenarios/";
  const std::string file = write("extending.json", R"({
  "$schema": "schema.json",
  "extends": ")" + scenarios + R"(baseline.json",
  "name": "extending",
  "description": "a patch of the baseline",
  "actors": {"IL": null, "RU": {"attention": {"max": 0.5}}},
  "events": [{"id": "incidents", "type": "incident", "rate_per_year": {"dist": "uniform", "min": 0.5, "max": 2}}]
})");
  const ordered_json result = check({file});
  if (!skip_.empty()) GTEST_SKIP() << skip_;
  EXPECT_NO_THROW(load_scenario(file));
  EXPECT_EQ(result[file]["status"], "valid") << result[file]["errors"].dump(2);
}

TEST_F(SchemaAgreement, BadFilesFailTheSchemaUnlessValidatorOnly) {
  std::vector<std::string> files;
  for (const auto& c : bad_cases()) files.push_back(bad_path(c.file));
  const ordered_json result = check(files);
  if (!skip_.empty()) GTEST_SKIP() << skip_;
  int schema_checked = 0;
  for (const auto& c : bad_cases()) {
    const std::string f = bad_path(c.file);
    SCOPED_TRACE(c.file);
    EXPECT_THROW(load_scenario(f), InputError);
    ASSERT_TRUE(result.contains(f));
    const std::string status = result[f]["status"];
    if (c.validator_only == nullptr) {
      ++schema_checked;
      EXPECT_EQ(status, "invalid") << "the JSON Schema accepts it; the validator says: " << c.fragment;
      // And at the same place, or at the object that holds it.
      bool same_place = false;
      for (const auto& p : result[f]["paths"]) {
        const std::string path = p.get<std::string>();
        const std::string pointer = c.pointer;
        same_place |= path == pointer || pointer.rfind(path + "/", 0) == 0;
      }
      EXPECT_TRUE(same_place) << c.pointer << " vs " << result[f]["errors"].dump(2);
    } else {
      // The reason given must hold: the schema cannot see this mistake.
      EXPECT_NE(status, "invalid") << "marked validator-only (" << c.validator_only
                                   << ") but the schema rejects it: " << result[f]["errors"].dump(2);
    }
  }
  ::testing::Test::RecordProperty("schema_checked", schema_checked);
  EXPECT_GE(schema_checked * 2, static_cast<int>(bad_cases().size())) << "most mistakes are the schema's too";
}

}  // namespace
}  // namespace simrun::input
