// The library's patchPersistentVolumeWithFinalizers: a strategic-merge patch of
// metadata.finalizers. A patch is one request that the server applies to the object
// as stored when the request arrives, so it cannot conflict; xnsim has no Patch, so
// this reads the object with one throttled request and writes the change on the
// server at that same instant.
#pragma once

#include <string>
#include <utility>

#include "sim/api/client.h"

namespace xnsim {

// `mutate(std::vector<std::string>& finalizers)` edits the stored object's finalizers.
template <class T, class Mutate>
Task<StatusOr<Ptr<T>>> PatchFinalizers(ApiClient& client, std::string ns, std::string name,
                                       Mutate mutate) {
  StatusOr<Ptr<T>> current = co_await client.Get<T>(std::move(ns), std::move(name));
  if (!current.ok()) co_return current.status();
  T copy = **current;
  mutate(copy.metadata.finalizers);
  copy.metadata.resource_version = 0;  // unconditional: the server merges, nothing to conflict with
  co_return client.server().Update(std::move(copy));
}

}  // namespace xnsim
