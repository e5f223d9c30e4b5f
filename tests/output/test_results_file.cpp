// The results file as users read it: bit-identical numbers for any thread
// count, readable by xarray (netCDF4), h5py and ncdump without custom code,
// and `simrun summary` refusing what is not a complete results file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "output/h5.h"
#include "output/results_file.h"
#include "support/cli.h"
#include "util/diagnostics.h"

using namespace simrun;
using namespace simrun::testing;
using ::testing::HasSubstr;

namespace {

const std::string kSmall = " --runs 40 --set agents.diaspora.population=60000 ";

// Every dataset of a file, read as doubles, keyed by path.
void collect(const h5::Group& g, const std::string& prefix, std::map<std::string, std::vector<double>>& out) {
  for (const auto& name : g.member_names()) {
    const std::string path = prefix + "/" + name;
    H5O_info_t info;
    ASSERT_GE(H5Oget_info_by_name(g.id(), name.c_str(), &info, H5P_DEFAULT), 0);
    if (info.type == H5O_TYPE_GROUP) {
      collect(g.open_group(name), path, out);
    } else {
      out[path] = g.open_dataset(name).read<double>();
    }
  }
}

std::map<std::string, std::vector<double>> datasets(const std::string& file) {
  std::map<std::string, std::vector<double>> out;
  const auto f = h5::File::open_read(file);
  collect(f, "", out);
  return out;
}

bool bit_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool have_xarray() { return std::system("/usr/bin/python3 -c 'import xarray, netCDF4, h5py' 2>/dev/null") == 0; }

}  // namespace

TEST(ResultsFile, NumericDatasetsAreBitIdenticalForOneTwoAndEightThreads) {
  TempDir dir;
  for (int t : {1, 2, 8}) {
    const auto r = run_cli(scenario_file("ukraine_deal.json") + kSmall + "--threads " + std::to_string(t) + " --out t" +
                               std::to_string(t) + ".h5",
                           dir.path);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  const auto one = datasets(dir / "t1.h5");
  ASSERT_GT(one.size(), 50u);
  for (const char* other : {"t2.h5", "t8.h5"}) {
    const auto o = datasets(dir / other);
    ASSERT_EQ(o.size(), one.size());
    for (const auto& [path, values] : one) {
      ASSERT_TRUE(o.count(path)) << path;
      EXPECT_TRUE(bit_equal(values, o.at(path))) << path << " differs in " << other;
    }
  }
  // The provenance records what differs: the thread count.
  EXPECT_EQ(h5::File::open_read(dir / "t8.h5").attr_int64("threads"), 8);
}

TEST(ResultsFile, OpensWithXarrayH5pyAndNcdump) {
  if (!have_xarray()) GTEST_SKIP() << "python3 with xarray, netCDF4 and h5py not installed";
  TempDir dir;
  ASSERT_EQ(run_cli(scenario_file("ukraine_deal.json") + kSmall + "--out r.h5", dir.path).code, 0);
  const std::string script = R"PY(
import sys, h5py, xarray as xr, numpy as np
p = sys.argv[1]
root = xr.open_dataset(p)
assert root.attrs["file_type"] == "simrun results", root.attrs
assert int(root.attrs["complete"]) == 1
t = xr.open_dataset(p, group="trajectories")
assert t.tension.dims == ("realization", "time"), t.tension.dims
assert t.sizes["realization"] == 40 and t.sizes["time"] == 366
assert t.tension.attrs["units"] == "1" and "tension" in t.tension.attrs["long_name"]
assert str(t.time.values[0]).startswith("2025-03-01"), t.time.values[0]
s = xr.open_dataset(p, group="summary")
assert s.tension.dims == ("quantile", "time")
assert s.outcome_probability.dims == ("outcome", "horizon")
assert float(s.visa_regime_upper.max()) <= 1.0
e = xr.open_dataset(p, group="events").to_dataframe()
assert {"run", "step", "actor", "target", "action", "cameo", "goldstein"} <= set(e.columns)
assert len(e) > 0 and e.goldstein.between(-10, 10).all()
ev = xr.open_dataset(p, group="events")
# CF: flag_values have the type of the variable they describe.
assert ev.actor.attrs["flag_values"].dtype == ev.actor.dtype, ev.actor.attrs["flag_values"].dtype
assert s.outcome.attrs["flag_values"].dtype == s.outcome.dtype
o = xr.open_dataset(p, group="outcomes", decode_timedelta=False)
assert o.visa_regime.dims == ("realization",)
pa = xr.open_dataset(p, group="parameters")
assert "channels.oil_transit" in pa.data_vars
with h5py.File(p, "r") as f:
    assert f["trajectories/tension"].shape == (40, 366)
    assert f["trajectories/tension"].compression == "gzip"
    assert f["trajectories/tension"].shuffle
print("ok")
)PY";
  { std::ofstream(dir / "check.py") << script; }
  const std::string cmd =
      "/usr/bin/python3 '" + (dir / "check.py") + "' '" + (dir / "r.h5") + "' >'" + (dir / "py.out") + "' 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << slurp(dir / "py.out");
  if (std::system("command -v ncdump >/dev/null") == 0) {
    const std::string nc = "ncdump -h '" + (dir / "r.h5") + "' >'" + (dir / "nc.out") + "' 2>&1";
    EXPECT_EQ(std::system(nc.c_str()), 0) << slurp(dir / "nc.out");
    EXPECT_THAT(slurp(dir / "nc.out"), HasSubstr("group: trajectories"));
  }
}

