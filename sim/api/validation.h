// Validation of every kind xnsim serves, as the API server runs it after the
// create/update strategies: built-in kinds follow pkg/apis/*/validation, CRD kinds
// (snapshots, ReferenceGrant) their CRD's OpenAPI schema and x-kubernetes-validations
// rules. Each returns field errors with the real paths and messages; the caller
// wraps them into `Kind "name" is invalid: ...`.
#pragma once

#include "sim/api/field_errors.h"
#include "sim/api/objects.h"
#include "sim/gates/gates.h"

namespace xnsim {

struct ValidationOptions {
  // The API server's version: the immutability message and its diff changed over
  // releases (validation_spec_diff.h).
  KubeVersion version = kNewestKubeVersion;
};

// Create: the object as it will be stored (after the strategy's PrepareForCreate and
// defaulting).
FieldErrorList Validate(const Namespace& obj);
FieldErrorList Validate(const PersistentVolumeClaim& obj);
FieldErrorList Validate(const PersistentVolume& obj);
FieldErrorList Validate(const Pod& obj);
FieldErrorList Validate(const Event& obj);
FieldErrorList Validate(const Job& obj);
FieldErrorList Validate(const StorageClass& obj);
FieldErrorList Validate(const CSIDriver& obj);
FieldErrorList Validate(const VolumeSnapshot& obj);
FieldErrorList Validate(const VolumeSnapshotContent& obj);
FieldErrorList Validate(const VolumeSnapshotClass& obj);
FieldErrorList Validate(const ReferenceGrant& obj);

// Update: the create rules on the new object plus what may not change.
FieldErrorList ValidateUpdate(const Namespace& obj, const Namespace& old, const ValidationOptions& o);
// The finalize subresource (ApiServer::FinalizeNamespace): spec.finalizers' names.
FieldErrorList ValidateFinalize(const Namespace& obj);
FieldErrorList ValidateUpdate(const PersistentVolumeClaim& obj, const PersistentVolumeClaim& old,
                              const ValidationOptions& o);
FieldErrorList ValidateUpdate(const PersistentVolume& obj, const PersistentVolume& old,
                              const ValidationOptions& o);
FieldErrorList ValidateUpdate(const Pod& obj, const Pod& old, const ValidationOptions& o);
FieldErrorList ValidateUpdate(const Event& obj, const Event& old, const ValidationOptions& o);
FieldErrorList ValidateUpdate(const Job& obj, const Job& old, const ValidationOptions& o);
FieldErrorList ValidateUpdate(const StorageClass& obj, const StorageClass& old,
                              const ValidationOptions& o);
FieldErrorList ValidateUpdate(const CSIDriver& obj, const CSIDriver& old, const ValidationOptions& o);
FieldErrorList ValidateUpdate(const VolumeSnapshot& obj, const VolumeSnapshot& old,
                              const ValidationOptions& o);
FieldErrorList ValidateUpdate(const VolumeSnapshotContent& obj, const VolumeSnapshotContent& old,
                              const ValidationOptions& o);
FieldErrorList ValidateUpdate(const VolumeSnapshotClass& obj, const VolumeSnapshotClass& old,
                              const ValidationOptions& o);
FieldErrorList ValidateUpdate(const ReferenceGrant& obj, const ReferenceGrant& old,
                              const ValidationOptions& o);

}  // namespace xnsim
