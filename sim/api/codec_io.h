// How a field list (codec_fields.h) is walked: a Decoder reads a JSON tree into a typed
// object with the API server's strict decoding (type errors, unknown and duplicate
// fields, by JSON path), an Encoder writes the object back with Go's omitempty rules,
// and a NameCollector lists a type's field names. Private to the codec.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/api/codec_fields.h"
#include "sim/api/codec_internal.h"
#include "sim/api/objects.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace xnsim::codec {

using nlohmann::json;

// ---- type traits -------------------------------------------------------------------------

template <class T>
struct OptionalOf {};
template <class T>
struct OptionalOf<std::optional<T>> {
  using type = T;
};
template <class T>
struct VectorOf {};
template <class T>
struct VectorOf<std::vector<T>> {
  using type = T;
};
template <class T>
struct StringMapOf {};
template <class T>
struct StringMapOf<std::map<std::string, T>> {
  using type = T;
};
template <class T>
struct StringMapOf<FlatStringMap<T>> {
  using type = T;
};

template <class T>
concept IsOptional = requires { typename OptionalOf<T>::type; };
template <class T>
concept IsVector = requires { typename VectorOf<T>::type; };
template <class T>
concept IsStringMap = requires { typename StringMapOf<T>::type; };
template <class T>
concept HasFields = !kGoType<T>.empty();

// The Go type a value decodes into, as encoding/json names it in type errors.
template <class T>
std::string GoTypeName() {
  if constexpr (IsOptional<T>) {
    return "*" + GoTypeName<typename OptionalOf<T>::type>();
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, InternedString>) {
    return "string";
  } else if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return "int32";
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return "int64";
  } else if constexpr (std::is_same_v<T, Quantity>) {
    return "resource.Quantity";
  } else if constexpr (IsVector<T>) {
    return "[]" + GoTypeName<typename VectorOf<T>::type>();
  } else if constexpr (IsStringMap<T>) {
    return "map[string]" + GoTypeName<typename StringMapOf<T>::type>();
  } else {
    static_assert(HasFields<T>, "a type the codec does not know");
    return std::string(kGoType<T>);
  }
}

// How encoding/json names a JSON value in "cannot unmarshal X into ...".
inline const char* JsonKindName(const json& n) {
  switch (n.type()) {
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "bool";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "number";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "null";
  }
}

// ---- decoding ------------------------------------------------------------------------------

struct FieldError {
  int line = 0;  // 0 when the tree has no lines
  std::string message;
};

struct DecodeState {
  const LineMap* lines = nullptr;
  std::string path;             // JSON path of the value being decoded: "spec.from[0].kind"
  std::string_view go_struct;   // innermost Go struct, as type errors name it
  // encoding/json reports the first type error only, and strict errors only when no
  // type error occurred (sigs.k8s.io/json); both are kept and chosen from at the end.
  std::vector<FieldError> type_errors;
  std::vector<FieldError> strict_errors;
  std::vector<std::string> root_unknown;  // unknown top-level names, for the flattening hint

  int LineOf(const json& node) const {
    if (lines == nullptr) return 0;
    auto it = lines->find(&node);
    return it == lines->end() ? 0 : it->second;
  }

  // "json: cannot unmarshal string into Go struct field PersistentVolumeClaimSpec.spec.accessModes
  // of type []string".
  void TypeError(const json& node, std::string_view go_type, std::string_view what = {}) {
    std::string_view struct_name = go_struct.substr(go_struct.find('.') + 1);
    std::string msg = "json: cannot unmarshal ";
    msg += what.empty() ? std::string_view(JsonKindName(node)) : what;
    msg += " into Go struct field ";
    msg += struct_name;
    msg += '.';
    msg += path;
    msg += " of type ";
    msg += go_type;
    type_errors.push_back({LineOf(node), std::move(msg)});
  }

  void ValueError(const json& node, std::string message) {
    type_errors.push_back({LineOf(node), std::move(message)});
  }
};

