// The API server's status errors with the real texts (k8s.io/apimachinery
// pkg/api/errors): NotFound, AlreadyExists, Conflict, Forbidden and Invalid, worded
// as `kubectl` shows them after "Error from server (Reason): ".
#pragma once

#include <string>
#include <string_view>

#include "sim/api/field_errors.h"
#include "sim/api/objects.h"
#include "sim/core/status.h"

namespace xnsim {

// "persistentvolumeclaims", "storageclasses.storage.k8s.io": GroupResource.String().
std::string QualifiedResource(const KindInfo& kind);
// "PersistentVolumeClaim", "VolumeSnapshot.snapshot.storage.k8s.io": GroupKind.String().
std::string QualifiedKind(const KindInfo& kind);

// persistentvolumeclaims "db" not found
Status NotFoundStatus(const KindInfo& kind, std::string_view name);
// persistentvolumeclaims "db" already exists
Status AlreadyExistsStatus(const KindInfo& kind, std::string_view name);
// Operation cannot be fulfilled on persistentvolumeclaims "db": <reason>
Status ConflictStatus(const KindInfo& kind, std::string_view name, std::string_view reason);
// persistentvolumeclaims "db" is forbidden: <reason>
Status ForbiddenStatus(const KindInfo& kind, std::string_view name, std::string_view reason);
// PersistentVolumeClaim "db" is invalid: <aggregated field errors>
Status InvalidStatus(const KindInfo& kind, std::string_view name, const FieldErrorList& errors);

// The optimistic-lock reason of a stale resourceVersion.
inline constexpr std::string_view kOptimisticLockReason =
    "the object has been modified; please apply your changes to the latest version and try "
    "again";

}  // namespace xnsim
