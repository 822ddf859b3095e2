// external-provisioner's CloningProtectionController (clone_controller.go,
// SEMANTICS.md 3.7): a source PVC being deleted keeps
// provisioner.storage.kubernetes.io/cloning-protection while a Pending claim in the
// SAME namespace names it in spec.dataSource; otherwise the finalizer goes.
// Cross-namespace clones (dataSourceRef only) do not hold it: the real gap, kept.
// Runs only when the driver reports CLONE_VOLUME.
#pragma once

#include <set>
#include <string>
#include <unordered_map>

#include "sim/controllers/provisioner/sidecar.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

class CloneProtectionController {
 public:
  explicit CloneProtectionController(Sidecar& sidecar);
  CloneProtectionController(const CloneProtectionController&) = delete;
  CloneProtectionController& operator=(const CloneProtectionController&) = delete;

 private:
  void OnClaim(const Ptr<PersistentVolumeClaim>& claim);
  void IndexClone(const PersistentVolumeClaim& claim, bool present);
  Task<ReconcileResult> SyncClaim(std::string key);

  Sidecar& s_;
  // "<ns>/<source>" -> names of claims in <ns> whose spec.dataSource is that PVC: the
  // real controller lists the namespace; the index makes it a lookup.
  std::unordered_map<std::string, std::set<std::string>> clones_by_source_;
  WorkQueue queue_;  // keyed "<ns>/<name>"
};

}  // namespace xnsim
