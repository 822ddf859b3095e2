// The claim-spec filters of pkg/api/persistentvolumeclaim/util.go that the PVC
// strategy runs before validation (SEMANTICS.md 1.2 and 1.3): dropping fields of
// disabled gates, the pre-1.22 backwards compatibility of spec.dataSource, and the
// dataSource/dataSourceRef normalisation. `old` is null on create; on update an old
// dataSourceRef keeps the new one from being dropped (the "in use" ratchet).
#pragma once

#include "sim/api/objects.h"
#include "sim/gates/gates.h"

namespace xnsim {

// AnyVolumeDataSource off: dataSourceRef goes. CrossNamespaceVolumeDataSource off and
// dataSourceRef.namespace set: the whole dataSourceRef goes.
void DropDisabledFields(PersistentVolumeClaim::Spec& spec, const PersistentVolumeClaim::Spec* old,
                        const GateSet& gates);

// Without a dataSourceRef, a dataSource other than a claim or a VolumeSnapshot is
// silently dropped (unless the old object had a data source).
void EnforceDataSourceBackwardsCompatibility(PersistentVolumeClaim::Spec& spec,
                                             const PersistentVolumeClaim::Spec* old);

// AnyVolumeDataSource on: copies dataSource into an empty dataSourceRef and a
// same-namespace dataSourceRef into an empty dataSource.
void NormalizeDataSources(PersistentVolumeClaim::Spec& spec, const GateSet& gates);

}  // namespace xnsim
