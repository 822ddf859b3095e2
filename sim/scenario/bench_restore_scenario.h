// The scenario text the throughput benchmarks share (restore_bench, scale_bench): a
// VolumeSnapshot prod/snap1 of a written claim, and `namespaces` team namespaces, each
// with a ReferenceGrant in prod that lets its claims restore snap1. Claims follow.
#pragma once

#include <string>

namespace xnsim::bench {

// Everything up to and including the grants; an `apply` step of claims comes next.
inline std::string RestoreSourceAndGrants(const std::string& name, int namespaces,
                                          bool fast_controller_manager) {
  std::string y = "apiVersion: xnsim.io/v1alpha1\nkind: Scenario\nmetadata: {name: " + name + "}\n";
  y += R"(cluster:
  featureGates: {all: {CrossNamespaceVolumeDataSource: true}}
  drivers:
  - name: hostpath.csi.k8s.io
    capabilities: [CREATE_DELETE_VOLUME, CLONE_VOLUME, CREATE_DELETE_SNAPSHOT]
    maxInflight: 1000
    costs:
      createVolume: {base: 50ms}
      restoreSnapshot: {base: 100ms, perGiB: 500ms}
      createSnapshot: {base: 200ms}
  provisioner: {workerThreads: 100, kubeApiQps: 1000, kubeApiBurst: 2000}
)";
  // kube-controller-manager's default 20 QPS binds about four writes per claim, so
  // 10,000 claims take ~2,000 s of virtual time, through which its 15 s resync revisits
  // every pending claim and volume: the real cost of the default.
  if (fast_controller_manager) y += "  controllerManager: {kubeApiQps: 1000, kubeApiBurst: 2000}\n";
  y += R"(steps:
- apply:
    resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: prod}}
    - apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: example}
      provisioner: hostpath.csi.k8s.io
    - apiVersion: snapshot.storage.k8s.io/v1
      kind: VolumeSnapshotClass
      metadata: {name: example}
      driver: hostpath.csi.k8s.io
      deletionPolicy: Delete
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: db, namespace: prod}
      spec: {storageClassName: example, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assert: {within: 1m, resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: db, namespace: prod}, status: {phase: Bound}}}
- write: {pvc: prod/db, content: prod-db@snap1, used: 1Gi}
- apply:
    resource:
      apiVersion: snapshot.storage.k8s.io/v1
      kind: VolumeSnapshot
      metadata: {name: snap1, namespace: prod}
      spec: {volumeSnapshotClassName: example, source: {persistentVolumeClaimName: db}}
- assert: {within: 1m, resource: {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshot, metadata: {name: snap1, namespace: prod}, status: {readyToUse: true}}}
- apply:
    resources:
)";
  for (int n = 0; n < namespaces; ++n) {
    const std::string ns = "team-" + std::to_string(n);
    y += "    - {apiVersion: v1, kind: Namespace, metadata: {name: " + ns + "}}\n";
    y += "    - {apiVersion: gateway.networking.k8s.io/v1beta1, kind: ReferenceGrant, metadata: "
         "{name: from-" + ns + ", namespace: prod}, spec: {from: [{group: \"\", kind: "
         "PersistentVolumeClaim, namespace: " + ns + "}], to: [{group: snapshot.storage.k8s.io, "
         "kind: VolumeSnapshot, name: snap1}]}}\n";
  }
  return y;
}

// The manifest of claim i: restore-<i> in team-<i mod namespaces>, restoring prod/snap1.
inline std::string RestoreClaim(int i, int namespaces) {
  return "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: restore-" +
         std::to_string(i) + ", namespace: team-" + std::to_string(i % namespaces) +
         "}, spec: {storageClassName: example, accessModes: [ReadWriteOnce], resources: "
         "{requests: {storage: 1Gi}}, dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: "
         "VolumeSnapshot, name: snap1, namespace: prod}}}";
}

// The steps after the claims: everything settles, and the first claim holds the data.
inline constexpr const char* kRestoreSettleAndCheck =
    "- settle: {timeout: 240h}\n- assertContent: {pvc: team-0/restore-0, content: prod-db@snap1}\n";

}  // namespace xnsim::bench
