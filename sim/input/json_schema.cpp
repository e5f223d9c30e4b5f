#include "input/json_schema.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "input/distribution.h"
#include "input/scenario_spec.h"
#include "model/actions.h"
#include "model/actors.h"

namespace simrun::input {

using nlohmann::ordered_json;

namespace {

constexpr const char* kDraft = "https://json-schema.org/draft/2020-12/schema";
constexpr const char* kSchemaId = "https://simrun.example/scenario.schema.json";

// The dates parse_iso_date accepts (years 0000-9999, the real calendar), so
// that an editor flags 2025-02-29 as the validator does: days 1-28 of any
// month, 29-30 of any month but February, 31 of the long months, and
// February 29 of leap years (divisible by 4, centuries only by 400).
constexpr const char* kDatePattern =
    "^(?:[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|"
    "(?:0[13578]|1[02])-31)|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|"
    "(?:0[48]|[2468][048]|[13579][26])00)-02-29)$";

enum class Variant {
  Strict,  // a file without extends: complete, no nulls
  Patch,   // a file with extends: merged onto its base, so anything may be omitted or nulled
};

// Integral values print as integers ("minimum": 0 rather than 0.0).
ordered_json number_value(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) <= 9007199254740992.0) return static_cast<std::int64_t>(v);
  return v;
}

ordered_json normalised(const ordered_json& v) { return v.is_number_float() ? number_value(v.get<double>()) : v; }

std::string plain(double v) { return number_value(v).dump(); }

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

bool is_leaf(const Field& f) { return f.kind != FieldKind::Object && f.kind != FieldKind::Array; }

// The choices of a StringList at `pointer`. Initial measures are narrowed to
// what that side may take, mirroring the check in scenario.cpp's cross_check.
std::vector<std::string> choices_at(const Field& f, const std::string& pointer) {
  const bool ru = pointer == "/actions/initial_measures/RU";
  const bool az = pointer == "/actions/initial_measures/AZ";
  if (!ru && !az) return f.choices;
  std::vector<std::string> out;
  for (const auto& c : f.choices) {
    const auto a = model::action_index(c);
    if (a && (model::action(*a).by & (ru ? model::kByRU : model::kByAZ))) out.push_back(c);
  }
  return out;
}

// The description an editor shows on hover: meaning, unit, default, source.
std::string describe(const Field& f) {
  std::string s = f.description;
  std::vector<std::string> notes;
  if (!f.unit.empty()) notes.push_back("unit: " + (f.unit == "1" ? std::string("dimensionless") : f.unit));
  if (is_leaf(f) && !f.default_value.is_null()) notes.push_back("default: " + normalised(f.default_value).dump());
  if (f.uncertain) notes.push_back("a number or a distribution sampled once per run");
  if (!notes.empty()) s += " (" + join(notes, "; ") + ")";
  if (!f.source.empty()) s += ". Source: " + f.source;
  return s;
}

struct ParamInfo {
  const char* name;
  const char* meaning;
};

std::string param_meaning(const std::string& kind, const std::string& param) {
  static const std::vector<ParamInfo> common = {
      {"min", "lowest value"},
      {"max", "highest value"},
      {"mean", "mean of the (untruncated) normal distribution"},
      {"sd", "standard deviation (> 0)"},
      {"mu", "mean of the logarithm (-100 .. 100)"},
      {"sigma", "standard deviation of the logarithm (> 0, at most 10)"},
      {"alpha", "first shape parameter (0.05 .. 1e6)"},
      {"beta", "second shape parameter (0.05 .. 1e6)"},
      {"mode", "most likely value"},
      {"values", "the possible values (each checked against the field's range)"},
      {"weights", "relative weights, one per value (>= 0, not all zero)"},
  };
  if (kind == "beta" && param == "min") return "lower end of the scaled range (default 0)";
  if (kind == "beta" && param == "max") return "upper end of the scaled range (default 1)";
  if (kind == "truncated_normal" && param == "min") return "lower truncation bound";
  if (kind == "truncated_normal" && param == "max") return "upper truncation bound";
  for (const auto& p : common)
    if (param == p.name) return p.meaning;
  return "";
}

