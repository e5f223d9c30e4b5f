#pragma once
// What JSON's grammar allows after each SAX event of nlohmann's parser, and
// what to tell a user when a text stops being JSON there: where, what was
// found and what was expected, in words that name the usual mistakes.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace simrun::json_syntax {

enum class Last { Nothing, Open, Key, Value };  // the last event: none yet, '{' or '[', a key, a whole value

// Where the parser stands: after `last`, which ended at byte `end`, inside
// an object or an array (or neither, at the top).
struct State {
  Last last = Last::Nothing;
  std::size_t end = 0;
  bool in_object = false;
  bool at_top = true;
};

// The token that may come next: where it starts (past the separator the
// grammar puts there, if the text has it) and what it may be.
struct Next {
  std::size_t at;
  const char* expected;
  bool after_comma = false;
};
Next next_token(std::string_view text, const State& state);

// Why text is not JSON at the token after `state`, given where the lexer
// stopped (nlohmann's `position`, one past the byte) and the id of the error
// it raised: the byte offset to report and the message.
std::pair<std::size_t, std::string> describe_error(std::string_view text, const State& state, std::size_t position,
                                                   int error_id);

// A token cut to 40 characters for a message.
std::string shorten(std::string_view token);

}  // namespace simrun::json_syntax
