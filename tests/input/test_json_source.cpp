#include "input/json_source.h"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace simrun {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using Pos = std::optional<std::pair<int, int>>;

Pos pos(int line, int column) { return std::pair(line, column); }

// Diagnostics of a text that must be rejected.
std::vector<Diagnostic> errors_of(const std::string& text) {
  try {
    parse_json_text(text, "in.json");
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

Diagnostic single_error(const std::string& text) {
  const std::vector<Diagnostic> ds = errors_of(text);
  EXPECT_EQ(ds.size(), 1u) << text;
  return ds.empty() ? Diagnostic{} : ds.front();
}

class JsonFileTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  Diagnostic load_error(const std::string& path) {
    try {
      load_json_file(path);
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().size(), 1u);
      return e.diagnostics().front();
    }
    ADD_FAILURE() << "loaded: " << path;
    return {};
  }

  const testing::TempDir temp_{"simrun_json_source"};
  const fs::path dir_ = temp_.path;
};

// ---- file level ------------------------------------------------------------

TEST_F(JsonFileTest, MissingFile) {
  const std::string path = (dir_ / "absent.json").string();
  const Diagnostic d = load_error(path);
  EXPECT_EQ(d.message, "cannot read file: No such file or directory");
  EXPECT_EQ(d.file, path);
  EXPECT_EQ(d.line, 0);
  EXPECT_EQ(d.str(), path + ": cannot read file: No such file or directory");
}

TEST_F(JsonFileTest, OnlyRegularFilesAreRead) {
  const Diagnostic d = load_error(dir_.string());
  EXPECT_EQ(d.message, "cannot read file: not a regular file (a directory)");
  EXPECT_EQ(d.file, dir_.string());
  // Neither blocks: a FIFO without a writer, and a device that never ends.
  const std::string fifo = (dir_ / "fifo.json").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(load_error(fifo).message, "cannot read file: not a regular file (a FIFO)");
  EXPECT_EQ(load_error("/dev/zero").message, "cannot read file: not a regular file (a character device)");
}

TEST_F(JsonFileTest, SymlinkLoopAndLongNameNameTheFile) {
  const std::string a = (dir_ / "a.json").string(), b = (dir_ / "b.json").string();
  fs::create_symlink(b, a);
  fs::create_symlink(a, b);
  const Diagnostic loop = load_error(a);
  EXPECT_EQ(loop.file, a);
  EXPECT_EQ(loop.message, "cannot read file: Too many levels of symbolic links");
  const std::string long_name = (dir_ / (std::string(300, 'n') + ".json")).string();
  EXPECT_EQ(load_error(long_name).message, "cannot read file: File name too long");
}

TEST_F(JsonFileTest, UnreadableFile) {
  const std::string path = write("secret.json", "{}");
  fs::permissions(path, fs::perms::none);
  if (std::ifstream(path).is_open()) GTEST_SKIP() << "running with rights that ignore permissions";
  EXPECT_EQ(load_error(path).message, "cannot read file: Permission denied");
}

TEST_F(JsonFileTest, EmptyOrBlankFile) {
  for (const std::string content : {"", " \n\t\r\n ", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n"}) {
    const Diagnostic d = load_error(write("empty.json", content));
    EXPECT_EQ(d.message, "file is empty; expected a JSON object");
    EXPECT_EQ(d.line, 0);
  }
}

TEST_F(JsonFileTest, ErrorsInAFileNameTheFile) {
  const std::string path = write("bad.json", "{\n  \"a\": }\n");
  const Diagnostic d = load_error(path);
  EXPECT_EQ(d.file, path);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 8);
}

TEST_F(JsonFileTest, ValidDocumentRoundTrip) {
  const std::string content =
      "{\n"
      "  \"name\": \"baseline\",\n"
      "  \"runs\": 1000,\n"
      "  \"actors\": {\"RU\": {\"hawkishness\": 0.7}, \"UA\": {\"hawkishness\": 0.2}},\n"
      "  \"events\": [{\"date\": \"2025-01-01\"}, {\"date\": \"2025-06-01\", \"w\": 1.5e-3}],\n"
      "  \"tiny\": 1e-999\n"
      "}\n";
  const std::string path = write("scenario.json", content);
  const JsonSource src = load_json_file(path);
  EXPECT_EQ(src.file, path);
  EXPECT_EQ(src.text, content);
  ASSERT_TRUE(src.value.is_object());
  EXPECT_EQ(src.value["runs"], 1000);
  EXPECT_EQ(src.value["actors"]["RU"]["hawkishness"], 0.7);
  EXPECT_EQ(src.value["events"][1]["w"], 1.5e-3);
  EXPECT_EQ(src.value["tiny"], 0.0);  // underflow is harmless

  std::vector<std::string> keys;
  for (const auto& item : src.value.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "runs", "actors", "events", "tiny"}));

  const JsonSource again = parse_json_text(src.value.dump(2), "again");
  EXPECT_EQ(again.value, src.value);
  EXPECT_EQ(again.value.dump(), src.value.dump());  // key order survives too

  EXPECT_EQ(src.positions.key_pos("/actors/UA"), pos(4, 42));
  EXPECT_EQ(src.positions.value_pos("/events/1/date"), pos(5, 47));
}

