// A PATCH as external-snapshotter sends them (utils.PatchVolumeSnapshot(Content),
// JSON patches without a resourceVersion): one throttled request whose change is applied
// to the object the API server holds when the request arrives, so it never conflicts.
// xnsim's API server has no Patch verb; the request's token and latency are taken by a
// Get, and the change is committed at that same instant.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include "sim/api/client.h"

namespace xnsim::snapshot {

enum class PatchTarget : uint8_t { kObject, kStatus };  // the status subresource or not

// `mutate(T&)` edits the server's current object; when it returns a Status, an error
// refuses the patch (a JSON patch that does not apply). NotFound if the object is gone.
template <class T, class Mutate>
Task<StatusOr<Ptr<T>>> Patch(ApiClient& client, std::string ns, std::string name, Mutate mutate,
                             PatchTarget target = PatchTarget::kObject) {
  StatusOr<Ptr<T>> current = co_await client.Get<T>(std::move(ns), std::move(name));
  if (!current.ok()) co_return current.status();
  T obj = **current;
  if constexpr (std::is_same_v<decltype(mutate(obj)), Status>) {
    if (Status st = mutate(obj); !st.ok()) co_return st;
  } else {
    mutate(obj);
  }
  if (target == PatchTarget::kStatus) co_return client.server().UpdateStatus(std::move(obj));
  co_return client.server().Update(std::move(obj));
}

}  // namespace xnsim::snapshot
