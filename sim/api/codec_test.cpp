#include "sim/api/codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "sim/api/codec_tree.h"

namespace xnsim {
namespace {

using nlohmann::json;

std::vector<DecodedObject> DecodeOk(std::string_view text, std::string_view file = "test.yaml") {
  StatusOr<std::vector<DecodedObject>> r = DecodeManifests(text, file);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  return *r;
}

template <class T>
T DecodeOne(std::string_view text) {
  std::vector<DecodedObject> objs = DecodeOk(text);
  EXPECT_EQ(objs.size(), 1u);
  if (objs.size() != 1 || !std::holds_alternative<T>(objs[0].object)) {
    ADD_FAILURE() << "not one object of the expected kind";
    return T{};
  }
  return std::get<T>(objs[0].object);
}

// The error of a manifest that must not decode.
Status DecodeError(std::string_view text, std::string_view file = "test.yaml") {
  StatusOr<std::vector<DecodedObject>> r = DecodeManifests(text, file);
  EXPECT_FALSE(r.ok()) << "decoded, but should not have";
  return r.ok() ? Status() : r.status();
}

// Encode as YAML and as JSON, decode both again: the same object, and the same text.
void ExpectRoundTrip(const AnyObject& obj) {
  const std::string yaml = EncodeYaml(obj);
  StatusOr<std::vector<DecodedObject>> again = DecodeManifests(yaml, "encoded.yaml");
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << yaml;
  ASSERT_EQ(again->size(), 1u);
  EXPECT_TRUE((*again)[0].object == obj) << yaml;
  EXPECT_EQ(EncodeYaml((*again)[0].object), yaml);

  const std::string text = EncodeJson(obj);
  StatusOr<AnyObject> from_json = DecodeManifestJson(json::parse(text));
  ASSERT_TRUE(from_json.ok()) << from_json.status().ToString() << "\n" << text;
  EXPECT_TRUE(*from_json == obj) << text;
  EXPECT_EQ(EncodeJson(*from_json), text);

  // JSON text is YAML too: kubectl takes either.
  StatusOr<std::vector<DecodedObject>> from_json_text = DecodeManifests(text, "encoded.json");
  ASSERT_TRUE(from_json_text.ok()) << from_json_text.status().ToString();
  EXPECT_TRUE((*from_json_text)[0].object == obj);
}

// ---- round trips, one realistic manifest per kind ---------------------------------------

TEST(CodecRoundTrip, Namespace) {
  auto ns = DecodeOne<Namespace>(R"(apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels:
    kubernetes.io/metadata.name: prod
    team: storage
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
  conditions:
  - type: NamespaceDeletionDiscoveryFailure
    status: "False"
)");
  EXPECT_EQ(ns.metadata.labels.at("team"), "storage");
  EXPECT_EQ(ns.spec.finalizers, std::vector<std::string>{"kubernetes"});
  EXPECT_EQ(ns.status.phase, "Active");
  ExpectRoundTrip(ns);
}

TEST(CodecRoundTrip, PersistentVolumeClaimWithCrossNamespaceDataSourceRef) {
  // The manifest of the Kubernetes blog post on cross-namespace data sources.
  auto pvc = DecodeOne<PersistentVolumeClaim>(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: example-pvc
  namespace: dev
spec:
  storageClassName: example
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
  dataSourceRef:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
    namespace: prod
  volumeMode: Filesystem
)");
  ASSERT_TRUE(pvc.spec.data_source_ref.has_value());
  EXPECT_EQ(pvc.spec.data_source_ref->api_group, "snapshot.storage.k8s.io");
  EXPECT_EQ(pvc.spec.data_source_ref->kind, "VolumeSnapshot");
  EXPECT_EQ(pvc.spec.data_source_ref->name, "new-snapshot-demo");
  EXPECT_EQ(pvc.spec.data_source_ref->namespace_, "prod");
  EXPECT_EQ(pvc.spec.storage_class_name, "example");
  EXPECT_EQ(pvc.spec.volume_mode, "Filesystem");
  EXPECT_EQ(pvc.spec.resources.requests.at("storage").value(), kGi);
  EXPECT_FALSE(pvc.spec.data_source.has_value());
  ExpectRoundTrip(pvc);
}

TEST(CodecRoundTrip, PersistentVolumeClaimWithStatusSelectorAndTimestamps) {
  auto pvc = DecodeOne<PersistentVolumeClaim>(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db
  namespace: prod
  uid: 5f0c3b1e-0000-4000-8000-000000000001
  resourceVersion: "42"
  generation: 3
  creationTimestamp: "2026-01-01T00:01:30Z"
  deletionTimestamp: "2026-01-01T01:00:00Z"
  deletionGracePeriodSeconds: 0
  annotations:
    pv.kubernetes.io/bind-completed: "yes"
  finalizers:
  - kubernetes.io/pvc-protection
  ownerReferences:
  - apiVersion: apps/v1
    kind: StatefulSet
    name: db
    uid: 5f0c3b1e-0000-4000-8000-000000000002
    controller: true
    blockOwnerDeletion: false
spec:
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  selector:
    matchLabels:
      tier: gold
    matchExpressions:
    - key: zone
      operator: In
      values: [a, b]
  resources:
    requests:
      storage: 10Gi
    limits:
      storage: 20Gi
  volumeName: pvc-1
  storageClassName: ""
  dataSource:
    kind: PersistentVolumeClaim
    name: other
  volumeAttributesClassName: silver
status:
  phase: Bound
  accessModes: [ReadWriteOnce]
  capacity:
    storage: 10Gi
  conditions:
  - type: Resizing
    status: "True"
    lastProbeTime: null
    lastTransitionTime: "2026-01-01T00:02:00Z"
    reason: Expanding
    message: resize in progress
)");
  EXPECT_EQ(pvc.metadata.resource_version, 42u);
  EXPECT_EQ(pvc.metadata.generation, 3);
  EXPECT_EQ(pvc.metadata.creation_timestamp, 90 * kSecond);
  EXPECT_EQ(pvc.metadata.deletion_timestamp, kHour);
  EXPECT_EQ(pvc.metadata.deletion_grace_period_seconds, 0);
  EXPECT_EQ(pvc.metadata.owner_references.at(0).controller, true);
  EXPECT_EQ(pvc.metadata.owner_references.at(0).block_owner_deletion, false);
  EXPECT_EQ(pvc.spec.storage_class_name, "");  // set, and empty: not the same as unset
  EXPECT_EQ(pvc.spec.selector->match_expressions.at(0).operator_, "In");
  EXPECT_EQ(pvc.spec.data_source->api_group, std::nullopt);
  EXPECT_EQ(pvc.status.conditions.at(0).last_transition_time, 2 * kMinute);
  ExpectRoundTrip(pvc);

  const json tree = ToJson(pvc);
  EXPECT_EQ(tree["metadata"]["resourceVersion"], "42");
  EXPECT_EQ(tree["metadata"]["creationTimestamp"], "2026-01-01T00:01:30Z");
  EXPECT_EQ(tree["spec"]["storageClassName"], "");
  EXPECT_EQ(tree["metadata"]["deletionGracePeriodSeconds"], 0);
}

TEST(CodecRoundTrip, PersistentVolumeWithCsiClaimRefAndNodeAffinity) {
  auto pv = DecodeOne<PersistentVolume>(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: pvc-0a1b
  annotations:
    pv.kubernetes.io/provisioned-by: hostpath.csi.k8s.io
  finalizers: [kubernetes.io/pv-protection, external-provisioner.volume.kubernetes.io/finalizer]
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: example
  mountOptions: [noatime]
  volumeMode: Filesystem
  claimRef:
    apiVersion: v1
    kind: PersistentVolumeClaim
    namespace: dev
    name: example-pvc
    uid: 5f0c3b1e-0000-4000-8000-000000000003
    resourceVersion: "7"
  csi:
    driver: hostpath.csi.k8s.io
    volumeHandle: 1e0f-vol
    fsType: ext4
    readOnly: false
    volumeAttributes:
      storage.kubernetes.io/csiProvisionerIdentity: 1767225600000-1234-hostpath.csi.k8s.io
    nodeStageSecretRef:
      name: secret
      namespace: default
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: topology.hostpath.csi/node
          operator: In
          values: [node-1]
status:
  phase: Bound
  lastPhaseTransitionTime: "2026-01-01T00:00:05Z"
)");
  EXPECT_EQ(pv.spec.persistent_volume_reclaim_policy, "Delete");
  EXPECT_EQ(pv.spec.claim_ref->namespace_, "dev");
  EXPECT_EQ(pv.spec.csi->volume_handle, "1e0f-vol");
  EXPECT_EQ(pv.spec.csi->read_only, false);
  ASSERT_TRUE(pv.spec.node_affinity_required.has_value());
  EXPECT_EQ(pv.spec.node_affinity_required->at(0).match_expressions.at(0).values,
            std::vector<std::string>{"node-1"});
  ExpectRoundTrip(pv);
  EXPECT_EQ(ToJson(pv)["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]
                     ["matchExpressions"][0]["key"],
            "topology.hostpath.csi/node");
}

TEST(CodecRoundTrip, PersistentVolumeCarriesHostPathLocalAndNfsVerbatim) {
  auto pv = DecodeOne<PersistentVolume>(R"(apiVersion: v1
kind: PersistentVolume
metadata: {name: static}
spec:
  capacity: {storage: 5Gi}
  hostPath: {path: /mnt/data, type: DirectoryOrCreate}
  local: {path: /mnt/disks/ssd1}
  nfs: {server: nfs.example.com, path: /exports, readOnly: true}
)");
  EXPECT_EQ(pv.spec.host_path.text, R"({"path":"/mnt/data","type":"DirectoryOrCreate"})");
  EXPECT_EQ(pv.spec.local.text, R"({"path":"/mnt/disks/ssd1"})");
  EXPECT_EQ(pv.spec.nfs.text, R"({"path":"/exports","readOnly":true,"server":"nfs.example.com"})");
  ExpectRoundTrip(pv);
}

TEST(CodecRoundTrip, PodCarriesContainersAndOtherVolumeSourcesVerbatim) {
  auto pod = DecodeOne<Pod>(R"(apiVersion: v1
kind: Pod
metadata:
  name: reader
  namespace: dev
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "cat /data/file && sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data
    resources:
      requests: {cpu: 100m, memory: 64Mi}
  restartPolicy: Never
  securityContext: {runAsUser: 1000}
  nodeSelector:
    kubernetes.io/hostname: node-1
  schedulerName: default-scheduler
  nodeName: node-1
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: example-pvc
      readOnly: true
  - name: scratch
    emptyDir: {}
  - name: config
    configMap:
      name: app-config
status:
  phase: Running
  podIP: 10.0.0.5
)");
  EXPECT_EQ(pod.spec.node_name, "node-1");
  EXPECT_EQ(pod.spec.scheduler_name, "default-scheduler");
  EXPECT_EQ(pod.spec.node_selector.at("kubernetes.io/hostname"), "node-1");
  ASSERT_EQ(pod.spec.volumes.size(), 3u);
  EXPECT_EQ(pod.spec.volumes[0].claim_name, "example-pvc");
  EXPECT_EQ(pod.spec.volumes[0].read_only, true);
  EXPECT_EQ(pod.spec.volumes[0].other.text, "");
  EXPECT_EQ(pod.spec.volumes[1].claim_name, std::nullopt);
  EXPECT_EQ(pod.spec.volumes[1].other.text, R"({"emptyDir":{}})");
  EXPECT_EQ(pod.spec.volumes[2].other.text, R"({"configMap":{"name":"app-config"}})");
  EXPECT_EQ(pod.spec.rest.text,
            R"({"containers":[{"command":["sh","-c","cat /data/file && sleep 3600"],)"
            R"("image":"busybox:1.36","name":"app","resources":{"requests":{"cpu":"100m",)"
            R"("memory":"64Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"}]}],)"
            R"("restartPolicy":"Never","securityContext":{"runAsUser":1000}})");
  EXPECT_EQ(pod.status.phase, "Running");
  ExpectRoundTrip(pod);

  // The carried fields come back inside spec, beside the typed ones.
  const json spec = ToJson(pod)["spec"];
  EXPECT_EQ(spec["containers"][0]["image"], "busybox:1.36");
  EXPECT_EQ(spec["restartPolicy"], "Never");
  EXPECT_EQ(spec["nodeName"], "node-1");
  EXPECT_EQ(spec["volumes"][1], json::parse(R"({"name":"scratch","emptyDir":{}})"));
}

// A training Job as `kubectl get job -o yaml` prints it: generated selector and labels,
// defaulted fields, a pod template mounting a claim, and the status the job controller
// writes.
TEST(CodecRoundTrip, JobWithPodTemplateMountingAClaimAndControllerStatus) {
  auto job = DecodeOne<Job>(R"(apiVersion: batch/v1
kind: Job
metadata:
  name: train
  namespace: ml
  uid: 0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01
  resourceVersion: "812"
  generation: 1
  creationTimestamp: "2025-03-01T10:00:00Z"
  labels:
    batch.kubernetes.io/controller-uid: 0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01
    batch.kubernetes.io/job-name: train
    controller-uid: 0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01
    job-name: train
spec:
  backoffLimit: 4
  completionMode: NonIndexed
  completions: 1
  manualSelector: false
  parallelism: 1
  podReplacementPolicy: TerminatingOrFailed
  selector:
    matchLabels:
      batch.kubernetes.io/controller-uid: 0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01
  suspend: false
  ttlSecondsAfterFinished: 600
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: trainer
        batch.kubernetes.io/controller-uid: 0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01
        batch.kubernetes.io/job-name: train
        controller-uid: 0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01
        job-name: train
      annotations:
        sidecar.istio.io/inject: "false"
    spec:
      containers:
      - name: trainer
        image: ghcr.io/example/trainer:2.1
        args: ["--data", "/data"]
        volumeMounts:
        - name: dataset
          mountPath: /data
      restartPolicy: Never
      terminationGracePeriodSeconds: 30
      volumes:
      - name: dataset
        persistentVolumeClaim:
          claimName: dataset-clone
status:
  active: 1
  ready: 1
  startTime: "2025-03-01T10:00:01Z"
  terminating: 0
  uncountedTerminatedPods: {}
)");
  EXPECT_EQ(job.spec.parallelism, 1);
  EXPECT_EQ(job.spec.completions, 1);
  EXPECT_EQ(job.spec.backoff_limit, 4);
  EXPECT_EQ(job.spec.manual_selector, false);
  EXPECT_EQ(job.spec.suspend, false);
  EXPECT_EQ(job.spec.completion_mode, "NonIndexed");
  ASSERT_TRUE(job.spec.selector.has_value());
  EXPECT_EQ(job.spec.selector->match_labels.at("batch.kubernetes.io/controller-uid"),
            "0b7a3a9e-2f7e-4c1e-9d55-3d1f5e2b8c01");
  EXPECT_EQ(job.spec.rest.text, R"({"ttlSecondsAfterFinished":600})");
  const Job::PodTemplate& t = job.spec.template_;
  EXPECT_EQ(t.metadata.labels.at("app"), "trainer");
  EXPECT_EQ(t.metadata.annotations.at("sidecar.istio.io/inject"), "false");
  EXPECT_EQ(t.metadata.creation_timestamp, std::nullopt);
  ASSERT_EQ(t.spec.volumes.size(), 1u);
  EXPECT_EQ(t.spec.volumes[0].claim_name, "dataset-clone");
  EXPECT_EQ(t.spec.rest.text,
            R"({"containers":[{"args":["--data","/data"],"image":"ghcr.io/example/trainer:2.1",)"
            R"("name":"trainer","volumeMounts":[{"mountPath":"/data","name":"dataset"}]}],)"
            R"("restartPolicy":"Never","terminationGracePeriodSeconds":30})");
  EXPECT_EQ(job.status.active, 1);
  EXPECT_EQ(job.status.ready, 1);
  EXPECT_EQ(job.status.terminating, 0);
  EXPECT_TRUE(job.status.start_time.has_value());
  EXPECT_EQ(job.status.uncounted_terminated_pods.text, "{}");
  ExpectRoundTrip(job);

  const json out = ToJson(job);
  EXPECT_EQ(out["apiVersion"], "batch/v1");
  EXPECT_EQ(out["kind"], "Job");
  EXPECT_EQ(out["spec"]["ttlSecondsAfterFinished"], 600);
  EXPECT_EQ(out["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"],
            "dataset-clone");
  EXPECT_EQ(out["status"]["uncountedTerminatedPods"], json::object());
}

TEST(CodecRoundTrip, JobStatusWithConditionsAndCounts) {
  auto job = DecodeOne<Job>(R"(apiVersion: batch/v1
kind: Job
metadata: {name: done, namespace: ml}
spec:
  template:
    spec:
      containers: [{name: c, image: busybox}]
      restartPolicy: OnFailure
status:
  conditions:
  - type: Complete
    status: "True"
    lastProbeTime: "2025-03-01T10:05:00Z"
    lastTransitionTime: "2025-03-01T10:05:00Z"
    reason: CompletionsReached
    message: Reached expected number of succeeded pods
  startTime: "2025-03-01T10:00:00Z"
  completionTime: "2025-03-01T10:05:00Z"
  succeeded: 1
  failed: 2
)");
  ASSERT_EQ(job.status.conditions.size(), 1u);
  EXPECT_EQ(job.status.conditions[0].type, "Complete");
  EXPECT_EQ(job.status.conditions[0].reason, "CompletionsReached");
  EXPECT_TRUE(job.status.conditions[0].last_transition_time.has_value());
  EXPECT_TRUE(job.status.completion_time.has_value());
  EXPECT_EQ(job.status.succeeded, 1);
  EXPECT_EQ(job.status.failed, 2);
  EXPECT_EQ(job.status.active, 0);
  EXPECT_EQ(job.spec.parallelism, std::nullopt);  // the codec does not default
  ExpectRoundTrip(job);
}

TEST(CodecStrict, UnknownJobSpecAndTemplateFieldsAreRejected) {
  Status s = DecodeError(R"(apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  paralelism: 2
  template:
    spec:
      containers: [{name: c, image: busybox}]
      restartPolicy: Never
      contaners: []
)");
  EXPECT_EQ(s.message(),
            "test.yaml:5: error when creating \"test.yaml\": Job in version \"v1\" cannot be "
            "handled as a Job: strict decoding error: unknown field \"spec.paralelism\", "
            "unknown field \"spec.template.spec.contaners\"");
}

TEST(CodecStrict, JobIntegerFieldsAreInt32) {
  Status s = DecodeError(R"(apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  backoffLimit: "6"
)");
  EXPECT_TRUE(s.message().find("json: cannot unmarshal string into Go struct field "
                               "JobSpec.spec.backoffLimit of type int32") != std::string::npos)
      << s.message();
}

TEST(CodecRoundTrip, Event) {
  auto ev = DecodeOne<Event>(R"(apiVersion: v1
kind: Event
metadata:
  name: example-pvc.18a2b3c4d5e6f708
  namespace: dev
involvedObject:
  apiVersion: v1
  kind: PersistentVolumeClaim
  namespace: dev
  name: example-pvc
  uid: 5f0c3b1e-0000-4000-8000-000000000003
  resourceVersion: "12"
reason: ProvisioningSucceeded
message: Successfully provisioned volume pvc-0a1b
type: Normal
count: 2
firstTimestamp: "2026-01-01T00:00:01Z"
lastTimestamp: "2026-01-01T00:00:09Z"
source:
  component: hostpath.csi.k8s.io_csi-provisioner
reportingComponent: ""
reportingInstance: ""
eventTime: null
)");
  EXPECT_EQ(ev.involved_object.kind, "PersistentVolumeClaim");
  EXPECT_EQ(ev.involved_object.resource_version, "12");
  EXPECT_EQ(ev.count, 2);
  EXPECT_EQ(ev.first_timestamp, kSecond);
  EXPECT_EQ(ev.last_timestamp, 9 * kSecond);
  EXPECT_EQ(ev.source_component, "hostpath.csi.k8s.io_csi-provisioner");
  ExpectRoundTrip(ev);
  const json tree = ToJson(ev);
  EXPECT_EQ(tree["source"]["component"], "hostpath.csi.k8s.io_csi-provisioner");
  EXPECT_EQ(tree["reportingComponent"], "");  // no omitempty on the Go field
}

TEST(CodecRoundTrip, StorageClass) {
  auto sc = DecodeOne<StorageClass>(R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: example
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: hostpath.csi.k8s.io
parameters:
  type: ssd
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
mountOptions: [debug]
allowedTopologies:
- matchLabelExpressions:
  - key: topology.hostpath.csi/node
    values: [node-1, node-2]
)");
  EXPECT_EQ(sc.provisioner, "hostpath.csi.k8s.io");
  EXPECT_EQ(sc.parameters.at("type"), "ssd");
  EXPECT_EQ(sc.reclaim_policy, "Retain");
  EXPECT_EQ(sc.volume_binding_mode, "WaitForFirstConsumer");
  EXPECT_EQ(sc.allow_volume_expansion, true);
  EXPECT_EQ(sc.allowed_topologies.text,
            R"([{"matchLabelExpressions":[{"key":"topology.hostpath.csi/node",)"
            R"("values":["node-1","node-2"]}]}])");
  ExpectRoundTrip(sc);
}

TEST(CodecRoundTrip, CSIDriver) {
  auto driver = DecodeOne<CSIDriver>(R"(apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: hostpath.csi.k8s.io
spec:
  attachRequired: false
  podInfoOnMount: true
  volumeLifecycleModes: [Persistent, Ephemeral]
  storageCapacity: true
  fsGroupPolicy: File
  tokenRequests:
  - audience: vault
    expirationSeconds: 600
  requiresRepublish: false
  seLinuxMount: true
  nodeAllocatableUpdatePeriodSeconds: 60
)");
  EXPECT_EQ(driver.spec.attach_required, false);
  EXPECT_EQ(driver.spec.pod_info_on_mount, true);
  EXPECT_EQ(driver.spec.volume_lifecycle_modes.size(), 2u);
  EXPECT_EQ(driver.spec.fs_group_policy, "File");
  EXPECT_EQ(driver.spec.token_requests.text, R"([{"audience":"vault","expirationSeconds":600}])");
  EXPECT_EQ(driver.spec.node_allocatable_update_period_seconds, 60);
  ExpectRoundTrip(driver);
}

TEST(CodecRoundTrip, VolumeSnapshotWithStatus) {
  auto snap = DecodeOne<VolumeSnapshot>(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
  namespace: prod
spec:
  volumeSnapshotClassName: csi-hostpath-snapclass
  source:
    persistentVolumeClaimName: db
status:
  boundVolumeSnapshotContentName: snapcontent-72d9
  creationTime: "2026-01-01T00:00:30Z"
  readyToUse: false
  restoreSize: 1Gi
  error:
    message: 'Failed to check and update snapshot content: driver busy'
    time: "2026-01-01T00:00:31Z"
)");
  EXPECT_EQ(snap.spec.persistent_volume_claim_name, "db");
  EXPECT_EQ(snap.spec.volume_snapshot_content_name, std::nullopt);
  EXPECT_EQ(snap.spec.volume_snapshot_class_name, "csi-hostpath-snapclass");
  ASSERT_TRUE(snap.status.has_value());
  EXPECT_EQ(snap.status->creation_time, 30 * kSecond);
  EXPECT_EQ(snap.status->ready_to_use, false);
  EXPECT_EQ(snap.status->restore_size->value(), kGi);
  EXPECT_EQ(snap.status->error->time, 31 * kSecond);
  ExpectRoundTrip(snap);
}

TEST(CodecRoundTrip, VolumeSnapshotWithoutStatusPrintsNoStatus) {
  auto snap = DecodeOne<VolumeSnapshot>(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: pre, namespace: prod}
spec:
  source: {volumeSnapshotContentName: pre-content}
)");
  EXPECT_FALSE(snap.status.has_value());
  EXPECT_EQ(snap.spec.volume_snapshot_content_name, "pre-content");
  EXPECT_FALSE(ToJson(snap).contains("status"));
  ExpectRoundTrip(snap);
}

TEST(CodecRoundTrip, VolumeSnapshotContentCarriesIntegerTimesAndSizes) {
  auto content = DecodeOne<VolumeSnapshotContent>(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotContent
metadata:
  name: snapcontent-72d9
spec:
  deletionPolicy: Delete
  driver: hostpath.csi.k8s.io
  source:
    volumeHandle: 1e0f-vol
  sourceVolumeMode: Filesystem
  volumeSnapshotClassName: csi-hostpath-snapclass
  volumeSnapshotRef:
    apiVersion: snapshot.storage.k8s.io/v1
    kind: VolumeSnapshot
    name: new-snapshot-demo
    namespace: prod
    uid: 72d9
status:
  creationTime: 1767225630000000000
  readyToUse: true
  restoreSize: 1073741824
  snapshotHandle: 7bdd0de3-aaeb
)");
  EXPECT_EQ(content.spec.volume_handle, "1e0f-vol");
  EXPECT_EQ(content.spec.volume_snapshot_ref.namespace_, "prod");
  ASSERT_TRUE(content.status.has_value());
  EXPECT_EQ(content.status->creation_time, int64_t{1767225630000000000});
  EXPECT_EQ(content.status->restore_size, kGi);
  EXPECT_EQ(content.status->snapshot_handle, "7bdd0de3-aaeb");
  ExpectRoundTrip(content);
  const json tree = ToJson(content);
  EXPECT_TRUE(tree["status"]["creationTime"].is_number_integer());
  EXPECT_EQ(tree["status"]["restoreSize"], kGi);
}

TEST(CodecRoundTrip, VolumeSnapshotClass) {
  auto cls = DecodeOne<VolumeSnapshotClass>(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: csi-hostpath-snapclass
driver: hostpath.csi.k8s.io
deletionPolicy: Delete
parameters:
  snapshotter: full
)");
  EXPECT_EQ(cls.driver, "hostpath.csi.k8s.io");
  EXPECT_EQ(cls.deletion_policy, "Delete");
  EXPECT_EQ(cls.parameters.at("snapshotter"), "full");
  ExpectRoundTrip(cls);
}

constexpr char kGrantV1beta1[] = R"(apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: allow-dev-pvcs
  namespace: prod
spec:
  from:
  - group: ""
    kind: PersistentVolumeClaim
    namespace: dev
  to:
  - group: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
  - group: ""
    kind: PersistentVolumeClaim
)";

TEST(CodecRoundTrip, ReferenceGrant) {
  auto grant = DecodeOne<ReferenceGrant>(kGrantV1beta1);
  ASSERT_EQ(grant.spec.from.size(), 1u);
  EXPECT_EQ(grant.spec.from[0].group, "");
  EXPECT_EQ(grant.spec.from[0].namespace_, "dev");
  ASSERT_EQ(grant.spec.to.size(), 2u);
  EXPECT_EQ(grant.spec.to[0].name, "new-snapshot-demo");
  EXPECT_EQ(grant.spec.to[1].name, std::nullopt);  // every PVC of the namespace
  ExpectRoundTrip(grant);
}

TEST(CodecRoundTrip, ReferenceGrantServedAtV1alpha2IsTheSameObject) {
  std::string alpha = kGrantV1beta1;
  alpha.replace(alpha.find("v1beta1"), 7, "v1alpha2");
  auto from_alpha = DecodeOne<ReferenceGrant>(alpha);
  auto from_beta = DecodeOne<ReferenceGrant>(kGrantV1beta1);
  EXPECT_TRUE(from_alpha == from_beta);
  // Printed in the storage version.
  EXPECT_EQ(ToJson(from_alpha)["apiVersion"], "gateway.networking.k8s.io/v1beta1");
}

// ---- printing -------------------------------------------------------------------------------

TEST(CodecEncode, YamlLooksLikeKubectlGetOutput) {
  auto pvc = DecodeOne<PersistentVolumeClaim>(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: example-pvc
  namespace: dev
  resourceVersion: "5"
  creationTimestamp: "2026-01-01T00:00:00Z"
  annotations:
    note: "line one\nline two\n"
    numeric: "1.26"
spec:
  storageClassName: example
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
  dataSourceRef:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
    namespace: prod
status:
  phase: Pending
)");
  EXPECT_EQ(EncodeYaml(pvc), R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  annotations:
    note: |
      line one
      line two
    numeric: "1.26"
  creationTimestamp: "2026-01-01T00:00:00Z"
  name: example-pvc
  namespace: dev
  resourceVersion: "5"
spec:
  accessModes:
  - ReadWriteOnce
  dataSourceRef:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
    namespace: prod
  resources:
    requests:
      storage: 1Gi
  storageClassName: example
status:
  phase: Pending
)");
}

TEST(CodecEncode, ReferenceGrantPrintsEmptyCoreGroup) {
  auto grant = DecodeOne<ReferenceGrant>(kGrantV1beta1);
  EXPECT_EQ(EncodeYaml(grant), R"(apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: allow-dev-pvcs
  namespace: prod
spec:
  from:
  - group: ""
    kind: PersistentVolumeClaim
    namespace: dev
  to:
  - group: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
  - group: ""
    kind: PersistentVolumeClaim
)");
}

TEST(CodecEncode, JsonIsCompactWithSortedKeysAndOmitsEmptyFields) {
  StorageClass sc;
  sc.metadata.name = "fast";
  sc.provisioner = "hostpath.csi.k8s.io";
  sc.volume_binding_mode = "Immediate";
  EXPECT_EQ(EncodeJson(sc),
            R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass",)"
            R"("metadata":{"name":"fast"},"provisioner":"hostpath.csi.k8s.io",)"
            R"("volumeBindingMode":"Immediate"})");
}

TEST(CodecEncode, StructFieldsArePrintedEvenWhenEmptyAsGoDoes) {
  PersistentVolumeClaim pvc;
  pvc.metadata.name = "x";
  EXPECT_EQ(EncodeJson(pvc),
            R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"x"},)"
            R"("spec":{"resources":{}},"status":{}})");
}