std::string kind_meaning(const std::string& kind) {
  if (kind == "uniform") return "every value in [min, max] equally likely";
  if (kind == "normal") return "normal; unbounded, so it fits no field with a finite range";
  if (kind == "truncated_normal") return "normal(mean, sd) restricted to [min, max]";
  if (kind == "lognormal") return "exp of normal(mu, sigma); values in (0, inf)";
  if (kind == "beta") return "beta(alpha, beta) scaled to [min, max]";
  if (kind == "triangular") return "triangular on [min, max] peaking at mode";
  if (kind == "discrete") return "one of values, with probabilities proportional to weights";
  return "";
}

// The constraints on one distribution parameter that need no other field.
ordered_json param_schema(const std::string& param) {
  namespace lim = distribution_limits;
  if (param == "sd") return {{"type", "number"}, {"exclusiveMinimum", 0}};
  if (param == "sigma") return {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", lim::kLognormalSigmaMax}};
  if (param == "mu") return {{"type", "number"}, {"minimum", -lim::kLognormalMuMax}, {"maximum", lim::kLognormalMuMax}};
  if (param == "alpha" || param == "beta")
    return {{"type", "number"}, {"minimum", lim::kBetaShapeMin}, {"maximum", lim::kBetaShapeMax}};
  if (param == "values") return {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "number"}}}};
  if (param == "weights")
    return {{"type", "array"},
            {"minItems", 1},
            {"items", {{"type", "number"}, {"minimum", 0}}},
            // All weights >= 0 and one > 0 is exactly "sum is positive".
            {"contains", {{"type", "number"}, {"exclusiveMinimum", 0}}}};
  return {{"type", "number"}};
}

std::vector<std::string> kind_names() {
  std::vector<std::string> out;
  for (const auto& f : distribution_kinds()) out.emplace_back(f.name);
  return out;
}

// One distribution object: exactly one of the kinds, by its "dist".
ordered_json distribution_def() {
  ordered_json one_of = ordered_json::array();
  for (const auto& form : distribution_kinds()) {
    const std::string kind = form.name;
    ordered_json props = ordered_json::object();
    props["dist"] = {{"const", kind}};
    ordered_json required = ordered_json::array({"dist"});
    for (const char* p : form.required) {
      props[p] = param_schema(p);
      props[p]["description"] = param_meaning(kind, p);
      required.push_back(p);
    }
    for (const char* p : form.optional) {
      props[p] = param_schema(p);
      props[p]["description"] = param_meaning(kind, p);
    }
    ordered_json k = ordered_json::object();
    k["title"] = kind;
    k["description"] = kind_meaning(kind);
    k["type"] = "object";
    k["properties"] = props;
    k["required"] = required;
    k["additionalProperties"] = false;
    one_of.push_back(k);
  }
  ordered_json d = ordered_json::object();
  d["description"] =
      "a distribution, sampled once per run: {\"dist\": kind, parameters...}; min > max, a truncated normal "
      "holding almost no mass and similar relations between parameters are left to the validator";
  d["type"] = "object";
  d["required"] = {"dist"};
  d["properties"] = {{"dist", {{"enum", kind_names()}}}};
  d["oneOf"] = one_of;
  return d;
}

// In a file with extends: parameters changed on an inherited distribution.
ordered_json distribution_patch_def() {
  ordered_json props = ordered_json::object();
  for (const auto& form : distribution_kinds()) {
    std::vector<const char*> params = form.required;
    params.insert(params.end(), form.optional.begin(), form.optional.end());
    for (const char* p : params) {
      if (props.contains(p)) continue;
      props[p] = {{"anyOf", {param_schema(p), {{"type", "null"}}}}};
    }
  }
  ordered_json d = ordered_json::object();
  d["description"] =
      "in a file with extends: new values for some parameters of the inherited distribution (objects merge key "
      "by key); to replace the distribution, give \"dist\" and all its parameters";
  d["type"] = "object";
  d["minProperties"] = 1;
  d["not"] = {{"required", {"dist"}}};
  d["properties"] = props;
  d["additionalProperties"] = false;
  return d;
}

