// ToJsonFields: an object encoded as ToJson encodes it, but only the keys a partial
// object names. An assertion waiting for `status.phase: Bound` compares every new
// version of its object; encoding the whole object each time (spec, metadata, all of
// it) cost more than the comparison.
#include <utility>

#include "sim/api/codec_fields.h"
#include "sim/api/codec_io.h"
#include "sim/api/codec_tree.h"

namespace xnsim {
namespace codec {
namespace {

template <class T>
json ProjectValue(const T& v, const json& wanted);

// Walks a field list like Encoder, writing a field only when `wanted_` (a map) has
// its key; where `wanted_` gives a map again, the field is projected in turn.
class ProjectingEncoder {
 public:
  ProjectingEncoder(json& object, const json& wanted) : out_(object), wanted_(wanted) {}

  template <class T>
  void Field(std::string_view name, const T& value, Presence presence = kOmitEmpty) {
    const json* want = Wanted(name);
    if (want == nullptr || (presence == kOmitEmpty && IsEmptyValue(value))) return;
    out_[std::string(name)] = ProjectValue(value, *want);
  }

  void Time(std::string_view name, const std::optional<SimTime>& t) {
    if (t && Wanted(name) != nullptr) out_[std::string(name)] = FormatTimestamp(*t);
  }

  void ResourceVersion(std::string_view name, uint64_t rv) {
    if (rv != 0 && Wanted(name) != nullptr) out_[std::string(name)] = std::to_string(rv);
  }

  void Raw(std::string_view name, const RawJson& raw, std::string_view go_type) {
    if (Wanted(name) != nullptr) Encoder(out_).Raw(name, raw, go_type);
  }

  template <class F>
  void Object(std::string_view name, std::string_view go_type, Presence presence, F&& fields) {
    const json* want = Wanted(name);
    if (want == nullptr) return;
    if (!want->is_object()) {
      Encoder(out_).Object(name, go_type, presence, std::forward<F>(fields));
      return;
    }
    // The projection of a present map may be empty where the whole one is not: a
    // partial match reads the two alike (a map without the keys asked for, or none).
    json inner = json::object();
    ProjectingEncoder e(inner, *want);
    fields(e);
    if (presence == kAlways || !inner.empty()) out_[std::string(name)] = std::move(inner);
  }

  void Rest(const RawJson& raw, std::span<const std::string_view> names) {
    if (raw.text.empty()) return;
    json rest = json::object();
    Encoder(rest).Rest(raw, names);
    for (auto it = rest.begin(); it != rest.end(); ++it) {
      if (Wanted(it.key()) != nullptr && !out_.contains(it.key())) {
        out_[it.key()] = std::move(it.value());
      }
    }
  }

  void Ignore(std::string_view) {}

 private:
  const json* Wanted(std::string_view name) const {
    auto it = wanted_.find(name);
    return it == wanted_.end() ? nullptr : &*it;
  }

  json& out_;
  const json& wanted_;
};

template <class T>
json ProjectValue(const T& v, const json& wanted) {
  if constexpr (IsOptional<T>) {
    return ProjectValue(*v, wanted);
  } else if constexpr (HasFields<T>) {
    if (!wanted.is_object()) return EncodeValue(v);
    json out = json::object();
    ProjectingEncoder e(out, wanted);
    Fields(e, const_cast<T&>(v));  // read only, as in EncodeValue
    return out;
  } else {
    return EncodeValue(v);  // scalars, lists and maps whole
  }
}

}  // namespace
}  // namespace codec

template <class T>
nlohmann::json ToJsonFields(const T& obj, const nlohmann::json& wanted) {
  if (!wanted.is_object()) return ToJson(obj);
  nlohmann::json out = codec::ProjectValue(obj, wanted);
  out["apiVersion"] = ApiVersionOf(KindOf<T>::kInfo);
  out["kind"] = std::string(KindOf<T>::kInfo.kind);
  return out;
}

#define XNSIM_INSTANTIATE_TO_JSON_FIELDS(T, ...) \
  template nlohmann::json ToJsonFields<T>(const T&, const nlohmann::json&);
XNSIM_KINDS(XNSIM_INSTANTIATE_TO_JSON_FIELDS)
#undef XNSIM_INSTANTIATE_TO_JSON_FIELDS

nlohmann::json ToJsonFields(const AnyObject& obj, const nlohmann::json& wanted) {
  return std::visit(
      [&](const auto& o) -> nlohmann::json {
        if constexpr (std::is_same_v<std::decay_t<decltype(o)>, std::monostate>) {
          return nlohmann::json::object();
        } else {
          return ToJsonFields(o, wanted);
        }
      },
      obj);
}

}  // namespace xnsim
