#pragma once
// Two renderings of scenario_spec() for people and editors, generated so that
// they cannot drift from the validator: the JSON Schema committed as
// docs/scenario.schema.json and the field tables of docs/scenario-format.md.
// tests/input/test_schema.cpp fails (and writes the fresh text) when either
// committed copy is stale.
#include <nlohmann/json.hpp>
#include <string>

namespace simrun::input {

// A JSON Schema (draft 2020-12) of scenario files. It states everything the
// spec states (types, ranges, enums, required fields, distribution shapes)
// plus the event rules JSON Schema can express; what needs other files or
// arithmetic across fields (extends, cross references, duplicate ids,
// horizon vs step) is left to the validator. A file with "extends" may omit
// any field and may use null to remove an inherited one.
nlohmann::ordered_json make_json_schema();

// make_json_schema() as committed: 2-space indent and a trailing newline.
// This is what `simrun schema` prints.
std::string json_schema_text();

// The spec as Markdown: one table per object (field | type | default | range
// | unit | meaning | source), each under a heading naming its JSON path.
std::string make_field_table_markdown();

}  // namespace simrun::input
