#include "input/record.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "input/scenario.h"
#include "model/actions.h"
#include "model/actors.h"
#include "util/dates.h"
#include "util/diagnostics.h"
#include "util/text.h"

namespace simrun::input {

namespace {

constexpr std::array<std::string_view, 9> kColumns = {"date",  "precision", "actor",       "target", "action",
                                                      "cameo", "goldstein", "description", "source"};
enum Column { kDate, kPrecision, kActor, kTarget, kAction, kCameo, kGoldstein };

struct CsvField {
  std::size_t offset = 0;  // of its first byte (the opening quote when quoted)
  std::string text;        // unquoted
};

struct SyntaxError {
  std::size_t offset;
  std::string message;
};

// RFC 4180 rows, one at a time, by a loop over the bytes (no recursion, so
// no input can exhaust the stack). Accepts LF or CRLF line ends.
class CsvReader {
 public:
  // Starts at `start` (past a byte order mark).
  CsvReader(std::string_view text, std::size_t start) : text_(text), pos_(start) {}

  // The next row into `fields`; false at the end. Throws SyntaxError.
  bool next(std::vector<CsvField>& fields) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    while (true) {
      fields.push_back(read_field());
      if (pos_ == text_.size()) return true;
      const char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\n') return true;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
        ++pos_;
        return true;
      }
      throw SyntaxError{pos_ - 1, "a carriage return not followed by a line feed"};
    }
  }

 private:
  CsvField read_field() {
    CsvField f{pos_, {}};
    if (pos_ < text_.size() && text_[pos_] == '"') {
      read_quoted(f);
    } else {
      const std::size_t end = text_.find_first_of(",\r\n", pos_);
      const std::string_view raw = text_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
      if (const auto q = raw.find('"'); q != std::string_view::npos)
        throw SyntaxError{pos_ + q, "a quote inside an unquoted field: quote the whole field and double the quote"};
      f.text = raw;
      pos_ += raw.size();
    }
    if (f.text.size() > kMaxRecordField)
      throw SyntaxError{f.offset, "a field longer than " + std::to_string(kMaxRecordField) + " bytes"};
    return f;
  }

