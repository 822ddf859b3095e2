// external-provisioner's csiProvisioner (pkg/controller/controller.go): Provision, the
// per-attempt decision sequence of SEMANTICS.md 3.2 steps 5-10, and Delete. Each real
// function is a member of the same name so a step can be found, tested and, later,
// made to fail on purpose: dataSource (resolution and grant check),
// prepareProvision, getVolumeContentSource / getPVCSource / getSnapshotSource, the
// source finalizers, the CreateVolume call, its response checks and cleanup.
#pragma once

#include <optional>
#include <string>

#include "fake-csi/csi.h"
#include "sim/controllers/provisioner/data_source.h"
#include "sim/controllers/provisioner/provisioning_state.h"
#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/controllers/provisioner/sidecar.h"
#include "sim/controllers/provisioner/volume_builder.h"
#include "sim/core/coro.h"

namespace xnsim {

// What Provision returns: a PV to save, or why not (the real (pv, state, error)).
struct ProvisionOutcome {
  std::optional<PersistentVolume> volume;  // set on success
  // What the volume was built from, so the library can build it again if saving it
  // fails (without keeping a second copy on the common path).
  CsiVolumeFacts facts;
  csi::Volume response;
  ProvisionError error;                    // otherwise: the state and the raw error text
  bool ignored = false;     // IgnoredError: stop quietly, no event, no retry
  bool infeasible = false;  // CreateVolume answered INVALID_ARGUMENT (v6.0+ slow retry)

  static ProvisionOutcome Fail(ProvisioningState state, std::string message);
  static ProvisionOutcome Ignore();
};

class CsiProvisioner {
 public:
  explicit CsiProvisioner(Sidecar& sidecar) : s_(sidecar) {}

  Task<ProvisionOutcome> Provision(Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc);
  // DeleteVolume for a PV; the raw error text on failure.
  Task<Status> Delete(Ptr<PersistentVolume> volume);

  std::string VolumeNameFor(const PersistentVolumeClaim& claim) const;

 private:
  struct Prepared {
    std::optional<ProvisionOutcome> stop;  // set: the attempt ends here
    csi::CreateVolumeRequest request;
    std::string fs_type;
  };

  Task<Prepared> PrepareProvision(Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc);
  // dataSource(): the resolved source, after the grant check for another namespace.
  StatusOr<std::optional<TypedObjectReference>> DataSource(const PersistentVolumeClaim& claim);
  Task<StatusOr<csi::VolumeContentSource>> GetVolumeContentSource(
      Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc, TypedObjectReference source,
      SourceKind kind);
  Task<StatusOr<csi::VolumeContentSource>> GetPVCSource(Ptr<PersistentVolumeClaim> claim,
                                                        Ptr<StorageClass> sc,
                                                        TypedObjectReference source);
  Task<StatusOr<csi::VolumeContentSource>> GetSnapshotSource(Ptr<PersistentVolumeClaim> claim,
                                                             Ptr<StorageClass> sc,
                                                             TypedObjectReference source);
  Task<Status> SetCloneFinalizer(TypedObjectReference source);
  Task<Status> SetSnapshotFinalizer(TypedObjectReference source);
  Task<void> RemoveSnapshotFinalizer(std::string ns, std::string name);
  Task<csi::Result<csi::Volume>> CreateVolume(const csi::CreateVolumeRequest& request);
  // cleanupVolume: up to 5 DeleteVolume tries within one --timeout; the last error, or
  // nullopt once one succeeded.
  Task<std::optional<std::string>> CleanupVolume(std::string volume_id);
  // The response checks of Provision (capacity, content source); nullopt when they pass.
  Task<std::optional<ProvisionOutcome>> CheckResponse(const PersistentVolumeClaim& claim,
                                                      const std::string& pv_name,
                                                      int64_t required_bytes,
                                                      const csi::Volume& volume);

  Sidecar& s_;
  GrantDecisionMemo granted_;  // the rules' Granted, per shared grant list
};

}  // namespace xnsim