// Event rules JSON Schema can state; the validator checks the same in
// cross_check (scenario.cpp), and the bad-file suite holds the two together.
ordered_json event_rules() {
  auto required = [](std::vector<std::string> keys) {
    ordered_json j = ordered_json::object();
    j["required"] = std::move(keys);
    return j;
  };
  auto rule = [](const char* why) {
    ordered_json j = ordered_json::object();
    j["description"] = why;
    return j;
  };
  auto one_member = [](const char* key, ordered_json schema) {
    ordered_json j = ordered_json::object();
    j[key] = std::move(schema);
    return j;
  };
  auto type_is = [&](ordered_json types) {
    ordered_json j = required({"type"});
    const char* keyword = types.is_array() ? "enum" : "const";
    j["properties"] = one_member("type", one_member(keyword, std::move(types)));
    return j;
  };

  ordered_json positive_number = {{"type", "number"}, {"exclusiveMinimum", 0}};
  ordered_json recurring = required({"rate_per_year"});
  recurring["properties"] =
      one_member("rate_per_year", one_member("anyOf", {positive_number, one_member("type", "object")}));
  ordered_json dated = one_member("anyOf", {required({"date"}), required({"day"})});
  const ordered_json ru_or_az = ordered_json::array({"RU", "AZ"});

  ordered_json rules = ordered_json::array();
  ordered_json r = rule("give either date or day, not both");
  r["not"] = required({"date", "day"});
  rules.push_back(r);

  r = rule("a one-off event needs date or day; a recurring one a positive rate_per_year");
  r["anyOf"] = {required({"date"}), required({"day"}), recurring};
  rules.push_back(r);

  r = rule("a recurring event (rate_per_year) takes no date or day");
  r["if"] = recurring;
  r["then"] = one_member("not", dated);
  rules.push_back(r);

  r = rule("a downing or incident is caused by RU (the model tracks Azerbaijan's grievance)");
  r["if"] = type_is(ordered_json::array({"downing", "incident"}));
  r["then"] = one_member("properties", one_member("actor", one_member("const", "RU")));
  rules.push_back(r);

  r = rule("a backing event changes the backing of a third party (not RU or AZ)");
  r["if"] = type_is("backing");
  r["then"] = required({"actor"});
  r["then"]["properties"] = one_member("actor", one_member("not", one_member("enum", ru_or_az)));
  rules.push_back(r);

  r = rule("a channel_shock needs channel and factor");
  r["if"] = type_is("channel_shock");
  r["then"] = required({"channel", "factor"});
  rules.push_back(r);

  r = rule("only a channel_shock takes channel, factor or duration_days");
  r["if"] = required({"type"});
  r["if"]["properties"] = one_member("type", one_member("not", one_member("const", "channel_shock")));
  r["then"] = one_member(
      "not", one_member("anyOf", {required({"channel"}), required({"factor"}), required({"duration_days"})}));
  rules.push_back(r);
  return rules;
}

class SchemaBuilder {
 public:
  ordered_json build() {
    const Field& spec = scenario_spec();
    ordered_json strict = object_schema(spec, "", Variant::Strict);
    ordered_json patch = object_schema(spec, "", Variant::Patch);
    strict["description"] = "a complete scenario (a file without extends)";
    patch["description"] =
        "a scenario that extends another: merged onto its base, so any field may be omitted, and "
        "null removes an inherited value";
    patch["required"] = {"extends"};

    ordered_json s = ordered_json::object();
    s["$schema"] = kDraft;
    s["$id"] = kSchemaId;
    s["title"] = "simrun scenario";
    s["description"] =
        "A scenario for simrun, the agent-based Monte Carlo engine of Russia-Azerbaijan relations. Generated from "
        "the scenario spec (sim/input/scenario_spec.cpp); see docs/scenario-format.md. `simrun validate` checks "
        "more than this schema can (extends, cross references, duplicate ids).";
    s["type"] = "object";
    // Without extends every required field must be there; with it, the
    // base supplies them, so required applies only to the strict form.
    s["if"] = {{"required", {"extends"}}};
    s["then"] = {{"$ref", "#/$defs/scenario_patch"}};
    s["else"] = {{"$ref", "#/$defs/scenario"}};
    ordered_json defs = ordered_json::object();
    defs["scenario"] = std::move(strict);
    defs["scenario_patch"] = std::move(patch);
    defs["distribution"] = distribution_def();
    defs["distribution_patch"] = distribution_patch_def();
    for (auto& [name, def] : ranged_.items()) defs[name] = def;
    s["$defs"] = std::move(defs);
    return s;
  }

