#pragma once
// What every target counts as a finding: the code under test may refuse its
// input only with InputError (exit code 2 in the program); any other
// exception, like a crash or a sanitizer report, is a bug.
#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "util/diagnostics.h"

namespace simrun::fuzz {

[[noreturn]] inline void finding(const char* kind, const char* what) {
  std::fprintf(stderr, "FINDING: %s escaped: %s\n", kind, what);
  std::abort();  // libFuzzer saves the input as crash-*
}

inline std::string type_name(const std::type_info& type) {
  int status = 0;
  char* readable = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = status == 0 && readable ? readable : type.name();
  std::free(readable);
  return name;
}

// Runs `f`; returns whether it accepted the input (false: InputError).
template <class F>
bool accepts(F&& f) {
  try {
    f();
    return true;
  } catch (const InputError&) {
    return false;
  } catch (const std::exception& e) {
    finding(type_name(typeid(e)).c_str(), e.what());
  } catch (...) {
    finding("a non-std exception", "");
  }
}

inline std::string as_text(const unsigned char* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace simrun::fuzz