// Extends DecodeState::path for the lifetime of the scope.
class PathScope {
 public:
  PathScope(DecodeState& st, std::string_view name) : st_(st), size_(st.path.size()) {
    if (!st.path.empty()) st.path += '.';
    st.path += name;
  }
  PathScope(DecodeState& st, size_t index) : st_(st), size_(st.path.size()) {
    st.path += '[';
    st.path += std::to_string(index);
    st.path += ']';
  }
  ~PathScope() { st_.path.resize(size_); }
  PathScope(const PathScope&) = delete;
  PathScope& operator=(const PathScope&) = delete;

 private:
  DecodeState& st_;
  size_t size_;
};

template <class T>
void DecodeValue(DecodeState& st, const json& n, T& v);

// Reads the fields of one JSON object; Finish() reports the keys nobody asked for.
class Decoder {
 public:
  Decoder(DecodeState& st, const json& object) : st_(st), object_(object) {}

  template <class T>
  void Field(std::string_view name, T& value, Presence = kOmitEmpty) {
    if (const json* n = Take(name)) {
      PathScope scope(st_, name);
      DecodeValue(st_, *n, value);
    }
  }

  void Time(std::string_view name, std::optional<SimTime>& t) {
    const json* n = Take(name);
    if (n == nullptr) return;
    PathScope scope(st_, name);
    if (n->is_null()) {
      t.reset();
      return;
    }
    if (!n->is_string()) return st_.TypeError(*n, "v1.Time");
    StatusOr<SimTime> parsed = ParseTimestamp(n->get_ref<const std::string&>());
    if (!parsed.ok()) return st_.ValueError(*n, parsed.status().message());
    t = *parsed;
  }

  // resourceVersion is a string on the wire; xnsim's store counts in integers.
  void ResourceVersion(std::string_view name, uint64_t& rv) {
    const json* n = Take(name);
    if (n == nullptr || n->is_null()) return;
    PathScope scope(st_, name);
    if (!n->is_string()) return st_.TypeError(*n, "string");
    const std::string& s = n->get_ref<const std::string&>();
    if (s.empty()) {
      rv = 0;
      return;
    }
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), rv);
    if (ec != std::errc() || end != s.data() + s.size()) {
      st_.ValueError(*n, st_.path + ": Invalid value: \"" + s +
                             "\": resourceVersion must be a decimal integer");
    }
  }

  void Raw(std::string_view name, RawJson& raw, std::string_view go_type) {
    const json* n = Take(name);
    if (n == nullptr || n->is_null()) return;
    PathScope scope(st_, name);
    const bool want_list = go_type.starts_with("[]");
    if (want_list ? !n->is_array() : !n->is_object()) return st_.TypeError(*n, go_type);
    raw.text = DumpJson(*n);
  }

  template <class F>
  void Object(std::string_view name, std::string_view go_type, Presence, F&& fields) {
    const json* n = Take(name);
    if (n == nullptr || n->is_null()) return;
    PathScope scope(st_, name);
    if (!n->is_object()) return st_.TypeError(*n, go_type);
    const std::string_view outer = std::exchange(st_.go_struct, go_type);
    Decoder inner(st_, *n);
    fields(inner);
    inner.Finish();
    st_.go_struct = outer;
  }

  // Keeps every remaining key listed in `names`, verbatim, in `raw` (as one object).
  void Rest(RawJson& raw, std::span<const std::string_view> names) {
    json rest = json::object();
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      const std::string& key = it.key();
      if (IsTaken(key) || std::find(names.begin(), names.end(), key) == names.end()) continue;
      taken_.push_back(key);
      rest[key] = it.value();
    }
    raw.text = rest.empty() ? std::string() : DumpJson(rest);
  }

  void Ignore(std::string_view name) { Take(name); }

  void Finish() {
    const bool at_root = st_.path.empty();
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (IsTaken(it.key())) continue;
      PathScope scope(st_, it.key());
      st_.strict_errors.push_back(
          {st_.LineOf(it.value()), "unknown field \"" + st_.path + "\""});
      if (at_root) st_.root_unknown.push_back(it.key());
    }
  }

 private:
  const json* Take(std::string_view name) {
    taken_.push_back(name);
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }
  bool IsTaken(std::string_view key) const {
    return std::find(taken_.begin(), taken_.end(), key) != taken_.end();
  }

  DecodeState& st_;
  const json& object_;
  std::vector<std::string_view> taken_;  // names from the field lists or from object_'s keys
};

