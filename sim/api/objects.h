// Typed Kubernetes objects, as plain structs. Inside the simulator objects are never
// JSON trees: the codec (codec.h) turns manifests into these and back at the edges.
// Only the fields xnsim models are typed; parts of a manifest that xnsim carries but
// does not interpret (a Pod's containers, say) are kept verbatim as raw JSON text so
// that real manifests are accepted whole and print back as they came.
//
// Field names keep their Kubernetes spelling in snake_case; an optional<> field is
// one the API leaves unset (nil) rather than empty. Fields whose values repeat across
// thousands of objects (kinds, apiVersions, namespaces, Event reasons and components,
// driver and class names, phases) are InternedStrings: one pointer, not a string each.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/core/flat_string_map.h"
#include "sim/core/interned_string.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace xnsim {

// ---- shared pieces ----------------------------------------------------------------

struct OwnerReference {
  InternedString api_version, kind;
  std::string name, uid;
  std::optional<bool> controller, block_owner_deletion;
  bool operator==(const OwnerReference&) const = default;
};

struct ObjectMeta {
  std::string name;
  std::string generate_name;
  InternedString namespace_;     // empty for cluster-scoped kinds
  std::string uid;               // set by the store
  uint64_t resource_version = 0; // set by the store; 0 = unset; printed as a string
  int64_t generation = 0;        // set by the store
  std::optional<SimTime> creation_timestamp;
  std::optional<SimTime> deletion_timestamp;
  std::optional<int64_t> deletion_grace_period_seconds;
  StringMap labels;
  StringMap annotations;
  std::vector<std::string> finalizers;
  std::vector<OwnerReference> owner_references;

  bool HasFinalizer(std::string_view f) const;
  bool operator==(const ObjectMeta&) const = default;
};

// core/v1 ObjectReference (claimRef, involvedObject, volumeSnapshotRef).
struct ObjectReference {
  InternedString api_version, kind, namespace_;
  std::string name, uid, resource_version, field_path;
  bool operator==(const ObjectReference&) const = default;
};

// core/v1 TypedLocalObjectReference: PVC spec.dataSource.
struct TypedLocalObjectReference {
  std::optional<std::string> api_group;
  std::string kind, name;
  bool operator==(const TypedLocalObjectReference&) const = default;
};

// core/v1 TypedObjectReference: PVC spec.dataSourceRef (namespace: alpha, gated).
struct TypedObjectReference {
  std::optional<std::string> api_group;
  std::string kind, name;
  std::optional<std::string> namespace_;
  bool operator==(const TypedObjectReference&) const = default;
};

struct LabelSelectorRequirement {
  std::string key, operator_;
  std::vector<std::string> values;
  bool operator==(const LabelSelectorRequirement&) const = default;
};
struct LabelSelector {
  StringMap match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;
  bool operator==(const LabelSelector&) const = default;
};

struct NodeSelectorRequirement {
  std::string key, operator_;
  std::vector<std::string> values;
  bool operator==(const NodeSelectorRequirement&) const = default;
};
struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions, match_fields;
  bool operator==(const NodeSelectorTerm&) const = default;
};

// A verbatim JSON subtree that xnsim carries but does not interpret.
struct RawJson {
  std::string text;  // compact JSON; empty = absent
  bool operator==(const RawJson&) const = default;
};

using ResourceList = FlatStringMap<Quantity>;  // "storage" -> 1Gi

// ---- core/v1 ----------------------------------------------------------------------

struct Namespace {
  ObjectMeta metadata;
  struct Spec {
    std::vector<std::string> finalizers;  // defaulted to ["kubernetes"]
    bool operator==(const Spec&) const = default;
  } spec;
  // Written by the namespace controller while it empties a terminating namespace
  // (NamespaceContentRemaining, NamespaceFinalizersRemaining, ...).
  struct Condition {
    std::string type, status, reason, message;
    std::optional<SimTime> last_transition_time;
    bool operator==(const Condition&) const = default;
  };
  struct Status {
    std::string phase;  // Active | Terminating
    std::vector<Condition> conditions;
    bool operator==(const Status&) const = default;
  } status;
  bool operator==(const Namespace&) const = default;
};

