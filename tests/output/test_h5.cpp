#include "output/h5.h"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace fs = std::filesystem;
namespace h5 = simrun::h5;

namespace {

// Each test gets its own folder, removed afterwards; every HDF5 object must
// be closed by then, which is how leaks on exceptions are caught.
class H5Test : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_EQ(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0) << "HDF5 objects left open"; }

  fs::path path(const std::string& name) const { return dir_.path / name; }

  simrun::testing::TempDir dir_{"simrun_test_h5"};
};

// Raw HDF5 views of what the layer stored, for checks it does not wrap.
std::vector<hsize_t> max_dims_of(const h5::Dataset& ds) {
  h5::Handle space(H5Dget_space(ds.id()), H5Sclose);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
  std::vector<hsize_t> max_dims(dims.size());
  H5Sget_simple_extent_dims(space.get(), dims.data(), max_dims.data());
  return max_dims;
}

hsize_t attr_count(const h5::Object& o) {
  hsize_t n = 0;
  H5Aiterate2(
      o.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char*, const H5A_info_t*, void* count) {
        ++*static_cast<hsize_t*>(count);
        return herr_t{0};
      },
      &n);
  return n;
}

// Expects statement to throw h5::Error whose message contains needle.
#define EXPECT_H5_ERROR(statement, needle)                                          \
  do {                                                                              \
    try {                                                                           \
      statement;                                                                    \
      ADD_FAILURE() << "no h5::Error from " #statement;                             \
    } catch (const h5::Error& e) {                                                  \
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what(); \
    }                                                                               \
  } while (false)

// --- Handle --------------------------------------------------------------------

TEST_F(H5Test, HandleClosesAndMoves) {
  const hid_t id = H5Screate(H5S_SCALAR);
  ASSERT_GE(id, 0);
  {
    h5::Handle a(id, H5Sclose);
    EXPECT_TRUE(a.valid());
    h5::Handle b(std::move(a));
    EXPECT_FALSE(a.valid());
    EXPECT_EQ(b.get(), id);
    h5::Handle c;
    c = std::move(b);
    EXPECT_EQ(c.get(), id);
    EXPECT_GT(H5Iis_valid(id), 0);
  }
  EXPECT_EQ(H5Iis_valid(id), 0);

  const hid_t type = H5Tcopy(H5T_NATIVE_INT);
  h5::Handle t(type, H5Tclose);
  t.close();
  EXPECT_FALSE(t.valid());
  EXPECT_EQ(H5Iis_valid(type), 0);
  t.close();  // no-op once empty
}

TEST_F(H5Test, HandleRejectsBadIdsAndReportsFailedClose) {
  EXPECT_THROW(h5::Handle(H5I_INVALID_HID, H5Sclose), h5::Error);
  const hid_t space = H5Screate(H5S_SCALAR);
  EXPECT_THROW(h5::Handle(space, nullptr), h5::Error);
  EXPECT_GT(H5Iis_valid(space), 0);  // refused, so not owned and not closed
  EXPECT_GE(H5Sclose(space), 0);

  const hid_t id = H5Screate(H5S_SCALAR);
  h5::Handle h(id, H5Sclose);
  ASSERT_GE(H5Sclose(id), 0);  // closed behind the handle's back
  EXPECT_H5_ERROR(h.close(), "cannot close");
  EXPECT_FALSE(h.valid());
}

// HDF5 prints its error stack to stderr by default; the layer turns that
// off in every thread that uses it (thread-safe HDF5 keeps it per thread),
// so failures reach users only as h5::Error messages.
TEST_F(H5Test, HandlesAndFilesSilenceHdf5ErrorPrinting) {
  const auto printer_in_new_thread = [](auto use_layer) {
    H5E_auto2_t before = nullptr, after = nullptr;
    std::thread worker([&] {
      void* data = nullptr;
      H5Eget_auto2(H5E_DEFAULT, &before, &data);
      use_layer();
      use_layer();  // idempotent
      H5Eget_auto2(H5E_DEFAULT, &after, &data);
    });
    worker.join();
    return std::pair(before, after);
  };
  const auto [by_default, after_handle] = printer_in_new_thread([] { h5::Handle(H5Screate(H5S_SCALAR), H5Sclose); });
  ASSERT_NE(by_default, nullptr) << "HDF5 no longer prints errors by default; this test checks nothing";
  EXPECT_EQ(after_handle, nullptr);
  const fs::path file_path = path("quiet.h5");
  const auto [unused, after_file] = printer_in_new_thread([&] { h5::File::create(file_path, true); });
  EXPECT_EQ(after_file, nullptr);
}

