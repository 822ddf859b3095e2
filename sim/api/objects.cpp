#include "sim/api/objects.h"

#include <algorithm>
#include <cassert>
#include <type_traits>

namespace xnsim {

bool ObjectMeta::HasFinalizer(std::string_view f) const {
  return std::find(finalizers.begin(), finalizers.end(), f) != finalizers.end();
}

namespace {

// Stands in for the kind of an empty AnyObject, which only a bug produces.
constexpr KindInfo kNoKind{"", "", "", "", "", false, false};

}  // namespace

const KindInfo& KindInfoOf(const AnyObject& obj) {
  return std::visit(
      [](const auto& o) -> const KindInfo& {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          assert(false && "KindInfoOf on an empty AnyObject");
          return kNoKind;
        } else {
          return KindOf<T>::kInfo;
        }
      },
      obj);
}

ObjectMeta& MetaOf(AnyObject& obj) {
  return std::visit(
      [](auto& o) -> ObjectMeta& {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          assert(false && "MetaOf on an empty AnyObject");
          static ObjectMeta none;
          none = ObjectMeta{};
          return none;
        } else {
          return o.metadata;
        }
      },
      obj);
}

const ObjectMeta& MetaOf(const AnyObject& obj) { return MetaOf(const_cast<AnyObject&>(obj)); }

const KindInfo* FindKind(std::string_view api_version, std::string_view kind) {
  std::string_view group;
  std::string_view version = api_version;
  if (const size_t slash = api_version.find('/'); slash != std::string_view::npos) {
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
    if (group.empty()) return nullptr;  // "/v1" names no group
  }
  if (version.empty()) return nullptr;
  const KindInfo* found = nullptr;
#define XNSIM_MATCH_KIND(T, ...)                                                          \
  {                                                                                       \
    const KindInfo& info = KindOf<T>::kInfo;                                              \
    if (info.kind == kind && info.group == group &&                                       \
        (info.storage_version == version || info.other_version == version)) {             \
      found = &info;                                                                      \
    }                                                                                     \
  }
  XNSIM_KINDS(XNSIM_MATCH_KIND)
#undef XNSIM_MATCH_KIND
  return found;
}

std::string ApiVersionOf(const KindInfo& info) {
  if (info.group.empty()) return std::string(info.storage_version);
  std::string out(info.group);
  out += '/';
  out += info.storage_version;
  return out;
}

std::string ObjectLabel(std::string_view kind, std::string_view ns, std::string_view name) {
  std::string out(kind);
  out += ' ';
  if (!ns.empty()) {
    out += ns;
    out += '/';
  }
  out += name;
  return out;
}

}  // namespace xnsim