TEST(ResultsFile, LeavingOutTrajectoriesAndEventsKeepsSummaries) {
  TempDir dir;
  ASSERT_EQ(
      run_cli(scenario_file("baseline.json") + kSmall + "--no-trajectories --no-events --out r.h5", dir.path).code, 0);
  const auto f = h5::File::open_read(dir / "r.h5");
  EXPECT_FALSE(f.has("trajectories"));
  EXPECT_FALSE(f.has("events"));
  EXPECT_TRUE(f.open_group("summary").has("tension"));
  for (const auto& e : std::filesystem::directory_iterator(dir.path)) EXPECT_EQ(e.path().filename(), "r.h5");
}

TEST(ResultsFile, SummaryReadsBackWhatTheRunPrinted) {
  TempDir dir;
  const auto run = run_cli(scenario_file("baseline.json") + kSmall + "--out r.h5", dir.path);
  ASSERT_EQ(run.code, 0);
  const auto summary = run_cli("summary r.h5", dir.path);
  EXPECT_EQ(summary.code, 0);
  EXPECT_THAT(run.out, HasSubstr(summary.out));
  const auto csv = run_cli("summary r.h5 --csv", dir.path);
  EXPECT_EQ(csv.code, 0);
  EXPECT_THAT(csv.out, HasSubstr("scenario,kind,name,horizon_days,estimate,lower,upper"));
  EXPECT_THAT(csv.out, HasSubstr("baseline,outcome,visa_regime,365,"));
}

TEST(ResultsFile, SummaryRefusesFilesThatAreNotCompleteSimrunResults) {
  TempDir dir;
  { std::ofstream(dir / "text.h5") << "not hdf5"; }
  {
    auto f = h5::File::create(dir / "foreign.h5");
    f.set_attr_string("file_type", "something else");
  }
  {
    auto f = h5::File::create(dir / "incomplete.h5");
    f.set_attr_string("file_type", "simrun results");
    f.set_attr_string("format_version", "1.0");
    f.set_attr_int64("complete", 0);
  }
  {
    auto f = h5::File::create(dir / "future.h5");
    f.set_attr_string("file_type", "simrun results");
    f.set_attr_string("format_version", "2.0");
    f.set_attr_int64("complete", 1);
  }
  const std::pair<const char*, const char*> cases[] = {{"text.h5", "not an HDF5 file"},
                                                       {"foreign.h5", "not a simrun results file"},
                                                       {"incomplete.h5", "incomplete"},
                                                       {"future.h5", "format version \"2.0\" is not supported"}};
  for (const auto& [file, fragment] : cases) {
    const auto r = run_cli(std::string("summary ") + file, dir.path);
    EXPECT_EQ(r.code, 2) << file;
    EXPECT_THAT(r.err, HasSubstr(fragment)) << file;
  }
}