TEST_F(JsonFileTest, ByteOrderMarkInAFile) {
  const JsonSource src = load_json_file(write("bom.json", "\xEF\xBB\xBF{\n  \"a\": [1]\n}"));
  EXPECT_EQ(src.text, "{\n  \"a\": [1]\n}");
  EXPECT_EQ(src.value["a"][0], 1);
  EXPECT_EQ(src.positions.value_pos(""), pos(1, 1));
  EXPECT_EQ(src.positions.value_pos("/a/0"), pos(2, 9));
}

// ---- text level ------------------------------------------------------------

TEST(JsonSource, ByteOrderMarkIsSkippedAndColumnsStayRight) {
  const JsonSource src = parse_json_text("\xEF\xBB\xBF{\"a\": 1}", "in.json");
  EXPECT_EQ(src.text, "{\"a\": 1}");
  EXPECT_EQ(src.positions.key_pos("/a"), pos(1, 2));
  EXPECT_EQ(src.positions.value_pos("/a"), pos(1, 7));

  const Diagnostic d = single_error("\xEF\xBB\xBF{\"a\": }");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 7);
}

TEST(JsonSource, BlankTextIsEmpty) { EXPECT_EQ(single_error("  \n").message, "file is empty; expected a JSON object"); }

struct Utf8Case {
  std::string text;
  std::string fragment;
  int line;
  int column;
};

TEST(JsonSource, InvalidUtf8IsLocated) {
  const std::vector<Utf8Case> cases = {
      {"{\"a\": \"caf\xC3\"}", "byte 0xC3 starts a truncated sequence", 1, 11},
      {"{\n  \"\xC3\xA9\": \"\xFF\"}", "byte 0xFF never occurs in UTF-8", 2, 9},
      {"{\"a\": \"\x80\"}", "byte 0x80 is a continuation byte without a lead byte", 1, 8},
      {"{\"a\": \"\xC0\xAF\"}", "byte 0xC0 starts an overlong encoding", 1, 8},
      {"{\"a\": \"\xE0\x80\xAF\"}", "byte 0xE0 starts an overlong encoding", 1, 8},
      {"{\"a\": \"\xF0\x82\x82\xAC\"}", "byte 0xF0 starts an overlong encoding", 1, 8},
      {"{\"a\": \"\xED\xA0\x80\"}", "byte 0xED starts an encoded UTF-16 surrogate", 1, 8},
      {"{\"a\": \"\xF4\x90\x80\x80\"}", "byte 0xF4 starts a code point above U+10FFFF", 1, 8},
      {"{\"a\": \"\xE2\x82", "byte 0xE2 starts a truncated sequence", 1, 8},
      {"{\"\xE2\x82\xAC\": \"\xE2\x82\"}", "byte 0xE2 starts a truncated sequence", 1, 8},
      {"{\n\n  \"k\": 1,\xF5}", "byte 0xF5 never occurs in UTF-8", 3, 10},
  };
  for (const Utf8Case& c : cases) {
    const Diagnostic d = single_error(c.text);
    EXPECT_THAT(d.message, HasSubstr("not valid UTF-8: " + c.fragment)) << c.text;
    EXPECT_EQ(d.line, c.line) << c.text;
    EXPECT_EQ(d.column, c.column) << c.text;
    EXPECT_EQ(d.file, "in.json");
  }
}

TEST(JsonSource, Utf8EdgesAreAccepted) {
  // U+D7FF, U+E000, U+FFFF, U+10000 and U+10FFFF are the limits on each side.
  const std::string text = "{\"s\": \"\xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF\"}";
  EXPECT_NO_THROW(parse_json_text(text, "in.json"));
}

struct SyntaxCase {
  std::string text;
  std::vector<std::string> fragments;
  int line;
  int column;
};

