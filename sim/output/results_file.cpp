#include "output/results_file.h"

#include <H5public.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <atomic>
#include <boost/version.hpp>
#include <cctype>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>

#include "util/diagnostics.h"
#include "util/random.h"
#include "util/version.h"

namespace simrun::output {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempPrefix = ".simrun-";
constexpr const char* kTempSuffix = ".tmp";

// This host's name as it appears in temporary names: at most 64 characters
// that need no quoting. With it, a shared folder on a network file system
// does not take another machine's live process for a dead one.
const std::string& host_tag() {
  static const std::string tag = [] {
    std::array<char, 256> buf{};
    if (::gethostname(buf.data(), buf.size() - 1) != 0) buf[0] = '\0';
    std::string h(buf.data());
    if (h.size() > 64) h.resize(64);
    for (auto& c : h)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    return h.empty() ? std::string("localhost") : h;
  }();
  return tag;
}

bool all_digits(const std::string& s, std::size_t max_len) {
  return !s.empty() && s.size() <= max_len &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The process id in a name of the pattern .simrun-<host>-<pid>-<n>.tmp
// written on this host, or nothing.
std::optional<pid_t> temporary_owner(const std::string& name) {
  const std::string prefix = kTempPrefix + host_tag() + "-", suffix = kTempSuffix;
  if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  const std::string rest = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  const std::size_t dash = rest.find('-');
  if (dash == std::string::npos) return std::nullopt;
  const std::string pid = rest.substr(0, dash), n = rest.substr(dash + 1);
  if (!all_digits(pid, 9) || !all_digits(n, 19)) return std::nullopt;
  return static_cast<pid_t>(std::stol(pid));
}

bool process_gone(pid_t pid) { return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH; }

// The temporary files of live ResultsFile objects, for a signal handler:
// fixed storage, and a state each that the handler reads atomically
// (0 free, 1 being written, 2 ready).
struct Slot {
  std::atomic<int> state{0};
  char path[PATH_MAX];
};
std::array<Slot, 8> g_slots;

int register_temporary(const fs::path& p) {
  std::error_code ec;
  const std::string s = fs::absolute(p, ec).string();
  if (ec || s.size() >= PATH_MAX) return -1;
  for (std::size_t i = 0; i < g_slots.size(); ++i) {
    int expected = 0;
    if (!g_slots[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_slots[i].path, s.c_str(), s.size() + 1);
    g_slots[i].state.store(2);
    return static_cast<int>(i);
  }
  return -1;  // no slot: only the signal-time clean-up misses it
}

void unregister_temporary(int& slot) {
  if (slot >= 0) g_slots[static_cast<std::size_t>(slot)].state.store(0);
  slot = -1;
}

[[noreturn]] void refuse_existing(const fs::path& to) {
  throw RuntimeFailure(to.string() +
                       " appeared while this run was computing (another simrun?); it was left as it is and these "
                       "results were discarded; pass --force to replace it, or --out to write elsewhere");
}

[[noreturn]] void move_failed(int err, const fs::path& from, const fs::path& to) {
  throw fs::filesystem_error("cannot move the finished results into place", from, to,
                             std::error_code(err, std::generic_category()));
}

bool exists_at_all(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// Removes one candidate if it is a regular file of this user that no process
// holds locked. HDF5 keeps an exclusive flock on every file it has open for
// writing, so a live simrun's temporary file is locked: a guard beyond the
// process id where that misleads (containers sharing a folder and a host
// name). Where the file system has no flock, the process id decides alone.
bool remove_if_unlocked(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool removed = false;
  const bool ours = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid();
  const bool unlocked = ::flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK;
  struct stat now {};
  // The name must still lead to the file examined.
  if (ours && unlocked && ::lstat(p.c_str(), &now) == 0 && now.st_ino == st.st_ino && now.st_dev == st.st_dev)
    removed = ::unlink(p.c_str()) == 0;
  ::close(fd);
  return removed;
}

}  // namespace

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string describe_file_type(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular:
      return "a regular file";
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::symlink:
      return "a symbolic link";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

fs::path temporary_path(const fs::path& folder) {
  static std::atomic<unsigned long long> counter{0};
  for (;;) {
    const std::string name = kTempPrefix + host_tag() + "-" + std::to_string(::getpid()) + "-" +
                             std::to_string(counter.fetch_add(1)) + kTempSuffix;
    fs::path p = folder / name;
    if (!exists_at_all(p)) return p;  // one left by an earlier process of the same id: skip it
  }
}

std::vector<fs::path> remove_stale_temporaries(const fs::path& folder) {
  std::vector<fs::path> removed;
  std::error_code ec;
  fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const auto owner = temporary_owner(p.filename().string());
    if (!owner || *owner == ::getpid() || !process_gone(*owner)) continue;
    if (remove_if_unlocked(p)) removed.push_back(p);
  }
  return removed;
}

void move_without_replacing(const fs::path& from, const fs::path& to, NoReplace method) {
  if (method == NoReplace::Rename) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
    const int err = errno;
    if (err == EEXIST) refuse_existing(to);
    if (err != EINVAL && err != ENOSYS && err != EOPNOTSUPP) move_failed(err, from, to);
    method = NoReplace::Link;  // a file system without RENAME_NOREPLACE
  }
  if (method == NoReplace::Link) {
    if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      return;
    }
    const int err = errno;
    if (err == EEXIST) refuse_existing(to);
    if (err != EPERM && err != EOPNOTSUPP && err != ENOSYS && err != EMLINK) move_failed(err, from, to);
  }
  // No atomic way on this file system: a small window remains.
  if (exists_at_all(to)) refuse_existing(to);
  fs::rename(from, to);
}

void remove_temporaries_now() noexcept {
  for (auto& slot : g_slots)
    if (slot.state.load() == 2) ::unlink(slot.path);
}

ResultsFile::ResultsFile(fs::path target, const Provenance& prov, bool replace)
    : target_(std::move(target)), replace_(replace) {
  const fs::path folder = target_.parent_path();
  for (const auto& p : remove_stale_temporaries(folder))
    spdlog::warn("removed {}, a temporary file of a simrun process that no longer runs", p.string());
  temp_ = temporary_path(folder);
  scratch_path_ = temporary_path(folder);
  try {
    file_ = h5::File::create(temp_);
    temp_slot_ = register_temporary(temp_);
    write_provenance(prov);
  } catch (...) {
    discard();
    throw;
  }
}

void ResultsFile::write_provenance(const Provenance& prov) {
  const h5::File& f = file_;
  f.set_attr_string("file_type", prov.file_type);
  f.set_attr_string("format_version", kFormatVersion);
  f.set_attr_string("simrun_version", kVersion);
  f.set_attr_string("git_sha", kGitSha);
  f.set_attr_string("Conventions", "CF-1.8");
  f.set_attr_string("title", "simrun Monte Carlo results");
  f.set_attr_string("command_line", prov.command_line);
  f.set_attr_int64("seed", static_cast<std::int64_t>(prov.seed));
  f.set_attr_int64("runs", static_cast<std::int64_t>(prov.runs));
  f.set_attr_int64("threads", prov.threads);
  f.set_attr_string("start_time", prov.start_time);
  f.set_attr_string("end_time", "");
  f.set_attr_int64("complete", 0);
  f.set_attr_string("random_generator", kEngineName);
  f.set_attr_string("boost_version", BOOST_LIB_VERSION);
  f.set_attr_string("hdf5_version", std::to_string(H5_VERS_MAJOR) + "." + std::to_string(H5_VERS_MINOR) + "." +
                                        std::to_string(H5_VERS_RELEASE));
  f.set_attr_string("eigen_version", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) +
                                         "." + std::to_string(EIGEN_MINOR_VERSION));
}

