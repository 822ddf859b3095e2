// The field list of every object type, written once and walked both ways: the decoder
// in codec_io.h reads each field from a JSON tree and the encoder writes it. JSON names
// and omitempty follow the Go types of core/v1, batch/v1, storage/v1, snapshot/v1 and
// Gateway API v1beta1. Private to the codec; include only from its .cpp files.
//
// An Io offers:
//   Field(name, value[, kAlways])    a typed field; omitted when empty unless kAlways
//   Time(name, optional<SimTime>)    a metav1.Time, printed as RFC 3339
//   ResourceVersion(name, uint64_t)  metadata.resourceVersion, a string on the wire
//   Raw(name, RawJson, go_type)      a subtree carried verbatim
//   Object(name, go_type, presence, fn)  a nested Go struct that objects.h flattens
//   Rest(RawJson, names)             every remaining key whose name is in `names`
//   Ignore(name)                     a real field xnsim accepts and drops
#pragma once

#include <string_view>

#include "sim/api/objects.h"

namespace xnsim::codec {

// Whether an empty value is printed: omitempty fields are left out, the others (Go
// fields without omitempty, such as a ReferenceGrant's `group: ""`) always appear.
enum class Presence { kOmitEmpty, kAlways };
inline constexpr Presence kAlways = Presence::kAlways;
inline constexpr Presence kOmitEmpty = Presence::kOmitEmpty;

// The Go type of each struct, for type errors ("of type v1.PersistentVolumeClaimSpec").
// A type has a field list exactly when it has a name here.
template <class T>
inline constexpr std::string_view kGoType = "";

// ---- shared pieces -------------------------------------------------------------------

template <>
inline constexpr std::string_view kGoType<OwnerReference> = "v1.OwnerReference";
template <class Io>
void Fields(Io& io, OwnerReference& r) {
  io.Field("apiVersion", r.api_version, kAlways);
  io.Field("kind", r.kind, kAlways);
  io.Field("name", r.name, kAlways);
  io.Field("uid", r.uid, kAlways);
  io.Field("controller", r.controller);
  io.Field("blockOwnerDeletion", r.block_owner_deletion);
}

template <>
inline constexpr std::string_view kGoType<ObjectMeta> = "v1.ObjectMeta";
template <class Io>
void Fields(Io& io, ObjectMeta& m) {
  io.Field("name", m.name);
  io.Field("generateName", m.generate_name);
  io.Field("namespace", m.namespace_);
  io.Field("uid", m.uid);
  io.ResourceVersion("resourceVersion", m.resource_version);
  io.Field("generation", m.generation);
  io.Time("creationTimestamp", m.creation_timestamp);
  io.Time("deletionTimestamp", m.deletion_timestamp);
  io.Field("deletionGracePeriodSeconds", m.deletion_grace_period_seconds);
  io.Field("labels", m.labels);
  io.Field("annotations", m.annotations);
  io.Field("ownerReferences", m.owner_references);
  io.Field("finalizers", m.finalizers);
  // `kubectl get -o yaml` output carries these; pasting it back must work.
  io.Ignore("managedFields");
  io.Ignore("selfLink");
}

template <>
inline constexpr std::string_view kGoType<ObjectReference> = "v1.ObjectReference";
template <class Io>
void Fields(Io& io, ObjectReference& r) {
  io.Field("kind", r.kind);
  io.Field("namespace", r.namespace_);
  io.Field("name", r.name);
  io.Field("uid", r.uid);
  io.Field("apiVersion", r.api_version);
  io.Field("resourceVersion", r.resource_version);
  io.Field("fieldPath", r.field_path);
}

template <>
inline constexpr std::string_view kGoType<TypedLocalObjectReference> =
    "v1.TypedLocalObjectReference";
template <class Io>
void Fields(Io& io, TypedLocalObjectReference& r) {
  io.Field("apiGroup", r.api_group);
  io.Field("kind", r.kind, kAlways);
  io.Field("name", r.name, kAlways);
}

template <>
inline constexpr std::string_view kGoType<TypedObjectReference> = "v1.TypedObjectReference";
template <class Io>
void Fields(Io& io, TypedObjectReference& r) {
  io.Field("apiGroup", r.api_group);
  io.Field("kind", r.kind, kAlways);
  io.Field("name", r.name, kAlways);
  io.Field("namespace", r.namespace_);
}

template <>
inline constexpr std::string_view kGoType<LabelSelectorRequirement> =
    "v1.LabelSelectorRequirement";
template <class Io>
void Fields(Io& io, LabelSelectorRequirement& r) {
  io.Field("key", r.key, kAlways);
  io.Field("operator", r.operator_, kAlways);
  io.Field("values", r.values);
}

template <>
inline constexpr std::string_view kGoType<LabelSelector> = "v1.LabelSelector";
template <class Io>
void Fields(Io& io, LabelSelector& s) {
  io.Field("matchLabels", s.match_labels);
  io.Field("matchExpressions", s.match_expressions);
}

template <>
inline constexpr std::string_view kGoType<NodeSelectorRequirement> =
    "v1.NodeSelectorRequirement";
template <class Io>
void Fields(Io& io, NodeSelectorRequirement& r) {
  io.Field("key", r.key, kAlways);
  io.Field("operator", r.operator_, kAlways);
  io.Field("values", r.values);
}

template <>
inline constexpr std::string_view kGoType<NodeSelectorTerm> = "v1.NodeSelectorTerm";
template <class Io>
void Fields(Io& io, NodeSelectorTerm& t) {
  io.Field("matchExpressions", t.match_expressions);
  io.Field("matchFields", t.match_fields);
}

// ---- core/v1 ---------------------------------------------------------------------------

template <>
inline constexpr std::string_view kGoType<Namespace::Spec> = "v1.NamespaceSpec";
template <class Io>
void Fields(Io& io, Namespace::Spec& s) {
  io.Field("finalizers", s.finalizers);
}

template <>
inline constexpr std::string_view kGoType<Namespace::Condition> = "v1.NamespaceCondition";
template <class Io>
void Fields(Io& io, Namespace::Condition& c) {
  io.Field("type", c.type, kAlways);
  io.Field("status", c.status, kAlways);
  io.Time("lastTransitionTime", c.last_transition_time);
  io.Field("reason", c.reason);
  io.Field("message", c.message);
}

template <>
inline constexpr std::string_view kGoType<Namespace::Status> = "v1.NamespaceStatus";
template <class Io>
void Fields(Io& io, Namespace::Status& s) {
  io.Field("phase", s.phase);
  io.Field("conditions", s.conditions);
}

template <>
inline constexpr std::string_view kGoType<Namespace> = "v1.Namespace";
template <class Io>
void Fields(Io& io, Namespace& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

template <>
inline constexpr std::string_view kGoType<PersistentVolumeClaim::Spec::Resources> =
    "v1.VolumeResourceRequirements";
template <class Io>
void Fields(Io& io, PersistentVolumeClaim::Spec::Resources& r) {
  io.Field("limits", r.limits);
  io.Field("requests", r.requests);
}

template <>
inline constexpr std::string_view kGoType<PersistentVolumeClaim::Spec> =
    "v1.PersistentVolumeClaimSpec";
template <class Io>
void Fields(Io& io, PersistentVolumeClaim::Spec& s) {
  io.Field("accessModes", s.access_modes);
  io.Field("selector", s.selector);
  io.Field("resources", s.resources);
  io.Field("volumeName", s.volume_name);
  io.Field("storageClassName", s.storage_class_name);
  io.Field("volumeMode", s.volume_mode);
  io.Field("dataSource", s.data_source);
  io.Field("dataSourceRef", s.data_source_ref);
  io.Field("volumeAttributesClassName", s.volume_attributes_class_name);
}

template <>
inline constexpr std::string_view kGoType<PersistentVolumeClaim::Condition> =
    "v1.PersistentVolumeClaimCondition";
template <class Io>
void Fields(Io& io, PersistentVolumeClaim::Condition& c) {
  io.Field("type", c.type, kAlways);
  io.Field("status", c.status, kAlways);
  io.Ignore("lastProbeTime");
  io.Time("lastTransitionTime", c.last_transition_time);
  io.Field("reason", c.reason);
  io.Field("message", c.message);
}

template <>
inline constexpr std::string_view kGoType<PersistentVolumeClaim::Status> =
    "v1.PersistentVolumeClaimStatus";
template <class Io>
void Fields(Io& io, PersistentVolumeClaim::Status& s) {
  io.Field("phase", s.phase);
  io.Field("accessModes", s.access_modes);
  io.Field("capacity", s.capacity);
  io.Field("conditions", s.conditions);
  io.Ignore("allocatedResources");
  io.Ignore("allocatedResourceStatuses");
  io.Ignore("currentVolumeAttributesClassName");
  io.Ignore("modifyVolumeStatus");
}

template <>
inline constexpr std::string_view kGoType<PersistentVolumeClaim> = "v1.PersistentVolumeClaim";
template <class Io>
void Fields(Io& io, PersistentVolumeClaim& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

template <>
inline constexpr std::string_view kGoType<PersistentVolume::CSISource> =
    "v1.CSIPersistentVolumeSource";
template <class Io>
void Fields(Io& io, PersistentVolume::CSISource& c) {
  io.Field("driver", c.driver, kAlways);
  io.Field("volumeHandle", c.volume_handle, kAlways);
  io.Field("readOnly", c.read_only);
  io.Field("fsType", c.fs_type);
  io.Field("volumeAttributes", c.volume_attributes);
  // Secret references matter to a real driver, not to the simulated one.
  io.Ignore("controllerPublishSecretRef");
  io.Ignore("nodeStageSecretRef");
  io.Ignore("nodePublishSecretRef");
  io.Ignore("controllerExpandSecretRef");
  io.Ignore("nodeExpandSecretRef");
}

template <>
inline constexpr std::string_view kGoType<PersistentVolume::Spec> = "v1.PersistentVolumeSpec";
template <class Io>
void Fields(Io& io, PersistentVolume::Spec& s) {
  io.Field("capacity", s.capacity);
  io.Field("accessModes", s.access_modes);
  io.Field("claimRef", s.claim_ref);
  io.Field("persistentVolumeReclaimPolicy", s.persistent_volume_reclaim_policy);
  io.Field("storageClassName", s.storage_class_name);
  io.Field("mountOptions", s.mount_options);
  io.Field("volumeMode", s.volume_mode);
  io.Field("csi", s.csi);
  io.Raw("hostPath", s.host_path, "*v1.HostPathVolumeSource");
  io.Raw("local", s.local, "*v1.LocalVolumeSource");
  io.Raw("nfs", s.nfs, "*v1.NFSVolumeSource");
  io.Object("nodeAffinity", "*v1.VolumeNodeAffinity", kOmitEmpty, [&](auto& affinity) {
    affinity.Object("required", "*v1.NodeSelector", kOmitEmpty, [&](auto& required) {
      required.Field("nodeSelectorTerms", s.node_affinity_required);
    });
  });
  io.Field("volumeAttributesClassName", s.volume_attributes_class_name);
}

template <>
inline constexpr std::string_view kGoType<PersistentVolume::Status> =
    "v1.PersistentVolumeStatus";
template <class Io>
void Fields(Io& io, PersistentVolume::Status& s) {
  io.Field("phase", s.phase);
  io.Field("message", s.message);
  io.Field("reason", s.reason);
  io.Ignore("lastPhaseTransitionTime");
}

template <>
inline constexpr std::string_view kGoType<PersistentVolume> = "v1.PersistentVolume";
template <class Io>
void Fields(Io& io, PersistentVolume& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

// Volume sources of core/v1 Volume other than persistentVolumeClaim: carried verbatim.
inline constexpr std::string_view kOtherVolumeSources[] = {
    "hostPath",    "emptyDir",      "gcePersistentDisk", "awsElasticBlockStore",
    "gitRepo",     "secret",        "nfs",               "iscsi",
    "glusterfs",   "rbd",           "flexVolume",        "cinder",
    "cephfs",      "flocker",       "downwardAPI",       "fc",
    "azureFile",   "configMap",     "vsphereVolume",     "quobyte",
    "azureDisk",   "photonPersistentDisk", "projected",  "portworxVolume",
    "scaleIO",     "storageos",     "csi",               "ephemeral",
    "image"};

template <>
inline constexpr std::string_view kGoType<Pod::Volume> = "v1.Volume";
template <class Io>
void Fields(Io& io, Pod::Volume& v) {
  io.Field("name", v.name, kAlways);
  io.Object("persistentVolumeClaim", "*v1.PersistentVolumeClaimVolumeSource", kOmitEmpty,
            [&](auto& pvc) {
              pvc.Field("claimName", v.claim_name);
              pvc.Field("readOnly", v.read_only);
            });
  io.Rest(v.other, kOtherVolumeSources);
}

// PodSpec fields xnsim does not interpret (containers, restartPolicy, ...): carried
// verbatim in Pod::Spec::rest. Names outside this list are unknown fields.
inline constexpr std::string_view kPodSpecRest[] = {
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride"};

template <>
inline constexpr std::string_view kGoType<Pod::Spec> = "v1.PodSpec";
template <class Io>
void Fields(Io& io, Pod::Spec& s) {
  io.Field("volumes", s.volumes);
  io.Field("nodeName", s.node_name);
  io.Field("nodeSelector", s.node_selector);
  io.Field("schedulerName", s.scheduler_name);
  io.Rest(s.rest, kPodSpecRest);
}

template <>
inline constexpr std::string_view kGoType<Pod::Status> = "v1.PodStatus";
template <class Io>
void Fields(Io& io, Pod::Status& s) {
  io.Field("phase", s.phase);
  // What the kubelet reports; xnsim runs no containers.
  for (std::string_view name :
       {"conditions", "message", "reason", "nominatedNodeName", "hostIP", "hostIPs", "podIP",
        "podIPs", "startTime", "initContainerStatuses", "containerStatuses", "qosClass",
        "ephemeralContainerStatuses", "resize", "resourceClaimStatuses", "observedGeneration",
        "extendedResourceClaimStatus"}) {
    io.Ignore(name);
  }
}

template <>
inline constexpr std::string_view kGoType<Pod> = "v1.Pod";
template <class Io>
void Fields(Io& io, Pod& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

template <>
inline constexpr std::string_view kGoType<Event> = "v1.Event";
template <class Io>
void Fields(Io& io, Event& e) {
  io.Field("metadata", e.metadata);
  io.Field("involvedObject", e.involved_object);
  io.Field("reason", e.reason);
  io.Field("message", e.message);
  io.Object("source", "v1.EventSource", kAlways, [&](auto& source) {
    source.Field("component", e.source_component);
    source.Ignore("host");
  });
  io.Time("firstTimestamp", e.first_timestamp);
  io.Time("lastTimestamp", e.last_timestamp);
  io.Field("count", e.count);
  io.Field("type", e.type);
  io.Field("reportingComponent", e.reporting_component, kAlways);
  // Fields of the events.k8s.io-era Event that the recorder xnsim models never sets.
  for (std::string_view name : {"eventTime", "series", "action", "related", "reportingInstance"}) {
    io.Ignore(name);
  }
}

// ---- batch/v1 ---------------------------------------------------------------------------

template <>
inline constexpr std::string_view kGoType<Job::PodTemplate> = "v1.PodTemplateSpec";
template <class Io>
void Fields(Io& io, Job::PodTemplate& t) {
  io.Field("metadata", t.metadata);
  io.Field("spec", t.spec);
}

// JobSpec fields the job controller xnsim models does not read: carried verbatim in
// Job::Spec::rest. Names outside this list are unknown fields.
inline constexpr std::string_view kJobSpecRest[] = {
    "ttlSecondsAfterFinished", "successPolicy", "backoffLimitPerIndex", "maxFailedIndexes",
    "managedBy"};

template <>
inline constexpr std::string_view kGoType<Job::Spec> = "v1.JobSpec";
template <class Io>
void Fields(Io& io, Job::Spec& s) {
  io.Field("parallelism", s.parallelism);
  io.Field("completions", s.completions);
  io.Field("activeDeadlineSeconds", s.active_deadline_seconds);
  io.Raw("podFailurePolicy", s.pod_failure_policy, "*v1.PodFailurePolicy");
  io.Field("backoffLimit", s.backoff_limit);
  io.Field("selector", s.selector);
  io.Field("manualSelector", s.manual_selector);
  io.Field("template", s.template_, kAlways);
  io.Field("completionMode", s.completion_mode);
  io.Field("suspend", s.suspend);
  io.Field("podReplacementPolicy", s.pod_replacement_policy);
  io.Rest(s.rest, kJobSpecRest);
}

template <>
inline constexpr std::string_view kGoType<Job::Condition> = "v1.JobCondition";
template <class Io>
void Fields(Io& io, Job::Condition& c) {
  io.Field("type", c.type, kAlways);
  io.Field("status", c.status, kAlways);
  io.Time("lastProbeTime", c.last_probe_time);
  io.Time("lastTransitionTime", c.last_transition_time);
  io.Field("reason", c.reason);
  io.Field("message", c.message);
}

template <>
inline constexpr std::string_view kGoType<Job::Status> = "v1.JobStatus";
template <class Io>
void Fields(Io& io, Job::Status& s) {
  io.Field("conditions", s.conditions);
  io.Time("startTime", s.start_time);
  io.Time("completionTime", s.completion_time);
  io.Field("active", s.active);
  io.Field("succeeded", s.succeeded);
  io.Field("failed", s.failed);
  io.Field("terminating", s.terminating);
  io.Field("completedIndexes", s.completed_indexes);
  io.Field("failedIndexes", s.failed_indexes);
  io.Raw("uncountedTerminatedPods", s.uncounted_terminated_pods, "*v1.UncountedTerminatedPods");
  io.Field("ready", s.ready);
}

template <>
inline constexpr std::string_view kGoType<Job> = "v1.Job";
template <class Io>
void Fields(Io& io, Job& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

// ---- storage.k8s.io/v1 ------------------------------------------------------------------

template <>
inline constexpr std::string_view kGoType<StorageClass> = "v1.StorageClass";
template <class Io>
void Fields(Io& io, StorageClass& c) {
  io.Field("metadata", c.metadata);
  io.Field("provisioner", c.provisioner, kAlways);
  io.Field("parameters", c.parameters);
  io.Field("reclaimPolicy", c.reclaim_policy);
  io.Field("mountOptions", c.mount_options);
  io.Field("allowVolumeExpansion", c.allow_volume_expansion);
  io.Field("volumeBindingMode", c.volume_binding_mode);
  io.Raw("allowedTopologies", c.allowed_topologies, "[]v1.TopologySelectorTerm");
}

template <>
inline constexpr std::string_view kGoType<CSIDriver::Spec> = "v1.CSIDriverSpec";
template <class Io>
void Fields(Io& io, CSIDriver::Spec& s) {
  io.Field("attachRequired", s.attach_required);
  io.Field("podInfoOnMount", s.pod_info_on_mount);
  io.Field("volumeLifecycleModes", s.volume_lifecycle_modes);
  io.Field("storageCapacity", s.storage_capacity);
  io.Field("fsGroupPolicy", s.fs_group_policy);
  io.Raw("tokenRequests", s.token_requests, "[]v1.TokenRequest");
  io.Field("requiresRepublish", s.requires_republish);
  io.Field("seLinuxMount", s.se_linux_mount);
  io.Field("nodeAllocatableUpdatePeriodSeconds", s.node_allocatable_update_period_seconds);
}

template <>
inline constexpr std::string_view kGoType<CSIDriver> = "v1.CSIDriver";
template <class Io>
void Fields(Io& io, CSIDriver& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
}

// ---- snapshot.storage.k8s.io/v1 ---------------------------------------------------------

template <>
inline constexpr std::string_view kGoType<VolumeSnapshot::Spec> = "v1.VolumeSnapshotSpec";
template <class Io>
void Fields(Io& io, VolumeSnapshot::Spec& s) {
  io.Object("source", "v1.VolumeSnapshotSource", kAlways, [&](auto& source) {
    source.Field("persistentVolumeClaimName", s.persistent_volume_claim_name);
    source.Field("volumeSnapshotContentName", s.volume_snapshot_content_name);
  });
  io.Field("volumeSnapshotClassName", s.volume_snapshot_class_name);
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshot::Error> = "v1.VolumeSnapshotError";
template <class Io>
void Fields(Io& io, VolumeSnapshot::Error& e) {
  io.Time("time", e.time);
  io.Field("message", e.message);
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshot::Status> = "v1.VolumeSnapshotStatus";
template <class Io>
void Fields(Io& io, VolumeSnapshot::Status& s) {
  io.Field("boundVolumeSnapshotContentName", s.bound_volume_snapshot_content_name);
  io.Time("creationTime", s.creation_time);
  io.Field("readyToUse", s.ready_to_use);
  io.Field("restoreSize", s.restore_size);
  io.Field("error", s.error);
  io.Ignore("volumeGroupSnapshotName");
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshot> = "v1.VolumeSnapshot";
template <class Io>
void Fields(Io& io, VolumeSnapshot& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshotContent::Spec> =
    "v1.VolumeSnapshotContentSpec";
template <class Io>
void Fields(Io& io, VolumeSnapshotContent::Spec& s) {
  io.Field("volumeSnapshotRef", s.volume_snapshot_ref);
  io.Field("deletionPolicy", s.deletion_policy, kAlways);
  io.Field("driver", s.driver, kAlways);
  io.Object("source", "v1.VolumeSnapshotContentSource", kAlways, [&](auto& source) {
    source.Field("volumeHandle", s.volume_handle);
    source.Field("snapshotHandle", s.snapshot_handle);
  });
  io.Field("volumeSnapshotClassName", s.volume_snapshot_class_name);
  io.Field("sourceVolumeMode", s.source_volume_mode);
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshotContent::Status> =
    "v1.VolumeSnapshotContentStatus";
template <class Io>
void Fields(Io& io, VolumeSnapshotContent::Status& s) {
  io.Field("snapshotHandle", s.snapshot_handle);
  io.Field("creationTime", s.creation_time);
  io.Field("restoreSize", s.restore_size);
  io.Field("readyToUse", s.ready_to_use);
  io.Field("error", s.error);
  io.Ignore("volumeGroupSnapshotHandle");
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshotContent> = "v1.VolumeSnapshotContent";
template <class Io>
void Fields(Io& io, VolumeSnapshotContent& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
  io.Field("status", o.status);
}

template <>
inline constexpr std::string_view kGoType<VolumeSnapshotClass> = "v1.VolumeSnapshotClass";
template <class Io>
void Fields(Io& io, VolumeSnapshotClass& c) {
  io.Field("metadata", c.metadata);
  io.Field("driver", c.driver, kAlways);
  io.Field("parameters", c.parameters);
  io.Field("deletionPolicy", c.deletion_policy, kAlways);
}

// ---- gateway.networking.k8s.io/v1beta1 --------------------------------------------------

template <>
inline constexpr std::string_view kGoType<ReferenceGrant::From> = "v1beta1.ReferenceGrantFrom";
template <class Io>
void Fields(Io& io, ReferenceGrant::From& f) {
  io.Field("group", f.group, kAlways);
  io.Field("kind", f.kind, kAlways);
  io.Field("namespace", f.namespace_, kAlways);
}

template <>
inline constexpr std::string_view kGoType<ReferenceGrant::To> = "v1beta1.ReferenceGrantTo";
template <class Io>
void Fields(Io& io, ReferenceGrant::To& t) {
  io.Field("group", t.group, kAlways);
  io.Field("kind", t.kind, kAlways);
  io.Field("name", t.name);
}

template <>
inline constexpr std::string_view kGoType<ReferenceGrant::Spec> = "v1beta1.ReferenceGrantSpec";
template <class Io>
void Fields(Io& io, ReferenceGrant::Spec& s) {
  io.Field("from", s.from);
  io.Field("to", s.to);
}

template <>
inline constexpr std::string_view kGoType<ReferenceGrant> = "v1beta1.ReferenceGrant";
template <class Io>
void Fields(Io& io, ReferenceGrant& o) {
  io.Field("metadata", o.metadata);
  io.Field("spec", o.spec);
}

}  // namespace xnsim::codec