TEST(JsonSource, SyntaxErrorsAreReadableAndLocated) {
  const std::vector<SyntaxCase> cases = {
      {"{\"a\": }", {"not valid JSON: unexpected '}'", "expected a value"}, 1, 7},
      {"{\n  \"a\": 1,\n}", {"unexpected '}'", "trailing comma"}, 3, 1},
      {"{\"a\": [1, 2,]}", {"unexpected ']'", "trailing comma"}, 1, 13},
      {"{\n  \"a\": 1\n", {"unexpected end of input", "expected ',' or '}'"}, 2, 9},
      {"{\"a\": tru}", {"invalid literal 'tru'"}, 1, 7},
      {"{'a': 1}", {"strings and keys must be in double quotes, not single quotes"}, 1, 2},
      {"{\"a\": \"abc", {"missing closing quote"}, 1, 7},
      {"{\"a\": 1\n \"b\": 2}", {"unexpected string literal", "expected ',' or '}'"}, 2, 2},
      {"{\"a\": 1 2}", {"unexpected number literal"}, 1, 9},
      {"{\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\": ]}", {"unexpected ']'", "expected a value"}, 1, 9},
      {"{\"a\": \"x\ny\"}", {"control character"}, 1, 9},
      {"{// note\n}", {"comments are not allowed"}, 1, 2},
      {"{} x", {"invalid literal 'x'", "expected end of input"}, 1, 4},
      {"{\"a\" 1}", {"expected ':'"}, 1, 6},
      {"{\"a\": 1.}", {"invalid number"}, 1, 7},
      {"{\"a\": [0, -012]}", {"numbers must not have leading zeros (found '-012')"}, 1, 11},
      {"{\"a\": @}", {"unexpected character '@'"}, 1, 7},
  };
  for (const SyntaxCase& c : cases) {
    const Diagnostic d = single_error(c.text);
    EXPECT_THAT(d.message, HasSubstr("not valid JSON: ")) << c.text;
    for (const std::string& fragment : c.fragments) {
      EXPECT_THAT(d.message, HasSubstr(fragment)) << c.text;
    }
    EXPECT_THAT(d.message, Not(HasSubstr("json.exception"))) << c.text;
    EXPECT_THAT(d.message, Not(HasSubstr("last read"))) << c.text;
    EXPECT_THAT(d.message, Not(HasSubstr("parse error at line"))) << c.text;
    EXPECT_EQ(d.line, c.line) << c.text << " -> " << d.message;
    EXPECT_EQ(d.column, c.column) << c.text << " -> " << d.message;
  }
}

TEST(JsonSource, NanAndInfinityAreNamed) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"{\"a\": NaN}", 7},       {"{\"a\": nan}", 7},        {"{\"a\": Infinity}", 7},
      {"{\"a\": -Infinity}", 7}, {"{\"a\": [1, -inf]}", 11}, {"{\"a\": +Infinity}", 7},
  };
  for (const auto& [text, column] : cases) {
    const Diagnostic d = single_error(text);
    EXPECT_THAT(d.message, HasSubstr("NaN and Infinity are not allowed")) << text;
    EXPECT_EQ(d.line, 1) << text;
    EXPECT_EQ(d.column, column) << text;
  }
  EXPECT_THAT(single_error("{\"a\": None}").message, Not(HasSubstr("NaN")));
  // Where a key belongs, a word is an unquoted key, not a number.
  EXPECT_THAT(single_error("{infinity: 1}").message,
              HasSubstr("invalid literal 'infinity'; expected a key in double quotes or '}'"));
}

TEST(JsonSource, TopLevelMustBeAnObject) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1, 2]", "an array"}, {"\"s\"", "a string"}, {"3", "a number"}, {"null", "null"}, {"true", "a boolean"},
  };
  for (const auto& [text, found] : cases) {
    const Diagnostic d = single_error(text);
    EXPECT_EQ(d.message, "expected a JSON object at the top level, found " + found);
    EXPECT_EQ(d.line, 1);
    EXPECT_EQ(d.column, 1);
    EXPECT_EQ(d.path, "");
  }
  const Diagnostic d = single_error("\n  [1]");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 3);
}

