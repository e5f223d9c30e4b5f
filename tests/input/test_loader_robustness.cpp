// A small deterministic fuzzer of the scenario loader: thousands of mutated
// copies of the library's scenarios must each either load or be refused with
// an InputError that says where. Nothing else may escape: no other exception,
// no crash, no diagnostic without a message. Mutations include deep nesting,
// long strings and control characters; a second test puts a value of every
// kind at every place of the scenarios.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "input/scenario.h"
#include "util/diagnostics.h"
#include "util/random.h"

using namespace simrun;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One random edit: delete, duplicate, replace a byte, or splice in a token
// that scenario files are likely to get wrong.
std::string mutate(std::string s, Engine& rng) {
  static const char* kTokens[] = {"{",
                                  "}",
                                  "[",
                                  "]",
                                  ",",
                                  ":",
                                  "\"",
                                  "null",
                                  "true",
                                  "-1",
                                  "1e999",
                                  "NaN",
                                  "\"x\"",
                                  "0.5",
                                  "\\u",
                                  "\xC3",
                                  "\xFF",
                                  "{}",
                                  "[]",
                                  "\"dist\": \"normal\"",
                                  "\"extends\": \"missing.json\"",
                                  "99999999999",
                                  "\"\\u0000\"",
                                  "\"\\u001b[31m\"",
                                  "\"\\ud800\""};
  // Deep nesting (balanced and not) and strings beyond the length limit.
  static const std::string kDeep = std::string(100, '[') + std::string(100, ']');
  static const std::string kOpen(5000, '{');
  // Built piece by piece: GCC 12 warns falsely (-Wrestrict) on chained +.
  static const std::string kLong = std::string(1, '"').append(70000, 'x').append(1, '"');
  static const std::string kLongKey = std::string(1, '"').append(2000, 'k').append("\": 1,");
  auto pick = [&](std::size_t n) { return boost::random::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const std::size_t at = pick(s.size());
  switch (pick(5)) {
    case 0:
      s.erase(at, 1 + pick(8));
      break;
    case 1:
      s.insert(at, s.substr(at, 1 + pick(16)));
      break;
    case 2:
      s[at] = static_cast<char>(pick(256));
      break;
    case 3: {
      const std::string* big[] = {&kDeep, &kOpen, &kLong, &kLongKey};
      s.insert(at, *big[pick(std::size(big))]);
      break;
    }
    default:
      s.insert(at, kTokens[pick(std::size(kTokens))]);
      break;
  }
  return s;
}

}  // namespace

TEST(LoaderRobustness, MutatedScenariosLoadOrFailWithADiagnostic) {
  const std::string dir = std::string(SIMRUN_SOURCE_DIR) + "/scenarios";
  int loaded = 0, refused = 0;
  for (const char* name : {"baseline.json", "ukraine_deal.json", "replay_2024.json"}) {
    const std::string original = read_file(dir + "/" + name);
    Engine rng = make_stream(2026, 0, std::string("fuzz:") + name);
    for (int i = 0; i < 3000; ++i) {
      std::string text = original;
      const int edits = 1 + static_cast<int>(i % 3);
      for (int e = 0; e < edits; ++e) text = mutate(text, rng);
      try {
        (void)input::load_scenario_text(text, name, dir);
        ++loaded;
      } catch (const InputError& err) {
        ++refused;
        ASSERT_FALSE(err.diagnostics().empty());
        for (const auto& d : err.diagnostics()) ASSERT_FALSE(d.message.empty()) << name << " mutation " << i;
      } catch (const std::exception& other) {
        FAIL() << name << " mutation " << i << " escaped as " << typeid(other).name() << ": " << other.what()
               << "\n--- text ---\n"
               << text;
      }
    }
  }
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(loaded, 50);
  EXPECT_GT(refused, 3000);
  std::printf("  %d mutated files loaded, %d refused with diagnostics\n", loaded, refused);
}

// Every place that holds a value in the library's scenarios, and every
// container, takes each of these in turn. Checks that read one field while
// checking another meet values of every type there.
TEST(LoaderRobustness, EveryValueReplacedByEveryKindLoadsOrFailsWithADiagnostic) {
  using nlohmann::ordered_json;
  const std::string dir = std::string(SIMRUN_SOURCE_DIR) + "/scenarios";
  ordered_json deep = ordered_json::array();
  for (int k = 0; k < 70; ++k) deep = ordered_json::array({deep});
  const std::vector<ordered_json> replacements = {5,
                                                  -1e300,
                                                  "x",
                                                  "",
                                                  ordered_json::array(),
                                                  ordered_json::object(),
                                                  nullptr,
                                                  true,
                                                  deep,
                                                  std::string(70000, 'x'),
                                                  ordered_json::array({1, "x", nullptr}),
                                                  std::string("a\0b", 3)};
  int refused = 0;
  for (const char* name : {"baseline.json", "ukraine_deal.json", "replay_2024.json"}) {
    const auto original = ordered_json::parse(read_file(dir + "/" + name));
    std::vector<std::string> pointers;
    const ordered_json leaves = original.flatten();
    for (const auto& [leaf, value] : leaves.items()) {
      // The leaf and each container above it.
      for (std::string p = leaf; !p.empty(); p = p.substr(0, p.rfind('/'))) pointers.push_back(p);
    }
    std::sort(pointers.begin(), pointers.end());
    pointers.erase(std::unique(pointers.begin(), pointers.end()), pointers.end());
    for (const auto& pointer : pointers) {
      for (const auto& replacement : replacements) {
        ordered_json doc = original;
        doc[ordered_json::json_pointer(pointer)] = replacement;
        try {
          (void)input::load_scenario_text(doc.dump(), name, dir);
        } catch (const InputError& err) {
          ++refused;
          ASSERT_FALSE(err.diagnostics().empty());
        } catch (const std::exception& other) {
          FAIL() << name << " with " << pointer << " = " << replacement.dump().substr(0, 80) << " escaped as "
                 << typeid(other).name() << ": " << other.what();
        }
      }
    }
  }
  EXPECT_GT(refused, 1000);
}