TEST(CodecEncode, QuantitiesPrintCanonically) {
  auto pvc = DecodeOne<PersistentVolumeClaim>(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: q}
spec:
  resources:
    requests: {storage: 1024Mi}
    limits: {storage: 1073741824}
)");
  EXPECT_EQ(pvc.spec.resources.requests.at("storage").value(), kGi);
  EXPECT_EQ(pvc.spec.resources.limits.at("storage").value(), kGi);
  const json tree = ToJson(pvc);
  EXPECT_EQ(tree["spec"]["resources"]["requests"]["storage"],
            Quantity::Parse("1024Mi")->ToString());
  EXPECT_TRUE(tree["spec"]["resources"]["limits"]["storage"].is_string());
  ExpectRoundTrip(pvc);
}

// ---- documents, Lists, JSON -----------------------------------------------------------------

TEST(CodecDocuments, MultiDocumentFileSkipsEmptyDocumentsAndRecordsStartLines) {
  auto objs = DecodeOk(R"(# namespaces first
---
apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
---
# nothing here
---

apiVersion: v1
kind: Namespace
metadata: {name: dev}
...
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: example}
provisioner: hostpath.csi.k8s.io
)");
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_EQ(MetaOf(objs[0].object).name, "prod");
  EXPECT_EQ(objs[0].line, 3);
  EXPECT_EQ(MetaOf(objs[1].object).name, "dev");
  EXPECT_EQ(objs[1].line, 11);
  EXPECT_EQ(KindInfoOf(objs[2].object).kind, "StorageClass");
  EXPECT_EQ(objs[2].line, 16);
}