TEST(JsonSource, EveryDuplicateKeyIsReported) {
  const std::string text =
      "{\n"
      "  \"runs\": 1,\n"
      "  \"actors\": {\"RU\": 1, \"RU\": 2},\n"
      "  \"runs\": 2,\n"
      "  \"runs\": 3\n"
      "}";
  const std::vector<Diagnostic> ds = errors_of(text);
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].message, "duplicate key \"RU\" (first at line 3, column 14)");
  EXPECT_EQ(ds[0].path, "/actors/RU");
  EXPECT_EQ(std::pair(ds[0].line, ds[0].column), std::pair(3, 23));
  EXPECT_EQ(ds[1].str(), "in.json:4:3: /runs: duplicate key \"runs\" (first at line 2, column 3)");
  EXPECT_EQ(ds[2].message, "duplicate key \"runs\" (first at line 2, column 3)");
  EXPECT_EQ(std::pair(ds[2].line, ds[2].column), std::pair(5, 3));
}

TEST(JsonSource, DuplicateKeysAreComparedDecoded) {
  // "\u00e9" and "é" are the same key.
  const Diagnostic d = single_error("{\"\xC3\xA9\": 1, \"\\u00e9\": 2}");
  EXPECT_EQ(d.message, "duplicate key \"\xC3\xA9\" (first at line 1, column 2)");
  EXPECT_EQ(d.path, "/\xC3\xA9");
  EXPECT_EQ(d.column, 10);

  const Diagnostic quoted = single_error("{\"e\": [{\"a\\\"b\": 1, \"a\\\"b\": 2}]}");
  EXPECT_EQ(quoted.message, "duplicate key \"a\\\"b\" (first at line 1, column 9)");
  EXPECT_EQ(quoted.path, "/e/0/a\"b");

  EXPECT_NO_THROW(parse_json_text("{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}", "in.json"));
}

// The parser stops at the first number too large for a double, so a later
// one is reported only once that is fixed (see docs/scenario-format.md).
TEST(JsonSource, TheFirstTooLargeNumberIsReported) {
  const std::string text =
      "{\n"
      "  \"a\": 1e999,\n"
      "  \"b\": [1, -1e999],\n"
      "  \"small\": 1e-999,\n"
      "  \"c\": 1E+400\n"
      "}";
  const Diagnostic d = single_error(text);
  EXPECT_EQ(d.message, "number 1e999 is too large (a double holds magnitudes up to about 1.8e308)");
  EXPECT_EQ(d.path, "/a");
  EXPECT_EQ(std::pair(d.line, d.column), std::pair(2, 8));

  const Diagnostic in_array = single_error("{\"b\": [1, -1e999]}");
  EXPECT_THAT(in_array.message, HasSubstr("number -1e999 is too large"));
  EXPECT_EQ(in_array.path, "/b/1");
  EXPECT_EQ(in_array.column, 11);
  EXPECT_EQ(single_error("{\"c\": 1E+400}").path, "/c");
}

TEST(JsonSource, DuplicatesBeforeATooLargeNumberAreReportedWithIt) {
  const std::vector<Diagnostic> ds = errors_of("{\"x\": 1, \"x\": 2, \"y\": 9e9999, \"x\": 3}");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_THAT(ds[0].message, HasSubstr("duplicate key \"x\""));
  EXPECT_EQ(ds[0].column, 10);
  EXPECT_THAT(ds[1].message, HasSubstr("number 9e9999 is too large"));
  EXPECT_EQ(ds[1].path, "/y");
}

TEST(JsonSource, TooLargeNumberUnderARepeatedKeyIsNamed) {
  const std::vector<Diagnostic> ds = errors_of("{\"r\": 1,\n \"r\": 1e999}");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_THAT(ds[0].message, HasSubstr("duplicate key \"r\""));
  EXPECT_THAT(ds[1].message, HasSubstr("number 1e999 is too large"));
  EXPECT_EQ(ds[1].path, "/r");
  EXPECT_EQ(std::pair(ds[1].line, ds[1].column), std::pair(2, 7));
}

TEST(JsonSource, HugeIntegerIsTooLargeAndShortened) {
  const std::string digits = "1" + std::string(400, '0');
  const Diagnostic d = single_error("{\"n\": " + digits + "}");
  EXPECT_THAT(d.message, HasSubstr("is too large"));
  EXPECT_THAT(d.message, HasSubstr("..."));
  EXPECT_LT(d.message.size(), 200u);
  EXPECT_EQ(d.path, "/n");
}

TEST(JsonSource, TooLargeNumberBeforeASyntaxError) {
  const Diagnostic d = single_error("{\"a\": 1e999, \"b\": }");
  EXPECT_THAT(d.message, HasSubstr("number 1e999 is too large"));
  EXPECT_EQ(d.column, 7);
}

// ---- PositionIndex -----------------------------------------------------------

