#include "sim/controllers/provisioner/volume_builder.h"

#include "sim/controllers/provisioner/claim_fields.h"

namespace xnsim {
namespace {

// GenerateVolumeNodeAffinity: one term per accessible topology, one In requirement per
// segment.
std::optional<std::vector<NodeSelectorTerm>> NodeAffinity(const std::vector<csi::Topology>& topologies) {
  if (topologies.empty()) return std::nullopt;
  std::vector<NodeSelectorTerm> terms;
  terms.reserve(topologies.size());
  for (const csi::Topology& t : topologies) {
    NodeSelectorTerm term;
    for (const auto& [key, value] : t) {
      term.match_expressions.push_back(NodeSelectorRequirement{key, "In", {value}});
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace

PersistentVolume BuildCsiVolume(const PersistentVolumeClaim& claim, const StorageClass& sc,
                                const CsiVolumeFacts& facts, const csi::Volume& volume) {
  PersistentVolume pv;
  pv.metadata.name = facts.pv_name;
  pv.metadata.annotations.emplace(kAnnDeletionSecretName, "");
  pv.metadata.annotations.emplace(kAnnDeletionSecretNamespace, "");

  PersistentVolume::CSISource csi;
  csi.driver = facts.driver;
  csi.volume_handle = volume.volume_id;
  csi.volume_attributes = volume.volume_context;
  // The identity key is set first and the driver's context copied over it.
  csi.volume_attributes.emplace(std::string(kVolumeAttrProvisionerIdentity), facts.identity);
  if (!ClaimIsBlock(claim)) csi.fs_type = facts.fs_type;

  auto& spec = pv.spec;
  spec.csi = std::move(csi);
  spec.access_modes = claim.spec.access_modes;
  spec.mount_options = sc.mount_options;
  spec.capacity.emplace("storage", Quantity::FromBinaryValue(facts.capacity_bytes));
  if (sc.reclaim_policy) spec.persistent_volume_reclaim_policy = *sc.reclaim_policy;
  if (facts.topology) spec.node_affinity_required = NodeAffinity(volume.accessible_topology);
  spec.volume_mode = claim.spec.volume_mode;
  return pv;
}

void CompleteProvisionedVolume(PersistentVolume& pv, const PersistentVolumeClaim& claim,
                               const StorageClass& sc) {
  const ObjectMeta& m = claim.metadata;
  pv.spec.claim_ref = ObjectReference{"v1", std::string(kClaimKind), m.namespace_, m.name, m.uid,
                                      std::to_string(m.resource_version), ""};
  if (!pv.metadata.HasFinalizer(kFinalizerPV)) pv.metadata.finalizers.emplace_back(kFinalizerPV);
  pv.metadata.annotations[kAnnProvisionedBy] = sc.provisioner;
  pv.spec.storage_class_name = std::string(ClaimClass(claim));
}

}  // namespace xnsim
