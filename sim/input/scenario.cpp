#include "input/scenario.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "input/json_source.h"
#include "input/parameter_sets.h"
#include "input/set_path.h"
#include "model/actions.h"
#include "model/actors.h"
#include "util/dates.h"
#include "util/diagnostics.h"
#include "util/text.h"

namespace simrun::input {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const bool same =
            std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length; skipping on that
    // keeps a 64 KiB word cheap.
    if (std::max(word.size(), c.size()) - std::min(word.size(), c.size()) >= best_d) continue;
    const std::size_t d = distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

namespace {

std::string type_name(const ordered_json& v) { return json_type_name(v); }

std::string shown(const ordered_json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string fmt(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s = ordered_json(v).dump();
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Whether `doc` has a value at `pointer`; a malformed pointer has none.
bool contains(const ordered_json& doc, const std::string& pointer) {
  try {
    return doc.contains(ordered_json::json_pointer(pointer));
  } catch (const ordered_json::exception&) {
    return false;
  }
}

// Maps a JSON pointer to the place the user wrote it: the most derived file
// of the extends chain that has it, or the --set option that set it.
struct Locator {
  std::vector<JsonSource> chain;                          // most derived first
  std::vector<std::pair<std::string, std::string>> sets;  // pointer, assignment

  Diagnostic at(const std::string& pointer, std::string message) const {
    for (const auto& [ptr, text] : sets) {
      if (pointer == ptr || pointer.rfind(ptr + "/", 0) == 0) {
        Diagnostic d;
        d.file = "--set " + text;
        d.path = pointer;
        d.message = std::move(message);
        return d;
      }
    }
    for (std::string q = pointer;; q = q.substr(0, q.rfind('/'))) {
      for (const auto& src : chain) {
        if (contains(src.value, q)) return src.positions.at(src.file, pointer, message);
      }
      if (q.empty()) break;
    }
    Diagnostic d;
    d.file = chain.empty() ? "" : chain.front().file;
    d.path = pointer;
    d.message = std::move(message);
    return d;
  }
};

// An uncertain field found while walking; it joins the run plan once the
// resolved document is known (its stream is named by ids, not positions).
struct UncertainField {
  std::string pointer;
  Distribution dist;
  NumBind bind;
  BindIndex index;
};

struct Walker {
  const Locator& loc;
  std::vector<Diagnostic>& errors;
  model::ModelParams& params;
  std::vector<UncertainField>& uncertain;
  std::size_t omitted = 0;  // errors counted but not built

  // Locating an error costs a lookup in every file of the chain: past a
  // generous number they are only counted, so a file with a million
  // mistakes costs no more than the printed few.
  static constexpr std::size_t kMaxBuilt = 1000;
  void error(const std::string& ptr, std::string msg) {
    if (errors.size() >= kMaxBuilt) {
      ++omitted;
      return;
    }
    errors.push_back(loc.at(ptr, std::move(msg)));
  }

  // Validates `v` against `f`, binds it, and returns its resolved form.
  ordered_json walk(const ordered_json& v, const Field& f, const std::string& ptr, BindIndex idx) {
    switch (f.kind) {
      case FieldKind::Object:
        return walk_object(v, f, ptr, idx);
      case FieldKind::Array:
        return walk_array(v, f, ptr, idx);
      case FieldKind::Number:
        return walk_number(v, f, ptr, idx);
      case FieldKind::Integer: {
        const bool integral = v.is_number_integer() || v.is_number_unsigned() ||
                              (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
        if (!v.is_number() || !integral) {
          error(ptr, "expected an integer, found " + type_name(v) + " (" + shown(v) + ")");
          return v;
        }
        const double d = v.get<double>();
        if (d < f.min || d > f.max) {
          error(ptr, fmt(d) + " is out of range [" + fmt(f.min) + ", " + fmt(f.max) + "]");
          return v;
        }
        if (f.num) f.num(params, idx, d);
        return v;
      }
      case FieldKind::String: {
        if (!v.is_string()) {
          error(ptr, "expected a string, found " + type_name(v) + " (" + shown(v) + ")");
          return v;
        }
        const auto s = v.get<std::string>();
        if (s.empty()) error(ptr, "must not be empty");
        // The class of Field::pattern, checked directly: std::regex recurses
        // once per character and overflows the stack on a long string.
        auto name_char = [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                 c == '-';
        };
        if (!f.pattern.empty() && !std::all_of(s.begin(), s.end(), name_char))
          error(ptr, shown(v) + " may contain only letters, digits, '_', '.' and '-'");
        const auto length = static_cast<std::size_t>(
            std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
        if (f.max_length > 0 && length > f.max_length)
          error(ptr, shown(v) + " is " + std::to_string(length) + " characters long; at most " +
                         std::to_string(f.max_length) + " are allowed");
        if (f.str) f.str(params, idx, s);
        return v;
      }
      case FieldKind::Bool:
        if (!v.is_boolean()) error(ptr, "expected true or false, found " + type_name(v) + " (" + shown(v) + ")");
        return v;
      case FieldKind::Date: {
        if (!v.is_string()) {
          error(ptr, "expected a date \"YYYY-MM-DD\", found " + type_name(v) + " (" + shown(v) + ")");
          return v;
        }
        const auto day = parse_iso_date(v.get<std::string>());
        if (!day) {
          error(ptr, "\"" + v.get<std::string>() + "\" is not a valid date; expected YYYY-MM-DD");
          return v;
        }
        if (f.num) f.num(params, idx, static_cast<double>(*day));
        return v;
      }
      case FieldKind::Enum: {
        if (!v.is_string()) {
          error(ptr, "expected one of " + join(f.choices) + ", found " + type_name(v) + " (" + shown(v) + ")");
          return v;
        }
        const auto s = v.get<std::string>();
        const auto it = std::find(f.choices.begin(), f.choices.end(), s);
        if (it == f.choices.end()) {
          const auto hint = did_you_mean(s, f.choices);
          error(ptr, "\"" + s + "\" is not allowed" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                         " (expected one of " + join(f.choices) + ")");
          return v;
        }
        if (f.num) f.num(params, idx, static_cast<double>(it - f.choices.begin()));
        return v;
      }
      case FieldKind::StringList: {
        if (!v.is_array()) {
          error(ptr, "expected an array of names, found " + type_name(v) + " (" + shown(v) + ")");
          return v;
        }
        if (!within_length(v, f, ptr)) return v;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < v.size(); ++i) {
          const std::string p = ptr + "/" + std::to_string(i);
          if (!v[i].is_string()) {
            error(p, "expected a name, found " + type_name(v[i]));
            continue;
          }
          const auto s = v[i].get<std::string>();
          if (f.choices.empty()) {  // any names
            if (s.empty())
              error(p, "must not be empty");
            else if (!seen.insert(s).second)
              error(p, "\"" + s + "\" is listed twice");
          } else if (std::find(f.choices.begin(), f.choices.end(), s) == f.choices.end()) {
            const auto hint = did_you_mean(s, f.choices);
            error(p, "\"" + s + "\" is not allowed" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                         " (expected one of " + join(f.choices) + ")");
          } else if (!seen.insert(s).second) {
            error(p, "\"" + s + "\" is listed twice");
          }
        }
        return v;
      }
      case FieldKind::NumberList:
        if (!v.is_array()) {
          error(ptr, "expected an array of numbers, found " + type_name(v) + " (" + shown(v) + ")");
        } else if (within_length(v, f, ptr)) {
          for (std::size_t i = 0; i < v.size(); ++i) check_list_number(v[i], f, ptr + "/" + std::to_string(i));
        }
        return v;
      case FieldKind::NumberTable:
        walk_table(v, f, ptr);
        return v;
    }
    return v;
  }

  // A list of at most f.max_length elements (when it has a limit).
  bool within_length(const ordered_json& v, const Field& f, const std::string& ptr) {
    if (f.max_length == 0 || v.size() <= f.max_length) return true;
    error(ptr,
          "has " + std::to_string(v.size()) + " elements; at most " + std::to_string(f.max_length) + " are allowed");
    return false;
  }

  void check_list_number(const ordered_json& x, const Field& f, const std::string& p) {
    if (!x.is_number())
      error(p, "expected a number, found " + type_name(x) + " (" + shown(x) + ")");
    else if (const double d = x.get<double>(); d < f.min || d > f.max)
      error(p, fmt(d) + " is out of range [" + fmt(f.min) + ", " + fmt(f.max) + "]");
  }

  // Rows of numbers; their ranges belong to the columns' fields, checked
  // where the columns get their meaning.
  void walk_table(const ordered_json& v, const Field& f, const std::string& ptr) {
    if (!v.is_array()) {
      error(ptr, "expected an array of rows (arrays of numbers), found " + type_name(v) + " (" + shown(v) + ")");
      return;
    }
    if (!within_length(v, f, ptr)) return;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!v[i].is_array()) {
        error(p, "expected a row (an array of numbers), found " + type_name(v[i]) + " (" + shown(v[i]) + ")");
        continue;
      }
      for (std::size_t k = 0; k < v[i].size(); ++k)
        if (!v[i][k].is_number())
          error(p + "/" + std::to_string(k),
                "expected a number, found " + type_name(v[i][k]) + " (" + shown(v[i][k]) + ")");
    }
  }

  ordered_json walk_number(const ordered_json& v, const Field& f, const std::string& ptr, BindIndex idx) {
    if (v.is_object() && f.uncertain) {
      Distribution d;
      std::vector<DistributionError> derr;
      if (!parse_distribution(v, d, derr)) {
        for (const auto& e : derr) error(ptr + e.suffix, e.message);
        return v;
      }
      if (d.support_min() < f.min || d.support_max() > f.max) {
        error(ptr, "the distribution can produce values in [" + fmt(d.support_min()) + ", " + fmt(d.support_max()) +
                       "], outside the allowed range [" + fmt(f.min) + ", " + fmt(f.max) +
                       "]; narrow it or use truncated_normal");
        return v;
      }
      uncertain.push_back({ptr, d, f.num, idx});
      return v;
    }
    if (!v.is_number()) {
      error(ptr, std::string("expected a number") + (f.uncertain ? " or a distribution object" : "") + ", found " +
                     type_name(v) + " (" + shown(v) + ")");
      return v;
    }
    const double d = v.get<double>();
    if (!std::isfinite(d)) {
      error(ptr, "number is too large");
      return v;
    }
    if (d < f.min || d > f.max) {
      error(ptr, fmt(d) + " is out of range [" + fmt(f.min) + ", " + fmt(f.max) + "]");
      return v;
    }
    if (f.num) f.num(params, idx, d);
    return v;
  }

  ordered_json walk_object(const ordered_json& v, const Field& f, const std::string& ptr, BindIndex idx) {
    if (!v.is_object()) {
      error(ptr, "expected an object, found " + type_name(v) + " (" + shown(v) + ")");
      return v;
    }
    std::vector<std::string> names;
    for (const auto& m : f.members) names.push_back(m.name);
    for (const auto& [key, value] : v.items()) {
      if (f.member(key)) continue;
      if (errors.size() >= kMaxBuilt) {  // only counted: skip the suggestion's cost too
        ++omitted;
        continue;
      }
      const auto hint = did_you_mean(key, names);
      error(ptr + "/" + escape_pointer_token(key), "unknown key \"" + key + "\"" +
                                                       (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                                                       " (expected one of " + join(names) + ")");
    }
    ordered_json out = ordered_json::object();
    for (const auto& m : f.members) {
      const std::string p = ptr + "/" + escape_pointer_token(m.name);
      BindIndex child = idx;
      if (m.role == IndexRole::ActorKey) child.actor = *model::actor_index(m.name);
      if (m.role == IndexRole::KindKey) {
        for (int k = 0; k < model::kNumKinds; ++k)
          if (m.name == model::kKindNames[static_cast<std::size_t>(k)]) child.item = k;
      }
      if (v.contains(m.name)) {
        out[m.name] = walk(v[m.name], m, p, child);
      } else if (m.required) {
        error(p,
              "missing required field \"" + m.name + "\"" + (m.description.empty() ? "" : " (" + m.description + ")"));
      } else if (m.kind == FieldKind::Object && m.role != IndexRole::ActorKey && !m.optional_block) {
        out[m.name] = walk(ordered_json::object(), m, p, child);  // fill its defaults
      } else if (!m.default_value.is_null()) {
        out[m.name] = walk(m.default_value, m, p, child);
      }
    }
    return out;
  }

  ordered_json walk_array(const ordered_json& v, const Field& f, const std::string& ptr, BindIndex idx) {
    if (!v.is_array()) {
      error(ptr, "expected an array of objects, found " + type_name(v) + " (" + shown(v) + ")");
      return v;
    }
    if (f.resize) f.resize(params, v.size());
    ordered_json out = ordered_json::array();
    Field element = f;
    element.kind = FieldKind::Object;
    for (std::size_t i = 0; i < v.size(); ++i) {
      BindIndex child = idx;
      child.item = static_cast<int>(i);
      out.push_back(walk_object(v[i], element, ptr + "/" + std::to_string(i), child));
    }
    return out;
  }
};

// A channel shock names its channel and factor; the three channel-shock
// fields on any other event are a mistake, not something to ignore.
template <typename Report>
void check_channel_shock(const ordered_json& e, const std::string& p, const std::string& type, Report& error) {
  if (type == "channel_shock") {
    for (const char* key : {"channel", "factor"})
      if (!e.contains(key))
        error(p, std::string("a channel_shock needs \"") + key + "\"" +
                     (std::string(key) == "channel"
                          ? " (one of " + join(scenario_spec().member("events")->member("channel")->choices) + ")"
                          : " (the multiplier of the channel's level, e.g. 0.5)"));
    return;
  }
  if (type.empty()) return;  // the missing type is reported already
  for (const char* key : {"channel", "factor", "duration_days"})
    if (e.contains(key))
      error(p + "/" + key, std::string("only a channel_shock takes \"") + key + "\"; this event is a \"" + type + "\"");
}

// Checks that need more than one field. They read values as the types the
// spec gives them.
void cross_check_values(const ordered_json& r, const Locator& loc, std::vector<Diagnostic>& errors,
                        model::ModelParams& params) {
  auto error = [&](const std::string& ptr, std::string msg) { errors.push_back(loc.at(ptr, std::move(msg))); };
  const auto& run = r.value("run", ordered_json::object());
  if (run.contains("step_days") && run.contains("horizon_days") && run["step_days"].is_number() &&
      run["horizon_days"].is_number() && run["horizon_days"].get<double>() < run["step_days"].get<double>())
    error("/run/horizon_days", "the horizon (" + fmt(run["horizon_days"].get<double>()) +
                                   " days) is shorter than one step (" + fmt(run["step_days"].get<double>()) +
                                   " days)");

  const auto actors = r.value("actors", ordered_json::object());
  auto check_ids = [&](const char* list, const std::string& base) {
    std::map<std::string, std::size_t> first;
    const auto& arr = base == "/agents/media"
                          ? r.value("agents", ordered_json::object()).value("media", ordered_json::array())
                          : r.value(list, ordered_json::array());
    for (std::size_t i = 0; i < arr.size(); ++i) {
      if (!arr[i].is_object() || !arr[i].contains("id") || !arr[i]["id"].is_string()) continue;
      const auto id = arr[i]["id"].get<std::string>();
      auto [it, fresh] = first.emplace(id, i);
      if (!fresh)
        error(base + "/" + std::to_string(i) + "/id",
              "duplicate id \"" + id + "\" (also " + base + "/" + std::to_string(it->second) + ")");
    }
  };
  check_ids("media", "/agents/media");
  check_ids("events", "/events");

  const auto& events = r.value("events", ordered_json::array());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    if (!e.is_object()) continue;
    const std::string p = "/events/" + std::to_string(i);
    const bool has_date = e.contains("date"), has_day = e.contains("day");
    // A rate given as a distribution makes the event recurring too (a run
    // that draws 0 simply has none).
    const bool recurring =
        e.contains("rate_per_year") &&
        ((e["rate_per_year"].is_number() && e["rate_per_year"].get<double>() > 0) || e["rate_per_year"].is_object());
    if (has_date && has_day) error(p + "/day", "give either \"date\" or \"day\", not both");
    if (!has_date && !has_day && !recurring)
      error(p, "an event needs \"date\", \"day\" or a positive \"rate_per_year\"");
    if ((has_date || has_day) && recurring)
      error(p + "/rate_per_year", "a recurring event (rate_per_year) takes no \"date\" or \"day\"");
    const std::string type = e.value("type", "");
    const std::string actor = e.value("actor", "RU");
    // The model tracks Baku's grievance against Moscow, so the culprit is Russia.
    if ((type == "downing" || type == "incident") && actor != "RU")
      error(p + "/actor", std::string(type == "incident" ? "an " : "a ") + type +
                              " is caused by RU (the model tracks Azerbaijan's grievance), found \"" + actor + "\"");
    if (has_date && e["date"].is_string() && run.contains("start_date") && run["start_date"].is_string()) {
      const auto day = parse_iso_date(e["date"].get<std::string>());
      const auto start = parse_iso_date(run["start_date"].get<std::string>());
      if (day && start && *day < *start)
        error(p + "/date", "\"" + e["date"].get<std::string>() + "\" is before run.start_date (\"" +
                               run["start_date"].get<std::string>() + "\"); the event would never happen");
    }
    check_channel_shock(e, p, type, error);
    if (type == "backing") {
      if (actor == "RU" || actor == "AZ")
        error(p + "/actor", "a backing event changes a third party's backing; found \"" + actor + "\"");
      else if (!actors.contains(actor))
        error(p + "/actor", "actor \"" + actor + "\" is not declared in /actors; declare it there first");
    }
  }

  // Initial measures must be persistent actions open to that side.
  const auto measures = r.value("actions", ordered_json::object()).value("initial_measures", ordered_json::object());
  for (int side = 0; side < 2; ++side) {
    const std::string code(model::kActorCodes[static_cast<std::size_t>(side)]);
    const auto& list = measures.value(code, ordered_json::array());
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) continue;
      const auto a = model::action_index(list[i].get<std::string>());
      if (!a) continue;
      const auto mask = side == model::RU ? model::kByRU : model::kByAZ;
      if (!(model::action(*a).by & mask))
        error("/actions/initial_measures/" + code + "/" + std::to_string(i),
              "\"" + list[i].get<std::string>() + "\" is not a measure " + code + " can take");
      else
        params.initial_measures[static_cast<std::size_t>(side)].push_back(*a);
    }
  }
  const auto disabled = r.value("actions", ordered_json::object()).value("disabled", ordered_json::array());
  for (const auto& d : disabled) {
    if (!d.is_string()) continue;
    const auto s = d.get<std::string>();
    if (s == "all") {
      params.enabled.fill(false);
      params.hardliners_enabled = false;
    } else if (s == "hardliners") {
      params.hardliners_enabled = false;
    } else if (const auto a = model::action_index(s); a && *a < model::kNumChoosable) {
      params.enabled[static_cast<std::size_t>(*a)] = false;
    }
  }