// --- Numeric datasets ------------------------------------------------------------

template <class T>
class H5TypedTest : public H5Test {};

struct TypeName {
  template <class T>
  static std::string GetName(int) {
    if (std::is_same_v<T, float>) return "float32";
    if (std::is_same_v<T, double>) return "float64";
    if (std::is_same_v<T, std::int8_t>) return "int8";
    if (std::is_same_v<T, std::int16_t>) return "int16";
    if (std::is_same_v<T, std::int32_t>) return "int32";
    return "int64";
  }
};

using ElementTypes = ::testing::Types<float, double, std::int8_t, std::int16_t, std::int32_t, std::int64_t>;
TYPED_TEST_SUITE(H5TypedTest, ElementTypes, TypeName);

TYPED_TEST(H5TypedTest, RoundTripsOneToThreeDims) {
  using T = TypeParam;
  const fs::path file_path = this->path("types.h5");
  std::vector<T> values(2 * 3 * 4);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<T>(i * 5 % 97);
  values.back() = std::numeric_limits<T>::max();
  values.front() = std::numeric_limits<T>::lowest();
  {
    auto file = h5::File::create(file_path);
    file.create_dataset<T>("d1", {24}).write(values);
    file.create_dataset<T>("d2", {4, 6}).write(values);
    file.create_dataset<T>("d3", {2, 3, 4}).write(values);
    file.create_dataset<T>("empty", {0}).write(std::vector<T>{});
  }
  auto file = h5::File::open_read(file_path);
  for (const char* name : {"d1", "d2", "d3"}) {
    const auto ds = file.open_dataset(name);
    EXPECT_EQ(ds.read<T>(), values) << name;
    EXPECT_EQ(ds.size(), values.size());
    // Stored as the little-endian standard type.
    h5::Handle type(H5Dget_type(ds.id()), H5Tclose);
    EXPECT_GT(H5Tequal(type.get(), h5::TypeTraits<T>::file_type()), 0) << name;
  }
  EXPECT_EQ(file.open_dataset("d3").dims(), (std::vector<hsize_t>{2, 3, 4}));
  EXPECT_EQ(file.open_dataset("d2").dims(), (std::vector<hsize_t>{4, 6}));
  EXPECT_TRUE(file.open_dataset("empty").read<T>().empty());
}

