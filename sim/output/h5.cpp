#include "output/h5.h"

#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <hdf5_hl.h>

#include <algorithm>
#include <utility>

namespace simrun::h5 {
namespace {

// Error messages
// -----------------------------------------------------------------------------

// The innermost entry of HDF5's error stack is the most specific one (e.g.
// "errno = 2, error message = 'No such file or directory'").
herr_t take_innermost(unsigned n, const H5E_error2_t* err, void* data) noexcept {
  if (n != 0 || err == nullptr || err->desc == nullptr) return 0;
  try {
    *static_cast<std::string*>(data) = err->desc;
  } catch (...) {
    return -1;  // out of memory: keep the message without the detail
  }
  return 0;
}

// Throws for a failed HDF5 call: what says which operation on which object,
// call names the HDF5 function, HDF5's own message is appended.
[[noreturn]] void fail(std::string_view call, const std::string& what) {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_innermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  std::string message = what + " (" + std::string(call);
  if (!detail.empty()) message += ": " + detail;
  message += ")";
  throw Error(message);
}

hid_t check_id(hid_t id, std::string_view call, const std::string& what) {
  if (id < 0) fail(call, what);
  return id;
}

void check(herr_t status, std::string_view call, const std::string& what) {
  if (status < 0) fail(call, what);
}

bool check_tri(htri_t status, std::string_view call, const std::string& what) {
  if (status < 0) fail(call, what);
  return status > 0;
}

// The id is checked before the Handle exists, so a failure leaves nothing open.
Handle owned(hid_t id, Handle::Closer closer, std::string_view call, const std::string& what) {
  return Handle(check_id(id, call, what), closer);
}

std::string format_dims(const std::vector<hsize_t>& dims) {
  std::string out = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) out += ", ";
    out += dims[i] == H5S_UNLIMITED ? std::string("unlimited") : std::to_string(dims[i]);
  }
  return out + "]";
}

// Dataspaces and types
// -----------------------------------------------------------------------------

std::size_t point_count(hid_t space, const std::string& what) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) fail("H5Sget_simple_extent_npoints", what);
  return static_cast<std::size_t>(n);
}

// Current (or maximum) dims; empty for scalar and null dataspaces.
std::vector<hsize_t> extent(hid_t space, bool maximum, const std::string& what) {
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) fail("H5Sget_simple_extent_ndims", what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  std::vector<hsize_t> max_dims(dims.size());
  if (H5Sget_simple_extent_dims(space, dims.data(), max_dims.data()) < 0) fail("H5Sget_simple_extent_dims", what);
  return maximum ? max_dims : dims;
}

// Empty arrays get a null dataspace, as netCDF writes empty attributes.
Handle array_space(std::size_t n, const std::string& what) {
  if (n == 0) return owned(H5Screate(H5S_NULL), H5Sclose, "H5Screate", what);
  const hsize_t dim = n;
  return owned(H5Screate_simple(1, &dim, nullptr), H5Sclose, "H5Screate_simple", what);
}

H5T_class_t type_class(hid_t type, const std::string& what) {
  const H5T_class_t c = H5Tget_class(type);
  if (c == H5T_NO_CLASS) fail("H5Tget_class", what);
  return c;
}

// Integer <-> integer and integer -> float are fine; float -> integer would
// silently truncate, so it is refused in both directions.
void check_numeric(hid_t stored_type, hid_t mem_type, bool reading, const std::string& what) {
  const H5T_class_t stored = type_class(stored_type, what);
  const H5T_class_t mem = type_class(mem_type, what);
  if (stored != H5T_INTEGER && stored != H5T_FLOAT) throw Error(what + ": the stored values are not numbers");
  if (reading && stored == H5T_FLOAT && mem == H5T_INTEGER)
    throw Error(what + ": the stored values are floating point, not integers");
  if (!reading && stored == H5T_INTEGER && mem == H5T_FLOAT)
    throw Error(what + ": cannot store floating-point values as integers");
}

// Fixed-length, null-terminated UTF-8 strings of size bytes (terminator
// included), as netCDF readers expect of attributes.
Handle string_type(std::size_t size, const std::string& what) {
  Handle type = owned(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy", what);
  check(H5Tset_size(type.get(), size), "H5Tset_size", what);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), "H5Tset_strpad", what);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", what);
  return type;
}

// Fixed-length storage cannot tell an embedded '\0' from padding.
std::size_t longest(const std::vector<std::string>& values, const std::string& what) {
  std::size_t n = 0;
  for (const auto& v : values) {
    if (v.find('\0') != std::string::npos)
      throw Error(what + ": a string contains '\\0', which fixed-length storage cannot keep");
    n = std::max(n, v.size());
  }
  return n;
}

// Values one after another, each padded with '\0' to size bytes.
std::vector<char> pack(const std::vector<std::string>& values, std::size_t size) {
  std::vector<char> buffer(values.size() * size, '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::copy(values[i].begin(), values[i].end(), buffer.begin() + static_cast<std::ptrdiff_t>(i * size));
  return buffer;
}

// Frees the strings HDF5 allocated for a variable-length read.
class VlenBuffer {
 public:
  VlenBuffer(hid_t type, hid_t space, std::size_t n) : type_(type), space_(space), ptrs_(n, nullptr) {}
  VlenBuffer(const VlenBuffer&) = delete;
  VlenBuffer& operator=(const VlenBuffer&) = delete;
  ~VlenBuffer() {
    // 1.10.8 declares H5Treclaim but its library only has H5Dvlen_reclaim.
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type_, space_, H5P_DEFAULT, ptrs_.data());
#else
    H5Dvlen_reclaim(type_, space_, H5P_DEFAULT, ptrs_.data());
#endif
  }
  char** data() { return ptrs_.data(); }
  const std::vector<char*>& ptrs() const { return ptrs_; }

 private:
  hid_t type_;
  hid_t space_;
  std::vector<char*> ptrs_;
};