struct PersistentVolumeClaim {
  ObjectMeta metadata;
  struct Spec {
    std::vector<std::string> access_modes;
    std::optional<LabelSelector> selector;
    struct Resources {
      ResourceList requests, limits;
      bool operator==(const Resources&) const = default;
    } resources;
    std::string volume_name;
    std::optional<std::string> storage_class_name;
    std::optional<std::string> volume_mode;  // Filesystem | Block; defaulted to Filesystem
    std::optional<TypedLocalObjectReference> data_source;
    std::optional<TypedObjectReference> data_source_ref;
    std::optional<std::string> volume_attributes_class_name;
    bool operator==(const Spec&) const = default;
  } spec;
  struct Condition {
    std::string type, status, reason, message;
    std::optional<SimTime> last_transition_time;
    bool operator==(const Condition&) const = default;
  };
  struct Status {
    InternedString phase;  // Pending | Bound | Lost
    std::vector<std::string> access_modes;
    ResourceList capacity;
    std::vector<Condition> conditions;
    bool operator==(const Status&) const = default;
  } status;
  bool operator==(const PersistentVolumeClaim&) const = default;
};

struct PersistentVolume {
  ObjectMeta metadata;
  struct CSISource {
    InternedString driver;
    std::string volume_handle;
    InternedString fs_type;
    std::optional<bool> read_only;
    StringMap volume_attributes;
    bool operator==(const CSISource&) const = default;
  };
  struct Spec {
    ResourceList capacity;
    std::vector<std::string> access_modes;
    InternedString persistent_volume_reclaim_policy;  // Retain | Delete | Recycle; default Retain
    InternedString storage_class_name;
    std::vector<std::string> mount_options;
    std::optional<std::string> volume_mode;
    std::optional<ObjectReference> claim_ref;
    std::optional<CSISource> csi;
    RawJson host_path, local, nfs;  // other volume sources, carried verbatim
    std::optional<std::vector<NodeSelectorTerm>> node_affinity_required;  // nodeAffinity.required.nodeSelectorTerms
    std::optional<std::string> volume_attributes_class_name;
    bool operator==(const Spec&) const = default;
  } spec;
  struct Status {
    InternedString phase;  // Pending | Available | Bound | Released | Failed
    std::string message, reason;
    bool operator==(const Status&) const = default;
  } status;
  bool operator==(const PersistentVolume&) const = default;
};

struct Pod {
  ObjectMeta metadata;
  struct Volume {
    std::string name;
    std::optional<std::string> claim_name;  // persistentVolumeClaim.claimName
    std::optional<bool> read_only;          // persistentVolumeClaim.readOnly
    RawJson other;  // any other volume source, verbatim ({"emptyDir":{}} etc.)
    bool operator==(const Volume&) const = default;
  };
  struct Spec {
    std::vector<Volume> volumes;
    std::string node_name;
    StringMap node_selector;
    std::string scheduler_name;
    RawJson rest;  // every other spec field (containers, restartPolicy, ...), verbatim
    bool operator==(const Spec&) const = default;
  } spec;
  struct Status {
    std::string phase;  // Pending | Running | Succeeded | Failed
    bool operator==(const Status&) const = default;
  } status;
  bool operator==(const Pod&) const = default;
};

struct Event {
  ObjectMeta metadata;
  ObjectReference involved_object;
  InternedString reason;
  std::string message;
  InternedString type;  // Normal | Warning
  int32_t count = 0;
  std::optional<SimTime> first_timestamp, last_timestamp;
  InternedString source_component;  // source.component
  InternedString reporting_component;
  bool operator==(const Event&) const = default;
};

// ---- batch/v1 -----------------------------------------------------------------------