  const auto& dia = r.value("agents", ordered_json::object()).value("diaspora", ordered_json::object());
  if (dia.contains("population") && dia.contains("scale") && dia["population"].is_number() &&
      dia["scale"].is_number() && dia["population"].get<double>() / dia["scale"].get<double>() < 1)
    error("/agents/diaspora/scale", "the scale leaves less than one agent; lower it or raise the population");
  double shares = 0;
  const ordered_json kinds = dia.value("kinds", ordered_json::object());
  for (const auto& [k, v] : kinds.items())
    if (v.is_object() && v.contains("share") && v["share"].is_number()) shares += v["share"].get<double>();
  if (dia.contains("kinds") && !(shares > 0))
    error("/agents/diaspora/kinds", "the shares of the kinds must sum to a positive number");
}

// cross_check_values, safe on any document: a value of the wrong type, which
// the walk has reported already, ends the cross checks instead of escaping
// as an internal error.
void cross_check(const ordered_json& r, const Locator& loc, std::vector<Diagnostic>& errors,
                 model::ModelParams& params) {
  try {
    cross_check_values(r, loc, errors, params);
  } catch (const ordered_json::type_error&) {
    if (errors.empty()) throw;  // not explained by a reported mistake: a bug
  }
}

// The pointer with the position of an event or media agent replaced by its
// id: /events/2/day -> /events/us_russia_settlement/day.
std::string stream_key(const ordered_json& r, const std::string& pointer) {
  for (const std::string list : {"/events/", "/agents/media/"}) {
    if (pointer.rfind(list, 0) != 0) continue;
    const std::size_t start = list.size(), end = pointer.find('/', start);
    const std::string index = pointer.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const ordered_json::json_pointer item(list + index);
    if (r.contains(item) && r.at(item).contains("id") && r.at(item)["id"].is_string())
      return list + r.at(item)["id"].get<std::string>() + (end == std::string::npos ? "" : pointer.substr(end));
  }
  return pointer;
}

// Applies one --set PATH=VALUE to the resolved document; returns the JSON
// pointer it set, or an error.
bool apply_set(ordered_json& doc, const std::string& assignment, std::string& pointer,
               std::vector<Diagnostic>& errors) {
  auto fail = [&](std::string msg) {
    Diagnostic d;
    d.file = "--set " + assignment;
    d.message = std::move(msg);
    errors.push_back(std::move(d));
    return false;
  };
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) return fail("expected PATH=VALUE, e.g. actors.RU.hawkishness=0.7");
  if (find_invalid_text(assignment)) return fail("not valid UTF-8 text");
  const std::string path = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  if (path == "extends" || path.rfind("extends.", 0) == 0)
    return fail("extends cannot be set: the extends chain is resolved before --set applies; edit the file instead");
  if (path == "parameter_sets" || path.rfind("parameter_sets.", 0) == 0)
    return fail(
        "parameter_sets cannot be set: its sets are data (a calibration's output); edit or extend the file "
        "instead. A --set of a field the sets give values to takes that field out of the sets");
  if (text.size() > JsonLimits::kStringBytes)
    return fail("the value is " + std::to_string(text.size()) + " bytes long; the limit is " +
                std::to_string(JsonLimits::kStringBytes));
  PathTarget target;
  if (auto problem = resolve_path(doc, path, target); !problem.empty()) return fail(std::move(problem));
  pointer = target.pointer;
  // An earlier --set may have replaced an object on the way by a plain value
  // (actors.TR=1, then actors.TR.clout=0.5, or actors=1, then
  // actors.TR.clout=0.5): there is nothing to set into.
  for (auto slash = pointer.find('/', 1); slash != std::string::npos; slash = pointer.find('/', slash + 1)) {
    const std::string ancestor = pointer.substr(0, slash);
    if (!contains(doc, ancestor)) break;
    const ordered_json& v = doc.at(ordered_json::json_pointer(ancestor));
    if (!v.is_structured())
      return fail("path \"" + path + "\" cannot be set: " + ancestor + " is " + type_name(v) +
                  ", set by an earlier --set");
  }
  // Not JSON (or JSON beyond the limits of a file): taken as a string, so
  // NAME=foo needs no quotes.
  doc[ordered_json::json_pointer(pointer)] = parse_json_value(text).value_or(ordered_json(text));
  return true;
}