// Reads all strings of an attribute, fixed- or variable-length (as h5py and
// netCDF's NC_STRING write them); read(mem_type, buffer) does the H5Aread.
template <class Read>
std::vector<std::string> read_all_strings(hid_t stored_type, hid_t space, std::string_view read_call,
                                          const std::string& what, Read read) {
  if (type_class(stored_type, what) != H5T_STRING) throw Error(what + ": the stored values are not strings");
  const std::size_t n = point_count(space, what);
  const bool variable = check_tri(H5Tis_variable_str(stored_type), "H5Tis_variable_str", what);
  std::vector<std::string> out;
  out.reserve(n);
  if (n == 0) return out;

  if (variable) {
    const H5T_cset_t cset = H5Tget_cset(stored_type);
    if (cset == H5T_CSET_ERROR) fail("H5Tget_cset", what);
    Handle mem = owned(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy", what);
    check(H5Tset_size(mem.get(), H5T_VARIABLE), "H5Tset_size", what);
    check(H5Tset_cset(mem.get(), cset), "H5Tset_cset", what);
    VlenBuffer buffer(mem.get(), space, n);
    check(read(mem.get(), buffer.data()), read_call, what);
    for (const char* p : buffer.ptrs()) out.emplace_back(p != nullptr ? p : "");
    return out;
  }

  const std::size_t size = H5Tget_size(stored_type);
  if (size == 0) fail("H5Tget_size", what);
  const H5T_str_t pad = H5Tget_strpad(stored_type);
  if (pad == H5T_STR_ERROR) fail("H5Tget_strpad", what);
  // A copy of the stored type as memory type: no conversion, no surprises.
  Handle mem = owned(H5Tcopy(stored_type), H5Tclose, "H5Tcopy", what);
  std::vector<char> buffer(n * size);
  check(read(mem.get(), buffer.data()), read_call, what);
  for (std::size_t i = 0; i < n; ++i) {
    const char* s = buffer.data() + i * size;
    std::size_t len = static_cast<std::size_t>(std::find(s, s + size, '\0') - s);
    if (pad == H5T_STR_SPACEPAD)
      while (len > 0 && s[len - 1] == ' ') --len;
    out.emplace_back(s, len);
  }
  return out;
}

// Attributes
// -----------------------------------------------------------------------------

std::string attr_what(std::string_view verb, std::string_view name, const std::string& owner) {
  return "cannot " + std::string(verb) + " attribute '" + std::string(name) + "' of " + owner;
}

// Replaces any attribute of that name; buffer may be null for a null space.
void write_attr(hid_t owner, const std::string& name, hid_t stored_type, hid_t mem_type, hid_t space,
                const void* buffer, const std::string& what) {
  if (check_tri(H5Aexists(owner, name.c_str()), "H5Aexists", what))
    check(H5Adelete(owner, name.c_str()), "H5Adelete", what);
  Handle attr = owned(H5Acreate2(owner, name.c_str(), stored_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                      "H5Acreate2", what);
  if (buffer != nullptr) check(H5Awrite(attr.get(), mem_type, buffer), "H5Awrite", what);
}

template <class T>
void write_numeric_attr(hid_t owner, std::string_view name, const std::vector<T>& values, bool scalar,
                        hid_t stored_type, hid_t mem_type, const std::string& what) {
  Handle space = scalar ? owned(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate", what) : array_space(values.size(), what);
  write_attr(owner, std::string(name), stored_type, mem_type, space.get(), values.empty() ? nullptr : values.data(),
             what);
}

template <class T>
std::vector<T> read_numeric_attr(hid_t owner, std::string_view name, hid_t mem_type, const std::string& what) {
  Handle attr = owned(H5Aopen(owner, std::string(name).c_str(), H5P_DEFAULT), H5Aclose, "H5Aopen", what);
  Handle type = owned(H5Aget_type(attr.get()), H5Tclose, "H5Aget_type", what);
  check_numeric(type.get(), mem_type, true, what);
  Handle space = owned(H5Aget_space(attr.get()), H5Sclose, "H5Aget_space", what);
  std::vector<T> out(point_count(space.get(), what));
  if (!out.empty()) check(H5Aread(attr.get(), mem_type, out.data()), "H5Aread", what);
  return out;
}

template <class T>
T single(std::vector<T> values, const std::string& what) {
  if (values.size() != 1) throw Error(what + ": it holds " + std::to_string(values.size()) + " values, expected 1");
  return values.front();
}

std::vector<std::string> read_string_attr(hid_t owner, std::string_view name, const std::string& what) {
  Handle attr = owned(H5Aopen(owner, std::string(name).c_str(), H5P_DEFAULT), H5Aclose, "H5Aopen", what);
  Handle type = owned(H5Aget_type(attr.get()), H5Tclose, "H5Aget_type", what);
  Handle space = owned(H5Aget_space(attr.get()), H5Sclose, "H5Aget_space", what);
  const hid_t a = attr.get();
  return read_all_strings(type.get(), space.get(), "H5Aread", what,
                          [a](hid_t mem, void* buffer) { return H5Aread(a, mem, buffer); });
}

// Datasets
// -----------------------------------------------------------------------------

// Checks a block against the dataset's dims; returns its element count.
std::size_t check_block(const std::vector<hsize_t>& dims, const std::vector<hsize_t>& offset,
                        const std::vector<hsize_t>& count, const std::string& what) {
  if (dims.empty()) throw Error(what + ": the dataset is scalar");
  if (offset.size() != dims.size() || count.size() != dims.size())
    throw Error(what + ": offset and count need " + std::to_string(dims.size()) + " entries");
  std::size_t n = 1;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (count[i] > dims[i] || offset[i] > dims[i] - count[i])
      throw Error(what + ": the block lies outside the dims " + format_dims(dims));
    n *= static_cast<std::size_t>(count[i]);
  }
  return n;
}

// Moves n elements between memory and the whole dataset or a block of it;
// io(mem_space, file_space) is the H5Dread or H5Dwrite.
template <class Io>
void transfer(hid_t dataset, bool reading, const std::vector<hsize_t>* offset, const std::vector<hsize_t>* count,
              hid_t mem_type, std::size_t n, const std::string& what, Io io) {
  const char* call = reading ? "H5Dread" : "H5Dwrite";
  Handle type = owned(H5Dget_type(dataset), H5Tclose, "H5Dget_type", what);
  check_numeric(type.get(), mem_type, reading, what);
  Handle file_space = owned(H5Dget_space(dataset), H5Sclose, "H5Dget_space", what);
  const std::size_t expected = offset != nullptr
                                   ? check_block(extent(file_space.get(), false, what), *offset, *count, what)
                                   : point_count(file_space.get(), what);
  if (n != expected)
    throw Error(what + ": " + std::to_string(n) + " values given for " + std::to_string(expected) + " elements");
  if (n == 0) return;  // HDF5 rejects the null buffer of an empty vector
  if (offset == nullptr) {
    check(io(H5S_ALL, H5S_ALL), call, what);
    return;
  }
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset->data(), nullptr, count->data(), nullptr),
        "H5Sselect_hyperslab", what);
  Handle mem_space = owned(H5Screate_simple(static_cast<int>(count->size()), count->data(), nullptr), H5Sclose,
                           "H5Screate_simple", what);
  check(io(mem_space.get(), file_space.get()), call, what);
}