 private:
  ordered_json ranged_ = ordered_json::object();

  // An uncertain field with range [lo, hi]: a number in it, or a
  // distribution all of whose values lie in it (as the validator demands).
  // One definition per distinct range and variant keeps the file short.
  std::string uncertain(double lo, double hi, Variant v) {
    const std::string range = plain(lo) + "_to_" + plain(hi);
    const std::string strict_name = "uncertain_" + range;
    if (!ranged_.contains(strict_name)) {
      ordered_json bound = ordered_json::object();
      if (std::isfinite(lo)) bound["minimum"] = number_value(lo);
      if (std::isfinite(hi)) bound["maximum"] = number_value(hi);
      std::vector<std::string> kinds;
      for (const auto& form : distribution_kinds()) {
        const std::string k = form.name;
        if (k == "normal" && (std::isfinite(lo) || std::isfinite(hi))) continue;  // unbounded both ways
        if (k == "lognormal" && (lo > 0 || std::isfinite(hi))) continue;          // (0, inf)
        kinds.push_back(k);
      }
      ordered_json dist = ordered_json::object();
      dist["$ref"] = "#/$defs/distribution";
      dist["properties"] = {
          {"dist", {{"enum", kinds}}}, {"min", bound}, {"max", bound}, {"values", {{"items", bound}}}};
      if (!(lo <= 0 && hi >= 1)) {
        // A beta without min and max lives on [0, 1], outside this range.
        dist["if"] = {{"required", {"dist"}}, {"properties", {{"dist", {{"const", "beta"}}}}}};
        dist["then"] = {{"required", {"min", "max"}}};
      }
      ordered_json number = {{"type", "number"}};
      number.update(bound);
      ordered_json d = ordered_json::object();
      const std::string interval = "[" + plain(lo) + ", " + plain(hi) + "]";
      d["description"] = "a number in " + interval + ", or a distribution whose values all lie in " + interval;
      d["anyOf"] = {number, dist};
      ranged_[strict_name] = std::move(d);

      ordered_json p = ordered_json::object();
      p["description"] = "in a file with extends: as " + strict_name +
                         ", or changed parameters of the inherited "
                         "distribution, or null";
      p["anyOf"] = {{{"$ref", "#/$defs/" + strict_name}}, {{"$ref", "#/$defs/distribution_patch"}}, {{"type", "null"}}};
      ranged_["uncertain_patch_" + range] = std::move(p);
    }
    return "#/$defs/" + (v == Variant::Strict ? strict_name : "uncertain_patch_" + range);
  }

  static ordered_json nullable(const ordered_json& type, Variant v) {
    if (v == Variant::Strict) return type;
    return ordered_json::array({type, "null"});
  }

