// docs/output-format.md describes every dataset of the declared results
// layout (output/results_layout.h), and nothing else: each documented table
// row matches a layout row in name, shape, type and units, both ways.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "output/results_layout.h"

using namespace simrun::output;

namespace {

using Row =
    std::tuple<std::string, std::string, std::string, std::string, std::string>;  // group, name, dims, type, units

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string strip(std::string s, const std::string& chars) {
  std::string out;
  for (char c : s)
    if (chars.find(c) == std::string::npos) out += c;
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

// A documented name (`outcome_lower`, *variable*`_mean`, `events.<id>.occurs`)
// in the layout's spelling.
std::string layout_name(std::string n) {
  n = strip(trim(n), "`");
  for (const char* key : {"variable", "outcome", "metric", "pointer", "factors", "factor", "index", "statistic"})
    replace_all(n, std::string("*") + key + "*", std::string("{") + key + "}");
  replace_all(n, "<id>", "{id}");
  return n;
}

std::string layout_units(std::string u) {
  u = strip(trim(u), "`");
  if (u == "—") return "";
  if (u.rfind("per ", 0) == 0) return "{units}";
  return u;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line.substr(1));
  for (std::string c; std::getline(ss, c, '|');) out.push_back(trim(c));
  return out;
}

// Every row of a dataset table, under the group its section documents.
std::set<Row> documented() {
  std::ifstream in(std::string(SIMRUN_SOURCE_DIR) + "/docs/output-format.md");
  std::set<Row> rows;
  std::string group, line;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      group = line.find("Comparison files") != std::string::npos ? "differences"
              : line.find("Sweep state files") != std::string::npos || line.find("Sweep files") != std::string::npos
                  ? ""
                  : strip(line.substr(3), "`");
      continue;
    }
    if (line.rfind("| `", 0) != 0 && line.rfind("| *", 0) != 0) continue;
    const auto c = cells(line);
    if (c.size() < 5 || c[1].empty() || c[1][0] != '[') continue;  // not a dataset table
    std::stringstream names(c[0]);
    for (std::string n; std::getline(names, n, ',');)
      rows.insert({group, layout_name(n), layout_name(strip(c[1], "[]")), c[2], layout_units(c[3])});
  }
  return rows;
}

}  // namespace

TEST(LayoutDocs, OutputFormatDocumentsEveryDeclaredDatasetAndNoOther) {
  const auto docs = documented();
  std::set<Row> declared;
  for (const auto& d : kLayout)
    declared.insert(
        {std::string(d.group), std::string(d.name), std::string(d.dims), std::string(d.type), std::string(d.units)});
  ASSERT_GT(docs.size(), 30u) << "the dataset tables of docs/output-format.md were not found";
  for (const auto& r : declared)
    EXPECT_TRUE(docs.count(r)) << "not documented (or documented differently): " << std::get<0>(r) << "/"
                               << std::get<1>(r) << " [" << std::get<2>(r) << "] " << std::get<3>(r) << " units '"
                               << std::get<4>(r) << "'";
  for (const auto& r : docs)
    EXPECT_TRUE(declared.count(r)) << "documented but not in the layout: " << std::get<0>(r) << "/" << std::get<1>(r)
                                   << " [" << std::get<2>(r) << "] " << std::get<3>(r) << " units '" << std::get<4>(r)
                                   << "'";
}

TEST(LayoutDocs, LayoutRowsAreUniqueAndNameKnownDimensions) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  const std::set<std::string> dims = {"realization", "time",  "event",       "quantile",  "horizon",     "outcome",
                                      "metric",      "point", "replication", "parameter", "parameter_b", "{factor}",
                                      "{factors}",   "month", "item",        "forecast",  "score",       "statistic"};
  for (const auto& d : kLayout) {
    EXPECT_TRUE(seen.insert({d.group, d.name}).second) << d.group << "/" << d.name << " declared twice";
    std::stringstream ss{std::string(d.dims)};
    for (std::string dim; std::getline(ss, dim, ',');) EXPECT_TRUE(dims.count(trim(dim))) << d.name << ": " << dim;
  }
}