template <class T>
void DecodeInteger(DecodeState& st, const json& n, T& v) {
  if (!n.is_number()) return st.TypeError(n, GoTypeName<T>());
  bool fits = false;
  if (n.is_number_unsigned()) {
    const uint64_t u = n.get<uint64_t>();
    fits = u <= static_cast<uint64_t>(std::numeric_limits<T>::max());
    if (fits) v = static_cast<T>(u);
  } else if (n.is_number_integer()) {
    const int64_t i = n.get<int64_t>();
    fits = i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max();
    if (fits) v = static_cast<T>(i);
  }
  if (!fits) st.TypeError(n, GoTypeName<T>(), "number " + n.dump());
}

template <class T>
void DecodeValue(DecodeState& st, const json& n, T& v) {
  if constexpr (IsOptional<T>) {
    if (n.is_null()) {
      v.reset();
      return;
    }
    DecodeValue(st, n, v.emplace());
  } else if (n.is_null()) {
    return;  // encoding/json leaves the zero value for null
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!n.is_string()) return st.TypeError(n, "string");
    v = n.get<std::string>();
  } else if constexpr (std::is_same_v<T, InternedString>) {
    if (!n.is_string()) return st.TypeError(n, "string");
    v = n.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!n.is_boolean()) return st.TypeError(n, "bool");
    v = n.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    DecodeInteger(st, n, v);
  } else if constexpr (std::is_same_v<T, Quantity>) {
    // resource.Quantity takes a string or a bare number (`storage: 1073741824`).
    if (!n.is_string() && !n.is_number()) return st.TypeError(n, "resource.Quantity");
    StatusOr<Quantity> q = Quantity::Parse(n.is_string() ? n.get<std::string>() : n.dump());
    if (!q.ok()) return st.ValueError(n, q.status().message());
    v = *q;
  } else if constexpr (IsVector<T>) {
    if (!n.is_array()) return st.TypeError(n, GoTypeName<T>());
    v.clear();
    v.resize(n.size());
    for (size_t i = 0; i < n.size(); ++i) {
      PathScope scope(st, i);
      DecodeValue(st, n[i], v[i]);
    }
  } else if constexpr (IsStringMap<T>) {
    if (!n.is_object()) return st.TypeError(n, GoTypeName<T>());
    v.clear();
    for (auto it = n.begin(); it != n.end(); ++it) {
      PathScope scope(st, it.key());
      DecodeValue(st, it.value(), v[it.key()]);
    }
  } else {
    static_assert(HasFields<T>);
    if (!n.is_object()) return st.TypeError(n, GoTypeName<T>());
    const std::string_view outer = std::exchange(st.go_struct, kGoType<T>);
    Decoder d(st, n);
    Fields(d, v);
    d.Finish();
    st.go_struct = outer;
  }
}

// ---- encoding ------------------------------------------------------------------------------

template <class T>
bool IsEmptyValue(const T& v) {
  if constexpr (IsOptional<T>) {
    return !v.has_value();
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, InternedString> ||
                       IsVector<T> || IsStringMap<T>) {
    return v.empty();
  } else if constexpr (std::is_same_v<T, bool>) {
    return !v;
  } else if constexpr (std::is_integral_v<T>) {
    return v == 0;
  } else {
    return false;  // encoding/json never omits a struct, omitempty or not
  }
}

