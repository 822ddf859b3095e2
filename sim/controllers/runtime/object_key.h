// Work-queue keys of namespaced objects, as client-go's MetaNamespaceKeyFunc and
// SplitMetaNamespaceKey spell them: "<namespace>/<name>".
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace xnsim {

inline std::string NamespacedKey(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key += ns;
  key += '/';
  key += name;
  return key;
}

// (namespace, name) of a key made by NamespacedKey; views into `key`.
inline std::pair<std::string_view, std::string_view> SplitNamespacedKey(std::string_view key) {
  const size_t slash = key.find('/');
  return {key.substr(0, slash), key.substr(slash + 1)};
}

}  // namespace xnsim