  ordered_json field_schema(const Field& f, const std::string& ptr, Variant v) {
    if (f.kind == FieldKind::Object) return object_schema(f, ptr, v);
    if (f.kind == FieldKind::Array) {
      // An array replaces the inherited one whole, so its elements are
      // complete even in a file with extends.
      Field element = f;
      element.kind = FieldKind::Object;
      ordered_json items = object_schema(element, ptr + "/-", Variant::Strict);
      items.erase("description");
      if (ptr == "/events") items["allOf"] = event_rules();
      ordered_json s = ordered_json::object();
      s["description"] = describe(f);
      s["type"] = nullable("array", v);
      s["items"] = std::move(items);
      s["default"] = ordered_json::array();
      return s;
    }
    ordered_json s = ordered_json::object();
    s["description"] = describe(f);
    switch (f.kind) {
      case FieldKind::Number:
        if (f.uncertain) {
          s["$ref"] = uncertain(f.min, f.max, v);
          break;
        }
        [[fallthrough]];
      case FieldKind::Integer:
        s["type"] = nullable(f.kind == FieldKind::Integer ? "integer" : "number", v);
        if (std::isfinite(f.min)) s["minimum"] = number_value(f.min);
        if (std::isfinite(f.max)) s["maximum"] = number_value(f.max);
        break;
      case FieldKind::String:
        s["type"] = nullable("string", v);
        s["minLength"] = 1;
        if (!f.pattern.empty()) s["pattern"] = f.pattern;
        if (f.max_length > 0) s["maxLength"] = f.max_length;
        break;
      case FieldKind::Bool:
        s["type"] = nullable("boolean", v);
        break;
      case FieldKind::Date:
        s["type"] = nullable("string", v);
        s["format"] = "date";
        s["pattern"] = kDatePattern;
        break;
      case FieldKind::Enum: {
        s["type"] = nullable("string", v);
        ordered_json e = f.choices;
        if (v == Variant::Patch) e.push_back(nullptr);
        s["enum"] = std::move(e);
        break;
      }
      case FieldKind::StringList:
        s["type"] = nullable("array", v);
        if (f.choices.empty()) {  // any names, at least one
          s["items"] = {{"type", "string"}, {"minLength", 1}};
          s["minItems"] = 1;
        } else {
          s["items"] = {{"type", "string"}, {"enum", choices_at(f, ptr)}};
        }
        s["uniqueItems"] = true;
        if (f.max_length > 0) s["maxItems"] = f.max_length;
        break;
      case FieldKind::NumberList: {
        ordered_json item = {{"type", "number"}};
        if (std::isfinite(f.min)) item["minimum"] = number_value(f.min);
        if (std::isfinite(f.max)) item["maximum"] = number_value(f.max);
        s["type"] = nullable("array", v);
        s["items"] = std::move(item);
        s["minItems"] = 1;
        if (f.max_length > 0) s["maxItems"] = f.max_length;
        break;
      }
      case FieldKind::NumberTable:
        s["type"] = nullable("array", v);
        s["items"] = {{"type", "array"}, {"items", {{"type", "number"}}}};
        s["minItems"] = 1;
        if (f.max_length > 0) s["maxItems"] = f.max_length;
        break;
      default:
        break;
    }
    if (!f.default_value.is_null()) s["default"] = normalised(f.default_value);
    return s;
  }

  ordered_json object_schema(const Field& f, const std::string& ptr, Variant v) {
    ordered_json s = ordered_json::object();
    s["description"] = f.description;
    s["type"] = ptr.empty() ? ordered_json("object") : nullable("object", v);
    ordered_json props = ordered_json::object();
    ordered_json required = ordered_json::array();
    for (const auto& m : f.members) {
      props[m.name] = field_schema(m, ptr + "/" + m.name, v);
      if (m.required) required.push_back(m.name);
    }
    s["properties"] = std::move(props);
    if (v == Variant::Strict && !required.empty()) s["required"] = std::move(required);
    s["additionalProperties"] = false;
    return s;
  }
};

// ---- Markdown ---------------------------------------------------------------