TEST_F(H5Test, ConvertsIntegersButRefusesFloatToInteger) {
  auto file = h5::File::create(path("conv.h5"));
  auto ints = file.create_dataset<std::int16_t>("ints", {3});
  ints.write(std::vector<std::int16_t>{-1, 0, 300});
  EXPECT_EQ(ints.read<double>(), (std::vector<double>{-1, 0, 300}));
  EXPECT_EQ(ints.read<std::int64_t>(), (std::vector<std::int64_t>{-1, 0, 300}));
  EXPECT_H5_ERROR(ints.write(std::vector<double>{1.5, 2, 3}), "floating-point");

  auto reals = file.create_dataset<double>("reals", {2});
  reals.write(std::vector<std::int32_t>{7, 8});  // integers into floats are exact
  EXPECT_EQ(reals.read<double>(), (std::vector<double>{7, 8}));
  EXPECT_H5_ERROR(reals.read<std::int32_t>(), "floating point");

  // A string dataset, as another program might have written it.
  {
    h5::Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    ASSERT_GE(H5Tset_size(type.get(), 4), 0);
    const hsize_t n = 1;
    h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    h5::Handle raw(H5Dcreate2(file.id(), "s", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose);
  }
  EXPECT_H5_ERROR(file.open_dataset("s").read<double>(), "not numbers");
}

// --- Attributes --------------------------------------------------------------------

TEST_F(H5Test, AttributesRoundTripOnFileGroupAndDataset) {
  const auto file_path = path("attrs.h5");
  {
    auto file = h5::File::create(file_path);
    auto group = file.create_group("g");
    auto ds = group.create_dataset<float>("v", {2});
    for (const h5::Object* o : std::initializer_list<const h5::Object*>{&file, &group, &ds}) {
      o->set_attr_string("units", "m s-1");
      o->set_attr_string("utf8",
                         "Temperatur \xc2\xb0"
                         "C");
      o->set_attr_string("empty", "");
      o->set_attr_int64("count", -(std::int64_t{1} << 40));
      o->set_attr_double("scale", 0.125);
      o->set_attr_doubles("range", {-1.5, 2.5, 1e300});
      o->set_attr_int64s("shape", {3, std::numeric_limits<std::int64_t>::max()});
      o->set_attr_strings("tags", {"alpha", "", "gamma delta"});
      o->set_attr_doubles("none", {});
      o->set_attr_strings("no_tags", {});
    }
  }
  auto file = h5::File::open_read(file_path);
  auto group = file.open_group("g");
  auto ds = group.open_dataset("v");
  const std::pair<const char*, const h5::Object*> owners[] = {{"file", &file}, {"group", &group}, {"dataset", &ds}};
  for (const auto& [label, o] : owners) {
    SCOPED_TRACE(label);
    EXPECT_EQ(o->attr_string("units"), "m s-1");
    EXPECT_EQ(o->attr_string("utf8"),
              "Temperatur \xc2\xb0"
              "C");
    EXPECT_EQ(o->attr_string("empty"), "");
    EXPECT_EQ(o->attr_int64("count"), -(std::int64_t{1} << 40));
    EXPECT_EQ(o->attr_double("scale"), 0.125);
    EXPECT_EQ(o->attr_doubles("range"), (std::vector<double>{-1.5, 2.5, 1e300}));
    EXPECT_EQ(o->attr_int64s("shape"), (std::vector<std::int64_t>{3, std::numeric_limits<std::int64_t>::max()}));
    EXPECT_EQ(o->attr_strings("tags"), (std::vector<std::string>{"alpha", "", "gamma delta"}));
    EXPECT_TRUE(o->attr_doubles("none").empty());
    EXPECT_TRUE(o->attr_strings("no_tags").empty());
    EXPECT_EQ(o->attr_doubles("count"), (std::vector<double>{-static_cast<double>(std::int64_t{1} << 40)}));
    EXPECT_TRUE(o->has_attr("units"));
    EXPECT_FALSE(o->has_attr("missing"));
    EXPECT_EQ(attr_count(*o), 10u);
  }
}

TEST_F(H5Test, StringAttributesAreFixedLengthNullTerminatedUtf8) {
  auto file = h5::File::create(path("strattr.h5"));
  file.set_attr_string("title", "abc");
  file.set_attr_strings("names", {"x", "long"});
  for (const char* name : {"title", "names"}) {
    h5::Handle attr(H5Aopen(file.id(), name, H5P_DEFAULT), H5Aclose);
    h5::Handle type(H5Aget_type(attr.get()), H5Tclose);
    EXPECT_EQ(H5Tget_class(type.get()), H5T_STRING);
    EXPECT_EQ(H5Tis_variable_str(type.get()), 0);
    EXPECT_EQ(H5Tget_strpad(type.get()), H5T_STR_NULLTERM);
    EXPECT_EQ(H5Tget_cset(type.get()), H5T_CSET_UTF8);
    EXPECT_EQ(H5Tget_size(type.get()), std::string(name) == "title" ? 4u : 5u);
  }
}

TEST_F(H5Test, ReadsVariableLengthStringAttributes) {
  auto file = h5::File::create(path("vlen.h5"));
  // As h5py or netCDF (NC_STRING) would write them.
  h5::Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  ASSERT_GE(H5Tset_size(type.get(), H5T_VARIABLE), 0);
  const hsize_t n = 2;
  h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  h5::Handle attr(H5Acreate2(file.id(), "v", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const char* values[] = {"first", "second value"};
  ASSERT_GE(H5Awrite(attr.get(), type.get(), values), 0);
  attr.close();
  EXPECT_EQ(file.attr_strings("v"), (std::vector<std::string>{"first", "second value"}));
  EXPECT_H5_ERROR(file.attr_string("v"), "holds 2 values");
}

TEST_F(H5Test, AttributeErrorsAndReplacement) {
  auto file = h5::File::create(path("attrerr.h5"));
  auto ds = file.create_dataset<double>("v", {1});
  ds.set_attr_double("x", 2.5);
  EXPECT_H5_ERROR(ds.attr_int64("x"), "floating point");
  EXPECT_H5_ERROR(ds.attr_string("x"), "not strings");
  EXPECT_H5_ERROR(ds.attr_double("missing"), "'missing'");
  EXPECT_H5_ERROR(ds.attr_double("missing"), path("attrerr.h5").string());
  EXPECT_H5_ERROR(ds.set_attr_string("bad", std::string("a\0b", 3)), "'\\0'");
  ds.set_attr_doubles("arr", {1, 2});
  EXPECT_H5_ERROR(ds.attr_double("arr"), "holds 2 values");

  // Replacing changes type and size; many attributes move HDF5 to dense
  // storage, which must keep working with creation order tracked.
  ds.set_attr_string("x", "now a string");
  EXPECT_EQ(ds.attr_string("x"), "now a string");
  const auto name = [](int i) { return std::string("a").append(std::to_string(i)); };
  for (int i = 0; i < 20; ++i) ds.set_attr_int64(name(i), i);
  for (int i = 0; i < 20; ++i) ds.set_attr_int64(name(i), 100 + i);
  EXPECT_EQ(ds.attr_int64("a7"), 107);
  EXPECT_EQ(ds.attr_int64("a19"), 119);
  EXPECT_EQ(attr_count(ds), 22u);  // x, arr and a0..a19, each once
}

// --- Layout and filters -----------------------------------------------------------

std::vector<H5Z_filter_t> filters_of(const h5::Dataset& ds) {
  h5::Handle dcpl(H5Dget_create_plist(ds.id()), H5Pclose);
  const int n = H5Pget_nfilters(dcpl.get());
  std::vector<H5Z_filter_t> out;
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0;
    std::size_t nelmts = 0;
    unsigned config = 0;
    out.push_back(H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &nelmts, nullptr, 0, nullptr, &config));
  }
  return out;
}

H5D_layout_t layout_of(const h5::Dataset& ds) {
  h5::Handle dcpl(H5Dget_create_plist(ds.id()), H5Pclose);
  return H5Pget_layout(dcpl.get());
}

TEST_F(H5Test, ChunkedDatasetsAreShuffledAndDeflated) {
  auto file = h5::File::create(path("chunk.h5"));
  std::vector<double> values(1000);
  std::iota(values.begin(), values.end(), 0.0);

  auto packed = file.create_dataset<double>("packed", {10, 100}, {.chunk = {5, 50}, .deflate = 6});
  packed.write(values);
  EXPECT_EQ(layout_of(packed), H5D_CHUNKED);
  EXPECT_EQ(filters_of(packed), (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  EXPECT_EQ(packed.read<double>(), values);

  auto no_shuffle = file.create_dataset<double>("no_shuffle", {1000}, {.chunk = {100}, .shuffle = false});
  EXPECT_EQ(filters_of(no_shuffle), (std::vector<H5Z_filter_t>{H5Z_FILTER_DEFLATE}));

  auto raw = file.create_dataset<double>("raw", {1000}, {.chunk = {100}, .deflate = 0});
  EXPECT_EQ(layout_of(raw), H5D_CHUNKED);
  EXPECT_TRUE(filters_of(raw).empty());

  auto contiguous = file.create_dataset<double>("contiguous", {1000});  // deflate 4 ignored
  EXPECT_EQ(layout_of(contiguous), H5D_CONTIGUOUS);
  EXPECT_TRUE(filters_of(contiguous).empty());
}

TEST_F(H5Test, FillValueIsSetAndRecordedForNetcdf) {
  auto file = h5::File::create(path("fill.h5"));
  auto ds = file.create_dataset<std::int32_t>("v", {4}, {.chunk = {2}, .fill = -99});
  ds.write_block({1}, {2}, std::vector<std::int32_t>{5, 6});
  EXPECT_EQ(ds.read<std::int32_t>(), (std::vector<std::int32_t>{-99, 5, 6, -99}));
  EXPECT_EQ(ds.attr_int64("_FillValue"), -99);
  h5::Handle attr(H5Aopen(ds.id(), "_FillValue", H5P_DEFAULT), H5Aclose);
  h5::Handle type(H5Aget_type(attr.get()), H5Tclose);
  EXPECT_GT(H5Tequal(type.get(), H5T_STD_I32LE), 0);  // netCDF wants the variable's type
}

TEST_F(H5Test, RejectsBadShapesAndOptions) {
  auto file = h5::File::create(path("shape.h5"));
  EXPECT_H5_ERROR(file.create_dataset<float>("r0", {}), "rank must be 1 to 32");
  EXPECT_H5_ERROR(file.create_dataset<float>("r33", std::vector<hsize_t>(33, 1)), "rank must be 1 to 32");
  EXPECT_NO_THROW(file.create_dataset<float>("r4", {1, 2, 3, 4}));  // a grid of two factors: [f1, f2, outcome, horizon]
  EXPECT_H5_ERROR(file.create_dataset<float>("c", {4, 4}, {.chunk = {2}}), "chunk");
  EXPECT_H5_ERROR(file.create_dataset<float>("z", {4}, {.deflate = 10}), "deflate");
  EXPECT_H5_ERROR(file.create_dataset<float>("u", {4}, {.max_dims = {H5S_UNLIMITED}}), "needs chunk dims");
  EXPECT_H5_ERROR(file.create_dataset<float>("big", {4}, {.chunk = {8}}), "H5Dcreate2");
  EXPECT_FALSE(file.has("big"));

  auto ds = file.create_dataset<float>("v", {2, 3});
  EXPECT_H5_ERROR(ds.write(std::vector<float>(5)), "5 values given for 6 elements");
  EXPECT_H5_ERROR(file.create_dataset<float>("v", {2}), "H5Dcreate2");
}

// --- Appending and blocks ------------------------------------------------------

TEST_F(H5Test, AppendsToExtendibleDataset) {
  const auto file_path = path("append.h5");
  {
    auto file = h5::File::create(file_path);
    auto ds = file.create_dataset<std::int64_t>("series", {0}, {.chunk = {4}, .max_dims = {H5S_UNLIMITED}});
    ds.append(std::vector<std::int64_t>{1, 2, 3});
    ds.append(std::vector<std::int64_t>{});
    ds.append(std::array<std::int64_t, 5>{4, 5, 6, 7, 8});
    EXPECT_EQ(ds.dims(), (std::vector<hsize_t>{8}));
    EXPECT_EQ(max_dims_of(ds), (std::vector<hsize_t>{H5S_UNLIMITED}));

    auto bounded = file.create_dataset<float>("bounded", {1}, {.chunk = {2}, .max_dims = {3}});
    bounded.append(std::vector<float>{1.0f});
    EXPECT_H5_ERROR(bounded.append(std::vector<float>{2.0f, 3.0f}), "exceed the max dims");
    EXPECT_EQ(bounded.dims(), (std::vector<hsize_t>{2}));
    bounded.append(std::vector<double>{2.0});  // doubles into floats: HDF5 converts
    EXPECT_EQ(bounded.dims(), (std::vector<hsize_t>{3}));

    auto fixed = file.create_dataset<float>("fixed", {2});
    EXPECT_H5_ERROR(fixed.append(std::vector<float>{1.0f}), "exceed the max dims");
    auto plane = file.create_dataset<float>("plane", {2, 2});
    EXPECT_H5_ERROR(plane.append(std::vector<float>{1.0f}), "not 1-D");
    auto ints = file.create_dataset<std::int32_t>("ints", {0}, {.chunk = {2}, .max_dims = {9}});
    EXPECT_H5_ERROR(ints.append(std::vector<double>{1.0}), "floating-point");
    EXPECT_EQ(ints.dims(), (std::vector<hsize_t>{0}));
  }
  auto file = h5::File::open_read(file_path);
  EXPECT_EQ(file.open_dataset("series").read<std::int64_t>(), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(H5Test, WritesAndReadsHyperslabBlocks) {
  auto file = h5::File::create(path("block.h5"));
  auto ds = file.create_dataset<double>("grid", {4, 5}, {.fill = 0.0});
  ds.write_block({1, 2}, {2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
  ds.write_block({3, 0}, {1, 1}, std::vector<double>{9});
  // clang-format off
  const std::vector<double> expected{
      0, 0, 0, 0, 0,
      0, 0, 1, 2, 3,
      0, 0, 4, 5, 6,
      9, 0, 0, 0, 0};
  // clang-format on
  EXPECT_EQ(ds.read<double>(), expected);
  std::vector<double> block(6, -1.0);
  ds.read_block_into({1, 3}, {3, 2}, block);
  EXPECT_EQ(block, (std::vector<double>{2, 3, 5, 6, 0, 0}));
  std::vector<float> narrower(2);  // the buffer is reused and may be of another type
  ds.read_block_into({2, 2}, {1, 2}, narrower);
  EXPECT_EQ(narrower, (std::vector<float>{4, 5}));
  std::vector<double> none;
  ds.read_block_into({4, 0}, {0, 5}, none);

  EXPECT_H5_ERROR(ds.write_block({3, 3}, {2, 2}, std::vector<double>(4)), "outside the dims [4, 5]");
  EXPECT_H5_ERROR(ds.write_block({0, 0}, {2, 2}, std::vector<double>(3)), "3 values given for 4");
  EXPECT_H5_ERROR(ds.write_block({0}, {2}, std::vector<double>(2)), "need 2 entries");
  std::vector<double> one(1);
  EXPECT_H5_ERROR(ds.read_block_into({0, 5}, {1, 1}, one), "outside the dims");
  EXPECT_H5_ERROR(ds.read_block_into({0, 0}, {1, 2}, one), "1 values given for 2");
}

// --- Groups --------------------------------------------------------------------

TEST_F(H5Test, GroupsNestListAndCheckExistence) {
  auto file = h5::File::create(path("groups.h5"));
  auto a = file.create_group("a");
  auto b = a.create_group("b");
  a.create_group("z");
  a.create_dataset<float>("m", {1});
  a.create_group("c");
  EXPECT_EQ(a.member_names(), (std::vector<std::string>{"b", "z", "m", "c"}));  // creation order
  EXPECT_EQ(file.member_names(), (std::vector<std::string>{"a"}));

  EXPECT_TRUE(file.has("a"));
  EXPECT_TRUE(file.has("a/b"));
  EXPECT_TRUE(file.has("/a/b"));
  EXPECT_TRUE(a.has("b"));
  EXPECT_TRUE(file.has("/"));
  EXPECT_FALSE(file.has("a/nope"));
  EXPECT_FALSE(file.has("nope/b"));
  EXPECT_FALSE(file.has(""));

  // Relative names are below the group, absolute ones from the root; error
  // messages give the full path.
  EXPECT_TRUE(b.open_group("/a").has("z"));
  EXPECT_TRUE(file.open_group("a/b").member_names().empty());
  EXPECT_H5_ERROR(b.open_group("missing"), "cannot open group '/a/b/missing' in " + path("groups.h5").string());
  EXPECT_H5_ERROR(file.open_group("missing"), "cannot open group '/missing'");
  EXPECT_H5_ERROR(file.create_group("a"), "cannot create group '/a'");
  EXPECT_H5_ERROR(file.open_dataset("a"), "cannot open dataset '/a'");
}

// --- Dimension scales ----------------------------------------------------------

TEST_F(H5Test, DimensionScalesAttach) {
  const auto file_path = path("scales.h5");
  {
    auto file = h5::File::create(file_path);
    auto x = file.create_dataset<double>("x", {3});
    x.write(std::vector<double>{0.5, 1.5, 2.5});
    x.make_scale("x");
    auto y = file.create_dataset<std::int32_t>("y", {2});
    y.write(std::vector<std::int32_t>{10, 20});
    y.make_scale("y");
    auto v = file.create_dataset<float>("v", {3, 2});
    v.attach_scale(x, 0);
    v.attach_scale(y, 1);
    EXPECT_H5_ERROR(v.attach_scale(y, 2), "has rank 2");
    EXPECT_H5_ERROR(x.attach_scale(y, 0), "H5DSattach_scale");  // a scale cannot have scales
  }
  auto file = h5::File::open_read(file_path);
  auto x = file.open_dataset("x");
  auto y = file.open_dataset("y");
  auto v = file.open_dataset("v");
  EXPECT_GT(H5DSis_scale(x.id()), 0);
  EXPECT_EQ(H5DSis_scale(v.id()), 0);
  EXPECT_GT(H5DSis_attached(v.id(), x.id(), 0), 0);
  EXPECT_GT(H5DSis_attached(v.id(), y.id(), 1), 0);
  EXPECT_EQ(H5DSis_attached(v.id(), x.id(), 1), 0);
  char label[16] = {};
  EXPECT_GT(H5DSget_scale_name(x.id(), label, sizeof label), 0);
  EXPECT_STREQ(label, "x");
}

// --- Files and errors ----------------------------------------------------------

TEST_F(H5Test, OpeningMissingFileNamesThePath) {
  const auto missing = path("does_not_exist.h5");
  EXPECT_H5_ERROR(h5::File::open_read(missing), missing.string());
  EXPECT_THROW(h5::File::open_read(missing), std::runtime_error);  // Error is a runtime_error
}

TEST_F(H5Test, CreateRefusesExistingFileUnlessOverwriting) {
  const auto file_path = path("exists.h5");
  h5::File::create(file_path).create_dataset<float>("old", {1});
  EXPECT_H5_ERROR(h5::File::create(file_path), file_path.string());
  EXPECT_H5_ERROR(h5::File::create(file_path, false), "exists");
  auto file = h5::File::create(file_path, true);
  EXPECT_FALSE(file.has("old"));  // truncated
}

TEST_F(H5Test, ReadOnlyRefusesWrites) {
  const auto file_path = path("ro.h5");
  {
    auto file = h5::File::create(file_path);
    file.create_dataset<float>("v", {2}).write(std::vector<float>{1, 2});
    file.flush();
  }
  auto file = h5::File::open_read(file_path);
  EXPECT_EQ(file.open_dataset("v").read<float>(), (std::vector<float>{1, 2}));
  EXPECT_H5_ERROR(file.set_attr_int64("n", 1), "cannot write attribute 'n'");
  EXPECT_H5_ERROR(file.open_dataset("v").write(std::vector<float>{3, 4}), "H5Dwrite");
  EXPECT_H5_ERROR(file.create_group("g"), "cannot create group '/g'");
  EXPECT_FALSE(file.has_attr("n"));
}

TEST_F(H5Test, ExplicitCloseReleasesTheFile) {
  const auto file_path = path("close.h5");
  auto file = h5::File::create(file_path);
  auto ds = file.create_dataset<float>("v", {1});
  ds.close();
  file.close();
  EXPECT_FALSE(file.valid());
  EXPECT_EQ(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
  file.close();  // no-op
}

// --- xarray / netCDF4 interoperability -----------------------------------------

TEST_F(H5Test, OpensInXarrayWithNetcdf4Engine) {
  if (std::system("/usr/bin/python3 -c 'import xarray, netCDF4' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3 with xarray and netCDF4 not available";

  const auto file_path = path("xr.h5");
  {
    auto file = h5::File::create(file_path);
    file.set_attr_string("title", "simrun h5 test");
    file.set_attr_strings("tags", {"a", "bc"});

    auto time = file.create_dataset<double>("time", {0}, {.chunk = {16}, .max_dims = {H5S_UNLIMITED}});
    time.append(std::vector<double>{0.0, 0.5});
    time.make_scale("time");
    time.set_attr_string("units", "days since 2000-01-01");
    auto site = file.create_dataset<std::int32_t>("site", {3});
    site.write(std::vector<std::int32_t>{10, 20, 30});
    site.make_scale("site");

    auto temperature = file.create_dataset<float>("temperature", {2, 3},
                                                  {.chunk = {1, 3}, .max_dims = {H5S_UNLIMITED, 3}, .fill = -999.0f});
    temperature.write(std::vector<float>{-999.0f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f});
    temperature.attach_scale(time, 0);
    temperature.attach_scale(site, 1);
    temperature.set_attr_string("units", "K");
    temperature.set_attr_string("long_name", "Air temperature");
    temperature.set_attr_doubles("valid_range", {0.0, 400.0});
  }
  // No double quotes, dollars or backslashes below: it goes through sh -c.
  const std::string script = R"(
import sys, numpy as np, xarray as xr
ds = xr.open_dataset(sys.argv[1], engine='netcdf4')
t = ds['temperature']
assert t.dims == ('time', 'site'), t.dims
assert t.attrs['units'] == 'K', t.attrs
assert t.attrs['long_name'] == 'Air temperature', t.attrs
assert list(t.attrs['valid_range']) == [0.0, 400.0], t.attrs
assert list(ds['site'].values) == [10, 20, 30]
assert ds['time'].dims == ('time',)
assert str(ds['time'].values[1])[:16] == '2000-01-01T12:00', ds['time'].values
assert bool(np.isnan(t.values[0, 0])), t.values
assert float(t.values[1, 2]) == 5.5, t.values
assert ds.attrs['title'] == 'simrun h5 test', ds.attrs
assert list(ds.attrs['tags']) == ['a', 'bc'], ds.attrs
assert set(ds.coords) == {'time', 'site'}, ds.coords
ds.close()
)";
  const std::string command = "/usr/bin/python3 -c \"" + script + "\" '" + file_path.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