// A Job as far as xnsim runs it: the job controller (sim/controllers/kcm) creates the
// template's Pod, whose claims the scheduler and the provisioner then serve. Spec fields
// the controller does not read are carried verbatim in `rest`.
struct Job {
  ObjectMeta metadata;
  struct PodTemplate {  // core/v1 PodTemplateSpec
    ObjectMeta metadata;  // labels and annotations given to the Pods
    Pod::Spec spec;
    bool operator==(const PodTemplate&) const = default;
  };
  struct Spec {
    std::optional<int32_t> parallelism;   // defaulted to 1
    std::optional<int32_t> completions;   // defaulted to 1 when parallelism is unset too
    std::optional<int64_t> active_deadline_seconds;
    std::optional<int32_t> backoff_limit;  // defaulted to 6
    std::optional<LabelSelector> selector;  // generated from the uid unless manual_selector
    std::optional<bool> manual_selector;
    std::optional<std::string> completion_mode;         // NonIndexed | Indexed; defaulted
    std::optional<bool> suspend;                        // defaulted to false
    std::optional<std::string> pod_replacement_policy;  // defaulted without a podFailurePolicy
    RawJson pod_failure_policy;
    PodTemplate template_;
    RawJson rest;  // ttlSecondsAfterFinished, successPolicy, managedBy, ... verbatim
    bool operator==(const Spec&) const = default;
  } spec;
  struct Condition {
    std::string type, status, reason, message;  // Complete | Failed | Suspended | ...
    std::optional<SimTime> last_probe_time, last_transition_time;
    bool operator==(const Condition&) const = default;
  };
  struct Status {
    std::vector<Condition> conditions;
    std::optional<SimTime> start_time;
    std::optional<SimTime> completion_time;
    int32_t active = 0;     // Pods pending or running
    int32_t succeeded = 0;
    int32_t failed = 0;
    std::optional<int32_t> ready;        // Pods with the Ready condition
    std::optional<int32_t> terminating;  // Pods being deleted
    std::string completed_indexes;
    std::optional<std::string> failed_indexes;
    RawJson uncounted_terminated_pods;  // {succeeded: [uid], failed: [uid]}
    bool operator==(const Status&) const = default;
  } status;
  bool operator==(const Job&) const = default;
};

// ---- storage.k8s.io/v1 ------------------------------------------------------------

struct StorageClass {
  ObjectMeta metadata;
  std::string provisioner;
  StringMap parameters;
  std::optional<std::string> reclaim_policy;       // defaulted to Delete
  std::optional<std::string> volume_binding_mode;  // defaulted to Immediate
  std::optional<bool> allow_volume_expansion;
  std::vector<std::string> mount_options;
  RawJson allowed_topologies;
  bool operator==(const StorageClass&) const = default;
};

struct CSIDriver {
  ObjectMeta metadata;
  struct Spec {
    std::optional<bool> attach_required, pod_info_on_mount, storage_capacity,
        requires_republish, se_linux_mount;
    std::vector<std::string> volume_lifecycle_modes;
    std::optional<std::string> fs_group_policy;
    RawJson token_requests;
    std::optional<int64_t> node_allocatable_update_period_seconds;
    bool operator==(const Spec&) const = default;
  } spec;
  bool operator==(const CSIDriver&) const = default;
};

// ---- snapshot.storage.k8s.io/v1 ---------------------------------------------------

struct VolumeSnapshot {
  ObjectMeta metadata;
  struct Spec {
    std::optional<std::string> persistent_volume_claim_name;   // source.persistentVolumeClaimName
    std::optional<std::string> volume_snapshot_content_name;   // source.volumeSnapshotContentName
    std::optional<std::string> volume_snapshot_class_name;
    bool operator==(const Spec&) const = default;
  } spec;
  struct Error {
    std::string message;
    std::optional<SimTime> time;
    bool operator==(const Error&) const = default;
  };
  struct Status {
    std::optional<std::string> bound_volume_snapshot_content_name;
    std::optional<SimTime> creation_time;
    std::optional<bool> ready_to_use;
    std::optional<Quantity> restore_size;
    std::optional<Error> error;
    bool operator==(const Status&) const = default;
  };
  std::optional<Status> status;  // nil until the snapshot controller writes it
  bool operator==(const VolumeSnapshot&) const = default;
};

struct VolumeSnapshotContent {
  ObjectMeta metadata;
  struct Spec {
    ObjectReference volume_snapshot_ref;
    std::string deletion_policy;  // Delete | Retain
    std::string driver;
    std::optional<std::string> volume_handle;    // source.volumeHandle (dynamic)
    std::optional<std::string> snapshot_handle;  // source.snapshotHandle (pre-provisioned)
    std::optional<std::string> volume_snapshot_class_name;
    std::optional<std::string> source_volume_mode;
    bool operator==(const Spec&) const = default;
  } spec;
  struct Status {
    std::optional<std::string> snapshot_handle;
    std::optional<int64_t> creation_time;  // unix nanoseconds, as the API carries it
    std::optional<bool> ready_to_use;
    std::optional<int64_t> restore_size;   // bytes
    std::optional<VolumeSnapshot::Error> error;
    bool operator==(const Status&) const = default;
  };
  std::optional<Status> status;
  bool operator==(const VolumeSnapshotContent&) const = default;
};

