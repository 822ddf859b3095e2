#include "sim/scenario/matcher.h"

#include <cctype>

#include "sim/core/quantity.h"

namespace xnsim {

using nlohmann::json;

namespace {

constexpr size_t kMaxRendered = 160;

// A value as messages show it: compact JSON, cut short when long.
std::string Render(const json* value) {
  if (value == nullptr) return "absent";
  std::string text = value->dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxRendered) text = text.substr(0, kMaxRendered - 3) + "...";
  return text;
}

// "spec.resources.requests.storage"; keys that are not plain names go in brackets:
// metadata.annotations["volume.kubernetes.io/selected-node"].
std::string Child(const std::string& path, const std::string& key) {
  bool plain = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0]));
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') plain = false;
  }
  if (!plain) return path + "[" + json(key).dump() + "]";
  return path.empty() ? key : path + "." + key;
}

// A scalar's text as YAML would render it: 1 and "1" both read "1".
std::string Text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

bool ScalarsEqual(const json& want, const json& got) {
  if (want == got) return true;  // numbers compare by value, 1 == 1.0
  if (want.is_structured() || got.is_structured() || want.is_null() || got.is_null()) return false;
  if (!want.is_string() && !got.is_string()) return false;
  // One side is a string: a manifest's `1` and a stored "1" are the same value, and
  // so are "1024Mi" and "1Gi" when both read as quantities.
  const std::string a = Text(want);
  const std::string b = Text(got);
  if (a == b) return true;
  StatusOr<Quantity> qa = Quantity::Parse(a);
  StatusOr<Quantity> qb = Quantity::Parse(b);
  return qa.ok() && qb.ok() && *qa == *qb;
}

// The paths are only for the reason of a mismatch: a caller that wants just the verdict
// (`why` null) is not charged for building them.
std::string ChildPath(const std::string& path, const std::string& key, const std::string* why) {
  return why != nullptr ? Child(path, key) : std::string();
}
std::string ItemPath(const std::string& path, size_t i, const std::string* why) {
  return why != nullptr ? path + "[" + std::to_string(i) + "]" : std::string();
}

// `message` makes the text only when a reason is asked for.
template <class Message>
bool Fail(const std::string& path, Message&& message, std::string* why) {
  if (why != nullptr) *why = path.empty() ? message() : path + ": " + message();
  return false;
}

// Whether `want` asks for nothing an absent field lacks: null, `{}`, `[]`, or a map of
// such values (`annotations: {a: null}` holds when there are no annotations at all).
bool MatchesAbsent(const json& want) {
  if (want.is_null()) return true;
  if (want.is_array()) return want.empty();
  if (!want.is_object()) return false;
  for (const auto& [key, value] : want.items()) {
    if (!MatchesAbsent(value)) return false;
  }
  return true;
}

bool Match(const json& want, const json* got, const std::string& path, std::string* why) {
  const bool got_nothing = got == nullptr || got->is_null();
  if (want.is_null()) {
    return got_nothing || Fail(path, [&] { return "expected absent, got " + Render(got); }, why);
  }
  if (want.is_object()) {
    // `{}` asks for nothing: it matches an empty or absent field too.
    if (got_nothing) {
      return MatchesAbsent(want) ||
             Fail(path, [&] { return "expected " + Render(&want) + ", got " + Render(got); }, why);
    }
    if (!got->is_object()) {
      return Fail(path, [&] { return "expected a map, got " + Render(got); }, why);
    }
    for (auto it = want.begin(); it != want.end(); ++it) {
      auto found = got->find(it.key());
      const json* child = found == got->end() ? nullptr : &*found;
      if (!Match(it.value(), child, ChildPath(path, it.key(), why), why)) return false;
    }
    return true;
  }
  if (want.is_array()) {
    // Kubernetes omits empty lists, so `finalizers: []` matches an absent field.
    if (got_nothing) {
      return want.empty() ||
             Fail(
                 path,
                 [&] {
                   return "expected " + std::to_string(want.size()) + " items, got " + Render(got);
                 },
                 why);
    }
    if (!got->is_array()) {
      return Fail(path, [&] { return "expected a list, got " + Render(got); }, why);
    }
    if (want.size() != got->size()) {
      return Fail(
          path,
          [&] {
            return "expected " + std::to_string(want.size()) + " items, got " +
                   std::to_string(got->size());
          },
          why);
    }
    for (size_t i = 0; i < want.size(); ++i) {
      if (!Match(want[i], &(*got)[i], ItemPath(path, i, why), why)) return false;
    }
    return true;
  }
  if (got != nullptr && ScalarsEqual(want, *got)) return true;
  return Fail(path, [&] { return "expected " + Render(&want) + ", got " + Render(got); }, why);
}

}  // namespace

bool MatchesFragment(const json& fragment, const json& object, std::string* why) {
  return Match(fragment, &object, "", why);
}

}  // namespace xnsim
