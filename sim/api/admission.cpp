#include "sim/api/admission.h"

#include <algorithm>

#include "sim/api/admission_pvc.h"
#include "sim/api/api_errors.h"

namespace xnsim {
namespace {

void AddFinalizerOnce(ObjectMeta& meta, std::string_view finalizer) {
  if (std::find(meta.finalizers.begin(), meta.finalizers.end(), finalizer) == meta.finalizers.end()) {
    meta.finalizers.emplace_back(finalizer);
  }
}

}  // namespace

// ---- strategies ------------------------------------------------------------------------

void PrepareForCreate(Namespace& obj, const GateSet&) {
  obj.status.phase = "Active";
  // "kubernetes" is required on create; the namespace controller removes it last.
  if (std::find(obj.spec.finalizers.begin(), obj.spec.finalizers.end(), kNamespaceFinalizer) ==
      obj.spec.finalizers.end()) {
    obj.spec.finalizers.emplace_back(kNamespaceFinalizer);
  }
}

void PrepareForCreate(PersistentVolumeClaim& obj, const GateSet& gates) {
  // SEMANTICS 1.2: status cleared (by the caller), then these three in this order.
  DropDisabledFields(obj.spec, nullptr, gates);
  EnforceDataSourceBackwardsCompatibility(obj.spec, nullptr);
  NormalizeDataSources(obj.spec, gates);
}

void PrepareForCreate(Pod& obj, const GateSet&) { obj.status.phase = "Pending"; }

void PrepareForCreate(Job& obj, const GateSet&) {
  // The request was defaulted when decoded, before the strategy adds labels: a Job
  // without labels takes its template's labels as the user wrote them.
  if (obj.metadata.labels.empty()) obj.metadata.labels = obj.spec.template_.metadata.labels;
  if (obj.spec.manual_selector.value_or(false)) return;
  // generateSelector: labels the user already set stay (validation then refuses a
  // conflicting value).
  auto& labels = obj.spec.template_.metadata.labels;
  for (std::string_view key : {kLegacyJobNameLabel, kJobNameLabel}) {
    labels.try_emplace(std::string(key), obj.metadata.name);
  }
  for (std::string_view key : {kLegacyControllerUidLabel, kControllerUidLabel}) {
    labels.try_emplace(std::string(key), obj.metadata.uid);
  }
  if (!obj.spec.selector) obj.spec.selector.emplace();
  obj.spec.selector->match_labels.try_emplace(std::string(kControllerUidLabel), obj.metadata.uid);
}

void PrepareForUpdate(Namespace& obj, const Namespace& old, const GateSet&) {
  // Only the finalize subresource changes spec.finalizers.
  obj.spec.finalizers = old.spec.finalizers;
}

void PrepareForUpdate(PersistentVolumeClaim& obj, const PersistentVolumeClaim& old, const GateSet& gates) {
  // SEMANTICS 1.3. (Normalising the old spec too only matters for objects stored by
  // an older server; xnsim stores every claim normalised already.)
  DropDisabledFields(obj.spec, &old.spec, gates);
  EnforceDataSourceBackwardsCompatibility(obj.spec, &old.spec);
  NormalizeDataSources(obj.spec, gates);
}

// ---- defaulters --------------------------------------------------------------------------

void Default(Namespace& obj) { obj.metadata.labels["kubernetes.io/metadata.name"] = obj.metadata.name; }

void Default(PersistentVolumeClaim& obj) {
  if (!obj.spec.volume_mode) obj.spec.volume_mode = "Filesystem";
  if (obj.status.phase.empty()) obj.status.phase = "Pending";
}

void Default(PersistentVolume& obj) {
  if (obj.spec.persistent_volume_reclaim_policy.empty()) obj.spec.persistent_volume_reclaim_policy = "Retain";
  if (!obj.spec.volume_mode) obj.spec.volume_mode = "Filesystem";
  if (obj.status.phase.empty()) obj.status.phase = "Pending";
}

void Default(Pod& obj) {
  if (obj.spec.scheduler_name.empty()) obj.spec.scheduler_name = "default-scheduler";
  if (obj.status.phase.empty()) obj.status.phase = "Pending";
}

void Default(Job& obj) {
  // SetDefaults_Job (pkg/apis/batch/v1/defaults.go).
  Job::Spec& s = obj.spec;
  if (!s.completions && !s.parallelism) s.completions = 1;
  if (!s.parallelism) s.parallelism = 1;
  if (!s.backoff_limit) s.backoff_limit = 6;  // MaxInt32 with backoffLimitPerIndex (not modelled)
  // Defaulting runs again when the server reads a Job back, after the strategy added
  // its labels: that is why a Job created without any labels shows the generated ones.
  if (obj.metadata.labels.empty()) obj.metadata.labels = s.template_.metadata.labels;
  if (!s.completion_mode) s.completion_mode = "NonIndexed";
  if (!s.suspend) s.suspend = false;
  if (!s.pod_replacement_policy) {
    s.pod_replacement_policy = s.pod_failure_policy.text.empty() ? "TerminatingOrFailed" : "Failed";
  }
  if (!s.manual_selector) s.manual_selector = false;
}

void Default(StorageClass& obj) {
  if (!obj.reclaim_policy) obj.reclaim_policy = "Delete";
  if (!obj.volume_binding_mode) obj.volume_binding_mode = "Immediate";
}

void Default(CSIDriver& obj) {
  auto& s = obj.spec;
  if (!s.attach_required) s.attach_required = true;
  if (!s.pod_info_on_mount) s.pod_info_on_mount = false;
  if (!s.storage_capacity) s.storage_capacity = false;
  if (!s.requires_republish) s.requires_republish = false;
  if (!s.se_linux_mount) s.se_linux_mount = false;
  if (!s.fs_group_policy) s.fs_group_policy = "ReadWriteOnceWithFSType";
  if (s.volume_lifecycle_modes.empty()) s.volume_lifecycle_modes = {"Persistent"};
}

// ---- admission plugins -------------------------------------------------------------------

void AdmitProtectionFinalizers(PersistentVolumeClaim& obj) {
  AddFinalizerOnce(obj.metadata, kPvcProtectionFinalizer);
}

void AdmitProtectionFinalizers(PersistentVolume& obj) { AddFinalizerOnce(obj.metadata, kPvProtectionFinalizer); }

void AdmitDefaultStorageClass(PersistentVolumeClaim& obj, const std::vector<Ptr<StorageClass>>& classes) {
  if (obj.spec.storage_class_name) return;  // set, or "" for explicitly no class
  if (obj.metadata.annotations.count("volume.beta.kubernetes.io/storage-class")) return;
  auto is_default = [](const StorageClass& sc) {
    auto marked = [&](const char* key) {
      auto it = sc.metadata.annotations.find(key);
      return it != sc.metadata.annotations.end() && it->second == "true";
    };
    return marked("storageclass.kubernetes.io/is-default-class") ||
           marked("storageclass.beta.kubernetes.io/is-default-class");
  };
  const StorageClass* best = nullptr;
  for (const Ptr<StorageClass>& sc : classes) {
    if (!is_default(*sc)) continue;
    // Newest first, then by name.
    const SimTime t = sc->metadata.creation_timestamp.value_or(0);
    const SimTime bt = best ? best->metadata.creation_timestamp.value_or(0) : 0;
    if (!best || t > bt || (t == bt && sc->metadata.name < best->metadata.name)) best = sc.get();
  }
  if (best) obj.spec.storage_class_name = best->metadata.name;
}

Status NamespaceLifecycleAdmit(const KindInfo& kind, std::string_view name, std::string_view ns_name,
                               const Namespace* ns, bool is_create) {
  if (ns == nullptr) return NotFoundStatus(KindOf<Namespace>::kInfo, ns_name);
  if (is_create && ns->status.phase == "Terminating") {
    return ForbiddenStatus(kind, name,
                           "unable to create new content in namespace " + std::string(ns_name) +
                               " because it is being terminated");
  }
  return Status::Ok();
}

Status ImmortalNamespaceAdmit(std::string_view name) {
  if (name == "default" || name == "kube-system" || name == "kube-public") {
    return ForbiddenStatus(KindOf<Namespace>::kInfo, name, "this namespace may not be deleted");
  }
  return Status::Ok();
}

}  // namespace xnsim
