#pragma once
// A thin, checked RAII layer over the HDF5 C API.
//
// Every HDF5 call is checked: a failure throws h5::Error naming the operation,
// the object and the file, with HDF5's own innermost message appended, so
// callers never test return codes and never leak ids. Files are laid out the
// way netCDF-4 lays them out (creation order tracked, fixed-length UTF-8
// string attributes, coordinate variables as dimension scales) so that python
// xarray opens them with the netcdf4 engine.
//
// Threads: HDF5 (built thread-safe by Debian) runs one call at a time behind a
// global lock, so parallel HDF5 work gains nothing; the objects here are not
// synchronized, so use each one from one thread at a time.
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace simrun::h5 {

// The one exception type of this layer.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Owns one HDF5 id and closes it with the matching H5?close. Move-only.
// Creating a Handle also stops HDF5 from printing its error stack to stderr
// on this thread (thread-safe HDF5 keeps that setting per thread): errors
// reach callers as h5::Error instead.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() noexcept = default;
  // Takes ownership of a valid id that closer (e.g. H5Tclose) will close.
  // Throws Error if id is negative or closer is null (nothing is then owned),
  // or if HDF5 refuses to stop printing errors (the id is then closed).
  Handle(hid_t id, Closer closer);

  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();  // closes; errors are ignored (use close() to see them)

  hid_t get() const noexcept { return id_; }
  bool valid() const noexcept { return id_ >= 0; }
  explicit operator bool() const noexcept { return valid(); }

  // Closes now; the handle is empty afterwards even if closing failed.
  // Throws Error if the close function fails. No-op when empty.
  void close();

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Maps a C++ element type to its HDF5 memory type and its stored type.
// Stored types are the little-endian standard types, so files are the same on
// every host.
template <class T>
struct TypeTraits {
  static constexpr bool supported = false;
};

#define SIMRUN_H5_TYPE(CXX, MEM, STORED)        \
  template <>                                   \
  struct TypeTraits<CXX> {                      \
    static constexpr bool supported = true;     \
    static hid_t mem_type() { return MEM; }     \
    static hid_t file_type() { return STORED; } \
  }
SIMRUN_H5_TYPE(float, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE);
SIMRUN_H5_TYPE(double, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE);
SIMRUN_H5_TYPE(std::int8_t, H5T_NATIVE_INT8, H5T_STD_I8LE);
SIMRUN_H5_TYPE(std::int16_t, H5T_NATIVE_INT16, H5T_STD_I16LE);
SIMRUN_H5_TYPE(std::int32_t, H5T_NATIVE_INT32, H5T_STD_I32LE);
SIMRUN_H5_TYPE(std::int64_t, H5T_NATIVE_INT64, H5T_STD_I64LE);
#undef SIMRUN_H5_TYPE

template <class T>
concept Element = TypeTraits<std::remove_cv_t<T>>::supported;

// Any contiguous, sized range of Elements: std::vector, std::array, std::span.
template <class R>
concept ElementRange =
    std::ranges::contiguous_range<R> && std::ranges::sized_range<R> && Element<std::ranges::range_value_t<R>>;

// How a dataset is stored. Every member has an initializer so designated
// initializers ({.chunk = {64}}) stay free of -Wmissing-field-initializers.
template <Element T>
struct DatasetOptions {
  std::vector<hsize_t> chunk{};     // empty: contiguous layout
  int deflate = 4;                  // 0..9; only applied when chunked, 0 turns it off
  bool shuffle = true;              // only applied when chunked and deflated
  std::vector<hsize_t> max_dims{};  // empty: same as dims; H5S_UNLIMITED allowed
  std::optional<T> fill{};          // HDF5 fill value, also written as _FillValue
  // Allocate (and fill) the storage when the dataset is created, so that
  // later writes change only raw data, never the file's metadata: what a
  // file updated in place needs to survive a kill (contiguous layout only).
  bool allocate_early = false;
};

// Anything that carries attributes: a file (its root group), group or dataset.
// Setting an attribute that exists replaces it. Numeric reads convert between
// stored and requested types the way HDF5 does, except that floating-point
// values are never read as integers.
class Object {
 public:
  // The raw id, for HDF5 calls this layer does not wrap (tests use it to
  // inspect the stored layout); still owned by this object.
  hid_t id() const noexcept { return handle_.get(); }
  bool valid() const noexcept { return handle_.valid(); }

  // Closes now (a file stays open until its last object is closed).
  // Throws Error if HDF5 fails to close.
  void close();

  // All setters and getters throw Error if an HDF5 call fails; getters also
  // throw if the attribute is missing or holds the wrong kind or count of
  // values. Strings may not contain '\0' (Error).
  bool has_attr(std::string_view name) const;

  void set_attr_string(std::string_view name, std::string_view value) const;
  void set_attr_int64(std::string_view name, std::int64_t value) const;
  void set_attr_double(std::string_view name, double value) const;
  void set_attr_doubles(std::string_view name, const std::vector<double>& values) const;
  void set_attr_int64s(std::string_view name, const std::vector<std::int64_t>& values) const;
  // Integer arrays stored as 16- or 32-bit: CF wants flag_values of the
  // same type as the variable they describe.
  void set_attr_int16s(std::string_view name, const std::vector<std::int16_t>& values) const;
  void set_attr_int32s(std::string_view name, const std::vector<std::int32_t>& values) const;
  void set_attr_strings(std::string_view name, const std::vector<std::string>& values) const;

  // Fixed- and variable-length strings are both read.
  std::string attr_string(std::string_view name) const;
  std::int64_t attr_int64(std::string_view name) const;
  double attr_double(std::string_view name) const;
  std::vector<double> attr_doubles(std::string_view name) const;
  std::vector<std::int64_t> attr_int64s(std::string_view name) const;
  std::vector<std::string> attr_strings(std::string_view name) const;

 protected:
  Object() = default;
  Object(Handle handle, std::string file, std::string name);
  Object(Object&&) noexcept = default;
  Object& operator=(Object&&) noexcept = default;
  ~Object() = default;

  // Path inside the file, e.g. "/summary/tension".
  const std::string& name() const noexcept { return name_; }
  // Path of the file on disk, as given when it was opened.
  const std::string& file_name() const noexcept { return file_; }
  // "'/grp/ds' in out.h5", for error messages.
  std::string describe() const;
  // Absolute in-file path of a child given by a relative or absolute name.
  std::string child_name(std::string_view name) const;

 private:
  Handle handle_;
  std::string file_;
  std::string name_;
};

// An N-D array in a file. Element counts and shapes are checked before any
// data moves. Writing or reading floating-point values into or from an
// integer dataset is refused; other conversions are HDF5's (integers
// saturate when narrowed).
class Dataset : public Object {
 public:
  Dataset() = default;

  // Throw Error if an HDF5 call fails.
  std::vector<hsize_t> dims() const;
  std::size_t size() const;  // number of elements

  // Writes the whole dataset; data.size() must equal size().
  // Throws Error on a size or type mismatch or an HDF5 failure.
  template <ElementRange R>
  void write(const R& data) const {
    using T = std::ranges::range_value_t<R>;
    write_raw(TypeTraits<T>::mem_type(), std::ranges::data(data), std::ranges::size(data));
  }

  // Writes a block of count elements at offset (both of the dataset's rank)
  // from a contiguous row-major buffer of product(count) elements.
  // Throws Error on a shape, size or type mismatch, a block outside the
  // current extent, or an HDF5 failure.
  template <ElementRange R>
  void write_block(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, const R& data) const {
    using T = std::ranges::range_value_t<R>;
    write_block_raw(offset, count, TypeTraits<T>::mem_type(), std::ranges::data(data), std::ranges::size(data));
  }

  // Grows a 1-D extendible dataset by data.size() and writes data at the
  // end. On failure the extent is put back.
  // Throws Error if the dataset is not 1-D, would exceed its max_dims, on a
  // type mismatch or an HDF5 failure.
  template <ElementRange R>
  void append(const R& data) const {
    using T = std::ranges::range_value_t<R>;
    append_raw(TypeTraits<T>::mem_type(), std::ranges::data(data), std::ranges::size(data));
  }

  // Reads the whole dataset, row-major.
  // Throws Error on a type mismatch or an HDF5 failure.
  template <Element T>
  std::vector<T> read() const {
    std::vector<T> out(size());
    read_raw(TypeTraits<T>::mem_type(), out.data(), out.size());
    return out;
  }

  // Reads a block of count elements at offset, row-major, into a caller's
  // buffer (reused across reads); `out` must hold exactly the block's number
  // of elements. Throws Error as write_block does.
  template <ElementRange R>
  void read_block_into(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, R& out) const {
    using T = std::ranges::range_value_t<R>;
    read_block_raw(offset, count, TypeTraits<T>::mem_type(), std::ranges::data(out), std::ranges::size(out));
  }

  // Marks this dataset as the dimension scale (coordinate variable) of the
  // dimension dim_name; for netCDF the dataset's own name must equal
  // dim_name.
  // Throws Error if HDF5 refuses (e.g. the dataset has scales attached).
  // Fixed-length UTF-8 strings (Group::create_strings): element `index`,
  // cut at a character boundary to the dataset's width; and all of them,
  // without their padding.
  void write_string_at(hsize_t index, std::string_view text) const;
  std::vector<std::string> read_strings() const;
  std::string read_string_at(hsize_t index) const;

  void make_scale(std::string_view dim_name) const;
  // Attaches scale (see make_scale) to dimension dim of this dataset. netCDF
  // readers expect the scale's length to equal that dimension's.
  // Throws Error if dim is out of range or HDF5 refuses.
  void attach_scale(const Dataset& scale, unsigned dim) const;

 private:
  friend class Group;  // the only maker of datasets
  Dataset(Handle handle, std::string file, std::string name);

  void write_raw(hid_t mem_type, const void* data, std::size_t n) const;
  void read_raw(hid_t mem_type, void* data, std::size_t n) const;
  void write_block_raw(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                       const void* data, std::size_t n) const;
  void read_block_raw(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type, void* data,
                      std::size_t n) const;
  void append_raw(hid_t mem_type, const void* data, std::size_t n) const;
};

// A group: a directory of groups and datasets. Names may be relative to this
// group or absolute ("/a/b"); intermediate groups must exist.
class Group : public Object {
 public:
  Group() = default;

  // Throw Error if the link exists (create) or not (open) or HDF5 fails.
  Group create_group(std::string_view name) const;
  Group open_group(std::string_view name) const;
  // Whether a link of that name exists (checked component by component).
  // Throws Error if an intermediate component is not a group or HDF5 fails.
  bool has(std::string_view name) const;
  // Names of the direct members, in creation order when the group tracks it
  // (groups made here do), else by name. Throws Error if HDF5 fails.
  std::vector<std::string> member_names() const;
  // Copies member `name` (a group with all it holds, or a dataset) to
  // `dest_name` in `dest`, which may be in another file. References inside
  // the copied tree (dimension scales) are made to point at the copies.
  // Throws Error if HDF5 fails.
  void copy_member(std::string_view name, const Group& dest, std::string_view dest_name) const;

  // Creates a dataset of 1 to 3 dims holding T (see DatasetOptions).
  // Throws Error on a bad rank, inconsistent options (e.g. extendible
  // without chunks), an existing name or an HDF5 failure.
  template <Element T>
  Dataset create_dataset(std::string_view name, const std::vector<hsize_t>& dims,
                         const DatasetOptions<T>& options = {}) const {
    return create_dataset_raw(name, dims, TypeTraits<T>::file_type(), TypeTraits<T>::mem_type(),
                              options.fill ? &*options.fill : nullptr, options.chunk, options.deflate, options.shuffle,
                              options.max_dims, options.allocate_early);
  }
  // Throws Error if there is no dataset of that name or HDF5 fails.
  Dataset open_dataset(std::string_view name) const;
  // `count` fixed-length strings of at most `width` bytes each, empty at
  // first; contiguous and allocated at creation.
  Dataset create_strings(std::string_view name, hsize_t count, std::size_t width) const;

 protected:
  Group(Handle handle, std::string file, std::string name);

 private:
  Dataset create_dataset_raw(std::string_view name, const std::vector<hsize_t>& dims, hid_t file_type, hid_t mem_type,
                             const void* fill, const std::vector<hsize_t>& chunk, int deflate, bool shuffle,
                             const std::vector<hsize_t>& max_dims, bool allocate_early) const;
};

// An HDF5 file; as a Group it is the root group, and its attributes are the
// root group's (netCDF's global attributes).
class File : public Group {
 public:
  File() = default;

  // Creates a file; an existing file is an error unless overwrite is set
  // (H5F_ACC_EXCL, or H5F_ACC_TRUNC when overwriting).
  // Throws Error if the file exists (without overwrite) or HDF5 fails.
  static File create(const std::filesystem::path& path, bool overwrite = false);
  // A file updated in place over a long time and reopened after a crash:
  // written in the HDF5 1.8 format, whose superblock has no "open for
  // writing" flag that a killed process would leave set.
  static File create_resumable(const std::filesystem::path& path);
  static File open_write(const std::filesystem::path& path);
  // Opens a file read-only.
  // Throws Error if the file is missing, not HDF5, or HDF5 fails.
  static File open_read(const std::filesystem::path& path);

  // Pushes buffered data to disk. Throws Error if HDF5 fails.
  void flush() const;
  // flush(), then fsync: what was written survives a power loss.
  void sync() const;

 private:
  File(Handle handle, std::string path);
};

}  // namespace simrun::h5