TEST(CodecDocuments, EmptyFileHasNoObjects) {
  EXPECT_TRUE(DecodeOk("").empty());
  EXPECT_TRUE(DecodeOk("# just a comment\n---\n").empty());
}

TEST(CodecDocuments, ListItemsAreExpandedWithTheirLines) {
  auto objs = DecodeOk(R"(apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: prod
- apiVersion: gateway.networking.k8s.io/v1alpha2
  kind: ReferenceGrant
  metadata:
    name: g
    namespace: prod
  spec:
    from: [{group: "", kind: PersistentVolumeClaim, namespace: dev}]
    to: [{group: "", kind: PersistentVolumeClaim}]
)");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Namespace>(objs[0].object));
  EXPECT_EQ(objs[0].line, 6);
  EXPECT_TRUE(std::holds_alternative<ReferenceGrant>(objs[1].object));
  EXPECT_EQ(objs[1].line, 10);
}

TEST(CodecDocuments, ListItemErrorsNameTheItemsOwnPath) {
  Status s = DecodeError(R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: prod
    name: prod2
)", "list.yaml");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "list.yaml:8: error when creating \"list.yaml\": Namespace in version \"v1\" cannot "
            "be handled as a Namespace: strict decoding error: duplicate field \"metadata.name\"");
}

