#include "input/json_source.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unordered_map>

namespace simrun {
namespace {

constexpr auto npos = std::string_view::npos;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters of a bare token: numbers, true/false/null and the usual
// mistakes (NaN, Infinity, None, ...). Deliberately locale-independent.
bool is_token_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.';
}

// 1-based line and column (in code points) of the byte at offset.
std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if (!is_continuation(text[i])) {
      ++column;
    }
  }
  return {line, column};
}

Diagnostic diagnostic_at(const std::string& file, std::string_view text, std::size_t offset, std::string message) {
  const auto [line, column] = line_column(text, offset);
  return Diagnostic{file, line, column, "", std::move(message)};
}

std::string hex_byte(unsigned char b) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 0x0F];
}

// Keeps messages readable when a token is absurdly long (a 400-digit number).
std::string shorten(std::string_view token) {
  constexpr std::size_t kMax = 40;
  if (token.size() <= kMax) return std::string(token);
  return std::string(token.substr(0, kMax - 3)) + "...";
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ---- UTF-8 -----------------------------------------------------------------

struct Utf8Problem {
  std::size_t offset;
  std::string message;
};

// We validate ourselves because nlohmann only checks inside strings and its
// message ("ill-formed UTF-8 byte") does not say which byte or why.
std::optional<Utf8Problem> find_invalid_utf8(std::string_view text) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    auto problem = [&](const char* what) { return Utf8Problem{i, "byte " + hex_byte(lead) + " " + what}; };
    if (lead < 0xC0) return problem("is a continuation byte without a lead byte");
    if (lead < 0xC2) return problem("starts an overlong encoding");
    if (lead > 0xF4) return problem("never occurs in UTF-8");
    const std::size_t length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= n || !is_continuation(text[i + k])) {
        return problem("starts a truncated sequence");
      }
    }
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xF0 && second < 0x90)) {
      return problem("starts an overlong encoding");
    }
    if (lead == 0xED && second >= 0xA0) {
      return problem("starts an encoded UTF-16 surrogate (U+D800 to U+DFFF)");
    }
    if (lead == 0xF4 && second >= 0x90) return problem("starts a code point above U+10FFFF");
    i += length;
  }
  return std::nullopt;
}

// ---- numbers too large for a double ----------------------------------------

struct TokenSpan {
  std::size_t offset;
  std::size_t length;
};

// Index just past the string whose opening quote is at text[i].
std::size_t skip_string(std::string_view text, std::size_t i) {
  ++i;
  while (i < text.size()) {
    if (text[i] == '\\') {
      i += 2;
    } else if (text[i++] == '"') {
      break;
    }
  }
  return std::min(i, text.size());
}

// Asks nlohmann itself, so "too large" means exactly what it would reject
// (or, in versions that do not reject, turn into infinity).
bool overflows_double(std::string_view token) {
  // Without an exponent it takes over 300 digits to pass ~1.8e308.
  if (token.find_first_of("eE") == npos && token.size() < 300) return false;
  try {
    const auto number = nlohmann::json::parse(token);
    return number.is_number_float() && !std::isfinite(number.get<double>());
  } catch (const nlohmann::json::out_of_range&) {
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;  // not a number at all: the main parse reports it
  }
}

// nlohmann stops at the first such number; a lexical pass finds them all.
std::vector<TokenSpan> find_overflowing_numbers(std::string_view text) {
  std::vector<TokenSpan> found;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = skip_string(text, i);
      continue;
    }
    if (!is_token_char(c)) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_token_char(text[end])) ++end;
    if ((c == '-' || is_digit(c)) && overflows_double(text.substr(i, end - i))) {
      found.push_back({i, end - i});
    }
    i = end;
  }
  return found;
}

// ---- parse errors ----------------------------------------------------------

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t p = s.find(from); p != npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
}