const char* const kNested =
    "{\n"
    "  \"actors\": {\n"
    "    \"RU\": {\"hawkishness\": 0.7, \"tags\": [\"a\", \"b\"]},\n"
    "    \"UA\": {}\n"
    "  },\n"
    "  \"events\": [\n"
    "    {\"date\": \"2025-01-01\"},\n"
    "    [true, null, {\"x\": -2}]\n"
    "  ]\n"
    "}\n";

TEST(PositionIndex, NestedValuesInObjectsAndArrays) {
  const JsonSource src = parse_json_text(kNested, "in.json");
  const PositionIndex& p = src.positions;
  EXPECT_EQ(p.value_pos(""), pos(1, 1));
  EXPECT_EQ(p.key_pos(""), std::nullopt);
  EXPECT_EQ(p.key_pos("/actors"), pos(2, 3));
  EXPECT_EQ(p.value_pos("/actors"), pos(2, 13));
  EXPECT_EQ(p.key_pos("/actors/RU"), pos(3, 5));
  EXPECT_EQ(p.value_pos("/actors/RU"), pos(3, 11));
  EXPECT_EQ(p.key_pos("/actors/RU/hawkishness"), pos(3, 12));
  EXPECT_EQ(p.value_pos("/actors/RU/hawkishness"), pos(3, 27));
  EXPECT_EQ(p.value_pos("/actors/RU/tags"), pos(3, 40));
  EXPECT_EQ(p.value_pos("/actors/RU/tags/0"), pos(3, 41));
  EXPECT_EQ(p.value_pos("/actors/RU/tags/1"), pos(3, 46));
  EXPECT_EQ(p.key_pos("/actors/RU/tags/1"), std::nullopt);
  EXPECT_EQ(p.value_pos("/actors/UA"), pos(4, 11));
  EXPECT_EQ(p.value_pos("/events"), pos(6, 13));
  EXPECT_EQ(p.value_pos("/events/0"), pos(7, 5));
  EXPECT_EQ(p.key_pos("/events/0/date"), pos(7, 6));
  EXPECT_EQ(p.value_pos("/events/0/date"), pos(7, 14));
  EXPECT_EQ(p.value_pos("/events/1"), pos(8, 5));
  EXPECT_EQ(p.value_pos("/events/1/0"), pos(8, 6));
  EXPECT_EQ(p.value_pos("/events/1/1"), pos(8, 12));
  EXPECT_EQ(p.value_pos("/events/1/2"), pos(8, 18));
  EXPECT_EQ(p.key_pos("/events/1/2/x"), pos(8, 19));
  EXPECT_EQ(p.value_pos("/events/1/2/x"), pos(8, 24));
  EXPECT_EQ(p.value_pos("/events/2"), std::nullopt);
  EXPECT_EQ(p.value_pos("/actors/XX"), std::nullopt);
  EXPECT_EQ(p.value_pos("actors"), std::nullopt);
  EXPECT_EQ(p.size(), 16u);
}

TEST(PositionIndex, KeysWithEscapesAndNonAscii) {
  const std::string text = R"({"caf\u00e9": 1, "ключ": {"ü\n": [10, "😀", 30]}, "\ud83d\ude00": 2, "tab\there": 3})";
  const JsonSource src = parse_json_text(text, "in.json");
  const PositionIndex& p = src.positions;
  EXPECT_EQ(p.key_pos("/café"), pos(1, 2));
  EXPECT_EQ(p.value_pos("/café"), pos(1, 15));
  EXPECT_EQ(p.key_pos("/ключ"), pos(1, 18));
  EXPECT_EQ(p.value_pos("/ключ"), pos(1, 26));
  EXPECT_EQ(p.key_pos("/ключ/ü\n"), pos(1, 27));
  EXPECT_EQ(p.value_pos("/ключ/ü\n"), pos(1, 34));
  EXPECT_EQ(p.value_pos("/ключ/ü\n/1"), pos(1, 39));
  EXPECT_EQ(p.value_pos("/ключ/ü\n/2"), pos(1, 44));
  EXPECT_EQ(p.key_pos("/😀"), pos(1, 50));
  EXPECT_EQ(p.value_pos("/😀"), pos(1, 66));
  EXPECT_EQ(p.key_pos("/tab\there"), pos(1, 69));
  EXPECT_EQ(p.value_pos("/tab\there"), pos(1, 82));
  // The pointers name exactly the members nlohmann stored.
  using Pointer = nlohmann::ordered_json::json_pointer;
  EXPECT_EQ(src.value.at(Pointer("/café")), 1);
  EXPECT_EQ(src.value.at(Pointer("/ключ/ü\n/2")), 30);
  EXPECT_EQ(src.value.at(Pointer("/😀")), 2);
  EXPECT_EQ(src.value.at(Pointer("/tab\there")), 3);
}

