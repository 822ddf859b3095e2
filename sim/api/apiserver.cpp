// The request paths of the fake kube-apiserver, in the real order: NamespaceLifecycle,
// the kind's strategy and defaulting, StorageObjectInUseProtection and
// DefaultStorageClass, validation, then
// the store's checks (AlreadyExists, preconditions, resourceVersion) and the commit,
// which bumps the resourceVersion, traces the write and queues watch events.
#include "sim/api/apiserver.h"

#include "sim/api/claim_strategy.h"

#include <algorithm>
#include <type_traits>

#include "sim/api/admission.h"
#include "sim/api/api_errors.h"
#include "sim/api/claim_strategy.h"
#include "sim/api/event_expiry.h"
#include "sim/api/store.h"
#include "sim/api/validation.h"

namespace xnsim {
namespace {

template <class T>
constexpr bool kHasSpec = requires(T t) { t.spec; };
template <class T>
constexpr bool kHasStatus = requires(T t) { t.status; };

// A namespace also waits for its spec.finalizers (removed by the namespace controller
// through the finalize subresource).
template <class T>
bool SpecFinalizersDone(const T&) {
  return true;
}
bool SpecFinalizersDone(const Namespace& ns) { return ns.spec.finalizers.empty(); }

void TraceWrite(Engine& engine, std::string_view action, const KindInfo& kind, const ObjectMeta& m,
                uint64_t rv, std::string_view extra = {}) {
  Trace& trace = engine.trace();
  if (!trace.enabled()) return;
  std::string detail = "rv=" + std::to_string(rv);
  detail += extra;
  trace.Record(engine.Now(), "kube-apiserver", action, ObjectLabel(kind.kind, m.namespace_, m.name), detail);
}

// Events live --event-ttl after their last write: the expiry follows each stored
// version (event_expiry.h). Other kinds have no TTL.
template <class T>
void NoteStored(EventExpiry& expiry, const T* replaced, const T* written) {
  if constexpr (std::is_same_v<T, Event>) expiry.Stored(replaced, written);
}

// The store's preconditions on an update: the object's uid (when set) and its
// resourceVersion (0 = unconditional).
Status CheckUpdatePreconditions(const KindInfo& kind, const ObjectMeta& m, const ObjectMeta& stored) {
  if (!m.uid.empty() && m.uid != stored.uid) {
    return ConflictStatus(kind, m.name,
                          "Precondition failed: UID in precondition: " + m.uid +
                              ", UID in object meta: " + stored.uid);
  }
  if (m.resource_version != 0 && m.resource_version != stored.resource_version) {
    return ConflictStatus(kind, m.name, kOptimisticLockReason);
  }
  return Status::Ok();
}

// Fields only the server writes keep their stored values on update.
void KeepServerFields(ObjectMeta& m, const ObjectMeta& stored) {
  m.uid = stored.uid;
  m.creation_timestamp = stored.creation_timestamp;
  m.deletion_timestamp = stored.deletion_timestamp;
  if (stored.deletion_grace_period_seconds) m.deletion_grace_period_seconds = stored.deletion_grace_period_seconds;
  m.generation = stored.generation;
  m.resource_version = stored.resource_version;
}

std::string JoinFinalizers(const std::vector<std::string>& f) {
  std::string out;
  for (const std::string& s : f) {
    out += out.empty() ? "" : ",";
    out += s;
  }
  return out;
}

bool SameKind(const KindInfo& a, const KindInfo& b) { return a.kind == b.kind && a.group == b.group; }

// Calls f(std::type_identity<T>{}) for the kind `info` names; false if none does.
template <class F>
bool ForKind(const KindInfo& info, F&& f) {
#define XNSIM_FOR_KIND(T, ...)                     \
  if (SameKind(info, KindOf<T>::kInfo)) {          \
    f(std::type_identity<T>{});                    \
    return true;                                   \
  }
  XNSIM_KINDS(XNSIM_FOR_KIND)
#undef XNSIM_FOR_KIND
  return false;
}

}  // namespace

const ObjectMeta* MetaOf(const AnyPtr& p) {
  return std::visit(
      [](const auto& ptr) -> const ObjectMeta* {
        if constexpr (std::is_same_v<std::decay_t<decltype(ptr)>, std::monostate>) {
          return nullptr;
        } else {
          return ptr ? &ptr->metadata : nullptr;
        }
      },
      p);
}

ApiServer::ApiServer(Engine& engine, GateSet gates, Options options)
    : engine_(engine),
      gates_(gates),
      options_(options),
      claim_strategy_(options_.claim_strategy ? options_.claim_strategy
                                              : std::make_shared<const ClaimStrategy>()),
      store_(std::make_unique<Store>(engine)),
      event_expiry_(std::make_unique<EventExpiry>(engine, options_.event_ttl, [this](const Event& e) {
        // etcd deletes the keys of an expired lease; watchers see each Event DELETED.
        Table<Event>& table = store_->table<Event>();
        Ptr<Event> stored = table.Get(e.metadata.namespace_, e.metadata.name);
        if (stored.get() != &e) return;  // EventExpiry lets go of replaced versions
        const uint64_t rv = store_->NextResourceVersion();
        table.Erase(stored->metadata.namespace_, stored->metadata.name);
        TraceWrite(engine_, "delete", KindOf<Event>::kInfo, stored->metadata, rv, " expired (event-ttl)");
        table.Notify(engine_, options_.watch_delay, WatchEventType::kDeleted, stored, stored);
      })) {
  if (options_.system_namespaces) {
    for (std::string_view name : kSystemNamespaces) {
      Namespace ns;
      ns.metadata.name = std::string(name);
      auto created = Create(std::move(ns));
      assert(created.ok());
      (void)created;
    }
  }
}

ApiServer::ApiServer(Engine& engine, GateSet gates) : ApiServer(engine, gates, Options()) {}

ApiServer::~ApiServer() = default;

void ApiServer::SetGates(GateSet gates) { gates_ = gates; }

uint64_t ApiServer::resource_version() const { return store_->resource_version(); }

// ---- create ----------------------------------------------------------------------------

template <class T>
StatusOr<Ptr<T>> ApiServer::Create(T obj) {
  return CreateConsuming(obj);
}

template <class T>
StatusOr<Ptr<T>> ApiServer::CreateConsuming(T& obj) {
  const KindInfo& kind = KindOf<T>::kInfo;
  ObjectMeta& m = obj.metadata;
  if (m.resource_version != 0) {
    return BadRequestError("resourceVersion should not be set on objects to be created");
  }
  if (!kind.namespaced) m.namespace_.clear();  // a cluster-scoped object has no namespace
  Table<T>& table = store_->table<T>();

  // generateName: a random suffix, drawn again (a few times) on a collision.
  const bool generated = m.name.empty() && !m.generate_name.empty();
  auto generate = [&] { m.name = m.generate_name.substr(0, 58) + store_->RandomNameSuffix(); };
  if (generated) generate();

  if (kind.namespaced && !m.namespace_.empty()) {
    XNSIM_RETURN_IF_ERROR(NamespaceLifecycleAdmit(kind, m.name, m.namespace_,
                                                  store_->table<Namespace>().Get({}, m.namespace_).get(),
                                                  /*is_create=*/true));
  }
  if constexpr (kHasStatus<T>) obj.status = {};
  m.uid.clear();
  // The Job strategy writes the uid into the selector it generates; kube-apiserver fills
  // the uid before admission. Other kinds draw theirs at commit, so a refused create
  // does not use one up.
  if constexpr (std::is_same_v<T, Job>) m.uid = store_->NewUid();
  if constexpr (std::is_same_v<T, PersistentVolumeClaim>) {
    claim_strategy_->PrepareForCreate(obj, gates_);
  } else {
    PrepareForCreate(obj, gates_);
  }
  Default(obj);
  AdmitProtectionFinalizers(obj);
  if constexpr (std::is_same_v<T, PersistentVolumeClaim>) {
    // The classes are listed only for a claim that may take the default one.
    if (!obj.spec.storage_class_name) AdmitDefaultStorageClass(obj, store_->table<StorageClass>().List({}));
  }
  m.creation_timestamp = engine_.Now();
  m.deletion_timestamp.reset();
  m.deletion_grace_period_seconds.reset();
  m.generation = 1;

  FieldErrorList errs = Validate(obj);
  if (!errs.empty()) return InvalidStatus(kind, m.name, errs);

  for (int attempt = 1; generated && attempt < 8 && table.Get(m.namespace_, m.name); ++attempt) generate();
  if (Ptr<T> existing = table.Get(m.namespace_, m.name)) {
    Status s = AlreadyExistsStatus(kind, m.name);
    std::string msg = s.message();
    if (generated) msg += ", the server was not able to generate a unique name for the object";
    if (existing->metadata.deletion_timestamp) msg = "object is being deleted: " + msg;
    return AlreadyExistsError(msg);
  }

  if (m.uid.empty()) m.uid = store_->NewUid();
  m.resource_version = store_->NextResourceVersion();
  auto ptr = std::make_shared<const T>(std::move(obj));
  table.Put(ptr);
  NoteStored<T>(*event_expiry_, nullptr, ptr.get());
  TraceWrite(engine_, "create", kind, ptr->metadata, ptr->metadata.resource_version);
  table.Notify(engine_, options_.watch_delay, WatchEventType::kAdded, ptr, nullptr);
  return ptr;
}

// ---- update ----------------------------------------------------------------------------

template <class T>
StatusOr<Ptr<T>> ApiServer::Update(T obj) {
  return UpdateConsuming(obj);
}

template <class T>
StatusOr<Ptr<T>> ApiServer::UpdateConsuming(T& obj) {
  const KindInfo& kind = KindOf<T>::kInfo;
  ObjectMeta& m = obj.metadata;
  if (!kind.namespaced) m.namespace_.clear();
  Table<T>& table = store_->table<T>();
  Ptr<T> old = table.Get(m.namespace_, m.name);
  if (!old) return NotFoundStatus(kind, m.name);
  XNSIM_RETURN_IF_ERROR(CheckUpdatePreconditions(kind, m, old->metadata));
  if (kind.namespaced) {
    XNSIM_RETURN_IF_ERROR(NamespaceLifecycleAdmit(kind, m.name, m.namespace_,
                                                  store_->table<Namespace>().Get({}, m.namespace_).get(),
                                                  /*is_create=*/false));
  }

  KeepServerFields(m, old->metadata);
  Default(obj);
  if constexpr (kHasStatus<T>) obj.status = old->status;  // the status subresource owns it
  if constexpr (std::is_same_v<T, PersistentVolumeClaim>) {
    claim_strategy_->PrepareForUpdate(obj, *old, gates_);
  } else {
    PrepareForUpdate(obj, *old, gates_);
  }
  FieldErrorList errs = ValidateUpdate(obj, *old, ValidationOptions{gates_.version()});
  if (!errs.empty()) return InvalidStatus(kind, m.name, errs);
  bool unchanged;  // etcd skips a write that changes nothing
  if constexpr (kHasSpec<T> && kHasStatus<T>) {
    // The status was just taken from the stored object: only metadata and spec can
    // differ, and the spec is compared once, for the generation too.
    [[maybe_unused]] auto& [meta_part, spec_part, status_part] = obj;  // nothing else to compare
    const bool same_spec = obj.spec == old->spec;
    if (!same_spec) ++m.generation;
    unchanged = same_spec && m == old->metadata;
  } else {
    if constexpr (kHasSpec<T>) {
      if (!(obj.spec == old->spec)) ++m.generation;
    }
    unchanged = obj == *old;
  }
  if (unchanged) return old;

  return CommitUpdate(obj, old, "update", " finalizers-removed");
}

// An update that changes something: stored, or, when it leaves an object being deleted
// without finalizers (for a namespace, in neither list: ShouldDeleteNamespaceDuringUpdate),
// removed. `action` names the write in the trace; `removed_detail` says why it deleted.
template <class T>
Ptr<T> ApiServer::CommitUpdate(T& obj, const Ptr<T>& old, std::string_view action,
                               std::string_view removed_detail) {
  const KindInfo& kind = KindOf<T>::kInfo;
  Table<T>& table = store_->table<T>();
  ObjectMeta& m = obj.metadata;
  const bool remove = old->metadata.deletion_timestamp && m.finalizers.empty() && SpecFinalizersDone(obj);
  m.resource_version = store_->NextResourceVersion();
  auto ptr = std::make_shared<const T>(std::move(obj));
  if (remove) {
    table.Erase(ptr->metadata.namespace_, ptr->metadata.name);
    NoteStored<T>(*event_expiry_, old.get(), nullptr);
    TraceWrite(engine_, "delete", kind, ptr->metadata, ptr->metadata.resource_version, removed_detail);
    table.Notify(engine_, options_.watch_delay, WatchEventType::kDeleted, ptr, old);
  } else {
    table.Put(ptr);
    NoteStored<T>(*event_expiry_, old.get(), ptr.get());
    TraceWrite(engine_, action, kind, ptr->metadata, ptr->metadata.resource_version);
    table.Notify(engine_, options_.watch_delay, WatchEventType::kModified, ptr, old);
  }
  return ptr;
}

// ---- the namespace finalize subresource ----------------------------------------------------

StatusOr<Ptr<Namespace>> ApiServer::FinalizeNamespace(Namespace obj) { return FinalizeConsuming(obj); }

StatusOr<Ptr<Namespace>> ApiServer::FinalizeConsuming(Namespace& obj) {
  const KindInfo& kind = KindOf<Namespace>::kInfo;
  Table<Namespace>& table = store_->table<Namespace>();
  Ptr<Namespace> old = table.Get({}, obj.metadata.name);
  if (!old) return NotFoundStatus(kind, obj.metadata.name);
  XNSIM_RETURN_IF_ERROR(CheckUpdatePreconditions(kind, obj.metadata, old->metadata));
  // The finalize strategy: the request's spec.finalizers over the stored object (xnsim
  // keeps the stored metadata too; the real one would take label changes along).
  Namespace next = *old;
  next.spec.finalizers = std::move(obj.spec.finalizers);
  FieldErrorList errs = ValidateFinalize(next);
  if (!errs.empty()) return InvalidStatus(kind, next.metadata.name, errs);
  if (next.spec == old->spec) return old;
  return CommitUpdate(next, old, "finalize", " finalized");
}

template <class T>
StatusOr<Ptr<T>> ApiServer::UpdateStatus(T obj) {
  return UpdateStatusConsuming(obj);
}

template <class T>
StatusOr<Ptr<T>> ApiServer::UpdateStatusConsuming(T& obj) {
  const KindInfo& kind = KindOf<T>::kInfo;
  if constexpr (!kHasStatus<T>) {
    return NotFoundError("the server could not find the requested resource");
  } else {
    const ObjectMeta& m = obj.metadata;
    Table<T>& table = store_->table<T>();
    Ptr<T> old = table.Get(kind.namespaced ? std::string_view(m.namespace_) : std::string_view(), m.name);
    if (!old) return NotFoundStatus(kind, m.name);
    XNSIM_RETURN_IF_ERROR(CheckUpdatePreconditions(kind, m, old->metadata));
    // Metadata and spec stay as stored. The request is most often a copy of the stored
    // object, so assigning them over its own reuses its strings and nodes where a fresh
    // copy of the stored object would allocate them all again.
    [[maybe_unused]] auto& [meta_part, spec_part, status_part] = obj;  // nothing else to keep
    obj.metadata = old->metadata;
    obj.spec = old->spec;
    if (obj == *old) return old;
    obj.metadata.resource_version = store_->NextResourceVersion();
    auto ptr = std::make_shared<const T>(std::move(obj));
    table.Put(ptr);
    TraceWrite(engine_, "update-status", kind, ptr->metadata, ptr->metadata.resource_version);
    table.Notify(engine_, options_.watch_delay, WatchEventType::kModified, ptr, old);
    return ptr;
  }
}

// ---- delete ----------------------------------------------------------------------------

template <class T>
Status ApiServer::Delete(std::string_view ns, std::string_view name, const DeleteOptions& opts) {
  const KindInfo& kind = KindOf<T>::kInfo;
  if (!kind.namespaced) ns = {};
  if constexpr (std::is_same_v<T, Namespace>) XNSIM_RETURN_IF_ERROR(ImmortalNamespaceAdmit(name));
  Table<T>& table = store_->table<T>();
  Ptr<T> old = table.Get(ns, name);
  if (!old) return NotFoundStatus(kind, name);
  if (opts.precondition_uid && *opts.precondition_uid != old->metadata.uid) {
    // rest.BeforeDelete names the kind here, not the resource.
    return ConflictError("Operation cannot be fulfilled on " + QualifiedKind(kind) + " " + GoQuote(name) +
                         ": the UID in the precondition (" + *opts.precondition_uid +
                         ") does not match the UID in record (" + old->metadata.uid +
                         "). The object might have been deleted and then recreated");
  }

  auto mark_deleting = [&](auto&& mutate, std::string_view detail) {
    T next = *old;
    mutate(next);
    next.metadata.resource_version = store_->NextResourceVersion();
    auto ptr = std::make_shared<const T>(std::move(next));
    table.Put(ptr);
    NoteStored<T>(*event_expiry_, old.get(), ptr.get());
    TraceWrite(engine_, "delete", kind, ptr->metadata, ptr->metadata.resource_version, detail);
    table.Notify(engine_, options_.watch_delay, WatchEventType::kModified, ptr, old);
  };

  if constexpr (std::is_same_v<T, Namespace>) {
    // The first delete starts termination; the namespace controller empties it and
    // removes spec.finalizers; only then does a delete remove it.
    if (!old->metadata.deletion_timestamp) {
      mark_deleting(
          [&](Namespace& n) {
            n.metadata.deletion_timestamp = engine_.Now();
            n.status.phase = "Terminating";
          },
          " terminating");
      return Status::Ok();
    }
    if (!old->spec.finalizers.empty()) return Status::Ok();
  }

  if (!old->metadata.finalizers.empty()) {
    if (old->metadata.deletion_timestamp) return Status::Ok();  // already being deleted
    mark_deleting(
        [&](T& next) {
          next.metadata.deletion_timestamp = engine_.Now();
          next.metadata.deletion_grace_period_seconds = 0;
          if (next.metadata.generation > 0) ++next.metadata.generation;
        },
        " finalizers=" + JoinFinalizers(old->metadata.finalizers));
    return Status::Ok();
  }

  const uint64_t rv = store_->NextResourceVersion();
  table.Erase(ns, name);
  NoteStored<T>(*event_expiry_, old.get(), nullptr);
  TraceWrite(engine_, "delete", kind, old->metadata, rv);
  table.Notify(engine_, options_.watch_delay, WatchEventType::kDeleted, old, old);
  return Status::Ok();
}

template <class T>
Status ApiServer::DeleteCollection(std::string_view ns) {
  // Each object as Delete would treat it, in (namespace, name) order.
  for (const Ptr<T>& obj : List<T>(ns)) {
    Status s = Delete<T>(obj->metadata.namespace_, obj->metadata.name);
    if (!s.ok() && s.code() != StatusCode::kNotFound) return s;
  }
  return Status::Ok();
}

// ---- reads and watches -------------------------------------------------------------------

template <class T>
Ptr<T> ApiServer::Get(std::string_view ns, std::string_view name) const {
  return store_->table<T>().Get(KindOf<T>::kInfo.namespaced ? ns : std::string_view(), name);
}

template <class T>
std::vector<Ptr<T>> ApiServer::List(std::string_view ns) const {
  return store_->table<T>().List(KindOf<T>::kInfo.namespaced ? ns : std::string_view());
}

template <class T>
int ApiServer::Watch(WatchHandler<T> handler) {
  return store_->AddWatcher<T>(std::move(handler));
}

template <class T>
int ApiServer::WatchInstrument(WatchHandler<T> handler) {
  return store_->AddWatcher<T>(std::move(handler), /*jittered=*/false);
}

void ApiServer::Unwatch(int watch_id) { store_->RemoveWatcher(engine_, watch_id); }

// ---- untyped forms -------------------------------------------------------------------------

StatusOr<AnyPtr> ApiServer::CreateAny(AnyObject obj) {
  return std::visit(
      [this](auto&& o) -> StatusOr<AnyPtr> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return BadRequestError("no object to create");
        } else {
          auto r = CreateConsuming<T>(o);  // o is the request's own object
          if (!r.ok()) return r.status();
          return AnyPtr(std::move(r).value());
        }
      },
      std::move(obj));
}

