#include "util/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/diagnostics.h"

namespace simrun {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "of an unknown kind";
}

std::string size_text(std::size_t bytes) {
  return bytes % (1u << 20) == 0 ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

}  // namespace

bool is_hdf5_file(const std::string& path) {
  static constexpr char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  char head[8] = {};
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  const bool whole = regular && ::read(fd, head, sizeof head) == static_cast<ssize_t>(sizeof head);
  ::close(fd);
  return whole && std::equal(head, head + 8, kSignature);
}

std::string read_regular_file(const std::string& path, std::size_t max_bytes) {
  auto refuse = [&](const std::string& why) {
    return InputError(Diagnostic{path, 0, 0, "", "cannot read file: " + why});
  };
  // stat first: opening a FIFO or a device can block or have effects.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw refuse(std::strerror(errno));
  if (!S_ISREG(info.st_mode)) throw refuse("not a regular file (" + file_kind(info.st_mode) + ")");
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw refuse(std::strerror(errno));
  // It may have been replaced between stat and open.
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  std::string text;
  ssize_t got = 1;
  int error = 0;
  while (regular && got != 0 && text.size() <= max_bytes) {
    char buffer[1 << 16];
    got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      text.append(buffer, static_cast<std::size_t>(got));
    } else if (got < 0 && errno != EINTR) {
      error = errno;
      break;
    }
  }
  ::close(fd);
  if (!regular) throw refuse("not a regular file (" + file_kind(info.st_mode) + ")");
  if (error != 0) throw refuse(std::strerror(error));
  if (text.size() > max_bytes) throw refuse("it is larger than " + size_text(max_bytes) + ", the limit");
  return text;
}

// nlohmann checks UTF-8 only inside strings, says neither which byte nor
// why, and reads a NUL byte as the end of the text.
std::optional<std::pair<std::size_t, std::string>> find_invalid_text(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    auto bad = [&](const char* what) {
      return std::pair(i, std::string("not valid UTF-8: byte 0x") + kHex[lead >> 4] + kHex[lead & 15] + " " + what +
                              " (save the file as UTF-8)");
    };
    if (lead == 0) return std::pair(i, std::string("NUL byte (0x00) in the text; a scenario file holds no NUL bytes"));
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead < 0xC0) return bad("is a continuation byte without a lead byte");
    if (lead < 0xC2) return bad("starts an overlong encoding");
    if (lead > 0xF4) return bad("never occurs in UTF-8");
    const std::size_t length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    for (std::size_t k = 1; k < length; ++k)
      if (i + k >= text.size() || !is_continuation(text[i + k])) return bad("starts a truncated sequence");
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xF0 && second < 0x90)) return bad("starts an overlong encoding");
    if (lead == 0xED && second >= 0xA0) return bad("starts an encoded UTF-16 surrogate (U+D800 to U+DFFF)");
    if (lead == 0xF4 && second >= 0x90) return bad("starts a code point above U+10FFFF");
    i += length;
  }
  return std::nullopt;
}

std::pair<int, int> LineCounter::at(std::size_t offset) {
  if (offset < offset_) *this = LineCounter(text_);
  for (; offset_ < std::min(offset, text_.size()); ++offset_) {
    if (text_[offset_] == '\n') {
      ++line_;
      column_ = 1;
    } else if (!is_continuation(text_[offset_])) {
      ++column_;
    }
  }
  return {line_, column_};
}

}  // namespace simrun
