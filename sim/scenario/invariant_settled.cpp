#include "sim/scenario/invariant_settled.h"

#include <set>
#include <string_view>
#include <utility>

#include "sim/api/well_known.h"
#include "sim/core/quote.h"

namespace xnsim {

namespace {

using NsName = std::pair<std::string, std::string>;

bool IsPending(const PersistentVolumeClaim& c) {
  return c.status.phase == "Pending" || c.status.phase.empty();
}

bool Finished(const Pod& p) { return p.status.phase == "Succeeded" || p.status.phase == "Failed"; }

// Why an object still exists, gathered once per check from the whole store.
struct Reasons {
  std::set<NsName> claims_in_use;         // by a Pod that has not finished
  std::set<NsName> claims_being_cloned;   // by a Pending same-namespace clone
  std::set<NsName> snapshots_restoring;   // by a Pending claim, any namespace
  std::set<NsName> claims_being_snapshotted;  // by a VolumeSnapshot not yet ready
};

Reasons GatherReasons(const ApiServer& api) {
  Reasons r;
  for (const Ptr<Pod>& pod : api.List<Pod>()) {
    if (Finished(*pod)) continue;
    for (const Pod::Volume& v : pod->spec.volumes) {
      if (v.claim_name) r.claims_in_use.emplace(pod->metadata.namespace_, *v.claim_name);
    }
  }
  for (const Ptr<PersistentVolumeClaim>& claim : api.List<PersistentVolumeClaim>()) {
    if (!IsPending(*claim)) continue;
    const std::string& ns = claim->metadata.namespace_;
    const auto& spec = claim->spec;
    if (spec.data_source) {
      const std::string group = spec.data_source->api_group.value_or("");
      if (spec.data_source->kind == "PersistentVolumeClaim" && group.empty()) {
        r.claims_being_cloned.emplace(ns, spec.data_source->name);
      } else if (spec.data_source->kind == "VolumeSnapshot" && group == kSnapshotGroup) {
        r.snapshots_restoring.emplace(ns, spec.data_source->name);
      }
    }
    if (spec.data_source_ref && spec.data_source_ref->kind == "VolumeSnapshot" &&
        spec.data_source_ref->api_group.value_or("") == kSnapshotGroup) {
      const std::string& ref_ns = spec.data_source_ref->namespace_.value_or("");
      r.snapshots_restoring.emplace(ref_ns.empty() ? ns : ref_ns, spec.data_source_ref->name);
    }
  }
  for (const Ptr<VolumeSnapshot>& snap : api.List<VolumeSnapshot>()) {
    const bool ready = snap->status && snap->status->ready_to_use.value_or(false);
    if (!ready && snap->spec.persistent_volume_claim_name) {
      r.claims_being_snapshotted.emplace(snap->metadata.namespace_,
                                         *snap->spec.persistent_volume_claim_name);
    }
  }
  return r;
}

std::string Stuck(std::string_view kind, const ObjectMeta& m, SimTime now,
                  std::string_view finalizer, std::string_view reason_gone) {
  return ObjectLabel(kind, m.namespace_, m.name) + " has been terminating for " +
         FormatDuration(now - *m.deletion_timestamp) + " and still carries " +
         std::string(finalizer) + ", though " + std::string(reason_gone);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::vector<std::string> FindOrphans(const ApiServer& api,
                                     const std::vector<std::unique_ptr<csi::MockDriver>>& drivers) {
  std::vector<std::string> out;
  const std::vector<Ptr<PersistentVolume>> volumes = api.List<PersistentVolume>();
  // (driver, volume handle), viewing the listed volumes: no copies per volume.
  std::set<std::pair<std::string_view, std::string_view>> named;
  for (const Ptr<PersistentVolume>& pv : volumes) {
    if (pv->spec.csi) named.emplace(pv->spec.csi->driver, pv->spec.csi->volume_handle);
  }
  for (const auto& driver : drivers) {
    for (const csi::VolumeInfo* v : driver->Volumes()) {
      if (named.count({std::string_view(driver->name()), std::string_view(v->volume_id)})) continue;
      out.push_back("driver " + driver->name() + " holds volume " + GoQuote(v->volume_id) +
                    " (" + GoQuote(v->name) + ", created at " + FormatDuration(v->created_at) +
                    ") that no PersistentVolume names");
    }
  }
  for (const Ptr<PersistentVolume>& pv : volumes) {
    const PersistentVolume::Spec& spec = pv->spec;
    const std::string& policy = spec.persistent_volume_reclaim_policy;
    if (policy == "Retain" || policy.empty()) continue;  // Retain is the API default
    const std::string label =
        "PersistentVolume " + pv->metadata.name + " (reclaim policy " + policy + ")";
    if (!spec.claim_ref) {
      out.push_back(label + " has no claimRef");
      continue;
    }
    const ObjectReference& ref = *spec.claim_ref;
    const Ptr<PersistentVolumeClaim> claim = api.Get<PersistentVolumeClaim>(ref.namespace_, ref.name);
    if (claim == nullptr) {
      out.push_back(label + " names claim " + ref.namespace_ + "/" + ref.name +
                    ", which does not exist");
    } else if (!ref.uid.empty() && claim->metadata.uid != ref.uid) {
      out.push_back(label + " names claim " + ref.namespace_ + "/" + ref.name + " with uid " +
                    ref.uid + ", but that claim is now uid " + claim->metadata.uid);
    }
  }
  return out;
}

std::vector<std::string> FindStuckFinalizers(const ApiServer& api, SimTime now,
                                             SimDuration snapshot_sweep_grace) {
  std::vector<std::string> out;
  const Reasons reasons = GatherReasons(api);

  for (const Ptr<PersistentVolumeClaim>& claim : api.List<PersistentVolumeClaim>()) {
    const ObjectMeta& m = claim->metadata;
    if (!m.deletion_timestamp) continue;
    const NsName key{m.namespace_, m.name};
    if (m.HasFinalizer(kPvcProtectionFinalizer) && !reasons.claims_in_use.count(key)) {
      out.push_back(Stuck("PersistentVolumeClaim", m, now, kPvcProtectionFinalizer,
                          "no running Pod uses the claim"));
    }
    if (m.HasFinalizer(kCloneSourceFinalizer) && !reasons.claims_being_cloned.count(key)) {
      out.push_back(Stuck("PersistentVolumeClaim", m, now, kCloneSourceFinalizer,
                          "no Pending claim in its namespace clones it"));
    }
    if (m.HasFinalizer(kPvcAsSnapshotSourceFinalizer) && !reasons.claims_being_snapshotted.count(key)) {
      out.push_back(Stuck("PersistentVolumeClaim", m, now, kPvcAsSnapshotSourceFinalizer,
                          "no snapshot of it is being cut"));
    }
  }
  for (const Ptr<PersistentVolume>& pv : api.List<PersistentVolume>()) {
    const ObjectMeta& m = pv->metadata;
    if (m.deletion_timestamp && m.HasFinalizer(kPvProtectionFinalizer) && pv->status.phase != "Bound") {
      out.push_back(Stuck("PersistentVolume", m, now, kPvProtectionFinalizer,
                          "it is " + (pv->status.phase.empty() ? std::string("phase-less")
                                                               : pv->status.phase.str()) +
                              ", not Bound"));
    }
  }
  for (const Ptr<VolumeSnapshot>& snap : api.List<VolumeSnapshot>()) {
    const ObjectMeta& m = snap->metadata;
    if (!m.deletion_timestamp || reasons.snapshots_restoring.count({m.namespace_, m.name})) continue;
    for (const std::string& f : m.finalizers) {
      const bool swept = f == kProvisionerSnapshotSourceFinalizer;
      if (!swept && !StartsWith(f, kSnapshotterFinalizerPrefix)) continue;
      // The sweeper has not necessarily run since the deletion: give it one interval.
      if (swept && now - *m.deletion_timestamp <= snapshot_sweep_grace) continue;
      out.push_back(Stuck("VolumeSnapshot", m, now, f, "no Pending claim restores it"));
    }
  }
  for (const Ptr<VolumeSnapshotContent>& content : api.List<VolumeSnapshotContent>()) {
    const ObjectMeta& m = content->metadata;
    const ObjectReference& ref = content->spec.volume_snapshot_ref;
    if (!m.deletion_timestamp || reasons.snapshots_restoring.count({ref.namespace_, ref.name})) {
      continue;
    }
    for (const std::string& f : m.finalizers) {
      if (!StartsWith(f, kSnapshotterFinalizerPrefix)) continue;
      out.push_back(Stuck("VolumeSnapshotContent", m, now, f,
                          "no Pending claim restores its VolumeSnapshot " + ref.namespace_ + "/" +
                              ref.name));
    }
  }
  return out;
}

}  // namespace xnsim
