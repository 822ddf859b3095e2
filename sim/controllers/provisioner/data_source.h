// external-provisioner's view of a claim's data source (SEMANTICS.md 3.2 step 6.2-6.4):
// which field it reads and which namespace that resolves to (dataSource()), what kind
// of source it is, and which driver capabilities that kind needs
// (checkDriverCapabilities). Pure functions over the claim; the grant check itself
// lives in reference_grant.h.
#pragma once

#include <optional>
#include <vector>

#include "fake-csi/csi.h"
#include "sim/api/objects.h"
#include "sim/core/status.h"

namespace xnsim {

// spec.dataSource when set (namespace = the claim's), else spec.dataSourceRef
// (namespace = dataSourceRef.namespace when non-nil, even if "", else the claim's);
// nullopt when the claim has neither. The one refusal: a non-empty
// dataSourceRef.namespace while the provisioner's CrossNamespaceVolumeDataSource gate
// is off. The returned reference always has its namespace set.
StatusOr<std::optional<TypedObjectReference>> ResolveDataSource(
    const PersistentVolumeClaim& claim, bool cross_namespace_gate);

// The resolved namespace differs from the claim's: the grant check applies.
bool IsCrossNamespace(const PersistentVolumeClaim& claim, const TypedObjectReference& source);

enum class SourceKind : uint8_t { kSnapshot, kClaim, kPopulator };

// An empty name and a VolumeSnapshot outside snapshot.storage.k8s.io are refused; any
// kind other than VolumeSnapshot and PersistentVolumeClaim is a populator's.
StatusOr<SourceKind> ClassifyDataSource(const PersistentVolumeClaim& claim,
                                        const TypedObjectReference& source);

// The capability messages of checkDriverCapabilities, in its order. The plugin's
// CONTROLLER_SERVICE capability is taken as reported (csi::Driver is the controller
// service).
Status CheckDriverCapabilities(const std::vector<csi::Capability>& reported,
                               std::optional<SourceKind> source);

// Go's %v of dataSource.APIVersion: the group, or "" when unset.
std::string_view SourceGroup(const TypedObjectReference& source);

}  // namespace xnsim
