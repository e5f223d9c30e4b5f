// The JSON Schema of sweep files, generated from the tables the loader reads
// (input/sweep_format.h) and, for distributions, from the scenario schema.
#include <string>

#include "input/json_schema.h"
#include "input/sweep.h"
#include "input/sweep_format.h"

namespace simrun::input {
namespace {

using nlohmann::ordered_json;
namespace sf = sweep_format;

ordered_json string_list(const std::vector<std::string>& choices) {
  ordered_json items = ordered_json::object();
  items["type"] = "string";
  if (!choices.empty()) items["enum"] = choices;
  return {{"type", "array"}, {"minItems", 1}, {"uniqueItems", true}, {"items", items}};
}

// The schema of one key, by its type and, for the constraints a type does
// not carry, its name.
ordered_json key_schema(const sf::Key& k) {
  ordered_json s = ordered_json::object();
  s["description"] = k.description;
  const std::string name = k.name;
  switch (k.type) {
    case sf::Type::String:
      s["type"] = "string";
      if (name == "scenario" || name == "path") s["minLength"] = 1;
      if (name == "path") s["pattern"] = "^[^=]+$";
      break;
    case sf::Type::Integer:
      s["type"] = "integer";
      s["minimum"] = 0;
      break;
    case sf::Type::Number:
      s["type"] = "number";
      break;
    case sf::Type::Boolean:
      s["type"] = "boolean";
      break;
    case sf::Type::StringList:
      s.update(string_list(name == "outcomes"  ? sf::outcome_names()
                           : name == "metrics" ? sf::metric_names()
                                               : std::vector<std::string>{}));
      if (name == "set") {
        s.erase("minItems");
        s.erase("uniqueItems");  // the loader applies a repeated assignment twice
        s["items"]["pattern"] = "^[^=]+=";
      }
      break;
    case sf::Type::NumberList:
      s["type"] = "array";
      s["items"] = {{"type", "number"}};
      break;
    case sf::Type::Object:
      s["type"] = "object";
      break;
    case sf::Type::ObjectList:
      s["type"] = "array";
      break;
    case sf::Type::Points:
      s["type"] = "array";
      s["minItems"] = 1;
      s["items"] = {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "number"}}}};
      break;
  }
  return s;
}

ordered_json object_schema(const std::vector<sf::Key>& keys) {
  ordered_json props = ordered_json::object(), required = ordered_json::array();
  for (const auto& k : keys) {
    props[k.name] = key_schema(k);
    if (k.required) required.push_back(k.name);
  }
  ordered_json o = ordered_json::object();
  o["type"] = "object";
  o["properties"] = props;
  if (!required.empty()) o["required"] = required;
  o["additionalProperties"] = false;
  return o;
}

ordered_json factor_schema() {
  ordered_json f = object_schema(sf::factor_keys());
  auto& p = f["properties"];
  p["name"]["pattern"] = "^[A-Za-z_][A-Za-z0-9_]*$";
  p["name"]["maxLength"] = sf::kMaxFactorName;
  p["name"]["not"] = {{"enum", sf::reserved_factor_names()}};
  p["range"]["minItems"] = 2;
  p["range"]["maxItems"] = 2;
  p["count"]["minimum"] = 2;
  p["count"]["maximum"] = sf::kMaxLevels;
  p["levels"]["minItems"] = 1;
  p["levels"]["maxItems"] = sf::kMaxLevels;
  p["levels"]["uniqueItems"] = true;
  p["distribution"] = {{"$ref", "#/$defs/distribution"}};
  f["description"] = "a scenario field the sweep varies, with exactly one of range, levels and distribution";
  f["oneOf"] = {{{"required", {"range"}}}, {{"required", {"levels"}}}, {{"required", {"distribution"}}}};
  f["dependentRequired"] = {{"count", {"range"}}};
  return f;
}

ordered_json design_schema() {
  ordered_json one_of = ordered_json::array(), kinds = ordered_json::array();
  for (const auto& form : sf::design_forms()) {
    ordered_json d = object_schema(form.keys);
    ordered_json props = ordered_json::object();
    props["kind"] = {{"const", form.name}};
    for (const auto& [k, v] : d["properties"].items()) props[k] = v;
    d["properties"] = props;
    ordered_json required = ordered_json::array({"kind"});
    for (const auto& r : d.value("required", ordered_json::array())) required.push_back(r);
    d["required"] = required;
    ordered_json titled = {{"title", form.name}, {"description", form.description}};
    titled.update(d);
    d = titled;
    auto& p = d["properties"];
    const auto max = sf::kMaxPoints;
    if (p.contains("points") && p["points"]["type"] == "integer")
      p["points"].update({{"minimum", 1}, {"maximum", max}});
    if (p.contains("base_points")) p["base_points"].update({{"minimum", 2}, {"maximum", max}});
    if (p.contains("trajectories")) p["trajectories"].update({{"minimum", 1}, {"maximum", max}});
    if (p.contains("levels")) p["levels"].update({{"minimum", 2}, {"maximum", 1000}, {"multipleOf", 2}});
    one_of.push_back(d);
    kinds.push_back(form.name);
  }
  ordered_json d = ordered_json::object();
  d["description"] = "how the points of the factor space are chosen (docs/sweeps.md, \"Designs\")";
  d["type"] = "object";
  d["required"] = {"kind"};
  d["properties"] = {{"kind", {{"enum", kinds}}}};
  d["oneOf"] = one_of;
  return d;
}

}  // namespace

std::string sweep_schema_text() {
  ordered_json s = ordered_json::object();
  s["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  s["$id"] = "https://simrun.example/sweep.schema.json";
  s["title"] = "simrun sweep";
  s["description"] =
      "A parameter sweep for simrun: a base scenario, the factors varied, the design placing the points. "
      "Generated from the sweep loader's tables (sim/input/sweep_format.cpp); see docs/sweeps.md. The loader "
      "checks more than this schema can (the factors against the scenario, design limits, distinct paths).";
  ordered_json top = object_schema(sf::top_keys());
  auto& p = top["properties"];
  p["name"].update({{"pattern", "^[A-Za-z0-9_.-]+$"}, {"maxLength", sf::kMaxSweepName}});
  p["factors"].update({{"minItems", 1}, {"maxItems", sf::kMaxFactors}, {"items", {{"$ref", "#/$defs/factor"}}}});
  p["design"] = {{"$ref", "#/$defs/design"}};
  p["replications"].update({{"minimum", 1}, {"maximum", sf::kMaxReplications}});
  s.update(top);
  ordered_json dist = make_json_schema()["$defs"]["distribution"];
  dist["description"] =
      "a distribution as in scenario files: {\"dist\": kind, parameters...}; the design's uniform u maps "
      "through its quantile function";
  s["$defs"] = {{"factor", factor_schema()}, {"design", design_schema()}, {"distribution", dist}};
  return s.dump(2) + "\n";
}

}  // namespace simrun::input
