#include "input/json_source.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "util/text.h"

namespace simrun {
namespace {

using Json = nlohmann::ordered_json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Characters of a bare token: numbers, literals and the usual mistakes (NaN, None).
bool is_token_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.';
}

// Keeps messages readable when a token is absurdly long (a 400-digit number).
std::string shorten(std::string_view token) {
  return token.size() <= 40 ? std::string(token) : std::string(token.substr(0, 37)) + "...";
}

// Hands the text to nlohmann's lexer and counts the bytes it has taken, which
// tells the SAX handler where the token it is told about ends.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  CountingIterator(const char* p, std::size_t* taken) : p_(p), taken_(taken) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    ++*taken_;
    return *this;
  }
  bool operator==(const CountingIterator& other) const { return p_ == other.p_; }

 private:
  const char* p_;
  std::size_t* taken_;
};

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (const char c : token) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// The SAX handler: builds the value and its PositionIndex, checks keys,
// strings and limits, and says what is wrong where the parser stops.
class JsonBuilder {
 public:
  JsonBuilder(std::string_view text, std::string file) : text_(text), file_(std::move(file)), lines_(text) {}

  bool parse() {
    const CountingIterator first(text_.data(), &taken_), last(text_.data() + text_.size(), &taken_);
    return Json::sax_parse(first, last, this) && problems_.empty();
  }