// The part of nlohmann's message that helps a user: without the exception
// id, its byte-based position and the raw "last read" echo of the input.
std::string core_message(std::string what) {
  if (const auto p = what.find("syntax error while parsing "); p != npos) {
    const auto dash = what.find(" - ", p);
    what.erase(0, dash == npos ? p : dash + 3);
  } else {
    if (!what.empty() && what[0] == '[') {
      if (const auto close = what.find("] "); close != npos) what.erase(0, close + 2);
    }
    if (what.rfind("parse error", 0) == 0) {
      if (const auto colon = what.find(": "); colon != npos) what.erase(0, colon + 2);
    }
  }
  if (const auto p = what.find("; last read: "); p != npos) {
    const auto next = what.find("; expected", p);
    what.erase(p, next == npos ? npos : next - p);
  }
  replace_all(what, "; expected '[', '{', or a literal", "; expected a value");
  replace_all(what, "; expected string literal", "; expected a key in double quotes");
  return what;
}

std::size_t token_start(std::string_view text, std::size_t i) {
  while (i > 0 && is_token_char(text[i - 1])) --i;
  return i;
}

std::size_t token_end(std::string_view text, std::size_t i) {
  while (i < text.size() && is_token_char(text[i])) ++i;
  return i;
}

// Opening quote of the string that ends before `end`: the last quote not
// escaped by an odd run of backslashes.
std::size_t opening_quote(std::string_view text, std::size_t end) {
  for (std::size_t k = end; k-- > 0;) {
    if (text[k] != '"') continue;
    std::size_t slashes = 0;
    while (slashes < k && text[k - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 0) return k;
  }
  return end;
}

// Index just past the last non-whitespace byte before `end`.
std::size_t end_of_content(std::string_view text, std::size_t end) {
  while (end > 0 && is_json_space(text[end - 1])) --end;
  return end;
}

bool looks_like_nan_or_infinity(std::string_view token) {
  if (!token.empty() && (token[0] == '-' || token[0] == '+')) token.remove_prefix(1);
  auto starts_with_word = [&](std::string_view word) {
    if (token.size() < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
      const char c = token[k];
      const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower != word[k]) return false;
    }
    return true;
  };
  return starts_with_word("nan") || starts_with_word("inf");
}

std::string code_point_at(std::string_view text, std::size_t i) {
  std::size_t end = i + 1;
  while (end < text.size() && is_continuation(text[end])) ++end;
  return std::string(text.substr(i, end - i));
}

// nlohmann reports the byte it stopped at; users want the start of the
// offending token, in lines and code points.
Diagnostic describe_parse_error(const std::string& file, std::string_view text,
                                const nlohmann::json::parse_error& error) {
  const std::string core = core_message(error.what());
  const std::size_t n = text.size();
  std::size_t at = error.byte == 0 ? 0 : std::min<std::size_t>(error.byte - 1, n);
  auto starts_with = [&](std::string_view s) { return core.rfind(s, 0) == 0; };
  std::string message = core;

  if (core.find("unexpected end of input") != npos) {
    at = end_of_content(text, n);  // where the missing text should go
  } else if (core.find("missing closing quote") != npos) {
    at = opening_quote(text, n);
  } else if (starts_with("unexpected string literal") && at < n && text[at] == '"') {
    at = opening_quote(text, at);
  } else if (starts_with("invalid literal") || starts_with("invalid number") ||
             (starts_with("unexpected ") && at < n && is_token_char(text[at]))) {
    at = token_start(text, at);
    const std::string_view token = text.substr(at, token_end(text, at) - at);
    const std::string_view unsigned_token = token.substr(token.rfind('-', 0) == 0 ? 1 : 0);
    if (looks_like_nan_or_infinity(token)) {
      message = "NaN and Infinity are not allowed (found '" + shorten(token) + "'); write a finite number";
    } else if (unsigned_token.size() > 1 && unsigned_token[0] == '0' && is_digit(unsigned_token[1])) {
      // nlohmann reads "01" as 0 followed by an unexpected 1.
      message = "numbers must not have leading zeros (found '" + shorten(token) + "')";
    } else if (at < n && token.empty() && text[at] == '\'') {
      message = "strings and keys must be in double quotes, not single quotes";
    } else if (at < n && token.empty() && text[at] == '/') {
      message = "comments are not allowed in JSON";
    } else if (starts_with("invalid literal")) {
      const std::string what = !token.empty() ? "invalid literal '" + shorten(token) + "'"
                               : at < n       ? "unexpected character '" + code_point_at(text, at) + "'"
                                              : "invalid literal";
      message.replace(0, std::string_view("invalid literal").size(), what);
    }
  }

  if (starts_with("unexpected '}'") || starts_with("unexpected ']'")) {
    const std::size_t before = end_of_content(text, at);
    if (before > 0 && text[before - 1] == ',') message += " (a trailing comma is not allowed)";
  }
  return diagnostic_at(file, text, at, "not valid JSON: " + message);
}