StatusOr<AnyPtr> ApiServer::UpdateAny(AnyObject obj) {
  return std::visit(
      [this](auto&& o) -> StatusOr<AnyPtr> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return BadRequestError("no object to update");
        } else {
          auto r = UpdateConsuming<T>(o);
          if (!r.ok()) return r.status();
          return AnyPtr(std::move(r).value());
        }
      },
      std::move(obj));
}

Status ApiServer::DeleteAny(const KindInfo& kind, std::string_view ns, std::string_view name) {
  Status result;
  if (!ForKind(kind, [&](auto tag) { result = Delete<typename decltype(tag)::type>(ns, name); })) {
    return NotFoundError("the server doesn't have a resource type \"" + std::string(kind.resource) + "\"");
  }
  return result;
}

AnyPtr ApiServer::GetAny(const KindInfo& kind, std::string_view ns, std::string_view name) const {
  AnyPtr result;
  ForKind(kind, [&](auto tag) { result = Get<typename decltype(tag)::type>(ns, name); });
  return result;
}

std::vector<AnyPtr> ApiServer::ListAny(const KindInfo& kind, std::string_view ns) const {
  std::vector<AnyPtr> result;
  ForKind(kind, [&](auto tag) {
    for (auto& p : List<typename decltype(tag)::type>(ns)) result.emplace_back(std::move(p));
  });
  return result;
}

