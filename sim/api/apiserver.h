// The fake kube-apiserver: admission (defaulting, gate-based field dropping,
// validation, namespace lifecycle, protection finalizers) in front of the object
// store, with watches delivered through the event queue after a delay.
//
// Calls are synchronous at the engine's current virtual time; components reach it
// through an ApiClient (client.h), which adds their QPS/burst throttling and latency.
// Known divergences from the real server are listed in sim/api/README.md.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/engine.h"
#include "sim/core/status.h"
#include "sim/gates/gates.h"

namespace xnsim {

class ClaimStrategy;
class EventExpiry;

class Store;

// A stored object of any kind.
#define XNSIM_KIND_PTR(T, ...) Ptr<T>,
using AnyPtr = std::variant<XNSIM_KINDS(XNSIM_KIND_PTR) std::monostate>;
#undef XNSIM_KIND_PTR
const ObjectMeta* MetaOf(const AnyPtr& p);  // nullptr for an empty AnyPtr

enum class WatchEventType : uint8_t { kAdded, kModified, kDeleted };

template <class T>
struct WatchEvent {
  WatchEventType type;
  Ptr<T> object;  // the new state (the last state for kDeleted)
  Ptr<T> old;     // the previous state; null for kAdded
};

template <class T>
using WatchHandler = std::function<void(const WatchEvent<T>&)>;

struct DeleteOptions {
  std::optional<std::string> precondition_uid;  // delete only this incarnation
};

class ApiServer {
 public:
  struct Options {
    // Time from a committed write to its delivery to each watcher.
    SimDuration watch_delay = 1 * kMillisecond;
    // Start with the namespaces every cluster has (default, kube-node-lease,
    // kube-public, kube-system), as a fresh real cluster does.
    bool system_namespaces = true;
    // The PersistentVolumeClaim strategy; null runs Kubernetes' own. Only tests set
    // one, to break a rule on purpose (claim_strategy.h).
    std::shared_ptr<const ClaimStrategy> claim_strategy = nullptr;
    // --event-ttl: an Event is deleted about this long after its last write
    // (event_expiry.h); 0 keeps Events for ever.
    SimDuration event_ttl = 1 * kHour;
  };

  ApiServer(Engine& engine, GateSet gates, Options options);
  ApiServer(Engine& engine, GateSet gates);
  ~ApiServer();

  // The apiserver restarted with other gates (stored objects stay as they are).
  void SetGates(GateSet gates);
  const GateSet& gates() const { return gates_; }

  // Admits and stores a new object. metadata.resourceVersion must be unset.
  // Errors: AlreadyExists, Invalid (field errors), NotFound/Forbidden (namespace).
  template <class T>
  StatusOr<Ptr<T>> Create(T obj);

  // Replaces metadata and spec; status is kept from the stored object for kinds with a
  // status subresource. A set resourceVersion that is not the stored one is a Conflict.
  // An object being deleted whose last finalizer goes is removed.
  template <class T>
  StatusOr<Ptr<T>> Update(T obj);

  // Replaces status only (the status subresource).
  template <class T>
  StatusOr<Ptr<T>> UpdateStatus(T obj);

  // Deletes, honouring finalizers: an object with finalizers gets a deletionTimestamp
  // and stays until the last one is removed. NotFound if absent.
  template <class T>
  Status Delete(std::string_view ns, std::string_view name, const DeleteOptions& opts = {});

  // deletecollection: deletes every object of kind T in `ns` ("" = all), each as
  // Delete does, in (namespace, name) order.
  template <class T>
  Status DeleteCollection(std::string_view ns);

  // The namespaces/{name}/finalize subresource: sets spec.finalizers only (metadata and
  // status stay as stored; a set uid or resourceVersion is a precondition). A namespace
  // being deleted whose metadata.finalizers and spec.finalizers are then both empty is
  // removed, and its watchers get kDeleted.
  StatusOr<Ptr<Namespace>> FinalizeNamespace(Namespace obj);

  template <class T>
  Ptr<T> Get(std::string_view ns, std::string_view name) const;  // null if absent

  // Objects of a kind in `ns` ("" = every namespace), ordered by (namespace, name).
  template <class T>
  std::vector<Ptr<T>> List(std::string_view ns = {}) const;

  // `handler` receives every later change of kind T after the watch delay, in commit
  // order. Returns an id for Unwatch.
  template <class T>
  int Watch(WatchHandler<T> handler);
  // A watch for the simulator's own instruments (the invariants): delivered after the
  // nominal watch delay even when exploration jitters every component's watches, so
  // that what an invariant knows never lags behind what it checks.
  template <class T>
  int WatchInstrument(WatchHandler<T> handler);
  void Unwatch(int watch_id);

  // Untyped forms for the scenario runner.
  StatusOr<AnyPtr> CreateAny(AnyObject obj);
  StatusOr<AnyPtr> UpdateAny(AnyObject obj);
  Status DeleteAny(const KindInfo& kind, std::string_view ns, std::string_view name);
  AnyPtr GetAny(const KindInfo& kind, std::string_view ns, std::string_view name) const;
  std::vector<AnyPtr> ListAny(const KindInfo& kind, std::string_view ns = {}) const;

  Engine& engine() { return engine_; }
  uint64_t resource_version() const;  // the newest committed resourceVersion

 private:
  // The bodies of Create, Update and UpdateStatus, which take `obj` apart: the client
  // hands over the object its request already holds, with no further move.
  friend class ApiClient;
  template <class T>
  StatusOr<Ptr<T>> CreateConsuming(T& obj);
  template <class T>
  StatusOr<Ptr<T>> UpdateConsuming(T& obj);
  template <class T>
  StatusOr<Ptr<T>> UpdateStatusConsuming(T& obj);
  StatusOr<Ptr<Namespace>> FinalizeConsuming(Namespace& obj);
  template <class T>
  Ptr<T> CommitUpdate(T& obj, const Ptr<T>& old, std::string_view action,
                      std::string_view removed_detail);

  Engine& engine_;
  GateSet gates_;
  Options options_;
  std::shared_ptr<const ClaimStrategy> claim_strategy_;  // options_.claim_strategy or the real one
  std::unique_ptr<Store> store_;
  std::unique_ptr<EventExpiry> event_expiry_;
};

}  // namespace xnsim