// Creation order lets netCDF readers list things in the order they were made.
constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;

// Stops HDF5 from printing its error stack to stderr: errors reach callers
// as h5::Error instead. Thread-safe HDF5 keeps the setting per thread, hence
// thread_local. A throwing initializer leaves it uninitialized, so a failure
// is retried.
void quiet_errors() {
  thread_local const bool quiet = [] {
    if (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) < 0)
      throw Error("cannot silence HDF5's error printing (H5Eset_auto2)");
    return true;
  }();
  (void)quiet;
}

}  // namespace

// Handle
// -----------------------------------------------------------------------------

Handle::Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {
  if (id < 0) throw Error("h5::Handle: " + std::to_string(id) + " is not a valid HDF5 id");
  if (closer == nullptr) throw Error("h5::Handle: no close function for id " + std::to_string(id));
  // Every id passes through here, so HDF5 never prints behind our back. A
  // throwing constructor skips the destructor: close the id ourselves.
  try {
    quiet_errors();
  } catch (...) {
    closer(id);
    throw;
  }
}

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(std::exchange(other.closer_, nullptr)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (valid()) closer_(id_);
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    closer_ = std::exchange(other.closer_, nullptr);
  }
  return *this;
}

Handle::~Handle() {
  if (valid()) closer_(id_);  // a destructor cannot report; close() can
}

void Handle::close() {
  if (!valid()) return;
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  const Closer closer = std::exchange(closer_, nullptr);
  check(closer(id), "close", "cannot close HDF5 id " + std::to_string(id));
}

// Object
// -----------------------------------------------------------------------------

Object::Object(Handle handle, std::string file, std::string name)
    : handle_(std::move(handle)), file_(std::move(file)), name_(std::move(name)) {}

void Object::close() {
  try {
    handle_.close();
  } catch (const Error& e) {
    throw Error("cannot close " + describe() + ": " + e.what());
  }
}

std::string Object::describe() const { return "'" + name_ + "' in " + file_; }

std::string Object::child_name(std::string_view name) const {
  if (!name.empty() && name.front() == '/') return std::string(name);
  if (name_.empty() || name_ == "/") return std::string("/").append(name);
  std::string out = name_;
  out.append("/").append(name);
  return out;
}

bool Object::has_attr(std::string_view name) const {
  return check_tri(H5Aexists(id(), std::string(name).c_str()), "H5Aexists", attr_what("look up", name, describe()));
}

