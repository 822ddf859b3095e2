#include "sim/controllers/provisioner/snapshot_finalizer_sweeper.h"

#include <unordered_set>
#include <vector>

#include "sim/controllers/provisioner/claim_fields.h"

namespace xnsim {
namespace {

bool NamesSnapshot(const std::optional<std::string>& group, const std::string& kind) {
  return kind == kSnapshotKind && (!group || *group == kSnapshotGroup);
}

// "<ns>/<name>" of the snapshot a claim restores from, or "" (snapshotNameFromPVC).
std::string SnapshotOf(const PersistentVolumeClaim& claim) {
  const auto& spec = claim.spec;
  if (spec.data_source && NamesSnapshot(spec.data_source->api_group, spec.data_source->kind)) {
    return claim.metadata.namespace_ + "/" + spec.data_source->name;
  }
  if (spec.data_source_ref && NamesSnapshot(spec.data_source_ref->api_group, spec.data_source_ref->kind)) {
    const auto& ns = spec.data_source_ref->namespace_;
    return (ns && !ns->empty() ? *ns : claim.metadata.namespace_.str()) + "/" + spec.data_source_ref->name;
  }
  return {};
}

}  // namespace

void SnapshotFinalizerSweeper::Start() { scope_.Spawn(Loop()); }

Task<void> SnapshotFinalizerSweeper::Loop() {
  for (;;) {
    co_await Sweep();  // wait.Until: run, then wait the interval
    co_await Sleep(s_.engine, s_.options.snapshot_orphan_sweep_interval, EventClass::kPeriodic);
  }
}

Task<void> SnapshotFinalizerSweeper::Sweep() {
  ++sweeps_;
  // buildPendingSnapshotIndex: the one whole-cache scan of claims, once per interval.
  std::unordered_set<std::string> pending;  // looked up only
  s_.claims.ForEach("", [&pending](const Ptr<PersistentVolumeClaim>& c) {
    if (c->status.phase != "Pending" && !c->status.phase.empty()) return;
    if (std::string key = SnapshotOf(*c); !key.empty()) pending.insert(std::move(key));
  });
  std::vector<Ptr<VolumeSnapshot>> orphaned;  // in (namespace, name) order
  s_.snapshots->ForEach("", [&](const Ptr<VolumeSnapshot>& snap) {
    if (!snap->metadata.HasFinalizer(kFinalizerSnapshotSource)) return;
    if (pending.count(snap->metadata.namespace_ + "/" + snap->metadata.name)) return;
    orphaned.push_back(snap);
  });
  for (const Ptr<VolumeSnapshot>& snap : orphaned) {
    // An update of the cached copy: NotFound or Conflict are left for the next sweep.
    VolumeSnapshot copy = *snap;
    copy.metadata.finalizers = WithoutFinalizer(copy.metadata.finalizers, kFinalizerSnapshotSource);
    StatusOr<Ptr<VolumeSnapshot>> updated = co_await s_.client.Update(std::move(copy));
    s_.Trace(updated.ok() ? "snapshot-finalizer-swept" : "snapshot-finalizer-sweep-failed",
             ObjectLabel(kSnapshotKind, snap->metadata.namespace_, snap->metadata.name),
             updated.ok() ? std::string() : updated.status().message());
  }
}

}  // namespace xnsim