  bool null() { return add(nullptr, next().at, taken_); }
  bool boolean(bool b) { return add(b, next().at, taken_); }
  bool number_integer(Json::number_integer_t v) { return number(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return number(v); }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return number(v); }
  bool binary(Json::binary_t&) { return false; }  // JSON text has none
  bool string(Json::string_t& s) {
    const std::size_t start = next().at;
    return check(s, start, value_pointer(), "string", JsonLimits::kStringBytes) && add(std::move(s), start, taken_);
  }
  bool key(Json::string_t& k) {
    key_start_ = next().at;
    key_ = std::move(k);
    last_ = Last::Key;
    last_end_ = taken_;
    if (const auto first = index_.child(stack_.back().node, escape_pointer_token(key_))) {
      const PositionIndex::Node& n = index_.nodes_[*first];
      note(key_start_, value_pointer(),
           "duplicate key " + nlohmann::json(key_).dump() + " (first at line " + std::to_string(n.key_line) +
               ", column " + std::to_string(n.key_column) + ")");
    }
    return check(key_, key_start_, value_pointer(), "key", JsonLimits::kKeyBytes);
  }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e);

  Json root_;
  PositionIndex index_;
  std::vector<Diagnostic> problems_;  // in the order of the text
  std::size_t omitted_ = 0;           // problems beyond InputError::kMaxKept

 private:
  enum class Last { Nothing, Open, Key, Value };  // the last event
  struct Frame {
    Json* container;
    std::size_t node;   // in index_
    std::string token;  // of this container in its parent
    std::size_t start;  // byte offset of its bracket
    std::size_t entries = 0;
  };
  // What the grammar allows after the last event: where it starts (past the
  // separator, if there is one) and what it may be.
  struct Next {
    std::size_t at;
    const char* expected;
    bool after_comma = false;
  };

  Next next() const {
    const bool object = !stack_.empty() && stack_.back().container->is_object();
    std::size_t at = last_end_;
    while (at < text_.size() && is_space(text_[at])) ++at;
    const char c = at < text_.size() ? text_[at] : '\0';
    if (last_ == Last::Open) return {at, object ? "a key in double quotes or '}'" : "a value or ']'"};
    if (last_ == Last::Key && c != ':') return {at, "':'"};
    if (last_ == Last::Value && stack_.empty()) return {at, "end of input"};
    if (last_ == Last::Value && c != ',') return {at, object ? "',' or '}'" : "',' or ']'"};
    if (last_ == Last::Nothing) return {at, "a value"};
    for (++at; at < text_.size() && is_space(text_[at]);) ++at;
    if (last_ == Last::Key) return {at, "a value"};
    return {at, object ? "a key in double quotes" : "a value", true};
  }

  std::string value_pointer() const {
    std::string p;
    for (std::size_t k = 1; k < stack_.size(); ++k) p.append("/").append(stack_[k].token);
    return stack_.empty() ? p : p + "/" + next_token();
  }
  std::string next_token() const {
    const Frame& f = stack_.back();
    return f.container->is_object() ? escape_pointer_token(key_) : std::to_string(f.entries);
  }

  // Records a problem; false, so that a limit can stop the parser with it.
  bool note(std::size_t offset, std::string pointer, std::string message) {
    if (problems_.size() >= InputError::kMaxKept) return ++omitted_, false;
    const auto [line, column] = lines_.at(offset);
    problems_.push_back(Diagnostic{file_, line, column, std::move(pointer), std::move(message)});
    return false;
  }

  bool check(const std::string& s, std::size_t start, std::string pointer, const char* what, std::size_t limit) {
    if (s.size() > limit)
      return note(start, std::move(pointer),
                  std::string("this ") + what + " is " + std::to_string(s.size()) + " bytes long; the limit is " +
                      std::to_string(limit));
    if (s.find('\0') != std::string::npos)
      note(start, std::move(pointer), std::string("a ") + what + " must not contain U+0000 (\\u0000)");
    return true;
  }

  template <class T>
  bool number(T v) {
    const std::size_t start = next().at, n = text_.size();
    std::size_t i = start + (text_[start] == '-');
    auto digits = [&] {
      while (i < n && is_digit(text_[i])) ++i;
    };
    if (text_[i] == '0' && i + 1 < n && is_digit(text_[i + 1])) {  // the lexer reads "01" as 0, then 1
      digits();
      return note(start, "",
                  "not valid JSON: numbers must not have leading zeros (found '" +
                      shorten(text_.substr(start, i - start)) + "')");
    }
    digits();  // the lexer has read a byte past the number; its end is found here
    if (i + 1 < n && text_[i] == '.') ++i, digits();
    if (i + 1 < n && (text_[i] == 'e' || text_[i] == 'E'))
      i += 1 + (text_[i + 1] == '+' || text_[i + 1] == '-'), digits();
    return add(Json(v), start, i);
  }

  // Places v in its parent (or as the root) and indexes it; nullptr when a
  // limit stops the parser.
  Json* place(Json v, std::size_t start, std::size_t end) {
    if (++values_ > JsonLimits::kValues)
      return note(start, value_pointer(), "more than " + std::to_string(JsonLimits::kValues) + " values in one text"),
             nullptr;
    const auto [line, column] = lines_.at(start);
    PositionIndex::Node node{line, column, 0, 0};
    Json* slot = &root_;
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (Frame& parent = stack_.back(); parent.entries >= JsonLimits::kEntries) {
      const bool object = parent.container->is_object();
      std::string where = value_pointer();
      return note(parent.start, where.substr(0, where.rfind('/')),
                  "more than " + std::to_string(JsonLimits::kEntries) +
                      (object ? " members in one object" : " elements in one array")),
             nullptr;
    } else {
      index_.children_.try_emplace(std::pair(parent.node, next_token()),
                                   index_.nodes_.size());  // a repeated key keeps the first
      if (parent.container->is_array()) {
        slot = &parent.container->emplace_back(std::move(v));
      } else {
        std::tie(node.key_line, node.key_column) = lines_.at(key_start_);
        slot = &((*parent.container)[key_] = std::move(v));
      }
      ++parent.entries;
    }
    index_.nodes_.push_back(node);
    last_ = Last::Value;
    last_end_ = end;
    return slot;
  }
  bool add(Json v, std::size_t start, std::size_t end) { return place(std::move(v), start, end) != nullptr; }

  bool open(Json empty) {
    const std::size_t start = next().at;
    if (stack_.size() >= JsonLimits::kDepth)
      return note(start, value_pointer(),
                  "nested deeper than " + std::to_string(JsonLimits::kDepth) + " levels of objects and arrays");
    std::string token = stack_.empty() ? "" : next_token();
    Json* slot = place(std::move(empty), start, start + 1);
    if (slot != nullptr) stack_.push_back(Frame{slot, index_.nodes_.size() - 1, std::move(token), start});
    last_ = Last::Open;
    return slot != nullptr;
  }
  bool close() {
    stack_.pop_back();
    last_ = Last::Value;
    last_end_ = taken_;
    return true;
  }

  bool string_error(std::size_t start, std::size_t position);

  std::string_view text_;
  std::string file_;
  LineCounter lines_;
  std::size_t taken_ = 0;     // bytes taken by the lexer
  std::size_t last_end_ = 0;  // end of the token of the last event
  Last last_ = Last::Nothing;
  std::vector<Frame> stack_;  // the open objects and arrays
  std::string key_;           // the key of the member being read
  std::size_t key_start_ = 0;
  std::size_t values_ = 0;
};

