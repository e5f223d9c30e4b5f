#pragma once
// The states the model knows. Russia and Azerbaijan always take part; the
// others are third parties a scenario may declare. Codes are looked up once
// at load time and turned into these indices.
#include <array>
#include <optional>
#include <string_view>

namespace simrun::model {

enum Actor : int { RU = 0, AZ = 1, TR, US, IR, KZ, EU, AM, IL, kNumActors };

inline constexpr std::array<std::string_view, kNumActors> kActorCodes = {"RU", "AZ", "TR", "US", "IR",
                                                                         "KZ", "EU", "AM", "IL"};
inline constexpr std::array<std::string_view, kNumActors> kActorNames = {
    "Russia", "Azerbaijan", "Turkey", "United States", "Iran", "Kazakhstan", "European Union", "Armenia", "Israel"};

inline std::optional<int> actor_index(std::string_view code) {
  for (int i = 0; i < kNumActors; ++i)
    if (kActorCodes[i] == code) return i;
  return std::nullopt;
}

// The other side of the dyad.
constexpr int other(int side) { return side == RU ? AZ : RU; }

}  // namespace simrun::model