// ---- explicit instantiations -------------------------------------------------------------

#define XNSIM_INSTANTIATE_KIND(T, ...)                                                          \
  template StatusOr<Ptr<T>> ApiServer::Create<T>(T);                                            \
  template StatusOr<Ptr<T>> ApiServer::Update<T>(T);                                            \
  template StatusOr<Ptr<T>> ApiServer::UpdateStatus<T>(T);                                      \
  template StatusOr<Ptr<T>> ApiServer::CreateConsuming<T>(T&);                                  \
  template StatusOr<Ptr<T>> ApiServer::UpdateConsuming<T>(T&);                                  \
  template StatusOr<Ptr<T>> ApiServer::UpdateStatusConsuming<T>(T&);                            \
  template Status ApiServer::Delete<T>(std::string_view, std::string_view, const DeleteOptions&); \
  template Status ApiServer::DeleteCollection<T>(std::string_view);                             \
  template Ptr<T> ApiServer::Get<T>(std::string_view, std::string_view) const;                  \
  template std::vector<Ptr<T>> ApiServer::List<T>(std::string_view) const;                      \
  template int ApiServer::Watch<T>(WatchHandler<T>);                   \
  template int ApiServer::WatchInstrument<T>(WatchHandler<T>);
XNSIM_KINDS(XNSIM_INSTANTIATE_KIND)
#undef XNSIM_INSTANTIATE_KIND

}  // namespace xnsim