TEST(CodecDocuments, JsonInputIsAccepted) {
  auto objs = DecodeOk(R"({
	"apiVersion": "v1",
	"kind": "PersistentVolumeClaim",
	"metadata": {"name": "json-pvc", "namespace": "dev"},
	"spec": {
		"accessModes": ["ReadWriteOnce"],
		"resources": {"requests": {"storage": "2Gi"}},
		"dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot",
		                  "name": "s", "namespace": "prod"}
	}
}
)", "pvc.json");
  ASSERT_EQ(objs.size(), 1u);
  const auto& pvc = std::get<PersistentVolumeClaim>(objs[0].object);
  EXPECT_EQ(pvc.metadata.name, "json-pvc");
  EXPECT_EQ(pvc.spec.data_source_ref->namespace_, "prod");
  EXPECT_EQ(pvc.spec.resources.requests.at("storage").value(), 2 * kGi);
}

TEST(CodecDocuments, JsonListIsExpanded) {
  auto objs = DecodeOk(R"({"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}]})");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(MetaOf(objs[1].object).name, "b");
  EXPECT_EQ(objs[1].line, 3);
}

TEST(CodecDocuments, KubectlGetOutputWithManagedFieldsAndSelfLinkDecodes) {
  auto ns = DecodeOne<Namespace>(R"(apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels:
    kubernetes.io/metadata.name: dev
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:labels:
          .: {}
          f:kubernetes.io/metadata.name: {}
    manager: kubectl-create
    operation: Update
    time: "2026-01-01T00:00:00Z"
  name: dev
  resourceVersion: "1"
  selfLink: /api/v1/namespaces/dev
  uid: 0b5c
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
)");
  EXPECT_EQ(ns.metadata.name, "dev");
  EXPECT_EQ(ns.metadata.creation_timestamp, 0);
  EXPECT_FALSE(ToJson(ns)["metadata"].contains("managedFields"));
}

