// `simrun summary` on damaged results files: every dataset the reader uses
// is checked against the declared layout before use, so a file whose
// datasets are empty, missing or of the wrong shape is refused (exit 2) and
// never read out of bounds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <sys/stat.h>
#include <filesystem>

#include <functional>

#include "support/cli.h"

using namespace simrun::testing;
using ::testing::HasSubstr;

namespace {

const std::string kSmall = " --runs 20 --set agents.diaspora.population=60000 --quiet ";

// Replaces dataset `path` of `file` by a float64 dataset of shape `dims`.
void replace_dataset(const std::string& file, const std::string& path, std::vector<hsize_t> dims) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  ASSERT_GE(H5Ldelete(f, path.c_str(), H5P_DEFAULT), 0) << path;
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t d = H5Dcreate2(f, path.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(d, 0);
  H5Dclose(d);
  H5Sclose(space);
  H5Fclose(f);
}

void delete_dataset(const std::string& file, const std::string& path) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(H5Ldelete(f, path.c_str(), H5P_DEFAULT), 0) << path;
  H5Fclose(f);
}

void set_flag_meanings(const std::string& file, const std::string& path, const std::string& text) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  ASSERT_GE(H5Adelete(d, "flag_meanings"), 0);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, text.size() + 1);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(d, "flag_meanings", type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, type, text.c_str());
  H5Aclose(a);
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(d);
  H5Fclose(f);
}

struct Damage {
  const char* what;
  std::function<void(const std::string&)> apply;
  const char* message;
};

void expect_refused(const std::string& args, const Damage& damage) {
  TempDir dir;
  const auto run = run_cli(args + " --out r.h5", dir.path);
  ASSERT_EQ(run.code, 0) << run.err;
  ASSERT_EQ(run_cli("summary r.h5", dir.path).code, 0) << "the undamaged file must read";
  damage.apply(dir / "r.h5");
  const auto r = run_cli("summary r.h5", dir.path);
  EXPECT_EQ(r.code, 2) << damage.what << "\n" << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("damaged results file")) << damage.what;
  EXPECT_THAT(r.err, HasSubstr(damage.message)) << damage.what;
}

}  // namespace

TEST(ResultsReader, RefusesDamagedResultsFiles) {
  const std::string args = scenario_file("baseline.json") + kSmall;
  const std::vector<Damage> cases = {
      {"empty horizon", [](const std::string& f) { replace_dataset(f, "/summary/horizon", {0}); },
       "horizon has shape [0]"},
      {"empty outcome probability table",
       [](const std::string& f) { replace_dataset(f, "/summary/outcome_probability", {0}); },
       "outcome_probability has shape [0]"},
      {"metric means too short", [](const std::string& f) { replace_dataset(f, "/summary/metric_mean", {3}); },
       "metric_mean has shape [3]"},
      {"missing dataset", [](const std::string& f) { delete_dataset(f, "/summary/outcome_upper"); },
       "outcome_upper is missing"},
      {"flag_meanings longer than the codes",
       [](const std::string& f) { set_flag_meanings(f, "/summary/outcome", "a b c d e f g h i j k"); },
       "names in flag_meanings"},
      {"missing summary group", [](const std::string& f) { delete_dataset(f, "/summary"); }, "/summary is missing"},
  };
  for (const auto& c : cases) expect_refused(args, c);
}

TEST(ResultsReader, RefusesDamagedComparisonFiles) {
  const std::string args =
      "compare " + scenario_file("baseline.json") + " " + scenario_file("ukraine_deal.json") + kSmall;
  expect_refused(
      args, {"empty differences horizon", [](const std::string& f) { replace_dataset(f, "/differences/horizon", {0}); },
             "horizon has shape [0]"});
  expect_refused(args, {"difference table of the wrong shape",
                        [](const std::string& f) {
                          replace_dataset(f, "/differences/difference", {2, 2});
                        },
                        "difference has shape [2, 2]"});
}

// Only regular files are opened: a FIFO would block HDF5's open forever.
TEST(ResultsReader, RefusesWhatIsNotARegularFileWithoutBlocking) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo.h5").c_str(), 0600), 0);
  std::filesystem::create_directory(dir / "folder.h5");
  const std::pair<std::string, std::string> cases[] = {{"fifo.h5", "not a regular file (a FIFO)"},
                                                       {"folder.h5", "not a regular file (a directory)"},
                                                       {"/dev/null", "not a regular file (a device)"},
                                                       {"missing.h5", "no such file"}};
  for (const auto& [file, message] : cases) {
    const auto r = run_cli("summary " + file, dir.path);  // a blocked open would hang the test here
    EXPECT_EQ(r.code, 2) << file;
    EXPECT_THAT(r.err, HasSubstr(message)) << file;
  }
}

// A results file another process is still writing is locked by HDF5: say so
// rather than calling it "not an HDF5 file".
TEST(ResultsReader, NamesAFileLockedByAWriter) {
  TempDir dir;
  const std::string path = dir / "busy.h5";
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const auto r = run_cli("summary busy.h5", dir.path);
  H5Fclose(f);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("another process may be writing it"));
}
