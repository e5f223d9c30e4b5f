// The record loader: a well-formed CSV file becomes plain numbers; each bad
// header, row or value is refused with its file, line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "input/record.h"
#include "model/actions.h"
#include "model/actors.h"
#include "util/dates.h"
#include "util/diagnostics.h"
#include "util/random.h"

using namespace simrun;
using ::testing::HasSubstr;

namespace {

std::string fixture(const std::string& name) { return std::string(SIMRUN_SOURCE_DIR) + "/tests/data/record/" + name; }

const std::string kHeader = "date,precision,actor,target,action,cameo,goldstein,description,source\n";

// The diagnostics of a text that must be refused.
std::vector<Diagnostic> errors_of(const std::string& text) {
  try {
    input::parse_record(text, "r.csv");
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

}  // namespace

TEST(RecordLoader, ReadsEveryColumnOfTheFixture) {
  const mc::Record r = input::load_record(fixture("small.csv"));
  ASSERT_EQ(r.events.size(), 10u);
  const auto& first = r.events[0];
  EXPECT_EQ(first.day, *parse_iso_date("2024-01-10"));
  EXPECT_FALSE(first.month_precision);
  EXPECT_EQ(first.actor, model::RU);
  EXPECT_EQ(first.target, model::AZ);
  EXPECT_EQ(first.action, model::kPhoneCall);
  EXPECT_DOUBLE_EQ(first.goldstein, 1.0);
  EXPECT_EQ(first.line, 2);
  // A row with no model action, of month precision.
  EXPECT_EQ(r.events[2].action, -1);
  EXPECT_TRUE(r.events[2].month_precision);
  EXPECT_DOUBLE_EQ(r.events[2].goldstein, 3.0);
  // A quoted field over two lines: the next row starts two lines later.
  EXPECT_EQ(r.events[4].line, 6);
  EXPECT_EQ(r.events[5].line, 8);
  // A third party the model knows (AM) keeps its code; none (-) is -1;
  // neither is the dyad.
  EXPECT_EQ(r.events[5].actor, model::AM);
  EXPECT_FALSE(mc::in_dyad(r.events[5]));
  EXPECT_EQ(r.events[8].target, -1);
  EXPECT_TRUE(mc::in_dyad(r.events[1]));
}

TEST(RecordLoader, APartyTheModelDoesNotKnowIsMinusOne) {
  const auto r = input::parse_record(kHeader + "2024-01-10,day,UA,RU,,041,1,x,y\n", "r.csv");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].actor, -1);
  EXPECT_EQ(r.events[0].target, model::RU);
}

TEST(RecordLoader, SkipsAByteOrderMark) {
  const auto r = input::parse_record("\xEF\xBB\xBF" + kHeader + "2024-01-10,day,RU,AZ,,041,1,x,y\n", "r.csv");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].line, 2);
}

TEST(RecordLoader, AcceptsCrlfLineEnds) {
  const mc::Record r = input::load_record(fixture("crlf.csv"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].action, model::kPhoneCall);
}

TEST(RecordLoader, LeavesOutRowsAfterUntilWithoutRefusingThem) {
  input::RecordOptions o;
  o.until = *parse_iso_date("2024-03-31");
  const mc::Record r = input::load_record(fixture("small.csv"), o);
  EXPECT_EQ(r.events.size(), 6u);
  EXPECT_EQ(r.dropped_after, 4);
}

TEST(RecordLoader, NamesEveryBadValueWithLineAndColumn) {
  try {
    input::load_record(fixture("bad_values.csv"));
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const auto& d = e.diagnostics();
    ASSERT_EQ(d.size(), 8u) << e.what();
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[0].column, 1);
    EXPECT_THAT(d[0].message, HasSubstr("not a calendar date"));
    EXPECT_EQ(d[1].line, 3);
    EXPECT_EQ(d[1].column, 12);
    EXPECT_THAT(d[1].message, HasSubstr("day or month"));
    EXPECT_THAT(d[2].message, HasSubstr("1st of its month"));
    EXPECT_EQ(d[3].column, 16);
    EXPECT_THAT(d[3].message, HasSubstr("\"Russia\""));
    EXPECT_EQ(d[4].line, 6);
    EXPECT_EQ(d[4].column, 22);
    EXPECT_THAT(d[4].message, HasSubstr("did you mean \"summon_ambassador\""));
    EXPECT_THAT(d[5].message, HasSubstr("from -10 to 10, found \"-12\""));
    EXPECT_THAT(d[6].message, HasSubstr("found \"11x\""));
    EXPECT_EQ(d[7].line, 9);
    EXPECT_THAT(d[7].message, HasSubstr("expected 9 fields, found 6"));
    EXPECT_EQ(d[0].file, fixture("bad_values.csv"));
  }
}

