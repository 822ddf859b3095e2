#include "sim/controllers/provisioner/claim_controller.h"

#include "sim/api/api_errors.h"
#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/messages.h"

namespace xnsim {

namespace msg = provisioner_messages;
using State = ProvisioningState;

namespace {

// The volume store's limiter: client-go's DefaultControllerRateLimiter (its per-item
// exponential part; the overall 10 qps bucket is not modelled) and the library's
// DefaultThreadiness workers.
constexpr Backoff kUnsavedVolumeBackoff{5 * kMillisecond, 1000 * kSecond};
constexpr int kVolumeStoreWorkers = 4;

}  // namespace

ClaimController::ClaimController(Sidecar& sidecar, CsiProvisioner& provisioner)
    : s_(sidecar),
      provisioner_(provisioner),
      unsaved_queue_(sidecar.engine,
                     WorkQueueOptions{.name = sidecar.component + "/unsavedpvs",
                                      .workers = kVolumeStoreWorkers,
                                      .backoff = kUnsavedVolumeBackoff},
                     [this](const std::string& name) { return SaveUnsavedVolume(name); }),
      queue_(sidecar.engine,
             WorkQueueOptions{.name = sidecar.component + "/claims",
                              .workers = sidecar.options.worker_threads,
                              .backoff = {sidecar.options.retry_interval_start,
                                          sidecar.options.retry_interval_max}},
             [this](const std::string& uid) { return SyncClaimHandler(uid); }) {
  // Add and update enqueue the UID; a delete needs nothing: a claim in progress is
  // still in claimsInProgress and the queue, any other is of no interest any more.
  s_.claims.AddHandlers({
      .on_add = [this](const Ptr<PersistentVolumeClaim>& c) { queue_.Add(c->metadata.uid); },
      .on_update = [this](const Ptr<PersistentVolumeClaim>&,
                          const Ptr<PersistentVolumeClaim>& c) { queue_.Add(c->metadata.uid); },
      .on_delete = {},
  });
}

// ---- syncClaimHandler / syncClaim --------------------------------------------------------

Task<ReconcileResult> ClaimController::SyncClaimHandler(std::string uid) {
  Ptr<PersistentVolumeClaim> claim = s_.ClaimByUid(uid);
  if (!claim) {
    auto it = claims_in_progress_.find(uid);
    if (it == claims_in_progress_.end()) {
      // "claim ... in work queue no longer exists"
      co_return ReconcileResult::Done();
    }
    claim = it->second;
  }
  ReconcileResult result = co_await SyncClaim(std::move(claim));
  // processNextClaimWorkItem: success (or nothing to do) forgets the claim everywhere.
  if (result.kind == ReconcileResult::Kind::kDone) claims_in_progress_.erase(uid);
  co_return result;
}

Task<ReconcileResult> ClaimController::SyncClaim(Ptr<PersistentVolumeClaim> claim) {
  if (s_.profile.slow_retry_infeasible && RecentlyInfeasible(*claim)) {
    co_return ReconcileResult::Retry();  // "skipping volume provisioning for pvc ..."
  }
  StatusOr<bool> should = ShouldProvision(*claim);
  if (!should.ok()) co_return ReconcileResult::Retry();
  if (!*should) co_return ReconcileResult::Done();

  const std::string uid = claim->metadata.uid;
  OperationResult r = co_await ProvisionClaimOperation(claim);
  if (r.ok || r.state == State::kFinished) {
    claims_in_progress_.erase(uid);
    co_return (r.ok || r.stop) ? ReconcileResult::Done() : ReconcileResult::Retry();
  }
  if (r.state == State::kInBackground) claims_in_progress_[uid] = std::move(claim);
  // kNoChange leaves claimsInProgress as the previous attempt left it.
  co_return ReconcileResult::Retry();
}

StatusOr<bool> ClaimController::ShouldProvision(const PersistentVolumeClaim& claim) const {
  if (!claim.spec.volume_name.empty()) return false;
  // external-provisioner's Qualifier: annotated for this driver, or migrated to it.
  const std::string_view provisioner = ClaimProvisioner(claim);
  if (provisioner != s_.driver_name && Annotation(claim.metadata, kAnnMigratedTo) != s_.driver_name) {
    return false;
  }
  // The library: the annotation must name a provisioner it serves.
  if (provisioner != s_.driver_name) return false;
  const std::string_view class_name = ClaimClass(claim);
  Ptr<StorageClass> sc = s_.classes.Get("", class_name);
  if (!sc) return NotFoundStatus(KindOf<StorageClass>::kInfo, class_name);
  if (sc->volume_binding_mode && *sc->volume_binding_mode == "WaitForFirstConsumer") {
    // Only once the scheduler picked a node (the provisioner removes the annotation to
    // ask for another one).
    return !Annotation(claim.metadata, kAnnSelectedNode).empty();
  }
  return true;
}

// ---- provisionClaimOperation -------------------------------------------------------------

Task<ClaimController::OperationResult> ClaimController::ProvisionClaimOperation(
    Ptr<PersistentVolumeClaim> claim) {
  const std::string pv_name = provisioner_.VolumeNameFor(*claim);
  // A previous attempt may just have saved it.
  if (s_.volumes.Get("", pv_name)) co_return OperationResult{State::kFinished, false, true, {}};

  const std::string_view class_name = ClaimClass(*claim);
  Ptr<StorageClass> sc = s_.classes.Get("", class_name);
  if (!sc) {
    // Retried without an event: the class may be created independently of the claim.
    co_return OperationResult{State::kFinished, false, false,
                              NotFoundStatus(KindOf<StorageClass>::kInfo, class_name).message()};
  }
  if (sc->provisioner != s_.driver_name) co_return OperationResult{State::kFinished, false, true, {}};
  // The selected node would be read here; xnsim has no Node objects to look up.

  ++s_.stats.attempts;
  s_.library_events.Record(*claim, "Normal", msg::kReasonProvisioning,
                           msg::ProvisioningClaim(claim->metadata.namespace_, claim->metadata.name));
  const SimTime started = s_.engine.Now();
  OperationResult r = co_await ProvisionAttempt(claim, std::move(sc));
  if (s_.audit.keeps_history()) RecordAttempt(*claim, started, r);
  co_return r;
}

void ClaimController::RecordAttempt(const PersistentVolumeClaim& claim, SimTime started,
                                    const OperationResult& r) const {
  ProvisioningAttempt a;
  a.started = started;
  a.finished = s_.engine.Now();
  a.provisioner = s_.component;
  a.claim_namespace = claim.metadata.namespace_;
  a.claim_name = claim.metadata.name;
  a.claim_uid = claim.metadata.uid;
  a.provisioned = r.ok;
  a.stopped = r.stop;
  a.state = ProvisioningStateName(r.state);
  a.error = r.error;
  a.cross_namespace_gate = s_.cross_namespace;
  s_.audit.RecordAttempt(std::move(a));
}

Task<ClaimController::OperationResult> ClaimController::ProvisionAttempt(
    Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc) {
  ProvisionOutcome out = co_await provisioner_.Provision(claim, sc);
  if (!out.volume) {
    if (out.ignored) co_return OperationResult{State::kFinished, false, true, {}};
    if (out.infeasible && s_.profile.slow_retry_infeasible) {
      MarkForSlowRetry(*claim);
      ++s_.stats.failed_attempts;
      s_.library_events.Record(*claim, "Warning", msg::kReasonProvisioningFailed,
                               msg::InfeasibleFailure(out.error.message));
      co_return OperationResult{State::kFinished, false, false, std::move(out.error.message)};
    }
    co_return co_await ProvisionVolumeErrorHandling(claim, out.error.state, std::move(out.error.message));
  }

  CompleteProvisionedVolume(*out.volume, *claim, *sc);
  co_await StoreVolume(claim, sc, std::move(out));
  co_return OperationResult{State::kFinished, true, false, {}};
}

Task<ClaimController::OperationResult> ClaimController::ProvisionVolumeErrorHandling(
    Ptr<PersistentVolumeClaim> claim, ProvisioningState state, std::string error) {
  ++s_.stats.failed_attempts;
  s_.library_events.Record(*claim, "Warning", msg::kReasonProvisioningFailed,
                           s_.profile.prefix_failure_events
                               ? msg::PrefixedFailure(ClaimClass(*claim), error)
                               : error);
  if (state == State::kReschedule && HasAnnotation(claim->metadata, kAnnSelectedNode)) {
    // Hand the claim back to the scheduler by removing its node.
    Status st = co_await RescheduleProvisioning(claim);
    if (!st.ok()) co_return OperationResult{State::kFinished, false, false, std::move(error)};
    co_return OperationResult{State::kFinished, false, true, {}};
  }
  // Reschedule without a selected node cannot reschedule anything.
  if (state == State::kReschedule) state = State::kFinished;
  co_return OperationResult{state, false, false, std::move(error)};
}

Task<Status> ClaimController::RescheduleProvisioning(Ptr<PersistentVolumeClaim> claim) {
  PersistentVolumeClaim copy = *claim;
  copy.metadata.annotations.erase(kAnnSelectedNode);
  StatusOr<Ptr<PersistentVolumeClaim>> updated = co_await s_.client.Update(std::move(copy));
  co_return updated.status();
}

// ---- the slow set (v6.0+) ----------------------------------------------------------------

bool ClaimController::RecentlyInfeasible(const PersistentVolumeClaim& claim) {
  auto it = slow_set_.find(claim.metadata.uid);
  if (it == slow_set_.end()) return false;
  Ptr<StorageClass> sc = s_.classes.Get("", ClaimClass(claim));
  if (!sc) return false;
  // A new StorageClass (another UID) may make the request feasible: retry at once.
  if (it->second.class_uid != sc->metadata.uid ||
      s_.engine.Now() - it->second.since >= s_.options.retry_interval_max) {
    slow_set_.erase(it);
    return false;
  }
  return true;
}

void ClaimController::MarkForSlowRetry(const PersistentVolumeClaim& claim) {
  Ptr<StorageClass> sc = s_.classes.Get("", ClaimClass(claim));
  if (!sc) return;
  slow_set_[claim.metadata.uid] = SlowEntry{s_.engine.Now(), sc->metadata.uid};
}

// ---- the volume store ---------------------------------------------------------------------

Task<void> ClaimController::StoreVolume(Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc,
                                        ProvisionOutcome outcome) {
  const std::string name = outcome.volume->metadata.name;
  Status saved = co_await SaveVolume(std::move(*outcome.volume));
  if (saved.ok()) co_return;
  // Build it again for the background queue (the first copy went to the failed Create).
  PersistentVolume again = BuildCsiVolume(*claim, *sc, outcome.facts, outcome.response);
  CompleteProvisionedVolume(again, *claim, *sc);
  unsaved_.insert_or_assign(name, std::move(again));
  unsaved_queue_.Add(name);
  s_.Trace("save-volume-failed", ObjectLabel("PersistentVolume", "", name), saved.message());
}

Task<Status> ClaimController::SaveVolume(PersistentVolume volume) {
  const std::string claim_uid = volume.spec.claim_ref ? volume.spec.claim_ref->uid : std::string();
  const std::string name = volume.metadata.name;
  StatusOr<Ptr<PersistentVolume>> created = co_await s_.client.Create(std::move(volume));
  if (!created.ok() && created.status().code() != StatusCode::kAlreadyExists) co_return created.status();
  // The success event goes to the claim the PV points at, if the cache still has it.
  if (Ptr<PersistentVolumeClaim> claim = s_.ClaimByUid(claim_uid)) {
    ++s_.stats.provisioned;
    s_.library_events.Record(*claim, "Normal", msg::kReasonProvisioningSucceeded,
                             msg::ProvisionedVolume(name));
  }
  co_return Status::Ok();
}

Task<ReconcileResult> ClaimController::SaveUnsavedVolume(std::string name) {
  auto it = unsaved_.find(name);
  if (it == unsaved_.end()) co_return ReconcileResult::Done();
  Status saved = co_await SaveVolume(it->second);  // a copy: keep it until it is saved
  if (!saved.ok()) co_return ReconcileResult::Retry();
  unsaved_.erase(name);
  co_return ReconcileResult::Done();
}

}  // namespace xnsim
