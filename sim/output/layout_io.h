#pragma once
// Helpers that create datasets from rows of the results layout
// (output/results_layout.h) with their long_name, units and dimension
// scales: shared by the writers of run, comparison and sweep files.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "output/h5.h"
#include "output/results_layout.h"

namespace simrun::output {

inline void describe(const h5::Object& o, std::string_view long_name, std::string_view units) {
  o.set_attr_string("long_name", long_name);
  if (!units.empty()) o.set_attr_string("units", units);
}

inline std::string join_words(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += (s.empty() ? "" : " ") + w;
  return s;
}

// A dataset of a layout row, for one row of a table (`key` = "variable",
// "outcome", ...) when the row's name has a placeholder.
struct Row {
  std::string_view key, name, long_name, units;
};
inline std::string name_of(const DatasetDef& d, const Row& r) {
  return r.key.empty() ? std::string(d.name) : expand(d.name, r.key, r.name);
}

template <class T>
h5::Dataset create(const h5::Group& g, const DatasetDef& d, const std::vector<hsize_t>& shape, const Row& r = {},
                   const h5::DatasetOptions<T>& opt = {}) {
  h5::Dataset ds = g.create_dataset<T>(name_of(d, r), shape, opt);
  std::string long_name = expand(d.long_name, "long_name", r.long_name);
  if (!r.key.empty()) long_name = expand(long_name, r.key, r.name);
  describe(ds, long_name, d.units == "{units}" ? r.units : d.units);
  return ds;
}

// A coordinate: a 1-D dimension scale named after its dimension.
template <class T>
h5::Dataset coordinate(const h5::Group& g, const DatasetDef& d, const std::vector<T>& values, std::string_view units,
                       bool unlimited = false) {
  h5::DatasetOptions<T> opt;
  if (unlimited) {
    opt.chunk = {4096};
    opt.max_dims = {H5S_UNLIMITED};
  }
  h5::Dataset ds = g.create_dataset<T>(std::string(d.name), {static_cast<hsize_t>(values.size())}, opt);
  if (!values.empty()) ds.write(values);
  ds.make_scale(std::string(d.name));
  describe(ds, d.long_name, units);
  return ds;
}

// A coordinate of integer codes for the rows of a table (outcomes, metrics),
// with CF flag_values and flag_meanings naming them.
template <class Table>
h5::Dataset code_coordinate(const h5::Group& g, const DatasetDef& d, const Table& table) {
  std::vector<std::int32_t> codes;
  std::vector<std::string> names;
  for (const auto& row : table) {
    codes.push_back(static_cast<std::int32_t>(row.id));
    names.emplace_back(row.name);
  }
  h5::Dataset ds = coordinate(g, d, codes, "");
  ds.set_attr_int32s("flag_values", codes);
  ds.set_attr_string("flag_meanings", join_words(names));
  return ds;
}

// A coordinate of a layout row whose name is a placeholder (`{key}`), here `name`.
template <class T>
h5::Dataset named_coordinate(const h5::Group& g, const DatasetDef& d, std::string_view key, std::string_view name,
                             const std::vector<T>& values, std::string_view units) {
  h5::Dataset ds = g.create_dataset<T>(name, {static_cast<hsize_t>(values.size())});
  if (!values.empty()) ds.write(values);
  ds.make_scale(name);
  describe(ds, expand(d.long_name, key, name), units);
  return ds;
}

// A coordinate of codes 0 .. N-1 whose names are in `flag_meanings` (the
// factors, statistics or items of a score or calibration group).
inline h5::Dataset names_coordinate(const h5::Group& g, const DatasetDef& d, const std::vector<std::string>& names) {
  std::vector<std::int32_t> codes(names.size());
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<std::int32_t>(i);
  h5::Dataset ds = coordinate(g, d, codes, "");
  ds.set_attr_int32s("flag_values", codes);
  ds.set_attr_string("flag_meanings", join_words(names));
  return ds;
}

// A dataset over the given coordinates, in order, with `values` when any.
template <class T>
void write_over(const h5::Group& g, const DatasetDef& d, const std::vector<T>& values,
                std::initializer_list<const h5::Dataset*> dims) {
  std::vector<hsize_t> shape;
  for (const auto* c : dims) shape.push_back(c->dims()[0]);
  const h5::Dataset ds = create<T>(g, d, shape);
  if (!values.empty()) ds.write(values);
  unsigned i = 0;
  for (const auto* c : dims) ds.attach_scale(*c, i++);
}

}  // namespace simrun::output