TEST(CodecDocuments, NullFieldsAreUnset) {
  auto pvc = DecodeOne<PersistentVolumeClaim>(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: n
  creationTimestamp: null
  labels: ~
spec:
  dataSourceRef: null
  storageClassName:
status: {}
)");
  EXPECT_FALSE(pvc.metadata.creation_timestamp.has_value());
  EXPECT_FALSE(pvc.spec.data_source_ref.has_value());
  EXPECT_FALSE(pvc.spec.storage_class_name.has_value());
}

TEST(CodecDocuments, DecodeManifestNodeReportsLinesOfTheEnclosingFile) {
  YAML::Node scenario = YAML::Load(R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: p, namespace: dev}
      spec:
        accesModes: [ReadWriteOnce]
)");
  StatusOr<AnyObject> obj = DecodeManifestNode(scenario["steps"][0]["apply"]["resource"],
                                               "scenario.yaml");
  ASSERT_FALSE(obj.ok());
  EXPECT_EQ(obj.status().message(),
            "scenario.yaml:8: error when creating \"scenario.yaml\": PersistentVolumeClaim in "
            "version \"v1\" cannot be handled as a PersistentVolumeClaim: strict decoding error: "
            "unknown field \"spec.accesModes\"");
}

TEST(CodecDocuments, DecodeManifestJsonIsStrictWithoutAFileName) {
  StatusOr<AnyObject> obj = DecodeManifestJson(json::parse(
      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","nmae":"b"}})"));
  ASSERT_FALSE(obj.ok());
  EXPECT_EQ(obj.status().code(), StatusCode::kBadRequest);
  EXPECT_EQ(obj.status().message(),
            "Namespace in version \"v1\" cannot be handled as a Namespace: strict decoding "
            "error: unknown field \"metadata.nmae\"");
}