TEST(PositionIndex, PointerTokensAreEscaped) {
  EXPECT_EQ(escape_pointer_token("a/b~c"), "a~1b~0c");
  EXPECT_EQ(escape_pointer_token("~1"), "~01");
  EXPECT_EQ(escape_pointer_token(""), "");

  const JsonSource src = parse_json_text(R"({"a/b": {"m~n": 1}, "~1": 2, "": 3})", "in.json");
  const PositionIndex& p = src.positions;
  EXPECT_EQ(p.key_pos("/a~1b"), pos(1, 2));
  EXPECT_EQ(p.value_pos("/a~1b"), pos(1, 9));
  EXPECT_EQ(p.key_pos("/a~1b/m~0n"), pos(1, 10));
  EXPECT_EQ(p.value_pos("/a~1b/m~0n"), pos(1, 17));
  EXPECT_EQ(p.value_pos("/~01"), pos(1, 27));
  EXPECT_EQ(p.value_pos("/"), pos(1, 34));  // the empty key
  using Pointer = nlohmann::ordered_json::json_pointer;
  EXPECT_EQ(src.value.at(Pointer("/a~1b/m~0n")), 1);
  EXPECT_EQ(src.value.at(Pointer("/~01")), 2);
  EXPECT_EQ(src.value.at(Pointer("/")), 3);
}

TEST(PositionIndex, DiagnosticsUseKeyThenValueThenNearestAncestor) {
  const JsonSource src = parse_json_text(kNested, "scenario.json");
  const PositionIndex& p = src.positions;

  const Diagnostic key = p.at("scenario.json", "/actors/RU/hawkishness", "must be in [0, 1]");
  EXPECT_EQ(key.file, "scenario.json");
  EXPECT_EQ(key.path, "/actors/RU/hawkishness");
  EXPECT_EQ(key.message, "must be in [0, 1]");
  EXPECT_EQ(std::pair(key.line, key.column), std::pair(3, 12));

  const Diagnostic element = p.at("scenario.json", "/events/1/2", "m");
  EXPECT_EQ(std::pair(element.line, element.column), std::pair(8, 18));

  const Diagnostic missing = p.at("scenario.json", "/actors/RU/missing", "required");
  EXPECT_EQ(missing.path, "/actors/RU/missing");
  EXPECT_EQ(std::pair(missing.line, missing.column), std::pair(3, 5));
  EXPECT_EQ(missing.str(), "scenario.json:3:5: /actors/RU/missing: required");

  const Diagnostic in_array = p.at("scenario.json", "/events/0/place/name", "m");
  EXPECT_EQ(std::pair(in_array.line, in_array.column), std::pair(7, 5));

  const Diagnostic past_end = p.at("scenario.json", "/actors/RU/tags/7", "m");
  EXPECT_EQ(std::pair(past_end.line, past_end.column), std::pair(3, 32));

  const Diagnostic root = p.at("scenario.json", "/nope/deeper", "m");
  EXPECT_EQ(std::pair(root.line, root.column), std::pair(1, 1));

  const Diagnostic nothing = PositionIndex().at("f.json", "/a", "m");
  EXPECT_EQ(nothing.line, 0);
  EXPECT_EQ(nothing.path, "/a");
  EXPECT_EQ(nothing.str(), "f.json: /a: m");
}

TEST(PositionIndex, CrLfLineEndings) {
  const JsonSource src = parse_json_text("{\r\n  \"a\": [1,\r\n 2]\r\n}\r\n", "in.json");
  EXPECT_EQ(src.positions.key_pos("/a"), pos(2, 3));
  EXPECT_EQ(src.positions.value_pos("/a"), pos(2, 8));
  EXPECT_EQ(src.positions.value_pos("/a/1"), pos(3, 2));
}

TEST(PositionIndex, EmptyContainersAndScalars) {
  const JsonSource src =
      parse_json_text(R"({"o": {}, "a": [], "s": "x\"y", "t": true, "n": null, "f": -1.5e3})", "in.json");
  const PositionIndex& p = src.positions;
  EXPECT_EQ(p.value_pos("/o"), pos(1, 7));
  EXPECT_EQ(p.value_pos("/a"), pos(1, 16));
  EXPECT_EQ(p.value_pos("/s"), pos(1, 25));
  EXPECT_EQ(p.value_pos("/t"), pos(1, 38));
  EXPECT_EQ(p.value_pos("/n"), pos(1, 49));
  EXPECT_EQ(p.value_pos("/f"), pos(1, 60));
  EXPECT_EQ(p.size(), 7u);
}

