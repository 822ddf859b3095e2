#include "sim/controllers/provisioner/clone_protection.h"

#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/messages.h"

namespace xnsim {
namespace {

std::string Key(std::string_view ns, std::string_view name) {
  std::string k(ns);
  k += '/';
  k += name;
  return k;
}

bool ClonesFromClaim(const PersistentVolumeClaim& claim) {
  return claim.spec.data_source && claim.spec.data_source->kind == kClaimKind;
}

}  // namespace

CloneProtectionController::CloneProtectionController(Sidecar& sidecar)
    : s_(sidecar),
      queue_(sidecar.engine,
             WorkQueueOptions{.name = sidecar.component + "/clone-protection",
                              .workers = sidecar.options.cloning_protection_threads,
                              .backoff = {sidecar.options.retry_interval_start,
                                          sidecar.options.retry_interval_max}},
             [this](const std::string& key) { return SyncClaim(key); }) {
  s_.claims.AddHandlers({
      .on_add = [this](const Ptr<PersistentVolumeClaim>& c) { OnClaim(c); },
      .on_update = [this](const Ptr<PersistentVolumeClaim>&,
                          const Ptr<PersistentVolumeClaim>& c) { OnClaim(c); },
      .on_delete = [this](const Ptr<PersistentVolumeClaim>& c) { IndexClone(*c, false); },
  });
}

void CloneProtectionController::OnClaim(const Ptr<PersistentVolumeClaim>& claim) {
  IndexClone(*claim, true);
  // Only a claim being deleted is of interest.
  if (claim->metadata.deletion_timestamp) {
    queue_.Add(Key(claim->metadata.namespace_, claim->metadata.name));
  }
}

void CloneProtectionController::IndexClone(const PersistentVolumeClaim& claim, bool present) {
  if (!ClonesFromClaim(claim)) return;  // spec.dataSource is immutable: no moves to track
  const std::string source = Key(claim.metadata.namespace_, claim.spec.data_source->name);
  if (present) {
    clones_by_source_[source].insert(claim.metadata.name);
    return;
  }
  auto it = clones_by_source_.find(source);
  if (it == clones_by_source_.end()) return;
  it->second.erase(claim.metadata.name);
  if (it->second.empty()) clones_by_source_.erase(it);
}

Task<ReconcileResult> CloneProtectionController::SyncClaim(std::string key) {
  const size_t slash = key.find('/');
  const std::string ns = key.substr(0, slash);
  const std::string name = key.substr(slash + 1);
  Ptr<PersistentVolumeClaim> claim = s_.claims.Get(ns, name);
  if (!claim || !claim->metadata.HasFinalizer(kFinalizerCloneSource)) co_return ReconcileResult::Done();

  if (auto it = clones_by_source_.find(key); it != clones_by_source_.end()) {
    for (const std::string& clone_name : it->second) {
      Ptr<PersistentVolumeClaim> clone = s_.claims.Get(ns, clone_name);
      if (clone && ClonesFromClaim(*clone) && clone->status.phase == "Pending") {
        s_.Trace("clone-protection-kept", ObjectLabel(kClaimKind, ns, name),
                 provisioner_messages::CloneInProgress(clone_name));
        co_return ReconcileResult::Retry();
      }
    }
  }

  PersistentVolumeClaim copy = *claim;
  copy.metadata.finalizers = WithoutFinalizer(copy.metadata.finalizers, kFinalizerCloneSource);
  StatusOr<Ptr<PersistentVolumeClaim>> updated = co_await s_.client.Update(std::move(copy));
  if (!updated.ok() && updated.status().code() != StatusCode::kNotFound) co_return ReconcileResult::Retry();
  co_return ReconcileResult::Done();
}

}  // namespace xnsim