// The string starting at `start` is broken where the lexer stopped.
bool JsonBuilder::string_error(std::size_t start, std::size_t position) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::size_t n = text_.size(), at = std::min(position == 0 ? 0 : position - 1, n);
  const std::size_t slash = text_.rfind('\\', at);
  const bool escape = slash != std::string_view::npos && slash > start && slash + 1 < n;
  const auto byte = at < n ? static_cast<unsigned char>(text_[at]) : 0;
  if (at >= n) return note(start, "", "not valid JSON: missing closing quote of the string that starts here");
  if (byte < 0x20)
    return note(at, "",
                std::string("not valid JSON: control character U+00") + kHex[byte >> 4] + kHex[byte & 15] +
                    " in a string; write it as an escape such as \\n or \\u000a");
  if (escape && text_[slash + 1] == 'u')
    return note(slash, "",
                "not valid JSON: invalid \\u escape: it takes four hex digits, and \\uD800-\\uDBFF must be followed "
                "by \\uDC00-\\uDFFF");
  if (escape)
    return note(slash, "",
                "not valid JSON: invalid escape '\\" + std::string(1, text_[slash + 1]) +
                    "'; a string allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
  return note(at, "", "not valid JSON: invalid string");
}

// Says what the parser stopped at from what the grammar allows after the
// last event, not from nlohmann's English.
bool JsonBuilder::parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
  const Next next_token = next();
  const std::size_t n = text_.size();
  std::size_t at = next_token.at, end = at;
  while (end < n && is_token_char(text_[end])) ++end;
  const std::string token = shorten(text_.substr(at, end - at));
  if (e.id == 406)  // out_of_range: the number is beyond a double
    return note(at, value_pointer(),
                "number " + token + " is too large (a double holds magnitudes up to about 1.8e308)");
  const std::string_view expected = next_token.expected;
  const bool wants_value = expected.starts_with("a value");
  const char c = at < n ? text_[at] : '\0';
  if (c == '"' && (wants_value || expected.starts_with("a key"))) return string_error(at, position);
  std::string word(text_.substr(std::min(at + (c == '+' || c == '-'), n), 3));
  for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string found;
  if (word == "nan" || word == "inf") {
    found = "NaN and Infinity are not allowed (found '" + token + "'); write a finite number";
  } else if (c == '\'') {
    found = "strings and keys must be in double quotes, not single quotes";
  } else if (c == '/') {
    found = "comments are not allowed in JSON";
  }
  if (!found.empty()) return note(at, "", "not valid JSON: " + found);
  if (at >= n) {
    found = "unexpected end of input";
    while (at > 0 && is_space(text_[at - 1])) --at;
  } else if (std::strchr("{}[]:,", c) != nullptr) {
    found = std::string("unexpected '") + c + "'";
  } else if (c == '"') {
    found = "unexpected string literal";
  } else if (token == "true" || token == "false" || token == "null") {
    found = "unexpected literal '" + token + "'";
  } else if (!token.empty() && (is_digit(c) || c == '-')) {
    found = wants_value ? "invalid number '" + token + "'" : "unexpected number literal";
  } else if (!token.empty()) {
    found = "invalid literal '" + token + "'";
  } else {
    std::size_t cp = at + 1;
    while (cp < n && (static_cast<unsigned char>(text_[cp]) & 0xC0) == 0x80) ++cp;
    found = "unexpected character '" + std::string(text_.substr(at, cp - at)) + "'";
  }
  const bool trailing = next_token.after_comma && (c == '}' || c == ']');
  return note(at, "",
              "not valid JSON: " + found + "; expected " + next_token.expected +
                  (trailing ? " (a trailing comma is not allowed)" : ""));
}