TEST(PositionIndex, ARepeatedKeyKeepsItsFirstPosition) {
  // Reported as an error, but the index (used for the error) keeps the first.
  const std::vector<Diagnostic> ds = errors_of("{\"k\": 1,\n \"k\": [2]}");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].path, "/k");
  EXPECT_EQ(std::pair(ds[0].line, ds[0].column), std::pair(2, 2));
  EXPECT_EQ(ds[0].message, "duplicate key \"k\" (first at line 1, column 2)");
}

TEST(JsonSource, MalformedTextGivesALocatedError) {
  for (const char* text :
       {"{", "{\"a", "{\"a\":", "[1,", "{\"a\" 1}", "}", "{\"\\u12", "[\"\\", "{\"a\": [1, {\"b\": }]}", "#",
        "{\"a\": 1}}", "[[[", "{\"a\": \"\\ud800\"}", "{\"a\": \"\\udc00\"}", "{\"a\": \"\\q\"}"}) {
    const Diagnostic d = single_error(text);
    EXPECT_THAT(d.message, HasSubstr("not valid JSON")) << text;
    EXPECT_GE(d.line, 1) << text;
    EXPECT_GE(d.column, 1) << text;
  }
}

TEST(JsonSource, StringErrorsPointAtTheFault) {
  const Diagnostic escape = single_error("{\"a\": \"x\\qy\"}");
  EXPECT_THAT(escape.message, HasSubstr("invalid escape '\\q'"));
  EXPECT_EQ(escape.column, 9);
  const Diagnostic unicode = single_error("{\"a\": \"x\\u12G4\"}");
  EXPECT_THAT(unicode.message, HasSubstr("invalid escape '\\u12G4'"));
  EXPECT_EQ(unicode.column, 9);
  const Diagnostic surrogate = single_error("{\"a\": \"\\ud83d x\"}");
  EXPECT_THAT(surrogate.message, HasSubstr("invalid escape '\\ud83d'"));
  EXPECT_THAT(surrogate.message, HasSubstr("\\uD800-\\uDBFF only before \\uDC00-\\uDFFF"));
  EXPECT_EQ(surrogate.column, 8);
  const Diagnostic key = single_error("{\"k\\x\": 1}");
  EXPECT_THAT(key.message, HasSubstr("invalid escape '\\x'"));
  EXPECT_EQ(key.column, 4);
}

// ---- limits --------------------------------------------------------------------

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonLimits, NestingIsLimitedWhileParsing) {
  // The root and 63 arrays make 64 levels: accepted.
  const JsonSource ok = parse_json_text("{\"deep\": " + nested(JsonLimits::kDepth - 1) + "}", "in.json");
  std::string pointer = "/deep";
  for (std::size_t k = 0; k + 2 < JsonLimits::kDepth; ++k) pointer += "/0";
  EXPECT_EQ(ok.positions.value_pos(pointer), pos(1, static_cast<int>(10 + JsonLimits::kDepth - 2)));

  // 200,000 levels under a key: stopped at level 65, not a crash.
  const Diagnostic d = single_error("{\n  \"deep\": " + nested(200000) + "}");
  EXPECT_EQ(d.message, "nested deeper than 64 levels of objects and arrays");
  EXPECT_EQ(d.path, pointer + "/0");
  EXPECT_EQ(std::pair(d.line, d.column), std::pair(2, 11 + 63));
}

TEST(JsonLimits, StringsAndKeysAreLimited) {
  const std::string longest(JsonLimits::kStringBytes, 'x');
  EXPECT_NO_THROW(parse_json_text("{\"s\": \"" + longest + "\"}", "in.json"));
  const Diagnostic s = single_error("{\"a\": [\"" + longest + "y\"]}");
  EXPECT_EQ(s.message, "this string is 65537 bytes long; the limit is 65536");
  EXPECT_EQ(s.path, "/a/0");
  EXPECT_EQ(s.column, 8);
  const Diagnostic k = single_error("{\"" + std::string(JsonLimits::kKeyBytes + 1, 'k') + "\": 1}");
  EXPECT_EQ(k.message, "this key is 1025 bytes long; the limit is 1024");
  EXPECT_EQ(k.column, 2);
}