h5::File& ResultsFile::scratch() {
  if (!scratch_.valid()) {
    scratch_ = h5::File::create(scratch_path_);
    scratch_slot_ = register_temporary(scratch_path_);
  }
  return scratch_;
}

void ResultsFile::describe_scenario(const ScenarioRecord& sc, const std::string& prefix) {
  const h5::File& f = file_;
  f.set_attr_string(prefix + "scenario_name", sc.name);
  f.set_attr_string(prefix + "scenario_description", sc.description);
  f.set_attr_string(prefix + "scenario_file", sc.file);
  f.set_attr_string(prefix + "scenario", sc.resolved_json);
  f.set_attr_strings(prefix + "scenario_chain", sc.chain);
  f.set_attr_strings(prefix + "scenario_sets", sc.sets);
  f.set_attr_string(prefix + "start_date", sc.start_date);
}

void ResultsFile::commit() {
  file_.set_attr_string("end_time", now_iso8601());
  file_.set_attr_int64("complete", 1);
  file_.flush();
  file_.close();
  if (scratch_.valid()) scratch_.close();
  std::error_code ec;
  fs::remove(scratch_path_, ec);
  unregister_temporary(scratch_slot_);
  if (replace_) {
    // Checked again here: the target may have changed since the start.
    const fs::file_status st = fs::symlink_status(target_, ec);
    if (fs::exists(st) && !fs::is_regular_file(st))
      throw RuntimeFailure(target_.string() + " is now " + describe_file_type(st.type()) +
                           "; --force replaces only regular files; these results were discarded");
    fs::rename(temp_, target_);  // atomic within one folder
  } else {
    move_without_replacing(temp_, target_);
  }
  committed_ = true;
  unregister_temporary(temp_slot_);
}

void ResultsFile::discard() noexcept {
  try {
    if (file_.valid()) file_.close();
    if (scratch_.valid()) scratch_.close();
  } catch (...) {
  }
  std::error_code ec;
  fs::remove(temp_, ec);
  fs::remove(scratch_path_, ec);
  unregister_temporary(temp_slot_);
  unregister_temporary(scratch_slot_);
}

ResultsFile::~ResultsFile() {
  if (!committed_) discard();
}

}  // namespace simrun::output
