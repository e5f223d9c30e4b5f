// The action table is the one source of truth for codes and scores.
#include <gtest/gtest.h>

#include <set>

#include "model/actions.h"

using namespace simrun::model;

TEST(ActionTable, CodesScoresAndNamesAreConsistent) {
  std::set<std::string_view> names;
  for (const auto& a : action_table()) {
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate name " << a.name;
    EXPECT_GE(a.goldstein, -10.0f);
    EXPECT_LE(a.goldstein, 10.0f);
    EXPECT_GE(a.hostility, -1.0f);
    EXPECT_LE(a.hostility, 1.0f);
    EXPECT_TRUE(a.cameo.size() == 3 || a.cameo.size() == 4) << a.name;
    for (char c : a.cameo) EXPECT_TRUE(c >= '0' && c <= '9') << a.name;
    // Hostile stance and negative Goldstein go together (the acknowledgement
    // scores 0 but is a concession).
    if (a.goldstein < 0) {
      EXPECT_GT(a.hostility, 0) << a.name;
    }
    if (a.goldstein > 0) {
      EXPECT_LT(a.hostility, 0) << a.name;
    }
    EXPECT_EQ(action_index(a.name), static_cast<int>(a.id));
    if (a.id < kNumChoosable) {
      EXPECT_NE(a.by, kByNone) << a.name << " must be choosable by a state";
    } else {
      EXPECT_EQ(a.by, kByNone) << a.name << " is not chosen by states";
    }
  }
}

TEST(ActionTable, CalibrationScoresArePinned) {
  // From calibration.md's Goldstein table.
  EXPECT_EQ(action(kApologise).cameo, "055");
  EXPECT_FLOAT_EQ(action(kApologise).goldstein, 7.0f);
  EXPECT_EQ(action(kSummonAmbassador).cameo, "114");
  EXPECT_FLOAT_EQ(action(kSummonAmbassador).goldstein, -2.0f);
  EXPECT_EQ(action(kPersonaNonGrata).cameo, "172");
  EXPECT_FLOAT_EQ(action(kPersonaNonGrata).goldstein, -5.0f);
  EXPECT_EQ(action(kSeizeBusinesses).cameo, "171");
  EXPECT_FLOAT_EQ(action(kSeizeBusinesses).goldstein, -9.2f);
  EXPECT_EQ(action(kMassExpulsion).cameo, "201");
  EXPECT_FLOAT_EQ(action(kMassExpulsion).goldstein, -9.5f);
  EXPECT_EQ(action(kDowning).cameo, "195");
  EXPECT_FLOAT_EQ(action(kDowning).goldstein, -10.0f);
}