TEST(JsonLimits, ArraysAndObjectsAreLimited) {
  std::string elements;
  for (std::size_t k = 0; k < JsonLimits::kElements; ++k) elements += k == 0 ? "{}" : ",{}";
  EXPECT_NO_THROW(parse_json_text("{\"events\": [" + elements + "]}", "in.json"));
  const Diagnostic d = single_error("{\"x\": 1,\n \"events\": [" + elements + ",{}]}");
  EXPECT_EQ(d.message, "more than 10000 elements in one array");
  EXPECT_EQ(d.path, "/events");
  EXPECT_EQ(std::pair(d.line, d.column), std::pair(2, 12));

  std::string members;
  for (std::size_t k = 0; k <= JsonLimits::kMembers; ++k)
    members += (k == 0 ? "\"" : ",\"") + std::to_string(k) + "\":0";
  EXPECT_EQ(single_error("{\"o\": {" + members + "}}").message, "more than 1000 members in one object");
}

TEST(JsonLimits, TwoMillionEmptyEventsFailFastWithOneMessage) {
  std::string text = "{\"events\": [{}";
  for (int k = 1; k < 2000000; ++k) text += ",{}";
  text += "]}";
  const auto start = std::chrono::steady_clock::now();
  const Diagnostic d = single_error(text);
  EXPECT_EQ(d.path, "/events");
  EXPECT_THAT(d.message, HasSubstr("more than 10000 elements"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(JsonLimits, TheNumberOfValuesIsLimited) {
  // 101 arrays of 9,999 zeros stay within the entries limit but not the total.
  std::string zeros;
  for (int k = 0; k < 9999; ++k) zeros += k == 0 ? "0" : ",0";
  std::string text = "{\"a\": [";
  for (int k = 0; k < 101; ++k) text += (k == 0 ? "[" : ",[") + zeros + "]";
  text += "]}";
  const Diagnostic d = single_error(text);
  EXPECT_EQ(d.message, "more than 1000000 values in one text");
  // The root, /a, then 99 arrays of 10,000 values each before /a/99/9997.
  EXPECT_EQ(d.path, "/a/99/9997");
}

TEST(JsonLimits, TextAndFileSizeAreLimited) {
  const std::string big = "{\"s\": \"" + std::string(JsonLimits::kFileBytes, ' ') + "\"}";
  EXPECT_EQ(single_error(big).message, "the text is larger than 16 MiB, the limit");
}

TEST_F(JsonFileTest, AFileLargerThanTheLimitIsRefusedBeforeParsing) {
  const std::string path = write("big.json", std::string(JsonLimits::kFileBytes + 1, ' '));
  const Diagnostic d = load_error(path);
  EXPECT_EQ(d.message, "cannot read file: it is larger than 16 MiB, the limit");
  EXPECT_EQ(d.file, path);
}

TEST(JsonSource, NulIsRefused) {
  // A raw NUL byte, wherever it is, and garbage after it.
  const Diagnostic raw = single_error(std::string("{\"a\": 1}\n\0garbage", 18));
  EXPECT_THAT(raw.message, HasSubstr("NUL byte (0x00)"));
  EXPECT_EQ(std::pair(raw.line, raw.column), std::pair(2, 1));
  // An escaped one inside a string or key: reported, and parsing goes on.
  const std::vector<Diagnostic> ds = errors_of("{\"description\": \"a\\u0000b\", \"k\\u0000\": 1, \"x\": 1, \"x\": 2}");
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].message, "a string must not contain U+0000 (\\u0000)");
  EXPECT_EQ(ds[0].path, "/description");
  EXPECT_EQ(ds[0].column, 17);
  EXPECT_EQ(ds[1].message, "a key must not contain U+0000 (\\u0000)");
  EXPECT_THAT(ds[2].message, HasSubstr("duplicate key"));
}

TEST(JsonSource, ValuesOfAnyTypeForSet) {
  EXPECT_EQ(parse_json_value("0.7"), nlohmann::ordered_json(0.7));
  EXPECT_EQ(parse_json_value("{\"dist\": \"uniform\", \"min\": 0, \"max\": 1}")->at("dist"), "uniform");
  EXPECT_EQ(parse_json_value("test_run"), std::nullopt);
  EXPECT_EQ(parse_json_value(""), std::nullopt);
  EXPECT_EQ(parse_json_value(nested(100000)), std::nullopt);
  EXPECT_EQ(parse_json_value("[1, 1e999]"), std::nullopt);
}

}  // namespace
}  // namespace simrun