// ---- strict decoding errors -------------------------------------------------------------------

TEST(CodecStrict, UnknownFieldNamesFileLineAndPath) {
  Status s = DecodeError(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db
  namespace: prod
spec:
  accessModes: [ReadWriteOnce]
  foo: bar
  resources:
    requests:
      storage: 1Gi
)", "pvc.yaml");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "pvc.yaml:8: error when creating \"pvc.yaml\": PersistentVolumeClaim in version "
            "\"v1\" cannot be handled as a PersistentVolumeClaim: strict decoding error: "
            "unknown field \"spec.foo\"");
}

TEST(CodecStrict, SeveralUnknownFieldsAreListedInDocumentOrder) {
  Status s = DecodeError(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db
  zzz: 1
spec:
  resources:
    requests: {storage: 1Gi}
    claims: []
  dataSourceRef:
    kind: VolumeSnapshot
    name: s
    namespaces: prod
)");
  EXPECT_EQ(s.message(),
            "test.yaml:5: error when creating \"test.yaml\": PersistentVolumeClaim in version "
            "\"v1\" cannot be handled as a PersistentVolumeClaim: strict decoding error: "
            "unknown field \"metadata.zzz\", unknown field \"spec.resources.claims\", "
            "unknown field \"spec.dataSourceRef.namespaces\"");
}

TEST(CodecStrict, UnknownFieldInListItemHasItsIndex) {
  Status s = DecodeError(R"(apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: g, namespace: prod}
spec:
  from:
  - group: ""
    kind: PersistentVolumeClaim
    namespace: dev
  - group: ""
    kind: PersistentVolumeClaim
    namespace: test
    name: only-this
  to:
  - {group: "", kind: PersistentVolumeClaim}
)");
  EXPECT_EQ(s.message(),
            "test.yaml:12: error when creating \"test.yaml\": ReferenceGrant in version "
            "\"v1beta1\" cannot be handled as a ReferenceGrant: strict decoding error: "
            "unknown field \"spec.from[1].name\"");
}

TEST(CodecStrict, DuplicateKeyIsAStrictError) {
  Status s = DecodeError(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: a
  namespace: dev
  name: b
spec: {}
)");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "test.yaml:6: error when creating \"test.yaml\": PersistentVolumeClaim in version "
            "\"v1\" cannot be handled as a PersistentVolumeClaim: strict decoding error: "
            "duplicate field \"metadata.name\"");
}

TEST(CodecStrict, WrongTypeNamesPathAndExpectedType) {
  Status s = DecodeError(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a}
spec:
  accessModes: ReadWriteOnce
)");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "test.yaml:5: error when creating \"test.yaml\": PersistentVolumeClaim in version "
            "\"v1\" cannot be handled as a PersistentVolumeClaim: json: cannot unmarshal string "
            "into Go struct field PersistentVolumeClaimSpec.spec.accessModes of type []string");
}

