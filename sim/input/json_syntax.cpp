#include "input/json_syntax.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace simrun::json_syntax {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Characters of a bare token: numbers, literals and the usual mistakes (NaN, None).
bool is_token_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.';
}

std::size_t skip_space(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

// The string starting at `start` is broken where the lexer stopped, at `at`.
std::pair<std::size_t, std::string> string_error(std::string_view text, std::size_t start, std::size_t at) {
  if (at >= text.size()) return {start, "missing closing quote of the string that starts here"};
  if (static_cast<unsigned char>(text[at]) < 0x20) {
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(text[at]));
    return {at,
            std::string("control character ") + code + " in a string; write it as an escape such as \\n or \\u000a"};
  }
  const std::size_t slash = text.rfind('\\', at);
  if (slash == std::string_view::npos || slash <= start) return {at, "invalid string"};
  return {slash, "invalid escape '" + std::string(text.substr(slash, text[slash + 1] == 'u' ? 6 : 2)) +
                     "' in a string; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX, with "
                     "\\uD800-\\uDBFF only before \\uDC00-\\uDFFF"};
}

// What the token at `at` is, when the grammar did not allow it.
std::string found(std::string_view text, std::size_t at, const std::string& token, bool wants_value) {
  const char c = text[at];
  if (std::strchr("{}[]:,", c) != nullptr) return std::string("unexpected '") + c + "'";
  if (c == '"') return "unexpected string literal";
  if (token == "true" || token == "false" || token == "null") return "unexpected literal '" + token + "'";
  // A number where a value is welcome was refused by the lexer.
  if (!token.empty() && (is_digit(c) || c == '-'))
    return wants_value ? "invalid number '" + token + "'" : "unexpected number literal";
  if (!token.empty()) return "invalid literal '" + token + "'";
  std::size_t end = at + 1;  // the whole code point
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return "unexpected character '" + std::string(text.substr(at, end - at)) + "'";
}

}  // namespace

std::string shorten(std::string_view token) {
  return token.size() <= 40 ? std::string(token) : std::string(token.substr(0, 37)) + "...";
}

Next next_token(std::string_view text, const State& state) {
  std::size_t at = skip_space(text, state.end);
  const char c = at < text.size() ? text[at] : '\0';
  switch (state.last) {
    case Last::Nothing:
      return {at, "a value"};
    case Last::Open:
      return {at, state.in_object ? "a key in double quotes or '}'" : "a value or ']'"};
    case Last::Key:
      return c == ':' ? Next{skip_space(text, at + 1), "a value"} : Next{at, "':'"};
    case Last::Value:
      if (state.at_top) return {at, "end of input"};
      if (c != ',') return {at, state.in_object ? "',' or '}'" : "',' or ']'"};
      return {skip_space(text, at + 1), state.in_object ? "a key in double quotes" : "a value", true};
  }
  return {at, "a value"};
}

std::pair<std::size_t, std::string> describe_error(std::string_view text, const State& state, std::size_t position,
                                                   int error_id) {
  const Next next = next_token(text, state);
  const std::size_t n = text.size();
  std::size_t at = next.at, end = at;
  while (end < n && is_token_char(text[end])) ++end;
  const std::string token = shorten(text.substr(at, end - at));
  if (error_id == 406)  // nlohmann's out_of_range: beyond a double
    return {at, "number " + token + " is too large (a double holds magnitudes up to about 1.8e308)"};
  const std::string_view expected = next.expected;
  const bool wants_value = expected.starts_with("a value");
  const char c = at < n ? text[at] : '\0';
  std::string word(text.substr(std::min(at + (c == '+' || c == '-'), n), 3));
  for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::pair<std::size_t, std::string> special{at, ""};
  if (c == '"' && (wants_value || expected.starts_with("a key"))) {  // a string was welcome: it is broken
    special = string_error(text, at, std::min(position == 0 ? 0 : position - 1, n));
  } else if (wants_value && (word == "nan" || word == "inf")) {
    special.second = "NaN and Infinity are not allowed (found '" + token + "'); write a finite number";
  } else if (c == '\'') {
    special.second = "strings and keys must be in double quotes, not single quotes";
  } else if (c == '/') {
    special.second = "comments are not allowed in JSON";
  }
  if (!special.second.empty()) return {special.first, "not valid JSON: " + special.second};
  if (at >= n) {
    while (at > 0 && is_space(text[at - 1])) --at;  // where the missing text belongs
    return {at, "not valid JSON: unexpected end of input; expected " + std::string(expected)};
  }
  const bool trailing = next.after_comma && (c == '}' || c == ']');
  return {at, "not valid JSON: " + found(text, at, token, wants_value) + "; expected " + std::string(expected) +
                  (trailing ? " (a trailing comma is not allowed)" : "")};
}

}  // namespace simrun::json_syntax