TEST(Compare, AScenarioComparedWithItselfDiffersByExactlyZero) {
  TempDir dir;
  const auto r = run_cli("compare " + scenario_file("ukraine_deal.json") + " " + scenario_file("ukraine_deal.json") +
                             kSmall + "--out self.h5",
                         dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto f = h5::File::open_read(dir / "self.h5");
  EXPECT_EQ(f.attr_string("file_type"), "simrun comparison");
  const auto d = f.open_group("differences");
  for (const char* name : {"difference", "difference_lower", "difference_upper", "metric_difference",
                           "metric_difference_lower", "metric_difference_upper"})
    for (double v : d.open_dataset(name).read<double>()) EXPECT_EQ(v, 0.0) << name;
  EXPECT_THAT(r.out, HasSubstr("+0.000 [+0.000, +0.000]"));
  // `simrun summary` reads the comparison back and says the same.
  const auto again = run_cli("summary self.h5", dir.path);
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(r.out, HasSubstr(again.out));
  const auto csv = run_cli("summary self.h5 --csv", dir.path);
  EXPECT_THAT(csv.out, HasSubstr("comparison,kind,name,horizon_days,a,b,difference,lower,upper"));
}

TEST(Compare, PairedIntervalsAreNarrowerThanIndependentBatches) {
  TempDir dir;
  // Without the relationship's pull toward cooperation (§6.5) more metrics vary
  // in both arms, which is what this test needs.
  const std::string opts =
      " --runs 300 --set agents.diaspora.population=60000 --set parameters.decision.relationship_weight=0 ";
  ASSERT_EQ(run_cli("compare " + scenario_file("baseline.json") + " " + scenario_file("ukraine_deal.json") + opts +
                        "--out paired.h5",
                    dir.path)
                .code,
            0);
  // Two independent batches of the same size: different seeds.
  ASSERT_EQ(run_cli(scenario_file("baseline.json") + opts + "--seed 111 --out a.h5", dir.path).code, 0);
  ASSERT_EQ(run_cli(scenario_file("ukraine_deal.json") + opts + "--seed 222 --out b.h5", dir.path).code, 0);

  const auto paired = h5::File::open_read(dir / "paired.h5").open_group("differences");
  const auto plo = paired.open_dataset("metric_difference_lower").read<double>();
  const auto phi = paired.open_dataset("metric_difference_upper").read<double>();
  const auto sa = h5::File::open_read(dir / "a.h5").open_group("summary");
  const auto sb = h5::File::open_read(dir / "b.h5").open_group("summary");
  const auto alo = sa.open_dataset("metric_lower").read<double>(), ahi = sa.open_dataset("metric_upper").read<double>();
  const auto blo = sb.open_dataset("metric_lower").read<double>(), bhi = sb.open_dataset("metric_upper").read<double>();
  // Common random numbers help where both arms vary; a metric that is
  // almost always zero in one arm has nothing to pair with, so it is left out.
  const auto amean = sa.open_dataset("metric_mean").read<double>();
  const auto bmean = sb.open_dataset("metric_mean").read<double>();
  int narrower = 0, compared = 0;
  double paired_total = 0, independent_total = 0;
  for (std::size_t k = 0; k < plo.size(); ++k) {
    const double independent = std::hypot(ahi[k] - alo[k], bhi[k] - blo[k]);
    paired_total += phi[k] - plo[k];
    independent_total += independent;
    if (std::abs(amean[k]) < 1.0 || std::abs(bmean[k]) < 1.0) continue;
    ++compared;
    narrower += (phi[k] - plo[k]) < independent;
  }
  ASSERT_GE(compared, 5);
  EXPECT_LT(paired_total, independent_total);
  EXPECT_EQ(narrower, compared) << "paired intervals should be narrower for every metric that varies in both arms";
}

TEST(Compare, DifferencesUseTheSameHorizonsAsEachSummary) {
  TempDir dir;
  // Weekly steps: horizons that the step does not divide.
  const auto r = run_cli("compare " + scenario_file("baseline.json") + " " + scenario_file("ukraine_deal.json") +
                             kSmall + "--set run.step_days=7 --out weekly.h5",
                         dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto f = h5::File::open_read(dir / "weekly.h5");
  const auto d = f.open_group("differences");
  for (const char* arm : {"a", "b"}) {
    const auto s = f.open_group(std::string(arm) + "/summary");
    EXPECT_EQ(d.open_dataset("horizon").read<double>(), s.open_dataset("horizon").read<double>());
    EXPECT_EQ(d.open_dataset(std::string("probability_") + arm).read<double>(),
              s.open_dataset("outcome_probability").read<double>())
        << arm;
  }
}

// --- the move onto the final name -------------------------------------------

namespace simrun::output {
std::string method_name(NoReplace method) {
  switch (method) {
    case NoReplace::Rename:
      return "Rename";
    case NoReplace::Link:
      return "Link";
    case NoReplace::Check:
      return "Check";
  }
  return "Unknown";
}
// GoogleTest would print the enum's bytes in the names CTest lists.
void PrintTo(NoReplace method, std::ostream* os) { *os << method_name(method); }
}  // namespace simrun::output

namespace {

// Each way of refusing to replace: the atomic rename, the hard-link
// fallback, and the check-then-rename of the last resort.
class NoReplaceMove : public ::testing::TestWithParam<output::NoReplace> {};

std::string param_name(const ::testing::TestParamInfo<output::NoReplace>& info) {
  return output::method_name(info.param);
}

}  // namespace

TEST_P(NoReplaceMove, MovesOntoAFreeName) {
  TempDir dir;
  { std::ofstream(dir / "from") << "new"; }
  output::move_without_replacing(dir.path / "from", dir.path / "to", GetParam());
  EXPECT_EQ(slurp(dir / "to"), "new");
  EXPECT_FALSE(std::filesystem::exists(dir.path / "from"));
}

TEST_P(NoReplaceMove, RefusesAnExistingFileOrDanglingLinkAndKeepsBoth) {
  TempDir dir;
  { std::ofstream(dir / "from") << "new"; }
  { std::ofstream(dir / "file") << "earlier"; }
  std::filesystem::create_symlink("nowhere", dir.path / "link");
  for (const char* to : {"file", "link"}) {
    try {
      output::move_without_replacing(dir.path / "from", dir.path / to, GetParam());
      ADD_FAILURE() << to << " was replaced";
    } catch (const RuntimeFailure& e) {
      EXPECT_THAT(e.what(), HasSubstr(std::string(to) + " appeared while this run was computing"));
    }
    EXPECT_EQ(slurp(dir / "from"), "new");
  }
  EXPECT_EQ(slurp(dir / "file"), "earlier");
  EXPECT_TRUE(std::filesystem::is_symlink(dir.path / "link"));
}

INSTANTIATE_TEST_SUITE_P(ResultsFile, NoReplaceMove,
                         ::testing::Values(output::NoReplace::Rename, output::NoReplace::Link,
                                           output::NoReplace::Check),
                         param_name);

TEST(ResultsFile, TemporaryNamesAreShortWhateverTheTarget) {
  TempDir dir;
  const auto a = output::temporary_path(dir.path), b = output::temporary_path(dir.path);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.parent_path(), dir.path);
  EXPECT_EQ(a.filename().string().rfind(".simrun-", 0), 0u) << a;
  EXPECT_LE(a.filename().string().size(), 120u) << a;
}

TEST(ResultsFile, AnUncommittedFileLeavesNothingAndACommittedOneOnlyTheTarget) {
  TempDir dir;
  {
    output::ResultsFile f(dir.path / "r.h5", output::Provenance{});
    f.scratch();
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path), {}), 2);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
  {
    output::ResultsFile f(dir.path / "r.h5", output::Provenance{});
    f.scratch();
    f.commit();
  }
  EXPECT_EQ(h5::File::open_read(dir / "r.h5").attr_int64("complete"), 1);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path), {}), 1);
}

TEST(ResultsFile, ForceStillRefusesWhatBecameANonRegularFileMeanwhile) {
  TempDir dir;
  output::ResultsFile f(dir.path / "r.h5", output::Provenance{}, true);
  std::filesystem::create_directory(dir.path / "r.h5");
  EXPECT_THROW(f.commit(), RuntimeFailure);
  EXPECT_TRUE(std::filesystem::is_directory(dir.path / "r.h5"));
}