// Whether `patch` replaces `target` whole: a distribution of another kind
// (its `dist` differs) keeps nothing of the one it overrides, so that a beta
// over an inherited uniform does not inherit the uniform's min and max.
bool replaces_whole(const ordered_json& target, const ordered_json& patch) {
  return target.is_object() && patch.is_object() && target.contains("dist") && patch.contains("dist") &&
         target["dist"] != patch["dist"];
}

// JSON Merge Patch (RFC 7386) of one file of the chain onto what it
// extends, with the one exception of replaces_whole.
void merge_layer(ordered_json& target, const ordered_json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object() || replaces_whole(target, patch)) target = ordered_json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null())
      target.erase(key);
    else
      merge_layer(target[key], value);
  }
}

// Longest extends chain: far more than any library needs, and a bound on
// the files one scenario can make simrun open.
constexpr std::size_t kMaxChain = 32;

// Follows the extends chain from chain.back() (the file given, in `dir`),
// appending each base file, and returns the merged document. A loop, not
// recursion, so that no chain can exhaust the stack.
ordered_json resolve(std::vector<JsonSource>& chain, fs::path dir, std::set<std::string> seen,
                     std::vector<Diagnostic>& errors) {
  while (chain.back().value.contains("extends")) {
    const JsonSource& src = chain.back();
    auto fail = [&](std::string msg) { errors.push_back(src.positions.at(src.file, "/extends", std::move(msg))); };
    const auto& ext = src.value["extends"];
    if (!ext.is_string() || ext.get<std::string>().empty()) {
      fail("expected the path of a base scenario file, found " + type_name(ext));
      break;
    }
    std::string quoted = ext.dump();
    if (quoted.size() > 200) quoted = quoted.substr(0, 197) + "...";
    if (chain.size() >= kMaxChain) {
      fail("the extends chain is longer than " + std::to_string(kMaxChain) + " files; " + quoted + " is one too many");
      break;
    }
    // Normalised so that diagnostics name base files without "dir/../".
    const fs::path target = (dir / ext.get<std::string>()).lexically_normal();
    std::error_code ec;
    const fs::file_status status = fs::status(target, ec);
    if (status.type() == fs::file_type::not_found) {
      std::vector<std::string> siblings;
      const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
      fs::directory_iterator it(folder, ec);
      for (std::size_t k = 0; !ec && it != fs::directory_iterator() && k < 10000; it.increment(ec), ++k)
        if (it->path().extension() == ".json") siblings.push_back(it->path().filename().string());
      fs::path with_json = target;
      with_json += ".json";
      // A name without .json is matched as if it had it ("baselne" finds
      // "baseline.json"), as the user meant the file of that name.
      const auto hint = !target.has_extension() && fs::is_regular_file(with_json, ec)
                            ? with_json.filename().string()
                            : did_you_mean((target.has_extension() ? target : with_json).filename().string(), siblings);
      fail("extends target " + quoted + " does not exist (looked for " + target.string() + ")" +
           (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
      break;
    }
    const std::string canon = ec ? "" : fs::canonical(target, ec).string();
    if (ec) {  // a loop of symbolic links, a name too long, no permission
      fail("extends target " + quoted + " cannot be read: " + ec.message());
      break;
    }
    if (!fs::is_regular_file(status)) {
      const fs::file_type type = status.type();
      fail("extends target " + quoted + " is not a regular file (" +
           (type == fs::file_type::directory   ? "a directory"
            : type == fs::file_type::fifo      ? "a FIFO"
            : type == fs::file_type::socket    ? "a socket"
            : type == fs::file_type::block     ? "a block device"
            : type == fs::file_type::character ? "a character device"
                                               : "of an unknown kind") +
           ")");
      break;
    }
    if (!seen.insert(canon).second) {
      fail("circular extends: " + quoted + " is already in the chain");
      break;
    }
    dir = target.parent_path();
    chain.push_back(load_json_file(target.string()));
  }
  // The nearest file wins: merge from the far end of the chain.
  ordered_json merged = chain.back().value;
  merged.erase("extends");
  for (auto it = std::next(chain.rbegin()); it != chain.rend(); ++it) {
    ordered_json overlay = it->value;
    overlay.erase("extends");
    merge_layer(merged, overlay);
  }
  return merged;
}

std::string pointer_token(const std::string& key) {
  std::string t;
  for (const char c : key) t += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return t;
}

// Keys that give no field a value: the chain, the sets themselves, and what
// names and describes a file.
bool writes_no_field(const std::string& key) {
  return key == "parameter_sets" || key == "extends" || key == "name" || key == "description" || key == "$schema";
}

bool is_fragment(const ordered_json& file) {
  for (const auto& [key, value] : file.items())
    if (!writes_no_field(key)) return false;
  return true;
}

// The pointers of the values (not objects) written by the files nearer than
// the scenario that holds the applicable parameter_sets block (the most
// derived file with one; for a fragment holding only the block, the file
// that extends it): like a --set, a more specific file that gives a field a
// value takes it out of the sets, while the owning scenario's own values are
// what the sets replace. A loop with its own stack, not recursion.
std::vector<std::string> written_after_sets(const std::vector<JsonSource>& chain) {
  std::vector<std::string> out;
  std::size_t k = 0;
  while (k < chain.size() && !(chain[k].value.is_object() && chain[k].value.contains("parameter_sets"))) ++k;
  if (k == chain.size()) return out;
  const std::size_t owner = is_fragment(chain[k].value) && k > 0 ? k - 1 : k;
  for (std::size_t i = 0; i < owner; ++i) {
    if (!chain[i].value.is_object()) continue;
    std::vector<std::pair<const ordered_json*, std::string>> todo;
    for (const auto& [key, value] : chain[i].value.items())
      if (!writes_no_field(key)) todo.emplace_back(&value, "/" + pointer_token(key));
    while (!todo.empty()) {
      const auto [node, ptr] = todo.back();
      todo.pop_back();
      if (!node->is_object()) {
        out.push_back(ptr);
        continue;
      }
      for (const auto& [key, value] : node->items()) todo.emplace_back(&value, ptr + "/" + pointer_token(key));
    }
  }
  return out;
}

Scenario finish(ordered_json merged, std::vector<JsonSource> chain, const std::vector<std::string>& sets,
                std::vector<Diagnostic> errors) {
  Locator loc;
  loc.chain = std::move(chain);
  for (const auto& s : sets) {
    std::string ptr;
    if (apply_set(merged, s, ptr, errors)) loc.sets.emplace_back(ptr, s);
  }
  Scenario sc;
  std::vector<UncertainField> uncertain;
  Walker w{loc, errors, sc.plan.base, uncertain, 0};
  merged.erase("extends");
  sc.resolved = w.walk(merged, scenario_spec(), "", BindIndex{});
  cross_check(sc.resolved, loc, errors, sc.plan.base);
  std::vector<std::string> set_pointers = written_after_sets(loc.chain);
  for (const auto& s : loc.sets) set_pointers.push_back(s.first);
  // The sets are checked against the fields they name: only once those are sound.
  if (errors.empty())
    sc.plan.parameter_sets = build_parameter_sets(
        sc.resolved, set_pointers, [&](const std::string& p, std::string m) { w.error(p, std::move(m)); });
  if (!errors.empty()) throw InputError(std::move(errors), w.omitted);
  // A field drawn from the parameter sets is not sampled from its own distribution.
  for (auto& u : uncertain)
    if (!drawn_from_sets(sc.plan.parameter_sets, u.pointer))
      sc.plan.add_uncertain(u.pointer, stream_key(sc.resolved, u.pointer), u.dist, u.bind, u.index);
  sc.plan.name_event_streams();

  const auto& r = sc.resolved;
  sc.name = r["name"].get<std::string>();
  sc.description = r["description"].get<std::string>();
  sc.runs = r["run"]["runs"].get<std::int64_t>();
  sc.seed = r["run"]["seed"].get<std::uint64_t>();
  sc.store_trajectories = r["run"]["trajectories"].get<bool>();
  sc.store_events = r["run"]["event_log"].get<bool>();
  for (const auto& src : loc.chain) sc.chain.push_back(src.file);
  sc.sets = sets;
  return sc;
}

}  // namespace

namespace {

// Resolves the extends chain of `src` and validates the result.
Scenario load_source(JsonSource src, const fs::path& base_dir, std::set<std::string> seen,
                     const std::vector<std::string>& sets, const std::string& label) {
  std::vector<JsonSource> chain;  // most derived first
  chain.push_back(std::move(src));
  std::vector<Diagnostic> errors;
  ordered_json merged = resolve(chain, base_dir, std::move(seen), errors);
  // Without its base a file lacks what it inherits: checking it would only
  // add misleading "missing field" errors.
  if (!errors.empty()) throw InputError(std::move(errors));
  Scenario sc = finish(std::move(merged), std::move(chain), sets, std::move(errors));
  sc.file = label;
  return sc;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& label, const std::string& base_dir,
                            const std::vector<std::string>& sets) {
  return load_source(parse_json_text(text, label), base_dir, {}, sets, label);
}

ScenarioTemplate::ScenarioTemplate(const std::string& path, std::vector<std::string> sets)
    : path_(path), sets_(std::move(sets)) {
  sources_.push_back(load_json_file(path));
  std::error_code ec;
  std::vector<Diagnostic> errors;
  merged_ = resolve(sources_, fs::path(path).parent_path(), {fs::canonical(path, ec).string()}, errors);
  if (!errors.empty()) throw InputError(std::move(errors));
  for (const auto& src : sources_) {
    files_.push_back(src.file);
    texts_.push_back(src.text);
  }
}

Scenario ScenarioTemplate::instantiate(const std::vector<std::string>& extra_sets) const {
  std::vector<std::string> all = sets_;
  all.insert(all.end(), extra_sets.begin(), extra_sets.end());
  Scenario sc = finish(merged_, sources_, all, {});
  sc.file = path_;
  return sc;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  JsonSource src = load_json_file(path);
  std::error_code ec;
  return load_source(std::move(src), fs::path(path).parent_path(), {fs::canonical(path, ec).string()}, sets, path);
}

}  // namespace simrun::input