// ---- PositionIndex -----------------------------------------------------------

std::optional<std::size_t> PositionIndex::child(std::size_t parent, std::string_view token) const {
  const auto it = children_.find({parent, std::string(token)});
  return it == children_.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::size_t> PositionIndex::find(std::string_view pointer, bool exact) const {
  if (nodes_.empty() || (!pointer.empty() && pointer[0] != '/')) return std::nullopt;
  std::size_t node = 0;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    const std::size_t slash = std::min(pointer.find('/'), pointer.size());
    const auto next = child(node, pointer.substr(0, slash));
    if (!next) return exact ? std::nullopt : std::optional(node);
    node = *next;
    pointer.remove_prefix(slash);
  }
  return node;
}

std::optional<std::pair<int, int>> PositionIndex::value_pos(std::string_view pointer) const {
  const auto node = find(pointer, true);
  if (!node) return std::nullopt;
  return std::pair(nodes_[*node].line, nodes_[*node].column);
}

std::optional<std::pair<int, int>> PositionIndex::key_pos(std::string_view pointer) const {
  const auto node = find(pointer, true);
  if (!node || nodes_[*node].key_line == 0) return std::nullopt;
  return std::pair(nodes_[*node].key_line, nodes_[*node].key_column);
}

Diagnostic PositionIndex::at(const std::string& file, std::string_view pointer, std::string message) const {
  Diagnostic d{file, 0, 0, std::string(pointer), std::move(message)};
  if (const auto node = find(pointer, false)) {
    const Node& n = nodes_[*node];
    d.line = n.key_line != 0 ? n.key_line : n.line;
    d.column = n.key_line != 0 ? n.key_column : n.column;
  }
  return d;
}

// ---- loading -----------------------------------------------------------------

JsonSource parse_json_text(std::string text, std::string file_label) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (std::string_view(text).substr(0, kBom.size()) == kBom) text.erase(0, kBom.size());
  auto fail = [&](std::size_t offset, std::string message) {
    const auto [line, column] = LineCounter(text).at(offset);
    return InputError(Diagnostic{file_label, line, column, "", std::move(message)});
  };
  if (text.size() > JsonLimits::kFileBytes)
    throw InputError(Diagnostic{file_label, 0, 0, "", "the text is larger than 16 MiB, the limit"});
  if (const auto bad = find_invalid_text(text)) throw fail(bad->first, bad->second);
  if (std::all_of(text.begin(), text.end(), is_space))
    throw InputError(Diagnostic{file_label, 0, 0, "", "file is empty; expected a JSON object"});
  JsonBuilder builder(text, file_label);
  if (builder.parse() && !builder.root_.is_object()) {
    static constexpr const char* kTypes[] = {"null",     "an object", "an array", "a string",    "a boolean",
                                             "a number", "a number",  "a number", "binary data", "nothing"};
    throw fail(text.find_first_not_of(" \t\r\n"), std::string("expected a JSON object at the top level, found ") +
                                                      kTypes[static_cast<int>(builder.root_.type())]);
  }
  if (!builder.problems_.empty()) throw InputError(std::move(builder.problems_), builder.omitted_);
  return JsonSource{std::move(file_label), std::move(text), std::move(builder.root_), std::move(builder.index_)};
}

std::optional<nlohmann::ordered_json> parse_json_value(std::string_view text) {
  if (text.size() > JsonLimits::kFileBytes || find_invalid_text(text)) return std::nullopt;
  JsonBuilder builder(text, "");
  if (!builder.parse()) return std::nullopt;
  return std::move(builder.root_);
}

JsonSource load_json_file(const std::string& path) {
  return parse_json_text(read_regular_file(path, JsonLimits::kFileBytes), path);
}

}  // namespace simrun