template <class T>
json EncodeValue(const T& v);

// Writes fields into one JSON object.
class Encoder {
 public:
  explicit Encoder(json& object) : out_(object) {}

  template <class T>
  void Field(std::string_view name, const T& value, Presence presence = kOmitEmpty) {
    if (presence == kOmitEmpty && IsEmptyValue(value)) return;
    out_[std::string(name)] = EncodeValue(value);
  }

  void Time(std::string_view name, const std::optional<SimTime>& t) {
    if (t) out_[std::string(name)] = FormatTimestamp(*t);
  }

  void ResourceVersion(std::string_view name, uint64_t rv) {
    if (rv != 0) out_[std::string(name)] = std::to_string(rv);
  }

  void Raw(std::string_view name, const RawJson& raw, std::string_view) {
    if (!raw.text.empty()) out_[std::string(name)] = Parse(raw.text);
  }

  template <class F>
  void Object(std::string_view name, std::string_view, Presence presence, F&& fields) {
    json inner = json::object();
    Encoder e(inner);
    fields(e);
    if (presence == kAlways || !inner.empty()) out_[std::string(name)] = std::move(inner);
  }

  void Rest(const RawJson& raw, std::span<const std::string_view>) {
    if (raw.text.empty()) return;
    json rest = Parse(raw.text);
    if (!rest.is_object()) return;
    for (auto it = rest.begin(); it != rest.end(); ++it) {
      if (!out_.contains(it.key())) out_[it.key()] = std::move(it.value());
    }
  }

  void Ignore(std::string_view) {}

 private:
  // RawJson text is compact JSON the decoder wrote; anything else is dropped, not thrown.
  static json Parse(const std::string& text) {
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    return j.is_discarded() ? json() : j;
  }

  json& out_;
};

template <class T>
json EncodeValue(const T& v) {
  if constexpr (IsOptional<T>) {
    return EncodeValue(*v);
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
                       std::is_integral_v<T>) {
    return json(v);
  } else if constexpr (std::is_same_v<T, InternedString>) {
    return json(v.str());
  } else if constexpr (std::is_same_v<T, Quantity>) {
    return json(v.ToString());
  } else if constexpr (IsVector<T>) {
    json out = json::array();
    for (const auto& item : v) out.push_back(EncodeValue(item));
    return out;
  } else if constexpr (IsStringMap<T>) {
    json out = json::object();
    for (const auto& [key, item] : v) out[static_cast<const std::string&>(key)] = EncodeValue(item);
    return out;
  } else {
    static_assert(HasFields<T>);
    json out = json::object();
    Encoder e(out);
    // The field lists take mutable references so that one list serves both
    // directions; the Encoder only reads through them.
    Fields(e, const_cast<T&>(v));
    return out;
  }
}

// ---- names -----------------------------------------------------------------------------------

// The JSON names a type's field list uses (nested Objects by their outer name).
class NameCollector {
 public:
  template <class T>
  void Field(std::string_view name, T&, Presence = kOmitEmpty) {
    names_.push_back(name);
  }
  void Time(std::string_view name, std::optional<SimTime>&) { names_.push_back(name); }
  void ResourceVersion(std::string_view name, uint64_t&) { names_.push_back(name); }
  void Raw(std::string_view name, RawJson&, std::string_view) { names_.push_back(name); }
  template <class F>
  void Object(std::string_view name, std::string_view, Presence, F&&) {
    names_.push_back(name);
  }
  void Rest(RawJson&, std::span<const std::string_view> names) {
    names_.insert(names_.end(), names.begin(), names.end());
  }
  void Ignore(std::string_view name) { names_.push_back(name); }

  const std::vector<std::string_view>& names() const { return names_; }

 private:
  std::vector<std::string_view> names_;
};

template <class T>
std::vector<std::string_view> FieldNames() {
  T scratch{};
  NameCollector c;
  Fields(c, scratch);
  return c.names();
}

}  // namespace xnsim::codec