std::string describe_type(const nlohmann::ordered_json& value) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object:
      return "an object";
    case nlohmann::ordered_json::value_t::array:
      return "an array";
    case nlohmann::ordered_json::value_t::string:
      return "a string";
    case nlohmann::ordered_json::value_t::boolean:
      return "a boolean";
    case nlohmann::ordered_json::value_t::null:
      return "null";
    case nlohmann::ordered_json::value_t::binary:
      return "binary data";
    case nlohmann::ordered_json::value_t::discarded:
      return "nothing";
    default:
      return "a number";
  }
}

bool position_less(const Diagnostic& a, const Diagnostic& b) {
  return std::pair(a.line, a.column) < std::pair(b.line, b.column);
}

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// ---- PositionIndex -----------------------------------------------------------

// Iterative rather than recursive so that deeply nested input (which
// nlohmann accepts) cannot overflow the call stack.
class PositionIndex::Scanner {
 public:
  Scanner(std::string_view text, PositionIndex& index, std::vector<DuplicateKey>* duplicates)
      : text_(text), index_(index), duplicates_(duplicates) {}

  void run() {
    skip_space();
    if (!begin_value(std::string(), 0, 0)) return;
    while (!stack_.empty()) {
      skip_space();
      if (at_end()) return;
      Frame& frame = stack_.back();
      const char c = peek();
      if (c == (frame.object ? '}' : ']')) {
        advance();
        stack_.pop_back();
        continue;
      }
      if (c == ',') {
        advance();
        continue;
      }
      if (!frame.object) {
        std::string pointer = frame.pointer + "/" + std::to_string(frame.next_index++);
        if (!begin_value(std::move(pointer), 0, 0)) return;
        continue;
      }
      if (c != '"') return;
      const int key_line = line_;
      const int key_column = column_;
      std::string key;
      if (!scan_string(&key)) return;
      skip_space();
      if (at_end() || peek() != ':') return;
      advance();
      skip_space();
      std::string pointer = frame.pointer + "/" + escape_pointer_token(key);
      const auto [first, inserted] = frame.keys.try_emplace(key, key_line, key_column);
      if (!inserted && duplicates_ != nullptr) {
        duplicates_->push_back(
            DuplicateKey{pointer, key, key_line, key_column, first->second.first, first->second.second});
      }
      if (!begin_value(std::move(pointer), key_line, key_column)) return;
    }
  }

