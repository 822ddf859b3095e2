#include "sim/scenario/claim_volume.h"

#include "sim/core/quote.h"

namespace xnsim {

namespace {

std::string DriverNames(const Cluster& cluster) {
  std::string out;
  for (const auto& d : cluster.drivers()) out += (out.empty() ? "" : ", ") + d->name();
  return out.empty() ? "none" : out;
}

// The object that carries a backend id, found by a scan: only failure messages ask.
std::string SnapshotObjectOf(const ApiServer& api, const std::string& snapshot_id) {
  for (const Ptr<VolumeSnapshotContent>& c : api.List<VolumeSnapshotContent>()) {
    const bool by_status = c->status && c->status->snapshot_handle == snapshot_id;
    if (by_status || c->spec.snapshot_handle == snapshot_id) {
      const ObjectReference& ref = c->spec.volume_snapshot_ref;
      return "VolumeSnapshot " + ref.namespace_ + "/" + ref.name + ", content " +
             c->metadata.name;
    }
  }
  return {};
}

std::string ClaimObjectOf(const ApiServer& api, const std::string& volume_id) {
  for (const Ptr<PersistentVolume>& pv : api.List<PersistentVolume>()) {
    if (!pv->spec.csi || pv->spec.csi->volume_handle != volume_id) continue;
    std::string out = "PersistentVolume " + pv->metadata.name;
    if (pv->spec.claim_ref) {
      out += " of claim " + pv->spec.claim_ref->namespace_ + "/" + pv->spec.claim_ref->name;
    }
    return out;
  }
  return {};
}

std::string InParens(const std::string& s) { return s.empty() ? "" : " (" + s + ")"; }

}  // namespace

StatusOr<ClaimVolume> FindClaimVolume(Cluster& cluster, std::string_view ns,
                                      std::string_view name) {
  const std::string label = ObjectLabel("PersistentVolumeClaim", ns, name);
  ClaimVolume out;
  out.claim = cluster.api().Get<PersistentVolumeClaim>(ns, name);
  if (out.claim == nullptr) return NotFoundError(label + " not found");
  const std::string& pv_name = out.claim->spec.volume_name;
  if (pv_name.empty()) {
    const std::string& phase = out.claim->status.phase;
    return InvalidError(label + " is not bound to a volume yet (phase " +
                        (phase.empty() ? std::string("unset") : phase) +
                        ", spec.volumeName empty)");
  }
  out.volume = cluster.api().Get<PersistentVolume>("", pv_name);
  if (out.volume == nullptr) {
    return NotFoundError(label + " names volume " + pv_name + ", but PersistentVolume " +
                         pv_name + " does not exist");
  }
  const std::string pv_label = "PersistentVolume " + pv_name + " of " + label;
  if (!out.volume->spec.csi) {
    return InvalidError(pv_label +
                        " is not a CSI volume: only volumes of the cluster's CSI drivers hold "
                        "content");
  }
  const PersistentVolume::CSISource& csi = *out.volume->spec.csi;
  out.driver = cluster.driver(csi.driver);
  if (out.driver == nullptr) {
    return InvalidError(pv_label + " belongs to CSI driver " + GoQuote(csi.driver) +
                        ", which this cluster does not run (it runs " + DriverNames(cluster) +
                        ")");
  }
  out.info = out.driver->FindVolume(csi.volume_handle);
  if (out.info == nullptr) {
    return NotFoundError(pv_label + " has volumeHandle " + GoQuote(csi.volume_handle) +
                         ", but driver " + csi.driver +
                         " holds no such volume (deleted, or a PersistentVolume made by hand)");
  }
  return out;
}

std::string DescribeOrigin(Cluster& cluster, const csi::MockDriver& driver,
                           const csi::VolumeInfo& info) {
  const std::string at = FormatDuration(info.created_at);
  if (!info.source) return "created empty at " + at;
  const std::string& id = info.source->id;
  if (info.source->type == csi::VolumeContentSource::Type::kSnapshot) {
    std::string out = "restored at " + at + " from snapshot " + GoQuote(id) +
                      InParens(SnapshotObjectOf(cluster.api(), id));
    if (const csi::SnapshotInfo* snap = driver.FindSnapshot(id)) {
      out += ", which was cut at " + FormatDuration(snap->created_at) + " from volume " +
             GoQuote(snap->source_volume_id) + " holding " + GoQuote(snap->content);
    }
    return out;
  }
  std::string out =
      "cloned at " + at + " from volume " + GoQuote(id) + InParens(ClaimObjectOf(cluster.api(), id));
  if (const csi::VolumeInfo* src = driver.FindVolume(id)) {
    out += ", which now holds " + GoQuote(src->content);
  }
  return out;
}

}  // namespace xnsim
