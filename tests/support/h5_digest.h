#pragma once
// Digests of every numeric dataset of an HDF5 file (name, shape, element
// size and bytes): what "the same numbers" means in tests of files.
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace simrun::testing {

inline std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = 14695981039346656037ull) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

struct Visit {
  std::map<std::string, std::uint64_t> digests;  // dataset path -> digest of name, shape and values
};

inline herr_t visit_object(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  if (info->type != H5O_TYPE_DATASET) return 0;
  auto& v = *static_cast<Visit*>(data);
  const hid_t d = H5Dopen2(root, name, H5P_DEFAULT);
  const hid_t type = H5Dget_type(d);
  const H5T_class_t cls = H5Tget_class(type);
  if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
    const hid_t space = H5Dget_space(d);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    const hid_t native = H5Tget_native_type(type, H5T_DIR_ASCEND);
    const std::size_t size = H5Tget_size(native);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    std::vector<unsigned char> buf(static_cast<std::size_t>(n) * size);
    if (n > 0) H5Dread(d, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    std::uint64_t h = fnv1a(name, std::char_traits<char>::length(name));
    h = fnv1a(dims.data(), dims.size() * sizeof(hsize_t), h);
    h = fnv1a(&size, sizeof size, h);
    h = fnv1a(buf.data(), buf.size(), h);
    v.digests[name] = h;
    H5Tclose(native);
    H5Sclose(space);
  }
  H5Tclose(type);
  H5Dclose(d);
  return 0;
}

// One digest for a whole file: the per-dataset digests combined in name order.
inline std::uint64_t file_digest(const std::string& path, std::size_t* datasets) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return 0;
  Visit v;
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit_object, &v, H5O_INFO_BASIC);
  H5Fclose(f);
  std::uint64_t h = 14695981039346656037ull;
  for (const auto& [name, d] : v.digests) {
    h = fnv1a(name.data(), name.size(), h);
    h = fnv1a(&d, sizeof d, h);
  }
  *datasets = v.digests.size();
  return h;
}

// Every numeric dataset's digest, by path.
inline std::map<std::string, std::uint64_t> dataset_digests(const std::string& path) {
  Visit v;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return {};
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit_object, &v, H5O_INFO_BASIC);
  H5Fclose(f);
  return v.digests;
}

}  // namespace simrun::testing
