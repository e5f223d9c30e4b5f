// The layering rules of sim/ (docs/contributing.md), checked on every
// #include of every source file: a folder may include its own headers and
// those of the folders its rule lists, nothing else. Only direct includes are
// checked; what a permitted header includes is that header's folder's affair.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.h"

namespace simrun::testing {
namespace {

namespace fs = std::filesystem;

// ---- the rules, as data ------------------------------------------------------------

// What each folder of sim/ may include besides its own headers. An entry is a
// folder ("util": any header in it) or one header ("model/actions.h").
const std::map<std::string, std::vector<std::string>> kMayInclude = {
    {"util", {}},
    {"model", {"util"}},
    {"mc", {"model", "util"}},
    // The loader builds the Monte Carlo layer's run plans.
    {"input", {"mc", "model", "util"}},
    // Of the model, output sees only the declared tables it names datasets by.
    {"output",
     {"mc", "util", "model/actions.h", "model/actors.h", "model/metrics.h", "model/outcomes.h", "model/variables.h"}},
    {"app", {"util", "model", "mc", "input", "output"}},
};

// Violations that exist today, each as {file, included header}. The
// refactoring in progress removes them; delete an entry when its include
// goes (KnownExceptionsStillOccur fails on an entry that no longer occurs,
// so the list can only shrink). Never add to it.
const std::set<std::pair<std::string, std::string>> kKnownExceptions = {
};

// ---- the check ---------------------------------------------------------------------

struct Include {
  std::string file;  // relative to the source root, e.g. "sim/mc/engine.h"
  int line = 0;
  std::string header;  // as a path below sim/, e.g. "input/scenario.h"
};

struct Violation {
  Include include;
  std::string why;
};

bool is_source(const fs::path& p) {
  const std::string name = p.filename().string();
  for (const char* ext : {".h", ".cpp", ".h.in"})
    if (name.size() > std::string(ext).size() && name.ends_with(ext)) return true;
  return false;
}

// Every include of a sim/ header by a file under root/sim: "a/b.h" names
// sim/a/b.h, a relative name is resolved from the including file's folder;
// includes of anything else (the standard library, Boost, HDF5) are skipped.
std::vector<Include> sim_includes(const fs::path& root) {
  static const std::regex directive(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  const fs::path sim = root / "sim";
  std::set<std::string> folders;  // those with rules and those present
  for (const auto& [folder, allowed] : kMayInclude) folders.insert(folder);
  for (const auto& e : fs::directory_iterator(sim))
    if (e.is_directory()) folders.insert(e.path().filename().string());
  std::vector<Include> out;
  for (const auto& e : fs::recursive_directory_iterator(sim)) {
    if (!e.is_regular_file() || !is_source(e.path())) continue;
    std::ifstream in(e.path());
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
      std::smatch m;
      if (!std::regex_search(text, m, directive)) continue;
      const std::string name = m[1].str();
      fs::path target = fs::path(name).lexically_normal();
      const std::string first = target.begin()->string();
      if (!folders.count(first)) {
        const fs::path local = (e.path().parent_path() / name).lexically_normal();
        if (!fs::exists(local)) continue;  // not a header of sim/
        target = local.lexically_relative(sim);
      }
      out.push_back({e.path().lexically_relative(root).generic_string(), line, target.generic_string()});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Include& a, const Include& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  return out;
}

std::string folder_of_file(const std::string& file) {  // "sim/mc/engine.h" -> "mc"
  const fs::path p(file);
  auto it = std::next(p.begin());
  return it == p.end() || std::next(it) == p.end() ? "" : it->string();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "nothing else" : out;
}

std::vector<Violation> violations(const std::vector<Include>& includes) {
  std::vector<Violation> out;
  for (const Include& inc : includes) {
    const std::string from = folder_of_file(inc.file);
    const std::string to = fs::path(inc.header).begin()->string();
    const auto rule = kMayInclude.find(from);
    if (rule == kMayInclude.end()) {
      out.push_back({inc, "sim/" + from + " has no entry in the include rules (kMayInclude)"});
      continue;
    }
    if (to == from) continue;
    const auto& allowed = rule->second;
    if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) continue;
    if (std::find(allowed.begin(), allowed.end(), inc.header) != allowed.end()) continue;
    out.push_back(
        {inc, from + " may not include " + inc.header + " (" + from + " may include " + joined(allowed) + ")"});
  }
  return out;
}

std::string describe(const Violation& v) {
  return v.include.file + ":" + std::to_string(v.include.line) + ": " + v.why;
}

bool known(const Violation& v, const std::set<std::pair<std::string, std::string>>& exceptions = kKnownExceptions) {
  return exceptions.count({v.include.file, v.include.header}) > 0;
}

// ---- the source tree ---------------------------------------------------------------

TEST(IncludeRules, SimFollowsTheLayeringRules) {
  const auto includes = sim_includes(SIMRUN_SOURCE_DIR);
  ASSERT_GT(includes.size(), 100u) << "too few includes found under " << SIMRUN_SOURCE_DIR << "/sim";
  std::string report;
  for (const Violation& v : violations(includes))
    if (!known(v)) report += "  " + describe(v) + "\n";
  EXPECT_TRUE(report.empty()) << "includes that break the layering rules (docs/contributing.md):\n" << report;
}

TEST(IncludeRules, KnownExceptionsStillOccur) {
  const auto found = violations(sim_includes(SIMRUN_SOURCE_DIR));
  for (const auto& [file, header] : kKnownExceptions) {
    const bool occurs = std::any_of(found.begin(), found.end(), [&](const Violation& v) {
      return v.include.file == file && v.include.header == header;
    });
    EXPECT_TRUE(occurs) << file << " no longer includes " << header
                        << ": remove it from kKnownExceptions in tests/layering/test_include_rules.cpp";
  }
}

// ---- the check itself, on a synthetic tree -----------------------------------------

class IncludeRulesCheck : public ::testing::Test {
 protected:
  void write(const std::string& file, const std::string& text) {
    const fs::path p = tree_.path / file;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::vector<std::string> found() {
    std::vector<std::string> out;
    for (const Violation& v : violations(sim_includes(tree_.path))) out.push_back(describe(v));
    return out;
  }
  const TempDir tree_{"simrun_include_rules"};
};

TEST_F(IncludeRulesCheck, AcceptsWhatTheRulesAllow) {
  write("sim/util/random.h", "#pragma once\n#include <cstdint>\n");
  write("sim/model/model.h", "#include \"util/random.h\"\n#include <vector>\n#include \"model/params.h\"\n");
  write("sim/model/params.h", "#pragma once\n");
  write("sim/model/actions.h", "#pragma once\n");
  write("sim/mc/engine.cpp", "#include \"mc/engine.h\"\n#include \"model/model.h\"\n#include \"util/random.h\"\n");
  write("sim/mc/engine.h", "#include \"engine_detail.h\"\n");  // same folder, relative
  write("sim/mc/engine_detail.h", "\n");
  write("sim/output/writer.cpp", "#include \"mc/engine.h\"\n  #  include \"model/actions.h\"\n");
  write("sim/app/main.cpp", "#include \"output/writer.h\"\n#include \"input/x.h\"\n#include <hdf5.h>\n");
  EXPECT_EQ(found(), std::vector<std::string>{});
}

TEST_F(IncludeRulesCheck, ReportsEachViolationWithFileAndLine) {
  write("sim/util/dates.cpp", "#include \"util/dates.h\"\n#include \"model/model.h\"\n");
  write("sim/model/model.cpp", "// lower layers only\n#include <cmath>\n#include \"mc/engine.h\"\n");
  write("sim/input/scenario.h", "#pragma once\n");
  write("sim/mc/engine.h", "#include \"../input/scenario.h\"\n");  // relative names count too
  write("sim/mc/summary.h", "#include <output/h5.h>\n");           // and angle brackets
  write("sim/output/writer.cpp", "#include \"model/actions.h\"\n#include \"model/model.h\"\n");
  write("sim/extra/tool.cpp", "#include \"util/dates.h\"\n");
  EXPECT_EQ(found(), (std::vector<std::string>{
                         "sim/extra/tool.cpp:1: sim/extra has no entry in the include rules (kMayInclude)",
                         "sim/mc/engine.h:1: mc may not include input/scenario.h (mc may include model, util)",
                         "sim/mc/summary.h:1: mc may not include output/h5.h (mc may include model, util)",
                         "sim/model/model.cpp:3: model may not include mc/engine.h (model may include util)",
                         "sim/output/writer.cpp:2: output may not include model/model.h (output may include mc, "
                         "util, model/actions.h, model/actors.h, model/metrics.h, model/outcomes.h, "
                         "model/variables.h)",
                         "sim/util/dates.cpp:2: util may not include model/model.h (util may include nothing else)"}));
}

TEST_F(IncludeRulesCheck, KnownExceptionsAreExactlyTheViolationsOfTheirFiles) {
  // An exception covers one include of one file: the same include elsewhere
  // is still a violation.
  write("sim/mc/engine.h", "#include \"input/scenario.h\"\n");
  write("sim/mc/summary.h", "#include \"input/scenario.h\"\n");
  const std::set<std::pair<std::string, std::string>> exceptions = {{"sim/mc/engine.h", "input/scenario.h"}};
  std::vector<std::string> unexcused;
  for (const Violation& v : violations(sim_includes(tree_.path)))
    if (!known(v, exceptions)) unexcused.push_back(v.include.file);
  EXPECT_EQ(unexcused, std::vector<std::string>{"sim/mc/summary.h"});
}

}  // namespace
}  // namespace simrun::testing
