// The PV controller's writes, in pv_controller.go's order: bind() saves the volume's
// claimRef, then the volume's phase, then the claim's volumeName and annotations, then
// the claim's status, each only when something changes, and each new version goes
// into the controller's cache at once so that later syncs build on it.
#include <utility>

#include "sim/controllers/kcm/pv_controller.h"
#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_rules.h"
#include "sim/core/quote.h"

namespace xnsim {

using namespace pv;  // NOLINT: the keys and rules are this file's vocabulary

namespace {
// The claim's status.capacity when it is being bound (pre-resize-capacity is what an
// expansion that the node has not finished leaves on the PV).
constexpr std::string_view kAnnPreResizeCapacity = "volume.alpha.kubernetes.io/pre-resize-capacity";
}  // namespace

Task<Status> PersistentVolumeController::Bind(VolumePtr volume, ClaimPtr claim) {
  auto v = co_await BindVolumeToClaim(std::move(volume), *claim);
  if (!v.ok()) co_return v.status();
  v = co_await UpdateVolumePhase(std::move(*v), "Bound", "");
  if (!v.ok()) co_return v.status();
  volume = std::move(*v);
  auto c = co_await BindClaimToVolume(std::move(claim), *volume);
  if (!c.ok()) co_return c.status();
  c = co_await UpdateClaimStatus(std::move(*c), "Bound", volume);
  co_return c.status();
}

// GetBindVolumeToClaim + updateBindVolumeToClaim.
Task<StatusOr<PersistentVolumeController::VolumePtr>> PersistentVolumeController::BindVolumeToClaim(
    VolumePtr volume, const PersistentVolumeClaim& claim) {
  const auto& ref = volume->spec.claim_ref;
  const bool set_ref = !ref || ref->name != claim.metadata.name ||
                       ref->namespace_ != claim.metadata.namespace_ || ref->uid != claim.metadata.uid;
  const bool set_annotation = !IsVolumeBoundToClaim(*volume, claim) &&
                              !HasAnnotation(volume->metadata, kAnnBoundByController);
  if (!set_ref && !set_annotation) co_return volume;
  PersistentVolume copy = *volume;
  if (set_ref) copy.spec.claim_ref = EventRecorder::ReferenceTo(claim);
  if (set_annotation) copy.metadata.annotations[std::string(kAnnBoundByController)] = "yes";
  auto saved = co_await client_.Update(std::move(copy));
  if (saved.ok()) StoreVolume(*saved);
  co_return saved;
}

Task<StatusOr<PersistentVolumeController::ClaimPtr>> PersistentVolumeController::BindClaimToVolume(
    ClaimPtr claim, const PersistentVolume& volume) {
  const bool set_volume = volume.metadata.name != claim->spec.volume_name;
  const bool set_completed = !HasAnnotation(claim->metadata, kAnnBindCompleted);
  if (!set_volume && !set_completed) co_return claim;
  PersistentVolumeClaim copy = *claim;
  if (set_volume) {
    copy.spec.volume_name = volume.metadata.name;
    copy.metadata.annotations.try_emplace(std::string(kAnnBoundByController), "yes");
  }
  if (set_completed) copy.metadata.annotations[std::string(kAnnBindCompleted)] = "yes";
  auto saved = co_await client_.Update(std::move(copy));
  if (saved.ok()) StoreClaim(*saved);
  co_return saved;
}

// unbindVolume: roll back a binding the controller made, or keep a user's pre-binding
// by name only; then the volume is Available again.
Task<Status> PersistentVolumeController::UnbindVolume(VolumePtr volume) {
  PersistentVolume copy = *volume;
  auto bbc = copy.metadata.annotations.find(std::string(kAnnBoundByController));
  if (bbc != copy.metadata.annotations.end()) {
    copy.spec.claim_ref.reset();
    copy.metadata.annotations.erase(bbc);
  } else {
    copy.spec.claim_ref->uid.clear();
  }
  auto saved = co_await client_.Update(std::move(copy));
  if (!saved.ok()) co_return saved.status();
  StoreVolume(*saved);
  auto available = co_await UpdateVolumePhase(*saved, "Available", "");
  co_return available.status();
}

Task<StatusOr<PersistentVolumeController::ClaimPtr>> PersistentVolumeController::UpdateClaimStatus(
    ClaimPtr claim, std::string_view phase, VolumePtr volume) {
  const PersistentVolumeClaim::Status& s = claim->status;
  const bool phase_changes = s.phase != phase;
  bool modes_change = false, capacity_change = false;
  std::optional<ResourceList> capacity;  // the new status.capacity, when it changes
  if (!volume) {
    modes_change = !s.access_modes.empty();
    capacity_change = !s.capacity.empty();
    if (capacity_change) capacity.emplace();
  } else {
    modes_change = s.access_modes != volume->spec.access_modes;
    // Capacity is set when the claim becomes Bound, never later: a difference can be
    // an expansion in progress.
    if (phase_changes) {
      auto vol_cap = volume->spec.capacity.find("storage");
      if (vol_cap == volume->spec.capacity.end()) {
        co_return InternalError("PersistentVolume " + GoQuote(volume->metadata.name) +
                                " is without a storage capacity");
      }
      auto claim_cap = s.capacity.find("storage");
      auto pre_resize = volume->metadata.annotations.find(std::string(kAnnPreResizeCapacity));
      if (pre_resize != volume->metadata.annotations.end()) {
        auto q = Quantity::Parse(pre_resize->second);
        capacity = s.capacity;
        (*capacity)["storage"] = q.ok() ? *q : vol_cap->second;
        capacity_change = true;
      } else if (claim_cap == s.capacity.end() || !(claim_cap->second == vol_cap->second)) {
        capacity = volume->spec.capacity;
        capacity_change = true;
      }
    }
  }
  if (!phase_changes && !modes_change && !capacity_change) co_return claim;

  PersistentVolumeClaim copy = *claim;
  copy.status.phase = std::string(phase);
  if (modes_change) copy.status.access_modes = volume ? volume->spec.access_modes : std::vector<std::string>{};
  if (capacity_change) copy.status.capacity = std::move(*capacity);
  auto saved = co_await client_.UpdateStatus(std::move(copy));
  if (saved.ok()) StoreClaim(*saved);
  co_return saved;
}

// The event goes out only when the phase actually changes, not on every sync.
Task<StatusOr<PersistentVolumeController::ClaimPtr>> PersistentVolumeController::UpdateClaimStatusWithEvent(
    ClaimPtr claim, std::string_view phase, std::string_view type, std::string_view reason,
    std::string_view message) {
  if (claim->status.phase == phase) co_return claim;
  auto saved = co_await UpdateClaimStatus(std::move(claim), phase, nullptr);
  if (saved.ok()) recorder_.Record(**saved, type, reason, message);
  co_return saved;
}

Task<StatusOr<PersistentVolumeController::VolumePtr>> PersistentVolumeController::UpdateVolumePhase(
    VolumePtr volume, std::string_view phase, std::string_view message) {
  if (volume->status.phase == phase) co_return volume;
  PersistentVolume copy = *volume;
  copy.status.phase = std::string(phase);
  copy.status.message = std::string(message);
  auto saved = co_await client_.UpdateStatus(std::move(copy));
  if (saved.ok()) StoreVolume(*saved);
  co_return saved;
}

Task<StatusOr<PersistentVolumeController::VolumePtr>> PersistentVolumeController::UpdateVolumePhaseWithEvent(
    VolumePtr volume, std::string_view phase, std::string_view type, std::string_view reason,
    std::string_view message) {
  if (volume->status.phase == phase) co_return volume;
  auto saved = co_await UpdateVolumePhase(std::move(volume), phase, message);
  if (saved.ok()) recorder_.Record(**saved, type, reason, message);
  co_return saved;
}

// Both the GA and the beta key, so that external provisioners of either era start.
Task<StatusOr<PersistentVolumeController::ClaimPtr>> PersistentVolumeController::SetClaimProvisioner(
    ClaimPtr claim, const std::string& provisioner) {
  auto it = claim->metadata.annotations.find(std::string(kAnnStorageProvisioner));
  if (it != claim->metadata.annotations.end() && it->second == provisioner) co_return claim;
  PersistentVolumeClaim copy = *claim;
  copy.metadata.annotations[std::string(kAnnBetaStorageProvisioner)] = provisioner;
  copy.metadata.annotations[std::string(kAnnStorageProvisioner)] = provisioner;
  auto saved = co_await client_.Update(std::move(copy));
  if (saved.ok()) StoreClaim(*saved);
  co_return saved;
}

}  // namespace xnsim