 private:
  struct Frame {
    bool object = false;
    std::string pointer;
    std::size_t next_index = 0;
    std::unordered_map<std::string, std::pair<int, int>> keys;  // key -> first position
  };

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (!is_continuation(c)) {
      ++column_;
    }
  }

  void skip_space() {
    while (!at_end() && is_json_space(peek())) advance();
  }

  // Records the value at the current position and consumes it, or only its
  // opening bracket (the main loop does the members).
  bool begin_value(std::string pointer, int key_line, int key_column) {
    if (at_end()) return false;
    const char c = peek();
    if (c != '{' && c != '[' && c != '"' && !is_token_char(c)) return false;
    const Entry entry{line_, column_, key_line, key_column, pos_};
    if (!index_.entries_.try_emplace(pointer, entry).second) {
      index_.shadowed_.emplace_back(pos_, pointer);  // a repeated key's value
    }
    if (c == '{' || c == '[') {
      if (stack_.size() >= kMaxIndexedDepth) return skip_container();
      advance();
      stack_.push_back(Frame{c == '{', std::move(pointer), 0, {}});
      return true;
    }
    if (c == '"') return scan_string(nullptr);
    const std::size_t start = pos_;
    while (!at_end() && is_token_char(peek())) advance();
    return pos_ > start;
  }

  bool skip_container() {
    int depth = 0;
    while (!at_end()) {
      const char c = peek();
      if (c == '"') {
        if (!scan_string(nullptr)) return false;
        continue;
      }
      advance();
      if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  std::optional<unsigned> hex4_at(std::size_t p) const {
    if (p + 4 > text_.size()) return std::nullopt;
    unsigned value = 0;
    for (std::size_t k = p; k < p + 4; ++k) {
      const char c = text_[k];
      unsigned digit = 0;
      if (is_digit(c)) {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  void advance_by(std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) advance();
  }

  // Consumes a string, decoding it into *out when given (keys are decoded
  // so that pointers match what nlohmann stores).
  bool scan_string(std::string* out) {
    advance();  // opening quote
    while (!at_end()) {
      const char c = peek();
      advance();
      if (c == '"') return true;
      if (c != '\\') {
        if (out != nullptr) *out += c;
        continue;
      }
      if (at_end()) return false;
      const char escaped = peek();
      advance();
      char plain = 0;
      switch (escaped) {
        case '"':
        case '\\':
        case '/':
          plain = escaped;
          break;
        case 'b':
          plain = '\b';
          break;
        case 'f':
          plain = '\f';
          break;
        case 'n':
          plain = '\n';
          break;
        case 'r':
          plain = '\r';
          break;
        case 't':
          plain = '\t';
          break;
        case 'u':
          break;
        default:
          return false;
      }
      if (escaped != 'u') {
        if (out != nullptr) *out += plain;
        continue;
      }
      std::optional<unsigned> code = hex4_at(pos_);
      if (!code) return false;
      advance_by(4);
      if (*code >= 0xD800 && *code <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
        const std::optional<unsigned> low = hex4_at(pos_ + 2);
        if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
          code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
          advance_by(6);
        }
      }
      // nlohmann rejects lone surrogates; stay well-formed regardless.
      if (*code >= 0xD800 && *code <= 0xDFFF) code = 0xFFFD;
      if (out != nullptr) append_utf8(*out, *code);
    }
    return false;
  }

  std::string_view text_;
  PositionIndex& index_;
  std::vector<DuplicateKey>* duplicates_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;  // column of the code point at pos_
  std::vector<Frame> stack_;
};

PositionIndex PositionIndex::build(std::string_view text, std::vector<DuplicateKey>* duplicates) {
  PositionIndex index;
  Scanner(text, index, duplicates).run();
  return index;
}

std::optional<std::pair<int, int>> PositionIndex::value_pos(std::string_view pointer) const {
  const auto it = entries_.find(pointer);
  if (it == entries_.end()) return std::nullopt;
  return std::pair(it->second.line, it->second.column);
}

std::optional<std::pair<int, int>> PositionIndex::key_pos(std::string_view pointer) const {
  const auto it = entries_.find(pointer);
  if (it == entries_.end() || it->second.key_line == 0) return std::nullopt;
  return std::pair(it->second.key_line, it->second.key_column);
}

std::optional<std::string> PositionIndex::pointer_at_offset(std::size_t byte_offset) const {
  for (const auto& [pointer, entry] : entries_) {
    if (entry.offset == byte_offset) return pointer;
  }
  for (const auto& [offset, pointer] : shadowed_) {
    if (offset == byte_offset) return pointer;
  }
  return std::nullopt;
}

Diagnostic PositionIndex::at(const std::string& file, std::string_view pointer, std::string message) const {
  Diagnostic d{file, 0, 0, std::string(pointer), std::move(message)};
  std::string_view p = pointer;
  while (true) {
    if (const auto it = entries_.find(p); it != entries_.end()) {
      const Entry& e = it->second;
      d.line = e.key_line != 0 ? e.key_line : e.line;
      d.column = e.key_line != 0 ? e.key_column : e.column;
      break;
    }
    const auto slash = p.rfind('/');
    if (p.empty() || slash == npos) break;
    p = p.substr(0, slash);
  }
  return d;
}

// ---- loading -----------------------------------------------------------------

JsonSource parse_json_text(std::string text, std::string file_label) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (std::string_view(text).substr(0, kBom.size()) == kBom) text.erase(0, kBom.size());

  if (const auto bad = find_invalid_utf8(text)) {
    throw InputError(
        diagnostic_at(file_label, text, bad->offset, "not valid UTF-8: " + bad->message + " (save the file as UTF-8)"));
  }
  if (std::all_of(text.begin(), text.end(), is_json_space)) {
    throw InputError(Diagnostic{file_label, 0, 0, "", "file is empty; expected a JSON object"});
  }

  const std::vector<TokenSpan> overflows = find_overflowing_numbers(text);
  std::vector<Diagnostic> problems;
  for (const TokenSpan& t : overflows) {
    problems.push_back(diagnostic_at(file_label, text, t.offset,
                                     "number " + shorten(std::string_view(text).substr(t.offset, t.length)) +
                                         " is too large (a double holds magnitudes up to about 1.8e308)"));
  }

  // Same-length stand-ins let nlohmann parse past every too-large number
  // while its error offsets still match the original text.
  std::string stand_in;
  if (!overflows.empty()) {
    stand_in = text;
    for (const TokenSpan& t : overflows) {
      stand_in.replace(t.offset, t.length, t.length, ' ');
      stand_in[t.offset] = '0';
    }
  }

  nlohmann::ordered_json value;
  try {
    value = nlohmann::ordered_json::parse(overflows.empty() ? text : stand_in);
  } catch (const nlohmann::json::parse_error& e) {
    Diagnostic syntax = describe_parse_error(file_label, text, e);
    // Only numbers before the syntax error were surely read as numbers.
    std::erase_if(problems, [&](const Diagnostic& d) { return !position_less(d, syntax); });
    problems.push_back(std::move(syntax));
    throw InputError(std::move(problems));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Diagnostic{file_label, 0, 0, "", "not valid JSON: " + core_message(e.what())});
  }

  std::vector<PositionIndex::DuplicateKey> duplicates;
  PositionIndex positions = PositionIndex::build(text, &duplicates);

  for (std::size_t k = 0; k < overflows.size(); ++k) {
    problems[k].path = positions.pointer_at_offset(overflows[k].offset).value_or("");
  }
  if (!value.is_object()) {
    problems.push_back(
        positions.at(file_label, "", "expected a JSON object at the top level, found " + describe_type(value)));
  }
  for (const auto& d : duplicates) {
    problems.push_back(Diagnostic{file_label, d.line, d.column, d.pointer,
                                  "duplicate key " + nlohmann::json(d.key).dump() + " (first at line " +
                                      std::to_string(d.first_line) + ", column " + std::to_string(d.first_column) +
                                      ")"});
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), position_less);
    throw InputError(std::move(problems));
  }
  return JsonSource{std::move(file_label), std::move(text), std::move(value), std::move(positions)};
}

JsonSource load_json_file(const std::string& path) {
  auto cannot_read = [&](const std::string& reason) {
    return InputError(Diagnostic{path, 0, 0, "", "cannot read file: " + reason});
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    throw cannot_read(std::make_error_code(std::errc::no_such_file_or_directory).message());
  }
  if (ec) throw cannot_read(ec.message());
  if (std::filesystem::is_directory(status)) {
    throw cannot_read(std::make_error_code(std::errc::is_a_directory).message());
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw cannot_read(errno != 0 ? std::generic_category().message(errno) : "cannot open it");
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw cannot_read("read error");
  return parse_json_text(std::move(text), path);
}

}  // namespace simrun
