// What kube-apiserver does to a request before validation and storage: each kind's
// REST strategy (PrepareForCreate / PrepareForUpdate), the v1 defaulters, and the
// admission plugins xnsim models (NamespaceLifecycle, StorageObjectInUseProtection).
//
// Kinds without special handling use the no-op templates; a kind with rules has a
// plain overload, which overload resolution prefers.
#pragma once

#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/api/well_known.h"
#include "sim/core/status.h"
#include "sim/gates/gates.h"

namespace xnsim {

// ---- strategies (after the generic status handling in ApiServer) -------------------

template <class T>
void PrepareForCreate(T&, const GateSet&) {}
void PrepareForCreate(Namespace& obj, const GateSet& gates);
void PrepareForCreate(PersistentVolumeClaim& obj, const GateSet& gates);
void PrepareForCreate(Pod& obj, const GateSet& gates);
// Unless spec.manualSelector: the job-name and controller-uid template labels and the
// controller-uid selector (generateSelector). Needs metadata.uid, which the server
// fills before the strategy runs, as kube-apiserver does.
void PrepareForCreate(Job& obj, const GateSet& gates);

template <class T>
void PrepareForUpdate(T&, const T&, const GateSet&) {}
void PrepareForUpdate(Namespace& obj, const Namespace& old, const GateSet& gates);
void PrepareForUpdate(PersistentVolumeClaim& obj, const PersistentVolumeClaim& old, const GateSet& gates);

// ---- v1 defaulters (run on every decoded request) ------------------------------------

template <class T>
void Default(T&) {}
void Default(Namespace& obj);              // label kubernetes.io/metadata.name
void Default(PersistentVolumeClaim& obj);  // volumeMode Filesystem, phase Pending
void Default(PersistentVolume& obj);       // reclaim policy Retain, volumeMode Filesystem, phase Pending
void Default(Pod& obj);                    // schedulerName default-scheduler, phase Pending
void Default(Job& obj);                    // parallelism, completions, backoffLimit, modes; labels from the template
void Default(StorageClass& obj);           // reclaimPolicy Delete, volumeBindingMode Immediate
void Default(CSIDriver& obj);              // attachRequired true, fsGroupPolicy, lifecycle modes ...

// ---- mutating admission on create ----------------------------------------------------

// StorageObjectInUseProtection: kubernetes.io/pvc-protection and
// kubernetes.io/pv-protection on every new claim and volume (SEMANTICS 1.7).
template <class T>
void AdmitProtectionFinalizers(T&) {}
void AdmitProtectionFinalizers(PersistentVolumeClaim& obj);
void AdmitProtectionFinalizers(PersistentVolume& obj);

// DefaultStorageClass: a claim created without storageClassName gets the default
// class (annotation storageclass.kubernetes.io/is-default-class: "true"; the newest
// one when several are marked, as since 1.26).
void AdmitDefaultStorageClass(PersistentVolumeClaim& obj, const std::vector<Ptr<StorageClass>>& classes);

inline constexpr std::string_view kNamespaceFinalizer = "kubernetes";

// The labels the Job strategy puts on a Job's pod template (and so on its Pods); the
// selector matches the prefixed controller-uid one.
inline constexpr std::string_view kJobNameLabel = "batch.kubernetes.io/job-name";
inline constexpr std::string_view kLegacyJobNameLabel = "job-name";
inline constexpr std::string_view kControllerUidLabel = "batch.kubernetes.io/controller-uid";
inline constexpr std::string_view kLegacyControllerUidLabel = "controller-uid";

// ---- NamespaceLifecycle ------------------------------------------------------------

// A write of a namespaced object into `ns_name`; `ns` is the stored Namespace or null.
// NotFound when the namespace does not exist; Forbidden for a create while it is
// terminating.
Status NamespaceLifecycleAdmit(const KindInfo& kind, std::string_view name, std::string_view ns_name,
                               const Namespace* ns, bool is_create);

// default, kube-system and kube-public may not be deleted.
Status ImmortalNamespaceAdmit(std::string_view name);

// The namespaces every cluster starts with.
inline constexpr std::string_view kSystemNamespaces[] = {"default", "kube-node-lease", "kube-public",
                                                         "kube-system"};

}  // namespace xnsim
