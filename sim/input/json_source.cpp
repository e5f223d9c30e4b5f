#include "input/json_source.h"

#include <algorithm>
#include <istream>
#include <streambuf>

#include "input/json_syntax.h"
#include "util/diagnostics.h"
#include "util/text.h"

namespace simrun {
namespace {

using Json = nlohmann::ordered_json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The text as a stream buffer for nlohmann's lexer, which reads it a byte at
// a time: how far the get pointer stands says where the token it has just
// reported to the SAX handler ends.
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    char* p = const_cast<char*>(text.data());  // only ever read
    setg(p, p, p + text.size());
  }
  std::size_t taken() const { return static_cast<std::size_t>(gptr() - eback()); }
};

}  // namespace

// The SAX handler: builds the value and its PositionIndex, checks keys,
// strings and limits, and says what is wrong where the parser stops.
class JsonBuilder {
 public:
  JsonBuilder(std::string_view text, std::string file) : text_(text), file_(std::move(file)), lines_(text) {}

  bool parse() {
    TextBuffer buffer(text_);
    std::istream in(&buffer);
    buffer_ = &buffer;
    return Json::sax_parse(in, this) && problems_.empty();
  }

  bool null() { return add(nullptr, token_start(), taken()); }
  bool boolean(bool b) { return add(b, token_start(), taken()); }
  bool number_integer(Json::number_integer_t v) { return number(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return number(v); }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return number(v); }
  bool binary(Json::binary_t&) { return false; }  // JSON text has none
  bool string(Json::string_t& s) {
    const std::size_t start = token_start();
    return check(s, start, "string", JsonLimits::kStringBytes) && add(std::move(s), start, taken());
  }
  bool key(Json::string_t& k) {
    key_start_ = token_start();
    key_position_ = lines_.at(key_start_);  // before the value's: lines_ counts forward
    key_ = std::move(k);
    last_ = Last::Key;
    last_end_ = taken();
    if (const auto first = index_.child(stack_.back().node, escape_pointer_token(key_))) {
      const PositionIndex::Node& n = index_.nodes_[*first];
      note(key_start_, value_pointer(),
           "duplicate key " + nlohmann::json(key_).dump() + " (first at line " + std::to_string(n.key_line) +
               ", column " + std::to_string(n.key_column) + ")");
    }
    return check(key_, key_start_, "key", JsonLimits::kKeyBytes);
  }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    auto [at, message] = json_syntax::describe_error(text_, state(), position, e.id);
    return note(at, e.id == 406 ? value_pointer() : "", std::move(message));  // 406: a number beyond a double
  }

  Json root_;
  PositionIndex index_;
  std::vector<Diagnostic> problems_;  // in the order of the text
  std::size_t omitted_ = 0;           // problems beyond InputError::kMaxKept

 private:
  using Last = json_syntax::Last;
  struct Frame {
    Json* container;
    std::size_t node;   // in index_
    std::string token;  // of this container in its parent
    std::size_t start;  // byte offset of its bracket
    std::size_t entries = 0;
    std::size_t limit = 0;  // of entries
  };
  // The limit of a container opened with `token` below the open ones: the
  // sets of a scenario's parameter_sets (and their weights) may be longer.
  std::size_t limit_of(bool object, const std::string& token) const {
    if (object) return JsonLimits::kMembers;
    const bool sets =
        stack_.size() == 2 && stack_[1].token == "parameter_sets" && (token == "sets" || token == "weights");
    return sets ? JsonLimits::kSetElements : JsonLimits::kElements;
  }
  json_syntax::State state() const {
    return {last_, last_end_, !stack_.empty() && stack_.back().container->is_object(), stack_.empty()};
  }
  std::size_t token_start() const { return json_syntax::next_token(text_, state()).at; }

  std::string value_pointer() const {
    std::string p;
    for (std::size_t k = 1; k < stack_.size(); ++k) p.append("/").append(stack_[k].token);
    return stack_.empty() ? p : p + "/" + member_token();
  }
  std::string member_token() const {  // of the value about to be placed
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

  // Checks a string value or key (at start; key_ is set for a key).
  bool check(const std::string& s, std::size_t start, const char* what, std::size_t limit) {
    if (s.size() > limit)
      return note(start, value_pointer(),
                  std::string("this ") + what + " is " + std::to_string(s.size()) + " bytes long; the limit is " +
                      std::to_string(limit));
    if (s.find('\0') != std::string::npos)
      note(start, value_pointer(), std::string("a ") + what + " must not contain U+0000 (\\u0000)");
    return true;
  }

  template <class T>
  bool number(T v) {
    const std::size_t start = token_start(), n = text_.size();
    std::size_t end = start + (text_[start] == '-');
    if (text_[end] == '0' && end + 1 < n && is_digit(text_[end + 1])) {  // the lexer reads "01" as 0, then 1
      while (end < n && is_digit(text_[end])) ++end;
      return note(start, "",
                  "not valid JSON: numbers must not have leading zeros (found '" +
                      json_syntax::shorten(text_.substr(start, end - start)) + "')");
    }
    // The lexer has read one byte past the number, unless the text ended.
    return add(Json(v), start, taken() == n && is_digit(text_[n - 1]) ? n : taken() - 1);
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
    } else if (Frame& parent = stack_.back(); parent.entries >= parent.limit) {
      std::string where = value_pointer();
      return note(parent.start, where.substr(0, where.rfind('/')),
                  "more than " + std::to_string(parent.limit) +
                      (parent.container->is_object() ? " members in one object" : " elements in one array")),
             nullptr;
    } else {
      // A repeated key keeps its first node; any other key is new, so it is
      // appended without ordered_map's linear search.
      const bool fresh =
          index_.children_.try_emplace(std::pair(parent.node, member_token()), index_.nodes_.size()).second;
      if (parent.container->is_array()) {
        slot = &parent.container->emplace_back(std::move(v));
      } else {
        std::tie(node.key_line, node.key_column) = key_position_;
        auto& members = parent.container->get_ref<Json::object_t&>();
        slot = fresh ? &members.Json::object_t::Container::emplace_back(key_, std::move(v)).second
                     : &(members[key_] = std::move(v));
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
    const std::size_t start = token_start();
    if (stack_.size() >= JsonLimits::kDepth)
      return note(start, value_pointer(),
                  "nested deeper than " + std::to_string(JsonLimits::kDepth) + " levels of objects and arrays");
    std::string token = stack_.empty() ? "" : member_token();
    const std::size_t limit = limit_of(empty.is_object(), token);
    Json* slot = place(std::move(empty), start, start + 1);
    if (slot != nullptr) stack_.push_back(Frame{slot, index_.nodes_.size() - 1, std::move(token), start, 0, limit});
    last_ = Last::Open;
    return slot != nullptr;
  }
  bool close() {
    stack_.pop_back();
    last_ = Last::Value;
    last_end_ = taken();
    return true;
  }

  std::size_t taken() const { return buffer_->taken(); }  // bytes read by the lexer

  std::string_view text_;
  std::string file_;
  LineCounter lines_;
  const TextBuffer* buffer_ = nullptr;  // while parsing
  std::size_t last_end_ = 0;            // end of the token of the last event
  Last last_ = Last::Nothing;
  std::vector<Frame> stack_;  // the open objects and arrays
  std::string key_;           // the key of the member being read
  std::size_t key_start_ = 0;
  std::pair<int, int> key_position_;  // line and column of key_start_
  std::size_t values_ = 0;
};

// ---- loading -----------------------------------------------------------------

JsonSource parse_json_text(std::string text, std::string file_label) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (std::string_view(text).substr(0, kBom.size()) == kBom) text.erase(0, kBom.size());
  auto fail = [&](std::size_t offset, std::string message) {
    const auto [line, column] = LineCounter(text).at(offset);
    return InputError(Diagnostic{file_label, line, column, "", std::move(message)});
  };
  if (text.size() > JsonLimits::kFileBytes)
    throw InputError(
        Diagnostic{file_label, 0, 0, "",
                   "the text is larger than " + std::to_string(JsonLimits::kFileBytes >> 20) + " MiB, the limit"});
  if (const auto bad = find_invalid_text(text)) throw fail(bad->first, bad->second);
  if (std::all_of(text.begin(), text.end(), is_space))
    throw InputError(Diagnostic{file_label, 0, 0, "", "file is empty; expected a JSON object"});
  JsonBuilder builder(text, file_label);
  if (builder.parse() && !builder.root_.is_object()) {
    const std::string type = builder.root_.type_name();  // array, string, number, boolean or null
    throw fail(text.find_first_not_of(" \t\r\n"), std::string("expected a JSON object at the top level, found ") +
                                                      (type == "null"    ? ""
                                                       : type == "array" ? "an "
                                                                         : "a ") +
                                                      type);
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
  // A results file where JSON belongs: say what it is and what reads it,
  // rather than that its first byte is not UTF-8.
  if (is_hdf5_file(path))
    throw InputError(Diagnostic{path, 0, 0, "",
                                "an HDF5 file (a simrun results file?), not JSON: simrun summary, scenario, export and "
                                "compare read results files; simrun scenario " +
                                    path + " prints the scenario it ran"});
  return parse_json_text(read_regular_file(path, JsonLimits::kFileBytes), path);
}

std::string json_type_name(const nlohmann::ordered_json& v) {
  using T = nlohmann::ordered_json::value_t;
  switch (v.type()) {
    case T::null:
      return "null";
    case T::boolean:
      return "a boolean";
    case T::string:
      return "a string";
    case T::array:
      return "an array";
    case T::object:
      return "an object";
    case T::number_integer:
    case T::number_unsigned:
      return "an integer";
    case T::number_float:
      return "a number";
    default:
      return "a value";
  }
}

}  // namespace simrun