// A table cell: pipes escaped, and outside code spans "<" too, which
// Markdown would otherwise take for the start of an HTML tag.
std::string cell(const std::string& s) {
  std::string out;
  bool in_code = false;
  for (char c : s) {
    if (c == '`') in_code = !in_code;
    if (c == '|')
      out += "\\|";
    else if (c == '<' && !in_code)
      out += "&lt;";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string sentence(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s + ".";
}

std::string code(const std::string& s) { return "`" + s + "`"; }

std::string code_list(const std::vector<std::string>& v) {
  std::vector<std::string> parts;
  for (const auto& s : v) parts.push_back(code(s));
  return join(parts, ", ");
}

std::string type_text(const Field& f) {
  switch (f.kind) {
    case FieldKind::Object:
      return "object";
    case FieldKind::Array:
      return "array of objects";
    case FieldKind::Number:
      return f.uncertain ? "number or distribution" : "number";
    case FieldKind::Integer:
      return "integer";
    case FieldKind::String:
      return "string";
    case FieldKind::Bool:
      return "boolean";
    case FieldKind::Date:
      return "date";
    case FieldKind::Enum:
      return "string (one of)";
    case FieldKind::StringList:
      return "list of names";
    case FieldKind::NumberList:
      return "list of numbers";
    case FieldKind::NumberTable:
      return "list of lists of numbers";
  }
  return "";
}

std::string range_text(const Field& f, const std::string& ptr) {
  switch (f.kind) {
    case FieldKind::Number:
    case FieldKind::Integer:
      if (std::isfinite(f.min) && std::isfinite(f.max)) return plain(f.min) + " .. " + plain(f.max);
      if (std::isfinite(f.min)) return "≥ " + plain(f.min);
      if (std::isfinite(f.max)) return "≤ " + plain(f.max);
      return "";
    case FieldKind::String:
      return (f.pattern.empty() ? std::string("not empty") : "letters, digits, `_`, `.`, `-`") +
             (f.max_length > 0 ? "; at most " + std::to_string(f.max_length) + " characters" : "");
    case FieldKind::Date:
      return "YYYY-MM-DD";
    case FieldKind::Enum:
      return code_list(f.choices);
    case FieldKind::StringList:
      return f.choices.empty() ? "1 to " + std::to_string(f.max_length) + " names" : code_list(choices_at(f, ptr));
    case FieldKind::NumberList:
      return (std::isfinite(f.min) ? "each ≥ " + plain(f.min) + "; " : std::string()) + "1 to " +
             std::to_string(f.max_length) + " numbers";
    case FieldKind::NumberTable:
      return "1 to " + std::to_string(f.max_length) + " rows";
    default:
      return "";
  }
}

std::string default_text(const Field& f, const std::string& ptr) {
  if (f.kind == FieldKind::Object)
    return (f.role == IndexRole::ActorKey || f.optional_block) && !f.required ? "absent" : "see " + code(ptr);
  if (f.default_value.is_null()) return f.required ? "" : "none";
  return code(normalised(f.default_value).dump());
}

void tables(const Field& f, const std::string& ptr, std::string& out) {
  out += "### " + (ptr.empty() ? std::string("Top level") : code(ptr)) + "\n\n";
  if (ptr.empty())
    out += "A scenario file is one JSON object.";
  else if (f.kind == FieldKind::Array)
    out += "Each element of " + code(ptr.substr(0, ptr.rfind('/'))) + ": " + f.description + ".";
  else
    out += sentence(f.description);
  out += "\n\n";
  out += "| field | type | default | range | unit | meaning | source |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const auto& m : f.members) {
    const std::string p = ptr + "/" + m.name;
    std::string meaning = m.description;
    if (m.kind == FieldKind::Object) meaning += " (see " + code(p) + ")";
    if (m.kind == FieldKind::Array) meaning += " (see " + code(p + "/<n>") + ")";
    out += "| " + code(m.name) + (m.required ? " **required**" : "") + " | " + type_text(m) + " | " +
           cell(default_text(m, p)) + " | " + cell(range_text(m, p)) + " | " + cell(m.unit) + " | " + cell(meaning) +
           " | " + cell(m.source) + " |\n";
  }
  out += "\n";
  for (const auto& m : f.members) {
    const std::string p = ptr + "/" + m.name;
    if (m.kind == FieldKind::Object) tables(m, p, out);
    if (m.kind == FieldKind::Array) tables(m, p + "/<n>", out);
  }
}

}  // namespace

ordered_json make_json_schema() { return SchemaBuilder().build(); }

std::string json_schema_text() { return make_json_schema().dump(2) + "\n"; }

std::string make_field_table_markdown() {
  std::string out;
  tables(scenario_spec(), "", out);
  out += "### Distribution parameters\n\n";
  out +=
      "Any field typed \"number or distribution\" may instead be an object `{\"dist\": KIND, ...}`, sampled "
      "once per run. Every value it can produce must lie in the field's range.\n\n";
  out += "| dist | parameters | optional | meaning |\n";
  out += "|---|---|---|---|\n";
  for (const auto& form : distribution_kinds()) {
    auto list = [&](const std::vector<const char*>& ps) {
      std::vector<std::string> parts;
      for (const char* p : ps) parts.push_back(code(p) + ": " + param_meaning(form.name, p));
      return join(parts, "; ");
    };
    out += "| " + code(form.name) + " | " + cell(list(form.required)) + " | " + cell(list(form.optional)) + " | " +
           cell(kind_meaning(form.name)) + " |\n";
  }
  return out;
}

}  // namespace simrun::input