struct VolumeSnapshotClass {
  ObjectMeta metadata;
  std::string driver;
  std::string deletion_policy;  // Delete | Retain
  StringMap parameters;
  bool operator==(const VolumeSnapshotClass&) const = default;
};

// ---- gateway.networking.k8s.io v1beta1 (also served as v1alpha2) -----------------

struct ReferenceGrant {
  ObjectMeta metadata;
  struct From {
    std::string group, kind, namespace_;
    bool operator==(const From&) const = default;
  };
  struct To {
    std::string group, kind;
    std::optional<std::string> name;  // unset: every object of that group/kind
    bool operator==(const To&) const = default;
  };
  struct Spec {
    std::vector<From> from;
    std::vector<To> to;
    bool operator==(const Spec&) const = default;
  } spec;
  bool operator==(const ReferenceGrant&) const = default;
};

// ---- kinds --------------------------------------------------------------------------

// What the API serves for a kind: its group, versions, plural resource name, scope.
struct KindInfo {
  std::string_view group;            // "" for core
  std::string_view kind;             // "PersistentVolumeClaim"
  std::string_view resource;         // "persistentvolumeclaims" (used in API messages)
  std::string_view storage_version;  // the version objects are stored and printed in
  std::string_view other_version;    // a second served version, or ""
  bool namespaced;
  bool has_status;                   // status is written apart from spec
};

// Every kind xnsim serves, in one list; the order is the index used by the store.
#define XNSIM_KINDS(X)                                                                    \
  X(Namespace, "", "namespaces", "v1", "", false, true)                                   \
  X(PersistentVolumeClaim, "", "persistentvolumeclaims", "v1", "", true, true)            \
  X(PersistentVolume, "", "persistentvolumes", "v1", "", false, true)                     \
  X(Pod, "", "pods", "v1", "", true, true)                                                \
  X(Event, "", "events", "v1", "", true, false)                                           \
  X(StorageClass, "storage.k8s.io", "storageclasses", "v1", "", false, false)             \
  X(CSIDriver, "storage.k8s.io", "csidrivers", "v1", "", false, false)                    \
  X(VolumeSnapshot, "snapshot.storage.k8s.io", "volumesnapshots", "v1", "", true, true)   \
  X(VolumeSnapshotContent, "snapshot.storage.k8s.io", "volumesnapshotcontents", "v1", "", \
    false, true)                                                                          \
  X(VolumeSnapshotClass, "snapshot.storage.k8s.io", "volumesnapshotclasses", "v1", "",    \
    false, false)                                                                         \
  X(ReferenceGrant, "gateway.networking.k8s.io", "referencegrants", "v1beta1", "v1alpha2", \
    true, false)                                                                          \
  X(Job, "batch", "jobs", "v1", "", true, true)

template <class T>
struct KindOf;  // KindOf<PersistentVolumeClaim>::kInfo
#define XNSIM_DECLARE_KIND(T, group, resource, version, other, namespaced, status) \
  template <>                                                                     \
  struct KindOf<T> {                                                              \
    static constexpr KindInfo kInfo{group, #T, resource, version, other, namespaced, status}; \
  };
XNSIM_KINDS(XNSIM_DECLARE_KIND)
#undef XNSIM_DECLARE_KIND

// A decoded object of any kind, by value (what the codec returns).
#define XNSIM_KIND_TYPE(T, ...) T,
using AnyObject = std::variant<XNSIM_KINDS(XNSIM_KIND_TYPE) std::monostate>;
#undef XNSIM_KIND_TYPE
// std::monostate closes the list; a decoded object never holds it.

// A stored object: immutable and shared, so watches and caches hold it without copies.
template <class T>
using Ptr = std::shared_ptr<const T>;

const KindInfo& KindInfoOf(const AnyObject& obj);
const ObjectMeta& MetaOf(const AnyObject& obj);
ObjectMeta& MetaOf(AnyObject& obj);
// The KindInfo served at apiVersion/kind ("v1"/"PersistentVolumeClaim",
// "gateway.networking.k8s.io/v1alpha2"/"ReferenceGrant"), or nullptr.
const KindInfo* FindKind(std::string_view api_version, std::string_view kind);
// "storage.k8s.io/v1", "v1".
std::string ApiVersionOf(const KindInfo& info);

// "PersistentVolumeClaim dev/db", "StorageClass fast": how traces and messages name objects.
std::string ObjectLabel(std::string_view kind, std::string_view ns, std::string_view name);

}  // namespace xnsim
