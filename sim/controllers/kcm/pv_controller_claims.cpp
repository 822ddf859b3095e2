// syncClaim: what the PV controller does with one claim (SEMANTICS.md 2), following
// pv_controller.go's syncUnboundClaim / syncBoundClaim branch by branch.
#include <algorithm>
#include <utility>

#include "sim/controllers/kcm/pv_controller.h"
#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_rules.h"
#include "sim/core/quote.h"

namespace xnsim {

using namespace pv;  // NOLINT: the keys and rules are this file's vocabulary

Task<Status> PersistentVolumeController::SyncClaim(ClaimPtr claim) {
  if (!HasAnnotation(claim->metadata, kAnnBindCompleted)) co_return co_await SyncUnboundClaim(claim);
  co_return co_await SyncBoundClaim(claim);
}

Task<Status> PersistentVolumeController::SyncUnboundClaim(ClaimPtr claim) {
  if (claim->spec.volume_name.empty()) {
    // The user did not ask for a particular volume.
    const bool delay_binding = IsDelayBindingMode(*claim);
    if (VolumePtr volume = volumes_.FindBestMatch(*claim, delay_binding)) {
      co_return co_await Bind(std::move(volume), std::move(claim));
    }
    // No volume: assign the default class (RetroactiveDefaultStorageClass) and start
    // over on the update event, or wait, provision, or report.
    if (!ClaimHasClass(*claim)) {
      if (Ptr<StorageClass> cls = DefaultClass()) {
        PersistentVolumeClaim copy = *claim;
        copy.spec.storage_class_name = cls->metadata.name;
        auto updated = co_await client_.Update(std::move(copy));
        if (!updated.ok()) co_return updated.status();
        StoreClaim(*updated);
        co_return Status::Ok();
      }
    }
    if (delay_binding && !HasAnnotation(claim->metadata, kAnnSelectedNode)) {
      EmitEventForUnboundDelayBindingClaim(*claim);
    } else if (!ClaimClass(*claim).empty()) {
      // Provisioning runs as its own operation; binding follows in a later sync.
      ProvisionClaim(claim);
      co_return Status::Ok();
    } else {
      recorder_.Record(*claim, kNormal, kReasonFailedBinding, kMsgNoClassNoVolume);
    }
    auto pending = co_await UpdateClaimStatus(claim, "Pending", nullptr);
    co_return pending.status();
  }

  // The user asked for a particular volume.
  VolumePtr volume = volumes_.Get(claim->spec.volume_name);
  if (!volume) {
    auto pending = co_await UpdateClaimStatus(claim, "Pending", nullptr);  // retry later
    co_return pending.status();
  }
  if (!volume->spec.claim_ref) {
    const std::string mismatch = CheckVolumeSatisfyClaim(*volume, *claim);
    if (mismatch.empty()) co_return co_await Bind(std::move(volume), std::move(claim));
    recorder_.Record(*claim, kWarning, kReasonVolumeMismatch,
                     VolumeMismatchMessage(volume->metadata.name, mismatch));
    auto pending = co_await UpdateClaimStatus(claim, "Pending", nullptr);
    co_return pending.status();
  }
  if (IsVolumeBoundToClaim(*volume, *claim)) {
    // Finish the binding (adds the claim's uid to a pre-bound claimRef).
    co_return co_await Bind(std::move(volume), std::move(claim));
  }
  // The volume belongs to another claim.
  recorder_.Record(*claim, kWarning, kReasonFailedBinding, AlreadyBoundMessage(volume->metadata.name));
  if (HasAnnotation(claim->metadata, kAnnBoundByController)) {
    // Someone removed bind-completed from a claim the controller bound: never expected.
    co_return InternalError("invalid binding of claim " + GoQuote(ClaimKey(*claim)) + " to volume " +
                            GoQuote(claim->spec.volume_name) + ": volume already claimed by " +
                            GoQuote(ClaimKey(*volume->spec.claim_ref)));
  }
  auto pending = co_await UpdateClaimStatus(claim, "Pending", nullptr);
  co_return pending.status();
}

Task<Status> PersistentVolumeController::SyncBoundClaim(ClaimPtr claim) {
  if (claim->spec.volume_name.empty()) {
    auto lost = co_await UpdateClaimStatusWithEvent(claim, "Lost", kWarning, kReasonClaimLost,
                                                    kMsgClaimLostReference);
    co_return lost.status();
  }
  VolumePtr volume = volumes_.Get(claim->spec.volume_name);
  if (!volume) {
    auto lost = co_await UpdateClaimStatusWithEvent(claim, "Lost", kWarning, kReasonClaimLost,
                                                    kMsgClaimLostVolume);
    co_return lost.status();
  }
  if (!volume->spec.claim_ref || volume->spec.claim_ref->uid == claim->metadata.uid) {
    // Unbound volume (bind it again) or all is well (bind() then writes nothing).
    co_return co_await Bind(std::move(volume), std::move(claim));
  }
  auto misbound = co_await UpdateClaimStatusWithEvent(claim, "Lost", kWarning, kReasonClaimMisbound,
                                                      kMsgClaimMisbound);
  co_return misbound.status();
}

// storagehelpers.IsDelayBindingMode: a missing class is not delay binding.
bool PersistentVolumeController::IsDelayBindingMode(const PersistentVolumeClaim& claim) const {
  const std::string_view cls_name = ClaimClass(claim);
  if (cls_name.empty()) return false;
  Ptr<StorageClass> cls = class_informer_.Get("", cls_name);
  return cls && cls->volume_binding_mode == "WaitForFirstConsumer";
}

void PersistentVolumeController::EmitEventForUnboundDelayBindingClaim(const PersistentVolumeClaim& claim) {
  std::vector<std::string> unscheduled;
  for (const std::string& name : pods_.PodsUsing(claim.metadata.namespace_, claim.metadata.name)) {
    Ptr<Pod> pod = pod_informer_.Get(claim.metadata.namespace_, name);
    if (pod && !PodTerminated(*pod) && pod->spec.node_name.empty()) unscheduled.push_back(name);
  }
  if (unscheduled.empty()) {
    recorder_.Record(claim, kNormal, kReasonWaitForFirstConsumer, kMsgWaitForFirstConsumer);
  } else {
    recorder_.Record(claim, kNormal, kReasonWaitForPodScheduled, WaitForPodScheduledMessage(unscheduled));
  }
}

// util.GetDefaultClass: of the classes marked default, the newest, then by name.
Ptr<StorageClass> PersistentVolumeController::DefaultClass() const {
  Ptr<StorageClass> best;
  auto marked = [](const StorageClass& sc, std::string_view key) {
    auto it = sc.metadata.annotations.find(std::string(key));
    return it != sc.metadata.annotations.end() && it->second == "true";
  };
  class_informer_.ForEach("", [&](const Ptr<StorageClass>& sc) {
    if (!marked(*sc, kAnnDefaultClass) && !marked(*sc, kAnnBetaDefaultClass)) return;
    const SimTime t = sc->metadata.creation_timestamp.value_or(0);
    if (!best || t > best->metadata.creation_timestamp.value_or(0)) best = sc;  // ForEach is in name order
  });
  return best;
}

// provisionClaim: find the class and start provisionClaimOperationExternal, at most
// one per claim incarnation at a time.
void PersistentVolumeController::ProvisionClaim(const ClaimPtr& claim) {
  const std::string_view cls_name = ClaimClass(*claim);
  Ptr<StorageClass> cls = class_informer_.Get("", cls_name);
  if (!cls) {
    recorder_.Record(*claim, kWarning, kReasonProvisioningFailed, StorageClassNotFoundMessage(cls_name));
    return;
  }
  if (cls->provisioner.starts_with("kubernetes.io/")) {
    // An in-tree plugin name: xnsim has none (and no CSI migration).
    recorder_.Record(*claim, kWarning, kReasonProvisioningFailed,
                     "no volume plugin matched name: " + cls->provisioner);
    return;
  }
  const std::string op = "provision-" + ClaimKey(*claim) + "[" + claim->metadata.uid + "]";
  operations_.Run(op, ProvisionClaimOperationExternal(claim, std::move(cls)));
}

Task<Status> PersistentVolumeController::ProvisionClaimOperationExternal(ClaimPtr claim,
                                                                         Ptr<StorageClass> cls) {
  auto annotated = co_await SetClaimProvisioner(claim, cls->provisioner);
  if (!annotated.ok()) {
    if (version_ >= KubeVersion{1, 28}) {
      recorder_.Record(*claim, kWarning, kReasonProvisioningFailed,
                       "Error saving claim: " + annotated.status().message());
    }
    co_return annotated.status();
  }
  recorder_.Record(**annotated, kNormal, kReasonExternalProvisioning,
                   ExternalProvisioningMessage(cls->provisioner, version_));
  co_return Status::Ok();
}

}  // namespace xnsim