void Object::set_attr_string(std::string_view name, std::string_view value) const {
  const std::string what = attr_what("write", name, describe());
  const std::string text(value);
  if (text.find('\0') != std::string::npos)
    throw Error(what + ": the string contains '\\0', which fixed-length storage cannot keep");
  // Size counts the terminator: null-terminated, as netCDF readers expect.
  Handle type = string_type(text.size() + 1, what);
  Handle space = owned(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate", what);
  write_attr(id(), std::string(name), type.get(), type.get(), space.get(), text.c_str(), what);
}

void Object::set_attr_int64(std::string_view name, std::int64_t value) const {
  write_numeric_attr(id(), name, std::vector<std::int64_t>{value}, true, H5T_STD_I64LE, H5T_NATIVE_INT64,
                     attr_what("write", name, describe()));
}

void Object::set_attr_double(std::string_view name, double value) const {
  write_numeric_attr(id(), name, std::vector<double>{value}, true, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                     attr_what("write", name, describe()));
}

void Object::set_attr_doubles(std::string_view name, const std::vector<double>& values) const {
  write_numeric_attr(id(), name, values, false, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                     attr_what("write", name, describe()));
}

void Object::set_attr_int64s(std::string_view name, const std::vector<std::int64_t>& values) const {
  write_numeric_attr(id(), name, values, false, H5T_STD_I64LE, H5T_NATIVE_INT64, attr_what("write", name, describe()));
}

void Object::set_attr_int16s(std::string_view name, const std::vector<std::int16_t>& values) const {
  write_numeric_attr(id(), name, values, false, H5T_STD_I16LE, H5T_NATIVE_INT16, attr_what("write", name, describe()));
}

void Object::set_attr_int32s(std::string_view name, const std::vector<std::int32_t>& values) const {
  write_numeric_attr(id(), name, values, false, H5T_STD_I32LE, H5T_NATIVE_INT32, attr_what("write", name, describe()));
}

void Object::set_attr_strings(std::string_view name, const std::vector<std::string>& values) const {
  const std::string what = attr_what("write", name, describe());
  const std::size_t size = longest(values, what) + 1;
  Handle type = string_type(size, what);
  Handle space = array_space(values.size(), what);
  const std::vector<char> buffer = pack(values, size);
  write_attr(id(), std::string(name), type.get(), type.get(), space.get(), values.empty() ? nullptr : buffer.data(),
             what);
}

std::string Object::attr_string(std::string_view name) const {
  const std::string what = attr_what("read", name, describe());
  return single(read_string_attr(id(), name, what), what);
}

std::int64_t Object::attr_int64(std::string_view name) const {
  const std::string what = attr_what("read", name, describe());
  return single(read_numeric_attr<std::int64_t>(id(), name, H5T_NATIVE_INT64, what), what);
}

double Object::attr_double(std::string_view name) const {
  const std::string what = attr_what("read", name, describe());
  return single(read_numeric_attr<double>(id(), name, H5T_NATIVE_DOUBLE, what), what);
}

std::vector<double> Object::attr_doubles(std::string_view name) const {
  return read_numeric_attr<double>(id(), name, H5T_NATIVE_DOUBLE, attr_what("read", name, describe()));
}

std::vector<std::int64_t> Object::attr_int64s(std::string_view name) const {
  return read_numeric_attr<std::int64_t>(id(), name, H5T_NATIVE_INT64, attr_what("read", name, describe()));
}

std::vector<std::string> Object::attr_strings(std::string_view name) const {
  return read_string_attr(id(), name, attr_what("read", name, describe()));
}

// Dataset
// -----------------------------------------------------------------------------

Dataset::Dataset(Handle handle, std::string file, std::string name)
    : Object(std::move(handle), std::move(file), std::move(name)) {}

std::vector<hsize_t> Dataset::dims() const {
  const std::string what = "cannot get the dims of dataset " + describe();
  Handle space = owned(H5Dget_space(id()), H5Sclose, "H5Dget_space", what);
  return extent(space.get(), false, what);
}

std::size_t Dataset::size() const {
  const std::string what = "cannot get the size of dataset " + describe();
  Handle space = owned(H5Dget_space(id()), H5Sclose, "H5Dget_space", what);
  return point_count(space.get(), what);
}

void Dataset::write_raw(hid_t mem_type, const void* data, std::size_t n) const {
  const hid_t ds = id();
  transfer(ds, false, nullptr, nullptr, mem_type, n, "cannot write dataset " + describe(),
           [&](hid_t mem_space, hid_t file_space) {
             return H5Dwrite(ds, mem_type, mem_space, file_space, H5P_DEFAULT, data);
           });
}

void Dataset::read_raw(hid_t mem_type, void* data, std::size_t n) const {
  const hid_t ds = id();
  transfer(ds, true, nullptr, nullptr, mem_type, n, "cannot read dataset " + describe(),
           [&](hid_t mem_space, hid_t file_space) {
             return H5Dread(ds, mem_type, mem_space, file_space, H5P_DEFAULT, data);
           });
}

void Dataset::write_block_raw(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                              const void* data, std::size_t n) const {
  const hid_t ds = id();
  transfer(ds, false, &offset, &count, mem_type, n,
           "cannot write block " + format_dims(offset) + " + " + format_dims(count) + " of dataset " + describe(),
           [&](hid_t mem_space, hid_t file_space) {
             return H5Dwrite(ds, mem_type, mem_space, file_space, H5P_DEFAULT, data);
           });
}

void Dataset::read_block_raw(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                             void* data, std::size_t n) const {
  const hid_t ds = id();
  transfer(ds, true, &offset, &count, mem_type, n,
           "cannot read block " + format_dims(offset) + " + " + format_dims(count) + " of dataset " + describe(),
           [&](hid_t mem_space, hid_t file_space) {
             return H5Dread(ds, mem_type, mem_space, file_space, H5P_DEFAULT, data);
           });
}

void Dataset::append_raw(hid_t mem_type, const void* data, std::size_t n) const {
  const std::string what = "cannot append to dataset " + describe();
  {
    // Refuse a type mismatch before the extent changes.
    Handle type = owned(H5Dget_type(id()), H5Tclose, "H5Dget_type", what);
    check_numeric(type.get(), mem_type, false, what);
  }
  Handle space = owned(H5Dget_space(id()), H5Sclose, "H5Dget_space", what);
  const std::vector<hsize_t> current = extent(space.get(), false, what);
  const std::vector<hsize_t> maximum = extent(space.get(), true, what);
  if (current.size() != 1) throw Error(what + ": it is not 1-D (dims " + format_dims(current) + ")");
  if (n == 0) return;
  const hsize_t old_size = current[0];
  if (maximum[0] != H5S_UNLIMITED && (n > maximum[0] || old_size > maximum[0] - n))
    throw Error(what + ": " + std::to_string(n) + " more values exceed the max dims " + format_dims(maximum));
  hsize_t new_size = old_size + n;
  check(H5Dset_extent(id(), &new_size), "H5Dset_extent", what);
  try {
    write_block_raw({old_size}, {n}, mem_type, data, n);
  } catch (...) {
    hsize_t back = old_size;  // best effort: no half-written tail
    H5Dset_extent(id(), &back);
    H5Eclear2(H5E_DEFAULT);
    throw;
  }
}

void Dataset::make_scale(std::string_view dim_name) const {
  check(H5DSset_scale(id(), std::string(dim_name).c_str()), "H5DSset_scale",
        "cannot make dataset " + describe() + " the scale of dimension '" + std::string(dim_name) + "'");
}

void Dataset::attach_scale(const Dataset& scale, unsigned dim) const {
  const std::string what =
      "cannot attach scale '" + scale.name() + "' to dimension " + std::to_string(dim) + " of dataset " + describe();
  const std::size_t rank = dims().size();
  if (dim >= rank) throw Error(what + ": the dataset has rank " + std::to_string(rank));
  check(H5DSattach_scale(id(), scale.id(), dim), "H5DSattach_scale", what);
}

// Group
// -----------------------------------------------------------------------------

Group::Group(Handle handle, std::string file, std::string name)
    : Object(std::move(handle), std::move(file), std::move(name)) {}

Group Group::create_group(std::string_view name) const {
  const std::string path = child_name(name);
  const std::string what = "cannot create group '" + path + "' in " + file_name();
  Handle gcpl = owned(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "H5Pcreate", what);
  check(H5Pset_link_creation_order(gcpl.get(), kCreationOrder), "H5Pset_link_creation_order", what);
  check(H5Pset_attr_creation_order(gcpl.get(), kCreationOrder), "H5Pset_attr_creation_order", what);
  Handle group = owned(H5Gcreate2(id(), std::string(name).c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                       "H5Gcreate2", what);
  return Group(std::move(group), file_name(), path);
}

Group Group::open_group(std::string_view name) const {
  const std::string path = child_name(name);
  Handle group = owned(H5Gopen2(id(), std::string(name).c_str(), H5P_DEFAULT), H5Gclose, "H5Gopen2",
                       "cannot open group '" + path + "' in " + file_name());
  return Group(std::move(group), file_name(), path);
}

bool Group::has(std::string_view name) const {
  const std::string what = "cannot look up '" + child_name(name) + "' in " + file_name();
  if (name.empty()) return false;
  // H5Lexists needs every intermediate link to exist, so walk the path.
  std::string prefix = name.front() == '/' ? "/" : "";
  bool any = false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (end > start) {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix += name.substr(start, end - start);
      any = true;
      if (!check_tri(H5Lexists(id(), prefix.c_str(), H5P_DEFAULT), "H5Lexists", what)) return false;
    }
    start = end + 1;
  }
  return any || prefix == "/";
}

namespace {

// The datasets below a group, as paths relative to it.
std::vector<std::string> datasets_below(hid_t group, const std::string& what) {
  std::vector<std::string> names;
  auto visit = [](hid_t g, const char* name, const H5L_info_t*, void* data) -> herr_t {
    H5O_info_t info;
    if (H5Oget_info_by_name(g, name, &info, H5P_DEFAULT) < 0) return -1;
    if (info.type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  check(H5Lvisit(group, H5_INDEX_NAME, H5_ITER_INC, visit, &names), "H5Lvisit", what);
  return names;
}

// The path in its file of the scale attached to dimension `dim`, or "".
std::string scale_path(hid_t dataset, unsigned dim) {
  std::string path;
  auto visit = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
    const ssize_t n = H5Iget_name(scale, nullptr, 0);
    if (n <= 0) return -1;
    std::string name(static_cast<std::size_t>(n) + 1, '\0');
    H5Iget_name(scale, name.data(), name.size());
    name.resize(static_cast<std::size_t>(n));
    *static_cast<std::string*>(data) = name;
    return 1;  // the first scale is the one
  };
  int index = 0;
  if (H5DSiterate_scales(dataset, dim, &index, visit, &path) < 0) return "";
  return path;
}

void delete_attr_if_present(hid_t owner, const char* name, const std::string& what) {
  if (check_tri(H5Aexists(owner, name), "H5Aexists", what)) check(H5Adelete(owner, name), "H5Adelete", what);
}

// H5Ocopy into another file leaves the dimension-scale references (VLEN
// references in attributes) null: they are dropped from the copy and the
// scales attached again, each to the copy of the scale the original had.
void reattach_scales(hid_t src, const std::string& src_path, hid_t dest, const std::string& dest_path,
                     const std::string& what) {
  const auto names = datasets_below(src, what);
  for (const auto& n : names) {
    Handle d = owned(H5Dopen2(dest, n.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", what);
    delete_attr_if_present(d.get(), "DIMENSION_LIST", what);
    delete_attr_if_present(d.get(), "REFERENCE_LIST", what);
  }
  for (const auto& n : names) {
    Handle s = owned(H5Dopen2(src, n.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", what);
    if (check_tri(H5DSis_scale(s.get()), "H5DSis_scale", what)) continue;
    Handle space = owned(H5Dget_space(s.get()), H5Sclose, "H5Dget_space", what);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    Handle d = owned(H5Dopen2(dest, n.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", what);
    for (int dim = 0; dim < rank; ++dim) {
      const std::string path = scale_path(s.get(), static_cast<unsigned>(dim));
      if (path.rfind(src_path + "/", 0) != 0) continue;  // no scale, or one outside the copied tree
      const std::string copy = dest_path + path.substr(src_path.size());
      Handle scale = owned(H5Dopen2(dest, copy.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", what);
      check(H5DSattach_scale(d.get(), scale.get(), static_cast<unsigned>(dim)), "H5DSattach_scale", what);
    }
  }
}

}  // namespace

void Group::copy_member(std::string_view name, const Group& dest, std::string_view dest_name) const {
  std::string what = "cannot copy ";
  what.append(name)
      .append(" of ")
      .append(describe())
      .append(" to ")
      .append(dest_name)
      .append(" of ")
      .append(dest.describe());
  check(H5Ocopy(id(), std::string(name).c_str(), dest.id(), std::string(dest_name).c_str(), H5P_DEFAULT, H5P_DEFAULT),
        "H5Ocopy", what);
  H5O_info_t info;
  check(H5Oget_info_by_name(id(), std::string(name).c_str(), &info, H5P_DEFAULT), "H5Oget_info_by_name", what);
  if (info.type != H5O_TYPE_GROUP) return;
  Handle src = owned(H5Gopen2(id(), std::string(name).c_str(), H5P_DEFAULT), H5Gclose, "H5Gopen2", what);
  Handle copy = owned(H5Gopen2(dest.id(), std::string(dest_name).c_str(), H5P_DEFAULT), H5Gclose, "H5Gopen2", what);
  auto path_of = [&](hid_t obj) {
    const ssize_t n = H5Iget_name(obj, nullptr, 0);
    std::string p(static_cast<std::size_t>(std::max<ssize_t>(n, 0)) + 1, '\0');
    H5Iget_name(obj, p.data(), p.size());
    p.resize(static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    return p;
  };
  // Scales are opened relative to the copy, so its path is "." based.
  reattach_scales(src.get(), path_of(src.get()), copy.get(), ".", what);
}

std::vector<std::string> Group::member_names() const {
  const std::string what = "cannot list the members of group " + describe();
  Handle group = owned(H5Gopen2(id(), ".", H5P_DEFAULT), H5Gclose, "H5Gopen2", what);
  Handle gcpl = owned(H5Gget_create_plist(group.get()), H5Pclose, "H5Gget_create_plist", what);
  unsigned order = 0;
  check(H5Pget_link_creation_order(gcpl.get(), &order), "H5Pget_link_creation_order", what);
  const H5_index_t index = (order & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  H5G_info_t info;
  check(H5Gget_info(group.get(), &info), "H5Gget_info", what);
  std::vector<std::string> names;
  names.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t len = H5Lget_name_by_idx(group.get(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (len < 0) fail("H5Lget_name_by_idx", what);
    std::vector<char> buffer(static_cast<std::size_t>(len) + 1);
    if (H5Lget_name_by_idx(group.get(), ".", index, H5_ITER_INC, i, buffer.data(), buffer.size(), H5P_DEFAULT) < 0)
      fail("H5Lget_name_by_idx", what);
    names.emplace_back(buffer.data(), static_cast<std::size_t>(len));
  }
  return names;
}

Dataset Group::create_dataset_raw(std::string_view name, const std::vector<hsize_t>& dims, hid_t file_type,
                                  hid_t mem_type, const void* fill, const std::vector<hsize_t>& chunk, int deflate,
                                  bool shuffle, const std::vector<hsize_t>& max_dims, bool allocate_early) const {
  const std::string path = child_name(name);
  const std::string what = "cannot create dataset '" + path + "' in " + file_name();
  if (dims.empty() || dims.size() > H5S_MAX_RANK)
    throw Error(what + ": rank must be 1 to " + std::to_string(H5S_MAX_RANK) + ", got " + std::to_string(dims.size()));
  if (!chunk.empty() && chunk.size() != dims.size())
    throw Error(what + ": chunk " + format_dims(chunk) + " does not match dims " + format_dims(dims));
  if (!max_dims.empty() && max_dims.size() != dims.size())
    throw Error(what + ": max dims " + format_dims(max_dims) + " do not match dims " + format_dims(dims));
  if (deflate < 0 || deflate > 9) throw Error(what + ": deflate level must be 0 to 9, got " + std::to_string(deflate));
  if (!max_dims.empty() && max_dims != dims && chunk.empty())
    throw Error(what + ": an extendible dataset (max dims " + format_dims(max_dims) + ") needs chunk dims");

  const int rank = static_cast<int>(dims.size());
  Handle space = owned(H5Screate_simple(rank, dims.data(), max_dims.empty() ? nullptr : max_dims.data()), H5Sclose,
                       "H5Screate_simple", what);
  Handle dcpl = owned(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", what);
  check(H5Pset_attr_creation_order(dcpl.get(), kCreationOrder), "H5Pset_attr_creation_order", what);
  if (!chunk.empty()) {
    check(H5Pset_chunk(dcpl.get(), rank, chunk.data()), "H5Pset_chunk", what);
    if (deflate > 0) {
      // Shuffle goes first in the pipeline: it groups bytes so deflate finds runs.
      if (shuffle) check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", what);
      check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(deflate)), "H5Pset_deflate", what);
    }
  }
  if (fill != nullptr) check(H5Pset_fill_value(dcpl.get(), mem_type, fill), "H5Pset_fill_value", what);
  // No modification times: they would make equal results differ in bytes.
  check(H5Pset_obj_track_times(dcpl.get(), false), "H5Pset_obj_track_times", what);
  if (allocate_early) check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", what);
  Handle dataset =
      owned(H5Dcreate2(id(), std::string(name).c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
            H5Dclose, "H5Dcreate2", what);
  if (fill != nullptr) {
    // netCDF readers (xarray) only see a fill value through this attribute,
    // which must have the variable's type.
    Handle scalar = owned(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate", what);
    write_attr(dataset.get(), "_FillValue", file_type, mem_type, scalar.get(), fill, what);
  }
  return Dataset(std::move(dataset), file_name(), path);
}

namespace {
// Null-padded: every byte of the width holds text.
Handle padded_string_type(std::size_t width, const std::string& what) {
  Handle type = owned(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy", what);
  check(H5Tset_size(type.get(), width), "H5Tset_size", what);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "H5Tset_strpad", what);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", what);
  return type;
}
}  // namespace

Dataset Group::create_strings(std::string_view name, hsize_t count, std::size_t width) const {
  const std::string path = child_name(name);
  const std::string what = "cannot create dataset '" + path + "' in " + file_name();
  Handle type = padded_string_type(width, what);
  Handle space = owned(H5Screate_simple(1, &count, nullptr), H5Sclose, "H5Screate_simple", what);
  Handle dcpl = owned(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", what);
  check(H5Pset_attr_creation_order(dcpl.get(), kCreationOrder), "H5Pset_attr_creation_order", what);
  check(H5Pset_obj_track_times(dcpl.get(), false), "H5Pset_obj_track_times", what);
  check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", what);
  check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_ALLOC), "H5Pset_fill_time", what);
  Handle dataset =
      owned(H5Dcreate2(id(), std::string(name).c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
            H5Dclose, "H5Dcreate2", what);
  return Dataset(std::move(dataset), file_name(), path);
}

void Dataset::write_string_at(hsize_t index, std::string_view text) const {
  const std::string what = "cannot write string " + std::to_string(index) + " of dataset " + describe();
  Handle type = owned(H5Dget_type(id()), H5Tclose, "H5Dget_type", what);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0)
    throw Error(what + ": not a dataset of fixed-length strings");
  const std::size_t width = H5Tget_size(type.get());
  std::size_t n = std::min(width, text.size());
  // Never cut a multi-byte UTF-8 character in two.
  if (n < text.size())
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::vector<char> buffer(width, '\0');
  std::copy_n(text.data(), n, buffer.data());
  Handle file_space = owned(H5Dget_space(id()), H5Sclose, "H5Dget_space", what);
  const hsize_t one = 1;
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &index, nullptr, &one, nullptr), "H5Sselect_hyperslab",
        what);
  Handle mem_space = owned(H5Screate_simple(1, &one, nullptr), H5Sclose, "H5Screate_simple", what);
  check(H5Dwrite(id(), type.get(), mem_space.get(), file_space.get(), H5P_DEFAULT, buffer.data()), "H5Dwrite", what);
}

std::vector<std::string> Dataset::read_strings() const {
  const std::string what = "cannot read strings of dataset " + describe();
  Handle type = owned(H5Dget_type(id()), H5Tclose, "H5Dget_type", what);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0)
    throw Error(what + ": not a dataset of fixed-length strings");
  const std::size_t width = H5Tget_size(type.get()), n = size();
  if (width == 0 || width > (1u << 20)) throw Error(what + ": width " + std::to_string(width) + " out of range");
  Handle mem = padded_string_type(width, what);
  std::vector<char> buffer(n * width);
  if (n > 0) check(H5Dread(id(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "H5Dread", what);
  std::vector<std::string> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = buffer.data() + i * width;
    out[i].assign(p, std::find(p, p + width, '\0'));
  }
  return out;
}

std::string Dataset::read_string_at(hsize_t index) const {
  const std::string what = "cannot read string " + std::to_string(index) + " of dataset " + describe();
  Handle type = owned(H5Dget_type(id()), H5Tclose, "H5Dget_type", what);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0)
    throw Error(what + ": not a dataset of fixed-length strings");
  const std::size_t width = H5Tget_size(type.get());
  if (width == 0 || width > (1u << 20) || index >= size()) throw Error(what + ": out of range");
  Handle mem = padded_string_type(width, what);
  Handle file_space = owned(H5Dget_space(id()), H5Sclose, "H5Dget_space", what);
  const hsize_t one = 1;
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &index, nullptr, &one, nullptr), "H5Sselect_hyperslab",
        what);
  Handle mem_space = owned(H5Screate_simple(1, &one, nullptr), H5Sclose, "H5Screate_simple", what);
  std::vector<char> buffer(width, '\0');
  check(H5Dread(id(), mem.get(), mem_space.get(), file_space.get(), H5P_DEFAULT, buffer.data()), "H5Dread", what);
  return std::string(buffer.data(), std::find(buffer.begin(), buffer.end(), '\0') - buffer.begin());
}

Dataset Group::open_dataset(std::string_view name) const {
  const std::string path = child_name(name);
  Handle dataset = owned(H5Dopen2(id(), std::string(name).c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2",
                         "cannot open dataset '" + path + "' in " + file_name());
  return Dataset(std::move(dataset), file_name(), path);
}

// File
// -----------------------------------------------------------------------------

File::File(Handle handle, std::string path) : Group(std::move(handle), std::move(path), "/") {}

namespace {
constexpr std::size_t kChunkCacheBytes = 16 * 1024;
constexpr std::size_t kMetadataCacheBytes = 1024 * 1024;

// HDF5 keeps freed blocks on free lists of its own that grow with the
// number of chunks touched; small limits hand memory back to malloc, so a
// long run's memory stays flat.
void limit_free_lists() {
  static const bool done = [] {
    H5set_free_list_limits(1 << 20, 1 << 18, 1 << 20, 1 << 18, 1 << 20, 1 << 18);
    return true;
  }();
  (void)done;
}
}  // namespace

File File::create(const std::filesystem::path& path, bool overwrite) {
  quiet_errors();
  limit_free_lists();
  const std::string name = path.string();
  const std::string what = "cannot create file '" + name + "'";
  // H5F_ACC_EXCL alone would fail too; this says why in plain words.
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec))
    throw Error(what + ": it exists (pass overwrite = true to replace it)");
  Handle fcpl = owned(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "H5Pcreate", what);
  check(H5Pset_link_creation_order(fcpl.get(), kCreationOrder), "H5Pset_link_creation_order", what);
  check(H5Pset_attr_creation_order(fcpl.get(), kCreationOrder), "H5Pset_attr_creation_order", what);
  // A small chunk cache per dataset: files here are written in whole chunks
  // and read back in whole chunks, so a cache would only hold finished chunks
  // and make memory grow with the number of datasets and runs.
  Handle fapl = owned(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate", what);
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110), "H5Pset_libver_bounds", what);
  check(H5Pset_cache(fapl.get(), 0, 521, kChunkCacheBytes, 0.75), "H5Pset_cache", what);
  // Cap the metadata cache too (HDF5 lets it grow to 32 MiB): chunk indexes
  // of large files are written once and not revisited.
  H5AC_cache_config_t mdc;
  mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  check(H5Pget_mdc_config(fapl.get(), &mdc), "H5Pget_mdc_config", what);
  mdc.max_size = kMetadataCacheBytes;
  mdc.initial_size = std::min(mdc.initial_size, kMetadataCacheBytes);
  mdc.min_size = std::min(mdc.min_size, kMetadataCacheBytes);
  check(H5Pset_mdc_config(fapl.get(), &mdc), "H5Pset_mdc_config", what);
  Handle file = owned(H5Fcreate(name.c_str(), overwrite ? H5F_ACC_TRUNC : H5F_ACC_EXCL, fcpl.get(), fapl.get()),
                      H5Fclose, "H5Fcreate", what);
  return File(std::move(file), name);
}

File File::create_resumable(const std::filesystem::path& path) {
  quiet_errors();
  limit_free_lists();
  const std::string name = path.string();
  const std::string what = "cannot create file '" + name + "'";
  Handle fcpl = owned(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "H5Pcreate", what);
  check(H5Pset_link_creation_order(fcpl.get(), kCreationOrder), "H5Pset_link_creation_order", what);
  check(H5Pset_attr_creation_order(fcpl.get(), kCreationOrder), "H5Pset_attr_creation_order", what);
  Handle fapl = owned(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate", what);
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18), "H5Pset_libver_bounds", what);
  Handle file = owned(H5Fcreate(name.c_str(), H5F_ACC_EXCL, fcpl.get(), fapl.get()), H5Fclose, "H5Fcreate", what);
  return File(std::move(file), name);
}

File File::open_write(const std::filesystem::path& path) {
  quiet_errors();
  limit_free_lists();
  const std::string name = path.string();
  const std::string what = "cannot open file '" + name + "' for writing";
  Handle fapl = owned(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate", what);
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18), "H5Pset_libver_bounds", what);
  Handle file = owned(H5Fopen(name.c_str(), H5F_ACC_RDWR, fapl.get()), H5Fclose, "H5Fopen", what);
  return File(std::move(file), name);
}

void File::sync() const {
  flush();
  void* handle = nullptr;
  const std::string what = "cannot sync file '" + file_name() + "'";
  check(H5Fget_vfd_handle(id(), H5P_DEFAULT, &handle), "H5Fget_vfd_handle", what);
  if (handle != nullptr && ::fsync(*static_cast<int*>(handle)) != 0) throw Error(what + ": " + std::strerror(errno));
}

File File::open_read(const std::filesystem::path& path) {
  quiet_errors();
  limit_free_lists();
  const std::string name = path.string();
  Handle file = owned(H5Fopen(name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "H5Fopen",
                      "cannot open file '" + name + "' for reading");
  return File(std::move(file), name);
}

void File::flush() const {
  check(H5Fflush(id(), H5F_SCOPE_GLOBAL), "H5Fflush", "cannot flush file '" + file_name() + "'");
}

}  // namespace simrun::h5