TEST(RecordLoader, RefusesAWrongHeaderNamingTheColumn) {
  try {
    input::load_record(fixture("bad_header.csv"));
    FAIL() << "accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].line, 1);
    EXPECT_EQ(e.diagnostics()[0].column, 22);
    EXPECT_THAT(e.what(), HasSubstr("column 4 should be \"target\", found \"taget\""));
  }
  EXPECT_THAT(errors_of("").at(0).message, HasSubstr("empty"));
  EXPECT_THAT(errors_of(kHeader.substr(0, kHeader.size() - 1) + ",extra\n").at(0).message,
              HasSubstr("extra column \"extra\""));
}

TEST(RecordLoader, RefusesBrokenQuoting) {
  try {
    input::load_record(fixture("bad_quote.csv"));
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].line, 2);
    EXPECT_EQ(e.diagnostics()[0].column, 43);
    EXPECT_THAT(e.what(), HasSubstr("quote inside an unquoted field"));
  }
  auto d = errors_of(kHeader + "2024-01-10,day,RU,AZ,,041,1,\"never closed,x\n");
  EXPECT_EQ(d.at(0).line, 2);
  EXPECT_EQ(d.at(0).column, 29);
  EXPECT_THAT(d.at(0).message, HasSubstr("never closed"));
  d = errors_of(kHeader + "2024-01-10,day,RU,AZ,,041,1,\"a\"b,x\n");
  EXPECT_THAT(d.at(0).message, HasSubstr("after a closing quote"));
  d = errors_of(kHeader + "2024-01-10,day,RU,AZ,,041,1,a\rb,x\n");
  EXPECT_THAT(d.at(0).message, HasSubstr("carriage return"));
}

TEST(RecordLoader, RefusesTextThatIsNotUtf8AndOverlongFields) {
  auto d = errors_of(kHeader + "2024-01-10,day,RU,AZ,,041,1,caf\xff,x\n");
  EXPECT_EQ(d.at(0).line, 2);
  d = errors_of(kHeader + "2024-01-10,day,RU,AZ,,041,1," + std::string(input::kMaxRecordField + 1, 'a') + ",x\n");
  EXPECT_THAT(d.at(0).message, HasSubstr("longer than"));
  EXPECT_THAT(errors_of(kHeader + "2024-01-10,day,RU,AZ,,041,nan,a,x\n").at(0).message, HasSubstr("goldstein"));
}

TEST(RecordLoader, RefusesMoreRowsThanTheLimit) {
  std::string text = kHeader;
  for (std::size_t i = 0; i <= input::kMaxRecordRows; ++i) text += "2024-01-10,day,RU,AZ,,041,1,a,b\n";
  const auto d = errors_of(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].message, HasSubstr("more than"));
}

TEST(RecordLoader, AFileThatIsNotThereIsAnInputError) {
  EXPECT_THROW(input::load_record(fixture("missing.csv")), InputError);
}

// Random damage to the fixture (bytes replaced, inserted, removed; quotes,
// commas and line breaks favoured): each text is read or refused with
// InputError, never anything else.
TEST(RecordLoader, MutatedRecordsLoadOrFailWithADiagnostic) {
  std::ifstream in(fixture("small.csv"), std::ios::binary);
  const std::string base((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(base.empty());
  Engine rng = make_stream(3, 0, "test:record-mutations");
  const std::string special = "\",\n\r-0123456789.e\xc3\xff";
  int refused = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string text = base;
    for (int k = 0, edits = 1 + static_cast<int>(rng() % 4); k < edits && !text.empty(); ++k) {
      const std::size_t at = rng() % text.size();
      const char c = rng() % 2 ? special[rng() % special.size()] : static_cast<char>(rng() % 256);
      switch (rng() % 3) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.insert(at, 1, c);
          break;
        default:
          text.erase(at, 1 + rng() % 8);
      }
    }
    try {
      const auto r = input::parse_record(text, "m.csv");
      for (const auto& e : r.events) {
        EXPECT_GE(e.goldstein, -10);
        EXPECT_LE(e.goldstein, 10);
        EXPECT_LT(e.action, int{model::kNumActions});
      }
    } catch (const InputError& e) {
      ++refused;
      ASSERT_FALSE(e.diagnostics().empty());
      EXPECT_GE(e.diagnostics()[0].line, 1);
    }
  }
  EXPECT_GT(refused, 1000);  // the damage is real: most texts are refused
}

// The record the project ships must load through the loader `simrun score`
// uses: every action key it names is one the model has.
TEST(RecordLoader, TheShippedRecordLoads) {
  const mc::Record r = input::load_record(std::string(SIMRUN_SOURCE_DIR) + "/data/record/events.csv");
  EXPECT_GE(r.events.size(), 60u);
  std::size_t dyad = 0, items = 0;
  for (const auto& e : r.events) {
    dyad += mc::in_dyad(e);
    items += mc::in_dyad(e) && e.action >= 0;
  }
  EXPECT_GE(dyad, 50u);
  EXPECT_GE(items, 40u);
}