TEST(CodecStrict, TypeErrorWinsOverUnknownFieldsAsInTheApiServer) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    version: 1.10
spec:
  bogus: true
)");
  EXPECT_EQ(s.message(),
            "test.yaml:6: error when creating \"test.yaml\": Pod in version \"v1\" cannot be "
            "handled as a Pod: json: cannot unmarshal number into Go struct field "
            "ObjectMeta.metadata.labels.version of type string");
}

TEST(CodecStrict, ScalarWhereAnObjectBelongs) {
  Status s = DecodeError(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a}
spec: ReadWriteOnce
)");
  EXPECT_EQ(s.message(),
            "test.yaml:4: error when creating \"test.yaml\": PersistentVolumeClaim in version "
            "\"v1\" cannot be handled as a PersistentVolumeClaim: json: cannot unmarshal string "
            "into Go struct field PersistentVolumeClaim.spec of type v1.PersistentVolumeClaimSpec");
}

TEST(CodecStrict, IntegerOutOfRangeForInt32) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Event
metadata: {name: e, namespace: dev}
involvedObject: {kind: Pod, name: p}
count: 3000000000
)");
  EXPECT_EQ(s.message(),
            "test.yaml:5: error when creating \"test.yaml\": Event in version \"v1\" cannot be "
            "handled as a Event: json: cannot unmarshal number 3000000000 into Go struct field "
            "Event.count of type int32");
}

TEST(CodecStrict, BadQuantityUsesTheApiServersMessage) {
  Status s = DecodeError(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a}
spec:
  resources:
    requests:
      storage: lots
)");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "test.yaml:7: error when creating \"test.yaml\": PersistentVolumeClaim in version "
            "\"v1\" cannot be handled as a PersistentVolumeClaim: quantities must match the "
            "regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

TEST(CodecStrict, BadTimestampIsRejected) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Namespace
metadata:
  name: a
  creationTimestamp: yesterday
)");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_TRUE(s.message().starts_with("test.yaml:5: error when creating \"test.yaml\": Namespace "
                                      "in version \"v1\" cannot be handled as a Namespace: "
                                      "parsing time \"yesterday\""))
      << s.message();
}

TEST(CodecStrict, ResourceVersionMustBeAString) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Namespace
metadata:
  name: a
  resourceVersion: 12
)");
  EXPECT_EQ(s.message(),
            "test.yaml:5: error when creating \"test.yaml\": Namespace in version \"v1\" cannot "
            "be handled as a Namespace: json: cannot unmarshal number into Go struct field "
            "ObjectMeta.metadata.resourceVersion of type string");
}

TEST(CodecStrict, UnknownPodSpecFieldIsRejectedWhileRealOnesAreCarried) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: busybox}]
  restartPolicy: Never
  containres: []
  volumes:
  - name: v
    emptyDir: {}
    emptydir: {}
)");
  EXPECT_EQ(s.message(),
            "test.yaml:7: error when creating \"test.yaml\": Pod in version \"v1\" cannot be "
            "handled as a Pod: strict decoding error: unknown field \"spec.containres\", "
            "unknown field \"spec.volumes[0].emptydir\"");
}

TEST(CodecStrict, UnknownKindReadsLikeKubectl) {
  Status s = DecodeError(R"(apiVersion: bar/v1
kind: Foo
metadata:
  name: x
  namespace: dev
)", "foo.yaml");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "foo.yaml:2: resource mapping not found for name: \"x\" namespace: \"dev\" from "
            "\"foo.yaml\": no matches for kind \"Foo\" in version \"bar/v1\"\n"
            "ensure CRDs are installed first");
}

TEST(CodecStrict, KindServedInAnotherVersionOnlyIsUnknown) {
  Status s = DecodeError(R"(apiVersion: snapshot.storage.k8s.io/v1beta1
kind: VolumeSnapshot
metadata: {name: s}
)");
  EXPECT_TRUE(s.message().find("no matches for kind \"VolumeSnapshot\" in version "
                               "\"snapshot.storage.k8s.io/v1beta1\"") != std::string::npos)
      << s.message();
}

TEST(CodecStrict, MissingApiVersionAndKind) {
  Status both = DecodeError("metadata: {name: x}\n", "m.yaml");
  EXPECT_EQ(both.code(), StatusCode::kBadRequest);
  EXPECT_EQ(both.message(), "m.yaml:1: error validating \"m.yaml\": error validating data: "
                            "[apiVersion not set, kind not set]");
  Status kind = DecodeError("apiVersion: v1\nmetadata: {name: x}\n", "m.yaml");
  EXPECT_EQ(kind.message(),
            "m.yaml:1: error validating \"m.yaml\": error validating data: kind not set");
  Status api = DecodeError("kind: Namespace\nmetadata: {name: x}\n", "m.yaml");
  EXPECT_EQ(api.message(),
            "m.yaml:1: error validating \"m.yaml\": error validating data: apiVersion not set");
}

TEST(CodecStrict, UnparsableYamlIsAnInputErrorWithItsLine) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Namespace
metadata:
  name: a
 labels: {}
)", "bad.yaml");
  EXPECT_EQ(s.code(), StatusCode::kInputError);
  EXPECT_TRUE(s.message().starts_with("bad.yaml:5: error parsing bad.yaml: yaml: line 5: "))
      << s.message();
}

TEST(CodecStrict, DocumentThatIsNotAMappingIsAnInputError) {
  Status s = DecodeError("- a\n- b\n", "seq.yaml");
  EXPECT_EQ(s.code(), StatusCode::kInputError);
  EXPECT_EQ(s.message(), "seq.yaml:1: error parsing seq.yaml: a manifest must be a mapping with "
                         "apiVersion and kind, not an array");
}

TEST(CodecStrict, MissingFileIsAnInputError) {
  StatusOr<std::vector<DecodedObject>> r = DecodeManifestFile("no/such/file.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInputError);
  EXPECT_EQ(r.status().message(), "the path \"no/such/file.yaml\" does not exist");
}

// A ReferenceGrant as blog copies flatten it: the lines under metadata and spec lost
// their indentation, so metadata and spec are null and their fields sit at the top.
TEST(CodecStrict, FlattenedManifestGetsAnIndentationHint) {
  Status s = DecodeError(R"(apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
name: allow-dev-pvcs
namespace: prod
spec:
from:
- group: ""
  kind: PersistentVolumeClaim
  namespace: dev
to:
- group: snapshot.storage.k8s.io
  kind: VolumeSnapshot
  name: new-snapshot-demo
)", "grant.yaml");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "grant.yaml:4: error when creating \"grant.yaml\": ReferenceGrant in version "
            "\"v1beta1\" cannot be handled as a ReferenceGrant: strict decoding error: "
            "unknown field \"name\", unknown field \"namespace\", unknown field \"from\", "
            "unknown field \"to\"\n"
            "hint: the indentation looks flattened: metadata and spec are empty while name, "
            "namespace, from, to sit at the top level. Indent name and namespace under "
            "metadata, and from and to under spec (copies of manifests on web pages often "
            "lose their leading spaces)");
}

