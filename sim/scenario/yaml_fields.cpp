#include "sim/scenario/yaml_fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace xnsim::scenario_yaml {

int LineOf(const YAML::Node& node, int fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  const int line = node.Mark().line;
  return line < 0 ? fallback : line + 1;
}

Status Field::Error(std::string_view what) const {
  std::string message = file != nullptr ? *file : std::string("<scenario>");
  message += ":" + std::to_string(line) + ": ";
  if (!path.empty()) message += path + ": ";
  message += what;
  return InputError(std::move(message));
}

Field Field::Item(size_t i) const {
  YAML::Node item = node[i];
  return Field{item, path + "[" + std::to_string(i) + "]", LineOf(item, line), file};
}

std::string Field::Where() const { return path.empty() ? "the scenario" : path; }

std::string Quote(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return Quote(node.Scalar());
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

namespace {

std::string ChildPath(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

}  // namespace

StatusOr<FieldMap> FieldMap::Open(const Field& field, std::span<const std::string_view> allowed) {
  return OpenImpl(field, &allowed);
}

StatusOr<FieldMap> FieldMap::OpenAny(const Field& field) { return OpenImpl(field, nullptr); }

StatusOr<FieldMap> FieldMap::OpenImpl(const Field& field,
                                      const std::span<const std::string_view>* allowed) {
  FieldMap map;
  map.self_ = field;
  if (!field.present()) return map;
  if (!field.node.IsMap()) return field.Error("expected a map, got " + Describe(field.node));
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: yaml-cpp hands out a temporary
    const int key_line = LineOf(key, field.line);
    Field at_key{YAML::Node(), "", key_line, field.file};  // the message names the map
    if (!key.IsScalar()) return at_key.Error("a key must be a name, got " + Describe(key));
    const std::string& name = key.Scalar();
    if (allowed != nullptr && std::find(allowed->begin(), allowed->end(), name) == allowed->end()) {
      return at_key.Error("unknown key " + Quote(name) + " in " + field.Where() +
                          " (expected one of: " + JoinNames(*allowed) + ")");
    }
    for (const auto& [seen, unused] : map.entries_) {
      if (seen == name)
        return at_key.Error("duplicate key " + Quote(name) + " in " + field.Where());
    }
    map.entries_.emplace_back(name,
                              Field{it->second, ChildPath(field.path, name), key_line, field.file});
  }
  return map;
}

bool FieldMap::Has(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return value.present();
  }
  return false;
}

Field FieldMap::Get(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return value;
  }
  return Field{YAML::Node(YAML::NodeType::Undefined), ChildPath(self_.path, key), self_.line,
               self_.file};
}

StatusOr<Field> FieldMap::Require(std::string_view key) const {
  Field f = Get(key);
  if (f.present()) return f;
  if (f.node.IsDefined()) return f.Error("required, got nothing");
  return self_.Error("missing required key " + Quote(key));
}

namespace {

Status NotScalar(const Field& f, std::string_view expected) {
  return f.Error("expected " + std::string(expected) + ", got " + Describe(f.node));
}

bool IsPlain(const YAML::Node& node) { return node.Tag() == "?"; }

}  // namespace

StatusOr<std::string> ReadString(const Field& f) {
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, "a string");
  return f.node.Scalar();
}

StatusOr<bool> ReadBool(const Field& f) {
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, "true or false");
  const std::string& s = f.node.Scalar();
  if (IsPlain(f.node)) {
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  return f.Error("expected true or false, got " + Quote(s) +
                 (IsPlain(f.node) ? "" : " (a quoted string)"));
}

StatusOr<int64_t> ReadInt(const Field& f, int64_t min, int64_t max) {
  std::string expected = "an integer";
  if (max == std::numeric_limits<int64_t>::max()) {
    expected += " of at least " + std::to_string(min);
  } else {
    expected += " from " + std::to_string(min) + " to " + std::to_string(max);
  }
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, expected);
  const std::string& s = f.node.Scalar();
  int64_t value = 0;
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (!IsPlain(f.node) || ec != std::errc() || end != s.data() + s.size() || value < min ||
      value > max) {
    return f.Error("expected " + expected + ", got " + Quote(s));
  }
  return value;
}

StatusOr<double> ReadNumber(const Field& f, double min) {
  auto expected = [&] {
    std::string m = nlohmann::json(min).dump();
    return "a number of at least " + m;
  };
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, expected());
  const std::string& s = f.node.Scalar();
  double value = 0;
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (!IsPlain(f.node) || ec != std::errc() || end != s.data() + s.size() ||
      !std::isfinite(value) || value < min) {
    return f.Error("expected " + expected() + ", got " + Quote(s));
  }
  return value;
}

StatusOr<SimDuration> ReadDuration(const Field& f) {
  constexpr std::string_view kExpected = "a duration like 30s, 500ms or 2m30s";
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, kExpected);
  const std::string& s = f.node.Scalar();
  StatusOr<SimDuration> d = ParseDuration(s);
  if (!d.ok()) return f.Error("expected " + std::string(kExpected) + ", got " + Quote(s));
  if (*d < 0) return f.Error("a duration must not be negative, got " + Quote(s));
  return *d;
}

StatusOr<Quantity> ReadQuantity(const Field& f) {
  constexpr std::string_view kExpected = "a Kubernetes quantity like 10Ti";
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, kExpected);
  const std::string& s = f.node.Scalar();
  StatusOr<Quantity> q = Quantity::Parse(s);
  if (!q.ok()) return f.Error("expected " + std::string(kExpected) + ", got " + Quote(s));
  if (q->milli_value() < 0) return f.Error("a size must not be negative, got " + Quote(s));
  return *q;
}

StatusOr<std::string> ReadEnum(const Field& f, std::span<const std::string_view> names) {
  const std::string expected = "one of " + JoinNames(names);
  if (!f.present() || !f.node.IsScalar()) return NotScalar(f, expected);
  const std::string& s = f.node.Scalar();
  if (std::find(names.begin(), names.end(), s) == names.end()) {
    return f.Error("expected " + expected + ", got " + Quote(s));
  }
  return s;
}

StatusOr<std::vector<std::string>> ReadStringList(const Field& f) {
  if (f.present() && f.node.IsScalar()) return std::vector<std::string>{f.node.Scalar()};
  if (!f.present() || !f.node.IsSequence()) return NotScalar(f, "a list of names");
  std::vector<std::string> out;
  for (size_t i = 0; i < f.node.size(); ++i) {
    Field item = f.Item(i);
    if (!item.present() || !item.node.IsScalar()) return NotScalar(item, "a name");
    out.push_back(item.node.Scalar());
  }
  return out;
}

}  // namespace xnsim::scenario_yaml