  void read_quoted(CsvField& f) {
    ++pos_;
    while (true) {
      const std::size_t q = text_.find('"', pos_);
      if (q == std::string_view::npos) throw SyntaxError{f.offset, "a quoted field that is never closed"};
      f.text.append(text_.substr(pos_, q - pos_));
      pos_ = q + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        f.text.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      throw SyntaxError{pos_, "text after a closing quote: a quote inside a quoted field is written twice"};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Collects the diagnostics of one file, located by byte offset.
class Problems {
 public:
  Problems(std::string_view text, std::string file) : lines_(text), file_(std::move(file)) {}
  void add(std::size_t offset, std::string message) {
    const auto [line, column] = lines_.at(offset);
    list_.push_back({file_, line, column, "", std::move(message)});
  }
  int line_at(std::size_t offset) { return lines_.at(offset).first; }
  bool empty() const { return list_.empty(); }
  [[noreturn]] void raise() { throw InputError(std::move(list_)); }

 private:
  LineCounter lines_;
  std::string file_;
  std::vector<Diagnostic> list_;
};

std::string header_text() {
  std::string h;
  for (const auto c : kColumns) h.append(h.empty() ? "" : ",").append(c);
  return h;
}

void check_header(const std::vector<CsvField>& fields, Problems& problems) {
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (i < fields.size() && fields[i].text == kColumns[i]) continue;
    const std::size_t at = i < fields.size() ? fields[i].offset : fields.back().offset;
    const std::string found = i < fields.size() ? "\"" + fields[i].text + "\"" : "the end of the line";
    problems.add(at, "the header must be exactly " + header_text() + "; column " + std::to_string(i + 1) +
                         " should be \"" + std::string(kColumns[i]) + "\", found " + found);
    return;
  }
  if (fields.size() > kColumns.size())
    problems.add(fields[kColumns.size()].offset, "the header must be exactly " + header_text() +
                                                     "; found an extra column \"" + fields[kColumns.size()].text +
                                                     "\"");
}

// A model actor's index, -1 for any other party or none ("-"), nullopt for
// text that is not a code.
std::optional<int> actor_code(const std::string& s) {
  if (s == "-") return -1;
  const bool letters =
      (s.size() == 2 || s.size() == 3) && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!letters) return std::nullopt;
  return model::actor_index(s).value_or(-1);
}

std::optional<double> number(const std::string& s) {
  if (s.empty() || s.size() > 32 || std::isspace(static_cast<unsigned char>(s[0]))) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

void check_date(const std::vector<CsvField>& f, mc::RecordEvent& e, Problems& p) {
  const auto day = parse_iso_date(f[kDate].text);
  if (!day) {
    p.add(f[kDate].offset, "date \"" + f[kDate].text + "\" is not a calendar date written YYYY-MM-DD");
  } else {
    e.day = *day;
  }
  const std::string& precision = f[kPrecision].text;
  if (precision != "day" && precision != "month") {
    p.add(f[kPrecision].offset, "precision must be day or month, found \"" + precision + "\"");
  } else {
    e.month_precision = precision == "month";
    if (day && e.month_precision && !f[kDate].text.ends_with("-01"))
      p.add(f[kDate].offset, "a date of precision month is written as the 1st of its month, found " + f[kDate].text);
  }
}

void check_parties(const std::vector<CsvField>& f, mc::RecordEvent& e, Problems& p) {
  for (const Column c : {kActor, kTarget}) {
    const auto code = actor_code(f[c].text);
    if (!code) {
      p.add(f[c].offset, std::string(kColumns[c]) +
                             " must be a country code of two or three capital letters (RU, "
                             "AZ, TR...) or - for none, found \"" +
                             f[c].text + "\"");
      continue;
    }
    (c == kActor ? e.actor : e.target) = *code;
  }
}

void check_action(const std::vector<CsvField>& f, mc::RecordEvent& e, Problems& p) {
  const std::string& key = f[kAction].text;
  if (!key.empty()) {
    const auto id = model::action_index(key);
    if (id) {
      e.action = *id;
    } else {
      const std::string near = did_you_mean(key, action_keys());
      p.add(f[kAction].offset, "unknown action \"" + key + "\"" +
                                   (near.empty() ? "" : "; did you mean \"" + near + "\"?") +
                                   " (the model's action keys are in docs/output-format.md; leave it empty when the "
                                   "model has no such action)");
    }
  }
  const std::string& cameo = f[kCameo].text;
  const bool digits = cameo.size() >= 2 && cameo.size() <= 4 &&
                      std::all_of(cameo.begin(), cameo.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits)
    p.add(f[kCameo].offset, "cameo must be a CAMEO code of 2 to 4 digits (057, 0841), found \"" + cameo + "\"");
  const auto g = number(f[kGoldstein].text);
  if (!g || *g < -10 || *g > 10) {
    p.add(f[kGoldstein].offset, "goldstein must be a number from -10 to 10, found \"" + f[kGoldstein].text + "\"");
  } else {
    e.goldstein = *g;
  }
}

}  // namespace

mc::Record parse_record(const std::string& text, const std::string& file, const RecordOptions& options) {
  Problems problems(text, file);
  if (const auto bad = find_invalid_text(text)) {
    problems.add(bad->first, bad->second);
    problems.raise();
  }
  mc::Record record;
  record.file = file;
  // A UTF-8 byte order mark, as spreadsheets write one, is skipped.
  CsvReader reader(text, text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  std::vector<CsvField> fields;
  std::size_t rows = 0;
  try {
    if (!reader.next(fields)) {
      problems.add(0, "the file is empty; it needs the header " + header_text());
      problems.raise();
    }
    check_header(fields, problems);
    if (!problems.empty()) problems.raise();
    while (reader.next(fields)) {
      if (fields.size() == 1 && fields[0].text.empty()) continue;  // an empty line
      if (++rows > kMaxRecordRows) {
        problems.add(fields[0].offset, "more than " + std::to_string(kMaxRecordRows) + " rows");
        break;
      }
      if (fields.size() != kColumns.size()) {
        problems.add(fields[0].offset,
                     "expected " + std::to_string(kColumns.size()) + " fields, found " + std::to_string(fields.size()));
        continue;
      }
      mc::RecordEvent e;
      e.line = problems.line_at(fields[0].offset);
      check_date(fields, e, problems);
      check_parties(fields, e, problems);
      check_action(fields, e, problems);
      if (options.until && e.day > *options.until) {
        ++record.dropped_after;
        continue;
      }
      record.events.push_back(e);
    }
  } catch (const SyntaxError& s) {
    problems.add(s.offset, s.message);
  }
  if (!problems.empty()) problems.raise();
  return record;
}

mc::Record load_record(const std::string& path, const RecordOptions& options) {
  return parse_record(read_regular_file(path, kMaxRecordBytes), path, options);
}

std::vector<std::string> action_keys() {
  std::vector<std::string> keys;
  for (const auto& a : model::action_table()) keys.emplace_back(a.name);
  return keys;
}

}  // namespace simrun::input