// Every line at column 0: the later `kind:` and `name:` lines repeat top-level keys.
// The object is still named by its own (first) kind, and the hint still applies.
TEST(CodecStrict, FullyFlattenedManifestKeepsItsKindAndGetsTheHint) {
  Status s = DecodeError(R"(apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
name: allow-dev-pvcs
namespace: prod
spec:
from:
- group: ""
kind: PersistentVolumeClaim
namespace: dev
to:
- group: snapshot.storage.k8s.io
kind: VolumeSnapshot
name: new-snapshot-demo
)", "grant.yaml");
  EXPECT_EQ(s.code(), StatusCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "grant.yaml:4: error when creating \"grant.yaml\": ReferenceGrant in version "
            "\"v1beta1\" cannot be handled as a ReferenceGrant: strict decoding error: "
            "unknown field \"name\", unknown field \"namespace\", unknown field \"from\", "
            "duplicate field \"kind\", duplicate field \"namespace\", unknown field \"to\", "
            "duplicate field \"kind\", duplicate field \"name\"\n"
            "hint: the indentation looks flattened: metadata and spec are empty while name, "
            "namespace, from, to sit at the top level. Indent name and namespace under "
            "metadata, and from and to under spec (copies of manifests on web pages often "
            "lose their leading spaces)");
}

TEST(CodecStrict, FlattenedMetadataAloneIsHintedForKindsWithoutSpec) {
  Status s = DecodeError(R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
name: example
provisioner: hostpath.csi.k8s.io
)");
  EXPECT_TRUE(s.message().ends_with(
      "unknown field \"name\"\nhint: the indentation looks flattened: metadata is empty while "
      "name sits at the top level. Indent name under metadata (copies of manifests on web "
      "pages often lose their leading spaces)"))
      << s.message();
}

TEST(CodecStrict, NoHintWhenMetadataIsPresent) {
  Status s = DecodeError(R"(apiVersion: v1
kind: Namespace
metadata: {name: a}
name: b
)");
  EXPECT_EQ(s.message().find("hint"), std::string::npos) << s.message();
}

// ---- YAML <-> JSON trees ---------------------------------------------------------------------

TEST(CodecTree, YamlToJsonUsesCoreSchemaScalars) {
  const json tree = YamlToJson(YAML::Load(R"(
int: 3
neg: -7
hex: 0x1F
oct: 0o17
float: 1.5
exp: 1e3
bool: true
Bool: False
null1: null
null2: ~
null3:
quoted_int: "3"
quoted_bool: 'true'
quoted_null: "null"
yes_is_a_string: yes
version: 1.26.1
tagged: !!str 42
block: |
  text
big: 18446744073709551615
)"));
  EXPECT_EQ(tree["int"], 3);
  EXPECT_TRUE(tree["int"].is_number_integer());
  EXPECT_EQ(tree["neg"], -7);
  EXPECT_EQ(tree["hex"], 31);
  EXPECT_EQ(tree["oct"], 15);
  EXPECT_EQ(tree["float"], 1.5);
  EXPECT_EQ(tree["exp"], 1000.0);
  EXPECT_EQ(tree["bool"], true);
  EXPECT_EQ(tree["Bool"], false);
  EXPECT_TRUE(tree["null1"].is_null());
  EXPECT_TRUE(tree["null2"].is_null());
  EXPECT_TRUE(tree["null3"].is_null());
  EXPECT_EQ(tree["quoted_int"], "3");
  EXPECT_EQ(tree["quoted_bool"], "true");
  EXPECT_EQ(tree["quoted_null"], "null");
  EXPECT_EQ(tree["yes_is_a_string"], "yes");
  EXPECT_EQ(tree["version"], "1.26.1");
  EXPECT_EQ(tree["tagged"], "42");
  EXPECT_EQ(tree["block"], "text\n");
  EXPECT_EQ(tree["big"], uint64_t{18446744073709551615u});
}

// YAML 1.1 readers (kubectl's go-yaml among them) take y/n/yes/no/on/off as booleans, so
// those are quoted too, keys included.
TEST(CodecTree, JsonToYamlQuotesStringsThatWouldReadAsAnotherType) {
  const json tree = {{"a", "true"}, {"b", "3"}, {"c", ""}, {"d", "null"}, {"e", "yes"},
                     {"f", "1.5"}, {"g", "plain text"}, {"h", "2026-01-01T00:00:00Z"},
                     {"i", "1Gi"}, {"j", "- dash"}, {"k", "a: b"}, {"l", " lead"},
                     {"m", "--flag"}, {"n", "#hash"}, {"o", "tab\there"}, {"p", "~"}};
  EXPECT_EQ(JsonToYaml(tree), R"(a: "true"
b: "3"
c: ""
d: "null"
e: "yes"
f: "1.5"
g: plain text
h: "2026-01-01T00:00:00Z"
i: 1Gi
j: "- dash"
k: "a: b"
l: " lead"
m: --flag
"n": "#hash"
o: "tab\there"
p: "~"
)");
}

TEST(CodecTree, JsonToYamlNestsListsAndMapsLikeKubectl) {
  const json tree = json::parse(R"({"items":[{"a":1,"b":[true,null]},[1,[2]],{},[]],
                                    "empty":{}, "none":[], "num":1.5})");
  EXPECT_EQ(JsonToYaml(tree), R"(empty: {}
items:
- a: 1
  b:
  - true
  - null
- - 1
  - - 2
- {}
- []
none: []
num: 1.5
)");
}

TEST(CodecTree, JsonToYamlRoundTripsThroughYamlCpp) {
  const json tree = json::parse(R"({
    "multi": "line one\nline two",
    "multi_kept": "a\n\nb\n\n",
    "leading_space_line": " indented\nnext",
    "inner_indent": "first\n  second\n",
    "quotes": "say \"hi\" and 'bye'",
    "backslash": "C:\\path",
    "colon_end": "key:",
    "unicode": "caf\u00e9",
    "control": "bell\u0007",
    "crlf": "a\r\nb",
    "nested": {"list": ["x", "", "0", "-", "*star", "&amp", "!bang", "%pct", "@at", "`tick"]},
    "1": "numeric key",
    "key with: colon": "v",
    "doc": "---",
    "num": 12, "neg": -3, "float": 0.25, "t": true, "nil": null
  })");
  const std::string yaml = JsonToYaml(tree);
  EXPECT_EQ(YamlToJson(YAML::Load(yaml)), tree) << yaml;
}

}  // namespace
}  // namespace xnsim
