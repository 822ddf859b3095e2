// Every validation rule, through ApiServer::Create/Update so that the whole message is
// checked as kubectl would print it after "Error from server (Invalid): ". Each case
// names the rule it checks.
#include "sim/api/validation.h"

#include <gtest/gtest.h>

#include <functional>

#include "sim/api/apiserver.h"

namespace xnsim {
namespace {

constexpr std::string_view kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
constexpr std::string_view kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

PersistentVolumeClaim Claim() {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = "dev";
  pvc.metadata.name = "db";
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  pvc.spec.storage_class_name = "fast";
  return pvc;
}

PersistentVolume Volume() {
  PersistentVolume pv;
  pv.metadata.name = "pv-1";
  pv.spec.capacity["storage"] = *Quantity::Parse("1Gi");
  pv.spec.access_modes = {"ReadWriteOnce"};
  pv.spec.csi = PersistentVolume::CSISource{"hostpath.csi.k8s.io", "vol-1", "", std::nullopt, {}};
  return pv;
}

StorageClass Class() {
  StorageClass sc;
  sc.metadata.name = "fast";
  sc.provisioner = "hostpath.csi.k8s.io";
  sc.parameters["type"] = "ssd";
  return sc;
}

VolumeSnapshot Snapshot() {
  VolumeSnapshot vs;
  vs.metadata.namespace_ = "dev";
  vs.metadata.name = "s";
  vs.spec.persistent_volume_claim_name = "db";
  return vs;
}

VolumeSnapshotContent Content() {
  VolumeSnapshotContent c;
  c.metadata.name = "c";
  c.spec.driver = "hostpath.csi.k8s.io";
  c.spec.deletion_policy = "Delete";
  c.spec.snapshot_handle = "snap-1";
  c.spec.volume_snapshot_ref.name = "s";
  c.spec.volume_snapshot_ref.namespace_ = "dev";
  return c;
}

ReferenceGrant Grant() {
  ReferenceGrant g;
  g.metadata.namespace_ = "dev";
  g.metadata.name = "g";
  g.spec.from = {{"", "PersistentVolumeClaim", "test"}};
  g.spec.to = {{"snapshot.storage.k8s.io", "VolumeSnapshot", std::nullopt}};
  return g;
}

GateSet Gates(KubeVersion v = kNewestKubeVersion, bool xns = true) {
  GateSet g(Component::kKubeApiserver, v);
  EXPECT_TRUE(g.Set("CrossNamespaceVolumeDataSource", xns).ok());
  return g;
}

struct CreateCase {
  const char* rule;
  std::function<AnyObject()> make;
  std::string want;  // the whole message, or "~part" for a part of it
};

void ExpectMessage(const std::string& got, const std::string& want, const char* rule) {
  if (!want.empty() && want[0] == '~') {
    EXPECT_NE(got.find(want.substr(1)), std::string::npos) << rule << "\n  got: " << got;
  } else {
    EXPECT_EQ(got, want) << rule;
  }
}

class Validation : public ::testing::Test {
 protected:
  Validation() : api_(engine_, Gates()) {
    Namespace ns;
    ns.metadata.name = "dev";
    EXPECT_TRUE(api_.Create(ns).ok());
  }
  void RunCreateCases(const std::vector<CreateCase>& cases) {
    for (const CreateCase& c : cases) {
      auto r = api_.CreateAny(c.make());
      ASSERT_FALSE(r.ok()) << c.rule << " was accepted";
      EXPECT_EQ(r.status().code(), StatusCode::kInvalid) << c.rule << ": " << r.status().ToString();
      ExpectMessage(r.status().message(), c.want, c.rule);
    }
  }
  Engine engine_{1};
  ApiServer api_;
};

template <class T, class F>
std::function<AnyObject()> With(T base, F mutate) {
  return [base, mutate]() {
    T obj = base;
    mutate(obj);
    return AnyObject(std::move(obj));
  };
}

const std::string kPvc = "PersistentVolumeClaim \"db\" is invalid: ";

TEST_F(Validation, ObjectMetaRules) {
  RunCreateCases({
      {"metadata: name or generateName is required", With(Claim(), [](auto& o) { o.metadata.name.clear(); }),
       "PersistentVolumeClaim \"\" is invalid: metadata.name: Required value: name or generateName is required"},
      {"metadata: names are DNS-1123 subdomains", With(Claim(), [](auto& o) { o.metadata.name = "DB_1"; }),
       "PersistentVolumeClaim \"DB_1\" is invalid: metadata.name: Invalid value: \"DB_1\": " + std::string(kSubdomainMsg)},
      {"metadata: generateName is checked as a prefix",
       With(Claim(), [](auto& o) { o.metadata.name.clear(); o.metadata.generate_name = "Data_"; }),
       "~metadata.generateName: Invalid value: \"Data_\": " + std::string(kSubdomainMsg)},
      {"metadata: namespaced kinds need a namespace", With(Claim(), [](auto& o) { o.metadata.namespace_.clear(); }),
       kPvc + "metadata.namespace: Required value"},
      {"metadata: Namespace names are DNS-1123 labels",
       [] { Namespace ns; ns.metadata.name = "team.a"; return AnyObject(ns); },
       "Namespace \"team.a\" is invalid: metadata.name: Invalid value: \"team.a\": must not contain dots"},
      {"metadata: Namespace name pattern",
       [] { Namespace ns; ns.metadata.name = "Team"; return AnyObject(ns); },
       "Namespace \"Team\" is invalid: metadata.name: Invalid value: \"Team\": " + std::string(kLabelMsg)},
      {"metadata: unqualified finalizers must be standard",
       With(Claim(), [](auto& o) { o.metadata.finalizers = {"mine"}; }),
       kPvc + "metadata.finalizers[0]: Invalid value: \"mine\": name is neither a standard finalizer name nor is "
              "it fully qualified"},
      {"metadata: label values", With(Claim(), [](auto& o) { o.metadata.labels["team"] = "a b"; }),
       kPvc + "metadata.labels[team]: Invalid value: \"a b\": a valid label must be an empty string or consist of "
              "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
              "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
              "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
  });
}

TEST_F(Validation, ClaimSpecRules) {
  RunCreateCases({
      {"PVC: accessModes required", With(Claim(), [](auto& o) { o.spec.access_modes.clear(); }),
       kPvc + "spec.accessModes: Required value: at least 1 access mode is required"},
      {"PVC: accessModes supported values",
       With(Claim(), [](auto& o) { o.spec.access_modes = {"ReadWriteSometimes"}; }),
       kPvc + "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", "
              "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""},
      {"PVC: ReadWriteOncePod alone",
       With(Claim(), [](auto& o) { o.spec.access_modes = {"ReadWriteOncePod", "ReadWriteOnce"}; }),
       kPvc + "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"},
      {"PVC: resources.requests[storage] required", With(Claim(), [](auto& o) { o.spec.resources.requests.clear(); }),
       kPvc + "spec.resources[storage]: Required value"},
      {"PVC: resources.requests[storage] > 0",
       With(Claim(), [](auto& o) { o.spec.resources.requests["storage"] = *Quantity::Parse("0"); }),
       kPvc + "spec.resources[storage]: Invalid value: \"0\": must be greater than zero"},
      {"PVC: volumeMode supported values", With(Claim(), [](auto& o) { o.spec.volume_mode = "Raw"; }),
       kPvc + "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\""},
      {"PVC: storageClassName is a subdomain", With(Claim(), [](auto& o) { o.spec.storage_class_name = "Fast"; }),
       kPvc + "spec.storageClassName: Invalid value: \"Fast\": " + std::string(kSubdomainMsg)},
      {"PVC: two errors aggregate in brackets",
       With(Claim(), [](auto& o) { o.spec.access_modes.clear(); o.spec.resources.requests.clear(); }),
       kPvc + "[spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: "
              "Required value]"},
  });
}

TEST_F(Validation, DataSourceRules) {
  RunCreateCases({
      {"SEMANTICS 1.4: dataSource.name required (and its normalised copy)",
       With(Claim(), [](auto& o) { o.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", ""}; }),
       kPvc + "[spec.dataSource.name: Required value, spec.dataSourceRef.name: Required value]"},
      {"SEMANTICS 1.4: dataSourceRef.name required",
       With(Claim(), [](auto& o) {
         o.spec.data_source_ref = TypedObjectReference{std::string("example.com"), "Populator", "", std::string("prod")};
       }),
       kPvc + "spec.dataSourceRef.name: Required value"},
      {"SEMANTICS 1.4: dataSourceRef.kind required",
       With(Claim(), [](auto& o) {
         o.spec.data_source_ref = TypedObjectReference{std::string("snapshot.storage.k8s.io"), "", "s", std::nullopt};
       }),
       kPvc + "[spec.dataSource.kind: Required value, spec.dataSourceRef.kind: Required value]"},
      {"SEMANTICS 1.4: the default apiGroup only holds claims",
       With(Claim(), [](auto& o) { o.spec.data_source_ref = TypedObjectReference{std::nullopt, "Pod", "p", std::nullopt}; }),
       kPvc + "[spec.dataSource: Invalid value: \"Pod\": must be 'PersistentVolumeClaim' when referencing the default "
              "apiGroup, spec.dataSourceRef: Invalid value: \"Pod\": must be 'PersistentVolumeClaim' when referencing "
              "the default apiGroup]"},
      {"SEMANTICS 1.4: apiGroup is a DNS-1123 subdomain",
       With(Claim(), [](auto& o) {
         o.spec.data_source_ref = TypedObjectReference{std::string("Snap_Shot"), "VolumeSnapshot", "s", std::string("prod")};
       }),
       kPvc + "spec.dataSourceRef.apiGroup: Invalid value: \"Snap_Shot\": " + std::string(kSubdomainMsg)},
      {"SEMANTICS 1.4: dataSourceRef.namespace is a namespace name",
       With(Claim(), [](auto& o) {
         o.spec.data_source_ref = TypedObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s",
                                                       std::string("Prod")};
       }),
       kPvc + "spec.dataSourceRef.namespace: Invalid value: \"Prod\": " + std::string(kLabelMsg)},
      {"SEMANTICS 1.4: cross-namespace dataSourceRef with dataSource set is Invalid on spec",
       With(Claim(), [](auto& o) {
         o.spec.data_source = TypedLocalObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s"};
         o.spec.data_source_ref = TypedObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s",
                                                       std::string("prod")};
       }),
       kPvc + "spec: Invalid value: spec.dataSource: may not be specified when dataSourceRef.namespace is specified"},
      {"SEMANTICS 1.4: dataSource and dataSourceRef must match",
       With(Claim(), [](auto& o) {
         o.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "a"};
         o.spec.data_source_ref = TypedObjectReference{std::nullopt, "PersistentVolumeClaim", "b", std::nullopt};
       }),
       kPvc + "spec: Invalid value: spec.dataSource: must match dataSourceRef"},
      {"SEMANTICS 1.4: match compares apiGroup pointers",
       With(Claim(), [](auto& o) {
         o.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "a"};
         o.spec.data_source_ref = TypedObjectReference{std::string(""), "PersistentVolumeClaim", "a", std::nullopt};
       }),
       kPvc + "spec: Invalid value: spec.dataSource: must match dataSourceRef"},
  });
}

TEST_F(Validation, VolumeRules) {
  const std::string pv = "PersistentVolume \"pv-1\" is invalid: ";
  RunCreateCases({
      {"PV: capacity required", With(Volume(), [](auto& o) { o.spec.capacity.clear(); }),
       pv + "[spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported "
            "values: \"storage\"]"},
      {"PV: capacity > 0", With(Volume(), [](auto& o) { o.spec.capacity["storage"] = Quantity(); }),
       pv + "spec.capacity[storage]: Invalid value: \"0\": must be greater than zero"},
      {"PV: accessModes required", With(Volume(), [](auto& o) { o.spec.access_modes.clear(); }),
       pv + "spec.accessModes: Required value"},
      {"PV: one volume source required", With(Volume(), [](auto& o) { o.spec.csi.reset(); }),
       pv + "spec: Required value: must specify a volume type"},
      {"PV: at most one volume source", With(Volume(), [](auto& o) { o.spec.host_path.text = R"({"path":"/d"})"; }),
       pv + "spec.csi: Forbidden: may not specify more than 1 volume type"},
      {"PV: reclaim policy values", With(Volume(), [](auto& o) { o.spec.persistent_volume_reclaim_policy = "Keep"; }),
       pv + "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", "
            "\"Recycle\", \"Retain\""},
      {"PV: csi driver and volumeHandle required",
       With(Volume(), [](auto& o) { o.spec.csi->driver.clear(); o.spec.csi->volume_handle.clear(); }),
       pv + "[spec.csi.driver: Required value, spec.csi.volumeHandle: Required value]"},
      {"PV: local volumes need node affinity",
       With(Volume(), [](auto& o) { o.spec.csi.reset(); o.spec.local.text = R"({"path":"/mnt"})"; }),
       pv + "spec.nodeAffinity: Required value: Local volume requires node affinity"},
      {"PV: cluster-scoped names", With(Volume(), [](auto& o) { o.metadata.name = "PV"; }),
       "PersistentVolume \"PV\" is invalid: metadata.name: Invalid value: \"PV\": " + std::string(kSubdomainMsg)},
  });
}

TEST_F(Validation, StorageClassRules) {
  const std::string sc = "StorageClass.storage.k8s.io \"fast\" is invalid: ";
  RunCreateCases({
      {"StorageClass: provisioner required", With(Class(), [](auto& o) { o.provisioner.clear(); }),
       sc + "provisioner: Required value"},
      {"StorageClass: reclaimPolicy values", With(Class(), [](auto& o) { o.reclaim_policy = "Recycle"; }),
       sc + "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\""},
      {"StorageClass: volumeBindingMode values", With(Class(), [](auto& o) { o.volume_binding_mode = "Later"; }),
       sc + "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\""},
  });
}

TEST_F(Validation, SnapshotRules) {
  const std::string vs = "VolumeSnapshot.snapshot.storage.k8s.io \"s\" is invalid: ";
  const std::string vsc = "VolumeSnapshotContent.snapshot.storage.k8s.io \"c\" is invalid: ";
  const std::string cls = "VolumeSnapshotClass.snapshot.storage.k8s.io \"csi\" is invalid: ";
  VolumeSnapshotClass klass;
  klass.metadata.name = "csi";
  RunCreateCases({
      {"VolumeSnapshot: a source is required", With(Snapshot(), [](auto& o) { o.spec.persistent_volume_claim_name.reset(); }),
       vs + "spec.source: Invalid value: \"object\": exactly one of volumeSnapshotContentName and "
            "persistentVolumeClaimName must be set"},
      {"VolumeSnapshot: only one source", With(Snapshot(), [](auto& o) { o.spec.volume_snapshot_content_name = "c"; }),
       vs + "spec.source: Invalid value: \"object\": exactly one of volumeSnapshotContentName and "
            "persistentVolumeClaimName must be set"},
      {"VolumeSnapshot: class name not empty", With(Snapshot(), [](auto& o) { o.spec.volume_snapshot_class_name = ""; }),
       vs + "spec.volumeSnapshotClassName: Invalid value: \"string\": volumeSnapshotClassName must not be the empty "
            "string when set"},
      {"VolumeSnapshotContent: driver required", With(Content(), [](auto& o) { o.spec.driver.clear(); }),
       vsc + "spec.driver: Required value"},
      {"VolumeSnapshotContent: deletionPolicy values", With(Content(), [](auto& o) { o.spec.deletion_policy = "Keep"; }),
       vsc + "spec.deletionPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\""},
      {"VolumeSnapshotContent: exactly one handle", With(Content(), [](auto& o) { o.spec.volume_handle = "vol-1"; }),
       vsc + "spec.source: Invalid value: \"object\": exactly one of volumeHandle and snapshotHandle must be set"},
      {"VolumeSnapshotContent: snapshot ref needs name and namespace",
       With(Content(), [](auto& o) { o.spec.volume_snapshot_ref.namespace_.clear(); }),
       vsc + "spec.volumeSnapshotRef: Invalid value: \"object\": both spec.volumeSnapshotRef.name and "
             "spec.volumeSnapshotRef.namespace must be set"},
      {"VolumeSnapshotClass: driver and deletionPolicy required", With(klass, [](auto&) {}),
       cls + "[driver: Required value, deletionPolicy: Required value]"},
      {"VolumeSnapshotClass: deletionPolicy values",
       With(klass, [](auto& o) { o.driver = "d"; o.deletion_policy = "Keep"; }),
       cls + "deletionPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\""},
  });
}

TEST_F(Validation, ReferenceGrantRules) {
  const std::string g = "ReferenceGrant.gateway.networking.k8s.io \"g\" is invalid: ";
  RunCreateCases({
      {"ReferenceGrant: from required", With(Grant(), [](auto& o) { o.spec.from.clear(); }),
       g + "spec.from: Required value"},
      {"ReferenceGrant: to required", With(Grant(), [](auto& o) { o.spec.to.clear(); }), g + "spec.to: Required value"},
      {"ReferenceGrant: at most 16 to items",
       With(Grant(), [](auto& o) { o.spec.to.assign(17, o.spec.to[0]); }),
       g + "spec.to: Too many: 17: must have at most 16 items"},
      {"ReferenceGrant: from[].kind required", With(Grant(), [](auto& o) { o.spec.from[0].kind.clear(); }),
       g + "spec.from[0].kind: Required value"},
      {"ReferenceGrant: from[].namespace required", With(Grant(), [](auto& o) { o.spec.from[0].namespace_.clear(); }),
       g + "spec.from[0].namespace: Required value"},
      {"ReferenceGrant: to[].kind required", With(Grant(), [](auto& o) { o.spec.to[0].kind.clear(); }),
       g + "spec.to[0].kind: Required value"},
      {"ReferenceGrant: kind pattern", With(Grant(), [](auto& o) { o.spec.from[0].kind = "1Pvc"; }),
       g + "spec.from[0].kind: Invalid value: \"1Pvc\": spec.from[0].kind in body should match "
           "'^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$'"},
      {"ReferenceGrant: namespace pattern", With(Grant(), [](auto& o) { o.spec.from[0].namespace_ = "Team"; }),
       g + "spec.from[0].namespace: Invalid value: \"Team\": spec.from[0].namespace in body should match "
           "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"},
      {"ReferenceGrant: to[].name at least 1 character", With(Grant(), [](auto& o) { o.spec.to[0].name = ""; }),
       g + "spec.to[0].name: Invalid value: \"\": spec.to[0].name in body should be at least 1 chars long"},
  });
}

TEST_F(Validation, PodRules) {
  Pod pod;
  pod.metadata.namespace_ = "dev";
  pod.metadata.name = "p";
  Pod::Volume v;
  v.name = "data";
  v.claim_name = "";
  pod.spec.volumes = {v};
  const std::string p = "Pod \"p\" is invalid: ";
  RunCreateCases({
      {"Pod: persistentVolumeClaim.claimName required", With(pod, [](auto&) {}),
       p + "spec.volumes[0].persistentVolumeClaim.claimName: Required value"},
      {"Pod: volume names unique",
       With(pod, [](auto& o) { o.spec.volumes[0].claim_name = "db"; o.spec.volumes.push_back(o.spec.volumes[0]); }),
       p + "spec.volumes[1].name: Duplicate value: \"data\""},
  });
}

Job JobBase() {
  Job job;
  job.metadata.namespace_ = "dev";
  job.metadata.name = "j";
  job.spec.template_.spec.rest.text = R"({"containers":[{"image":"busybox","name":"c"}],"restartPolicy":"Never"})";
  return job;
}

TEST_F(Validation, JobRules) {
  const std::string j = "Job.batch \"j\" is invalid: ";
  const std::string restart = "spec.template.spec.restartPolicy: ";
  RunCreateCases({
      {"Job: restartPolicy unset defaults to Always, which a Job may not use",
       With(JobBase(), [](auto& o) { o.spec.template_.spec.rest.text = R"({"containers":[]})"; }),
       j + restart + "Required value: valid values: \"OnFailure\", \"Never\""},
      {"Job: restartPolicy Always",
       With(JobBase(), [](auto& o) { o.spec.template_.spec.rest.text = R"({"restartPolicy":"Always"})"; }),
       j + restart + "Required value: valid values: \"OnFailure\", \"Never\""},
      {"Job: restartPolicy unknown",
       With(JobBase(), [](auto& o) { o.spec.template_.spec.rest.text = R"({"restartPolicy":"Sometimes"})"; }),
       j + restart + "Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\""},
      {"Job: parallelism non-negative", With(JobBase(), [](auto& o) { o.spec.parallelism = -1; }),
       j + "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"},
      {"Job: backoffLimit non-negative", With(JobBase(), [](auto& o) { o.spec.backoff_limit = -2; }),
       j + "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0"},
      {"Job: completionMode supported", With(JobBase(), [](auto& o) { o.spec.completion_mode = "Sometimes"; }),
       j + "spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""},
      {"Job: template volumes validated as a Pod's",
       With(JobBase(), [](auto& o) {
         Pod::Volume v;
         v.name = "data";
         v.claim_name = "";
         o.spec.template_.spec.volumes = {v};
       }),
       j + "spec.template.spec.volumes[0].persistentVolumeClaim.claimName: Required value"},
      {"Job: a generated label the user set otherwise",
       With(JobBase(), [](auto& o) { o.spec.template_.metadata.labels["job-name"] = "other"; }),
       "~spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"},
      {"Job: manual selector must select the template's labels",
       With(JobBase(), [](auto& o) {
         o.spec.manual_selector = true;
         o.spec.selector = LabelSelector{{{"app", "a"}}, {}};
         o.spec.template_.metadata.labels["app"] = "b";
       }),
       j + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not "
           "match template `labels`"},
      {"Job: manual selector is required",
       With(JobBase(), [](auto& o) {
         o.spec.manual_selector = true;
         o.spec.template_.metadata.labels["app"] = "b";
       }),
       j + "[spec.selector: Required value, spec.template.metadata.labels: Invalid value: "
           "map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`]"},
  });
  // The same Job with a restartPolicy a Job may use is accepted.
  auto ok = api_.Create(JobBase());
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

// ---- update rules -----------------------------------------------------------------------

struct UpdateCase {
  const char* rule;
  std::function<AnyObject()> base;
  std::function<void(AnyObject&)> mutate;  // applied to the stored object
  std::string want;
};

TEST_F(Validation, UpdateRules) {
  auto on = [](auto f) {
    return [f](AnyObject& o) { std::visit([&](auto& x) { if constexpr (requires { f(x); }) f(x); }, o); };
  };
  const std::string sc = "StorageClass.storage.k8s.io \"fast\" is invalid: ";
  const std::string vs = "VolumeSnapshot.snapshot.storage.k8s.io \"s\" is invalid: ";
  const std::vector<UpdateCase> cases = {
      {"StorageClass: parameters immutable", [] { return AnyObject(Class()); },
       on([](StorageClass& o) { o.parameters["type"] = "hdd"; }),
       sc + "parameters: Forbidden: updates to parameters are forbidden."},
      {"StorageClass: provisioner immutable", [] { return AnyObject(Class()); },
       on([](StorageClass& o) { o.provisioner = "other.csi.k8s.io"; }),
       sc + "provisioner: Forbidden: updates to provisioner are forbidden."},
      {"StorageClass: reclaimPolicy immutable", [] { return AnyObject(Class()); },
       on([](StorageClass& o) { o.reclaim_policy = "Retain"; }),
       sc + "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden."},
      {"StorageClass: volumeBindingMode immutable", [] { return AnyObject(Class()); },
       on([](StorageClass& o) { o.volume_binding_mode = "WaitForFirstConsumer"; }),
       sc + "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable"},
      {"VolumeSnapshot: persistentVolumeClaimName immutable", [] { return AnyObject(Snapshot()); },
       on([](VolumeSnapshot& o) { o.spec.persistent_volume_claim_name = "other"; }),
       vs + "spec.source.persistentVolumeClaimName: Invalid value: \"string\": persistentVolumeClaimName is immutable"},
      {"VolumeSnapshot: persistentVolumeClaimName required once set", [] { return AnyObject(Snapshot()); },
       on([](VolumeSnapshot& o) {
         o.spec.persistent_volume_claim_name.reset();
         o.spec.volume_snapshot_content_name = "c";
       }),
       vs + "spec.source: Invalid value: \"object\": persistentVolumeClaimName is required once set"},
      {"VolumeSnapshotContent: snapshotHandle immutable", [] { return AnyObject(Content()); },
       on([](VolumeSnapshotContent& o) { o.spec.snapshot_handle = "snap-2"; }),
       "VolumeSnapshotContent.snapshot.storage.k8s.io \"c\" is invalid: spec.source.snapshotHandle: Invalid value: "
       "\"string\": snapshotHandle is immutable"},
      {"PVC: volumeMode immutable", [] { return AnyObject(Claim()); },
       on([](PersistentVolumeClaim& o) { o.spec.volume_mode = "Block"; }),
       "~volumeMode: Invalid value: \"Block\": field is immutable"},
      {"Job: completions immutable", [] { return AnyObject(JobBase()); },
       on([](Job& o) { o.spec.completions = 3; }),
       "Job.batch \"j\" is invalid: spec.completions: Invalid value: 3: field is immutable"},
      {"Job: selector immutable", [] { return AnyObject(JobBase()); },
       on([](Job& o) { o.spec.selector->match_labels["extra"] = "x"; }),
       "~spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"
       "\"batch.kubernetes.io/controller-uid\":"},
      {"Job: template immutable", [] { return AnyObject(JobBase()); },
       on([](Job& o) { o.spec.template_.spec.node_selector["disk"] = "ssd"; }),
       "Job.batch \"j\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"},
      // Update validation skips only the metadata an update leaves as stored: what it
      // changes is checked as on create.
      {"metadata on update: a label added is checked",
       [] { PersistentVolumeClaim c = Claim(); c.metadata.labels["team"] = "a"; return AnyObject(c); },
       on([](PersistentVolumeClaim& o) { o.metadata.labels["tier"] = "a b"; }),
       "~metadata.labels[tier]: Invalid value: \"a b\": a valid label must be"},
      {"metadata on update: an annotation key added is checked",
       [] { PersistentVolumeClaim c = Claim(); c.metadata.annotations["a.io/x"] = "1"; return AnyObject(c); },
       on([](PersistentVolumeClaim& o) { o.metadata.annotations["bad key"] = "1"; }),
       "~metadata.annotations: Invalid value: \"bad key\": name part must consist of"},
      {"metadata on update: a finalizer added is checked", [] { return AnyObject(Volume()); },
       on([](PersistentVolume& o) { o.metadata.finalizers.push_back("mine"); }),
       "~: Invalid value: \"mine\": name is neither a standard finalizer name nor is it fully qualified"},
      {"PV: volume source immutable", [] { return AnyObject(Volume()); },
       on([](PersistentVolume& o) { o.spec.csi->volume_handle = "vol-2"; }),
       "~PersistentVolume \"pv-1\" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is "
       "immutable after creation\n"},
  };
  for (const UpdateCase& c : cases) {
    auto created = api_.CreateAny(c.base());
    ASSERT_TRUE(created.ok()) << c.rule << ": " << created.status().ToString();
    AnyObject obj = std::visit(
        [](const auto& p) -> AnyObject {
          if constexpr (std::is_same_v<std::decay_t<decltype(p)>, std::monostate>) return std::monostate{};
          else return AnyObject(*p);
        },
        *created);
    c.mutate(obj);
    auto r = api_.UpdateAny(obj);
    ASSERT_FALSE(r.ok()) << c.rule << " was accepted";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalid) << c.rule;
    ExpectMessage(r.status().message(), c.want, c.rule);
    const ObjectMeta& m = std::visit(
        [](const auto& p) -> const ObjectMeta& {
          if constexpr (std::is_same_v<std::decay_t<decltype(p)>, std::monostate>) {
            static ObjectMeta none;
            return none;
          } else {
            return p->metadata;
          }
        },
        *created);
    const KindInfo& kind = std::visit(
        [](const auto& p) -> const KindInfo& {
          if constexpr (std::is_same_v<std::decay_t<decltype(p)>, std::monostate>) return KindOf<Namespace>::kInfo;
          else return KindOf<std::remove_const_t<typename std::decay_t<decltype(p)>::element_type>>::kInfo;
        },
        *created);
    // Clean up for the next case (finalizers would keep claims and volumes).
    std::visit(
        [&](const auto& p) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(p)>, std::monostate>) {
            auto copy = *p;
            copy.metadata.finalizers.clear();
            copy.metadata.resource_version = 0;
            (void)api_.UpdateAny(AnyObject(copy));
          }
        },
        *created);
    ASSERT_TRUE(api_.DeleteAny(kind, m.namespace_, m.name).ok()) << c.rule;
  }
}

// ---- SEMANTICS 1.5: claim immutability and its message per version ----------------------------

class ClaimImmutability : public ::testing::Test {
 protected:
  std::string UpdateMessage(KubeVersion v, std::function<void(PersistentVolumeClaim&)> mutate,
                            std::function<void(PersistentVolumeClaim&)> status = nullptr) {
    Engine engine(1);
    ApiServer api(engine, GateSet(Component::kKubeApiserver, v));
    Namespace ns;
    ns.metadata.name = "dev";
    EXPECT_TRUE(api.Create(ns).ok());
    auto created = api.Create(Claim());
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    PersistentVolumeClaim obj = **created;
    if (status) {
      status(obj);
      auto s = api.UpdateStatus(obj);
      EXPECT_TRUE(s.ok());
      obj = **s;
    }
    mutate(obj);
    auto r = api.Update(obj);
    return r.ok() ? "" : r.status().message();
  }
};

TEST_F(ClaimImmutability, From134TheDiffIsAUnifiedJsonDiff) {
  std::string got = UpdateMessage({1, 34}, [](auto& o) { o.spec.storage_class_name = "slow"; });
  EXPECT_EQ(got,
            "PersistentVolumeClaim \"db\" is invalid: spec: Forbidden: spec is immutable after creation except "
            "resources.requests and volumeAttributesClassName for bound claims\n"
            "@@ -10,7 +10,7 @@\n"
            "   }\n"
            "  },\n"
            "  \"VolumeName\": \"\",\n"
            "- \"StorageClassName\": \"fast\",\n"
            "+ \"StorageClassName\": \"slow\",\n"
            "  \"VolumeMode\": \"Filesystem\",\n"
            "  \"DataSource\": null,\n"
            "  \"DataSourceRef\": null,\n");
}

TEST_F(ClaimImmutability, From129To133TheDiffIsGoCmps) {
  std::string got = UpdateMessage({1, 30}, [](auto& o) { o.spec.storage_class_name = "slow"; });
  EXPECT_EQ(got,
            "PersistentVolumeClaim \"db\" is invalid: spec: Forbidden: spec is immutable after creation except "
            "resources.requests and volumeAttributesClassName for bound claims\n"
            "  core.PersistentVolumeClaimSpec{\n"
            "  \t... // 2 identical fields\n"
            "  \tResources:        {Requests: {s\"storage\": {i: {...}, s: \"1Gi\", Format: \"BinarySI\"}}},\n"
            "  \tVolumeName:       \"\",\n"
            "- \tStorageClassName: &\"fast\",\n"
            "+ \tStorageClassName: &\"slow\",\n"
            "  \tVolumeMode:       &\"Filesystem\",\n"
            "  \tDataSource:       nil,\n"
            "  \t... // 2 identical fields\n"
            "  }\n");
}

TEST_F(ClaimImmutability, Before129TheMessageHasNoVolumeAttributesClass) {
  std::string got = UpdateMessage({1, 28}, [](auto& o) { o.spec.access_modes = {"ReadWriteMany"}; });
  EXPECT_EQ(got.rfind("PersistentVolumeClaim \"db\" is invalid: spec: Forbidden: spec is immutable after creation "
                      "except resources.requests for bound claims\n  core.PersistentVolumeClaimSpec{\n",
                      0),
            0u)
      << got;
  EXPECT_NE(got.find("  \tAccessModes: []core.PersistentVolumeAccessMode{\n- \t\t\"ReadWriteOnce\",\n+ \t\t\"ReadWriteMany\",\n  \t},\n"),
            std::string::npos)
      << got;
}

TEST_F(ClaimImmutability, VolumeNameMaySetOnce) {
  EXPECT_EQ(UpdateMessage({1, 34}, [](auto& o) { o.spec.volume_name = "pv-1"; }), "");
}

TEST_F(ClaimImmutability, BoundClaimsMayGrowTheirRequest) {
  auto bound = [](PersistentVolumeClaim& o) { o.status.phase = "Bound"; };
  EXPECT_EQ(UpdateMessage({1, 34}, [](auto& o) { o.spec.resources.requests["storage"] = *Quantity::Parse("2Gi"); }, bound),
            "");
  EXPECT_EQ(UpdateMessage({1, 34}, [](auto& o) { o.spec.resources.requests["storage"] = *Quantity::Parse("500Mi"); },
                          bound),
            "PersistentVolumeClaim \"db\" is invalid: spec.resources.requests.storage: Forbidden: field can not be "
            "less than previous value");
}

TEST_F(ClaimImmutability, UnboundClaimsMayNotChangeTheirRequest) {
  std::string got =
      UpdateMessage({1, 34}, [](auto& o) { o.spec.resources.requests["storage"] = *Quantity::Parse("2Gi"); });
  EXPECT_NE(got.find("-   \"storage\": \"1Gi\"\n+   \"storage\": \"2Gi\"\n"), std::string::npos) << got;
}

TEST_F(ClaimImmutability, RetroactiveDefaultClassMaySetAMissingClass) {
  Engine engine(1);
  ApiServer api(engine, GateSet(Component::kKubeApiserver, {1, 34}));
  Namespace ns;
  ns.metadata.name = "dev";
  ASSERT_TRUE(api.Create(ns).ok());
  PersistentVolumeClaim pvc = Claim();
  pvc.spec.storage_class_name.reset();
  auto created = api.Create(pvc);
  ASSERT_TRUE(created.ok());
  PersistentVolumeClaim next = **created;
  next.spec.storage_class_name = "standard";
  auto r = api.Update(next);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->spec.storage_class_name, "standard");
}

}  // namespace
}  // namespace xnsim
