#include "sim/analysis/lineage_recorder.h"

#include "sim/api/well_known.h"

namespace xnsim {

LineageRecorder::LineageRecorder(Cluster& cluster) : cluster_(cluster) {
  ApiServer& api = cluster_.api();
  watches_.push_back(api.Watch<PersistentVolume>([this](const WatchEvent<PersistentVolume>& e) {
    if (e.type != WatchEventType::kDeleted) OnVolume(*e.object);
  }));
  watches_.push_back(api.Watch<VolumeSnapshot>([this](const WatchEvent<VolumeSnapshot>& e) {
    if (e.type != WatchEventType::kDeleted) OnSnapshot(*e.object);
  }));
  watches_.push_back(
      api.Watch<VolumeSnapshotContent>([this](const WatchEvent<VolumeSnapshotContent>& e) {
        if (e.type != WatchEventType::kDeleted) OnContent(*e.object);
      }));
}

LineageRecorder::~LineageRecorder() {
  for (int id : watches_) cluster_.api().Unwatch(id);
}

void LineageRecorder::Record(LineageKind kind, DataRef from, DataRef to) {
  if (!recorded_.insert({from, to, kind}).second) return;
  lineage_.push_back(LineageEdge{cluster_.api().engine().Now(), std::move(from), std::move(to), kind});
}

void LineageRecorder::OnVolume(const PersistentVolume& pv) {
  if (!pv.spec.claim_ref || pv.spec.claim_ref->name.empty()) return;
  const ObjectReference& ref = *pv.spec.claim_ref;
  const DataRef claim_ref{DataKind::kClaim, ref.namespace_, ref.name};
  Record(LineageKind::kBinding, claim_ref, DataRef{DataKind::kVolume, "", pv.metadata.name});
  // A copy only when the backend volume was populated from something.
  if (!pv.spec.csi) return;
  csi::MockDriver* driver = cluster_.driver(pv.spec.csi->driver);
  const csi::VolumeInfo* info = driver ? driver->FindVolume(pv.spec.csi->volume_handle) : nullptr;
  if (info == nullptr || !info->source) return;
  Ptr<PersistentVolumeClaim> claim = cluster_.api().Get<PersistentVolumeClaim>(ref.namespace_, ref.name);
  if (!claim || (!ref.uid.empty() && claim->metadata.uid != ref.uid)) return;
  // What the claim asked for is what the provisioner copied (the grant-checked
  // invariant holds it to that).
  std::string kind, name, ns = claim->metadata.namespace_;
  if (const auto& r = claim->spec.data_source_ref) {
    kind = r->kind;
    name = r->name;
    if (r->namespace_ && !r->namespace_->empty()) ns = *r->namespace_;
  } else if (const auto& d = claim->spec.data_source) {
    kind = d->kind;
    name = d->name;
  }
  if (kind == kClaimKind) {
    Record(LineageKind::kClone, DataRef{DataKind::kClaim, ns, name}, claim_ref);
  } else if (kind == kSnapshotKind) {
    Record(LineageKind::kRestore, DataRef{DataKind::kSnapshot, ns, name}, claim_ref);
  }
}

void LineageRecorder::OnSnapshot(const VolumeSnapshot& s) {
  const DataRef snapshot{DataKind::kSnapshot, s.metadata.namespace_, s.metadata.name};
  if (!s.status) return;
  if (s.status->bound_volume_snapshot_content_name &&
      !s.status->bound_volume_snapshot_content_name->empty()) {
    Record(LineageKind::kContent, snapshot,
           DataRef{DataKind::kContent, "", *s.status->bound_volume_snapshot_content_name});
  }
  // A snapshot holds its claim's data once it is cut (ready to use).
  if (s.spec.persistent_volume_claim_name && s.status->ready_to_use.value_or(false)) {
    Record(LineageKind::kSnapshot,
           DataRef{DataKind::kClaim, s.metadata.namespace_, *s.spec.persistent_volume_claim_name},
           snapshot);
  }
}

void LineageRecorder::OnContent(const VolumeSnapshotContent& c) {
  // A pre-provisioned content gives its data to the snapshot it is bound to.
  const ObjectReference& ref = c.spec.volume_snapshot_ref;
  if (ref.name.empty() || !c.spec.snapshot_handle) return;
  Record(LineageKind::kContent, DataRef{DataKind::kSnapshot, ref.namespace_, ref.name},
         DataRef{DataKind::kContent, "", c.metadata.name});
}

void SetGrantActivity(const Cluster& cluster, AccessState& state) {
  const GateSet& api = cluster.gates(Component::kKubeApiserver);
  const GateSet& provisioner = cluster.gates(Component::kCsiProvisioner);
  std::vector<std::string> off;
  if (!api.Enabled(Gate::kAnyVolumeDataSource)) off.push_back("AnyVolumeDataSource is off on kube-apiserver");
  if (!api.Enabled(Gate::kCrossNamespaceVolumeDataSource)) {
    off.push_back("CrossNamespaceVolumeDataSource is off on kube-apiserver");
  }
  if (!provisioner.Enabled(Gate::kCrossNamespaceVolumeDataSource)) {
    off.push_back("CrossNamespaceVolumeDataSource is off on csi-provisioner");
  }
  state.grants_active = off.empty();
  state.grants_inert_reason.clear();
  for (const std::string& why : off) {
    state.grants_inert_reason += (state.grants_inert_reason.empty() ? "" : "; ") + why;
  }
}

AccessState LineageRecorder::Capture() const {
  const ApiServer& api = cluster_.api();
  AccessState s;
  s.at = cluster_.api().engine().Now();
  for (const auto& ns : api.List<Namespace>()) s.namespaces.push_back(ns->metadata.name);
  s.grants = api.List<ReferenceGrant>();
  for (const auto& c : api.List<PersistentVolumeClaim>()) {
    s.objects.push_back(DataRef{DataKind::kClaim, c->metadata.namespace_, c->metadata.name});
  }
  for (const auto& v : api.List<VolumeSnapshot>()) {
    s.objects.push_back(DataRef{DataKind::kSnapshot, v->metadata.namespace_, v->metadata.name});
  }
  for (const auto& c : api.List<VolumeSnapshotContent>()) {
    s.objects.push_back(DataRef{DataKind::kContent, "", c->metadata.name});
  }
  for (const auto& p : api.List<PersistentVolume>()) {
    s.objects.push_back(DataRef{DataKind::kVolume, "", p->metadata.name});
  }
  s.lineage = lineage_;
  SetGrantActivity(cluster_, s);
  return s;
}

}  // namespace xnsim
