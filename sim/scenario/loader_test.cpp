// The scenario loader against scenario-format.md: every step kind, every error a user
// can make (with its file:line), matrices, only/except and the defaults.
#include "sim/scenario/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "fake-csi/csi.h"
#include "sim/scenario/vocabulary.h"

namespace xnsim {
namespace {

// CTest names the source tree (XNSIM_SOURCE_DIR); a compiler cache may make __FILE__
// relative, so that is only the fallback for running the binary by hand.
const std::string kDir = [] {
  const char* root = std::getenv("XNSIM_SOURCE_DIR");
  return root != nullptr ? std::string(root) + "/sim/scenario/testdata"
                         : (std::filesystem::path(__FILE__).parent_path() / "testdata").string();
}();

// Four lines; a body appended to it starts on line 5.
constexpr std::string_view kHead =
    "apiVersion: xnsim.io/v1alpha1\n"
    "kind: Scenario\n"
    "metadata:\n"
    "  name: t\n";

StatusOr<std::vector<Scenario>> Load(std::string_view text) {
  return LoadScenarioText(text, "s.yaml", kDir);
}

StatusOr<std::vector<Scenario>> LoadBody(std::string_view body) {
  return Load(std::string(kHead) + std::string(body));
}

// The error loading `body` after kHead; fails the test if it loads.
std::string BodyError(std::string_view body) {
  StatusOr<std::vector<Scenario>> r = LoadBody(body);
  EXPECT_FALSE(r.ok()) << "loaded:\n" << kHead << body;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInputError) << r.status().ToString();
  return r.status().message();
}

Scenario LoadOne(std::string_view body) {
  StatusOr<std::vector<Scenario>> r = LoadBody(body);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok() || r->size() != 1) return Scenario{};
  return std::move(r->front());
}

// ---- every step kind --------------------------------------------------------------

constexpr std::string_view kEveryStep = R"(cluster:
  drivers:
  - name: hostpath.csi.k8s.io
  - name: other.csi.example.com
steps:
- apply: {file: manifests/prod.yaml}
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: example-pvc, namespace: dev}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
        dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap, namespace: prod}
- apply:
    resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: b}}
- delete: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: dev, name: example-pvc}
- wait: 2m30s
- settle: {timeout: 5m}
- settle:
- assert: {within: 1m, resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: db, namespace: prod}, status: {phase: Bound}}}
- assertAbsent: {resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: gone, namespace: prod}}}
- error: {within: 10s, resource: {apiVersion: v1, kind: PersistentVolume}}
- assertNever: {for: 30s, resource: {apiVersion: v1, kind: PersistentVolumeClaim, spec: {dataSourceRef: null}}}
- assertEvent: {within: 2m, involvedObject: {kind: PersistentVolumeClaim, namespace: dev, name: example-pvc}, reason: ProvisioningFailed, messageContains: "isn't allowed", type: Warning}
- assertRejected:
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: x, namespace: dev}}
    messageContains: spec.accessModes
- assertContent: {pvc: dev/example-pvc, content: prod-db@snap1}
- write: {pvc: prod/db, content: prod-db@snap1, used: 40Gi}
- restart: csi-provisioner
- setFeatureGates: {csi-provisioner: {CrossNamespaceVolumeDataSource: true}}
- fault: {driver: other.csi.example.com, op: CreateVolume, code: RESOURCE_EXHAUSTED, times: 2}
- fault: {driver: hostpath.csi.k8s.io, op: CreateSnapshot, code: UNAVAILABLE, for: 1m}
- workload:
    name: daily-clones
    count: 10000
    rate: 20/s
    poisson: true
    namespaces: {prefix: team-, count: 100}
    template:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: "clone-{{i}}"}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
    deleteAfter: 1h
)";

TEST(Loader, EveryStepKindLoads) {
  Scenario s = LoadOne(kEveryStep);
  ASSERT_EQ(s.steps.size(), 20u);
  const std::vector<std::string> keywords = {
      "apply",       "apply",           "apply",          "delete",        "wait",
      "settle",      "settle",          "assert",         "assertAbsent",  "error",
      "assertNever", "assertEvent",     "assertRejected", "assertContent", "write",
      "restart",     "setFeatureGates", "fault",          "fault",         "workload"};
  for (size_t i = 0; i < keywords.size(); ++i) EXPECT_EQ(s.steps[i].keyword, keywords[i]) << i;
  EXPECT_EQ(s.steps[0].where.ToString(), "s.yaml:10");

  const auto& from_file = std::get<ApplyStep>(s.steps[0].body);
  ASSERT_EQ(from_file.objects.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<Namespace>(from_file.objects[0].object));
  EXPECT_TRUE(std::holds_alternative<PersistentVolumeClaim>(from_file.objects[2].object));

  const auto& inline_apply = std::get<ApplyStep>(s.steps[1].body);
  ASSERT_EQ(inline_apply.objects.size(), 1u);
  const auto& pvc = std::get<PersistentVolumeClaim>(inline_apply.objects[0].object);
  EXPECT_EQ(pvc.metadata.name, "example-pvc");
  EXPECT_EQ(inline_apply.objects[0].where.ToString(), "s.yaml:13");
  ASSERT_NE(inline_apply.objects[0].tree, nullptr);
  EXPECT_EQ((*inline_apply.objects[0].tree)["metadata"]["namespace"], "dev");
  EXPECT_EQ(std::get<ApplyStep>(s.steps[2].body).objects.size(), 2u);

  const auto& del = std::get<DeleteStep>(s.steps[3].body);
  EXPECT_EQ(del.kind, "PersistentVolumeClaim");
  EXPECT_EQ(del.namespace_, "dev");
  EXPECT_EQ(del.name, "example-pvc");
  EXPECT_EQ(std::get<WaitStep>(s.steps[4].body).duration, 150 * kSecond);
  EXPECT_EQ(std::get<SettleStep>(s.steps[5].body).timeout, 5 * kMinute);
  EXPECT_EQ(std::get<SettleStep>(s.steps[6].body).timeout, 10 * kMinute);

  const auto& assert_step = std::get<AssertStep>(s.steps[7].body);
  EXPECT_EQ(assert_step.within, kMinute);
  EXPECT_EQ((*assert_step.resource)["status"]["phase"], "Bound");
  EXPECT_FALSE(std::get<AssertAbsentStep>(s.steps[8].body).within.has_value());
  EXPECT_EQ(std::get<AssertAbsentStep>(s.steps[9].body).within, 10 * kSecond);
  const auto& never = std::get<AssertNeverStep>(s.steps[10].body);
  EXPECT_EQ(never.for_, 30 * kSecond);
  EXPECT_TRUE((*never.resource)["spec"]["dataSourceRef"].is_null());

  const auto& event = std::get<AssertEventStep>(s.steps[11].body);
  EXPECT_EQ((*event.involved_object)["name"], "example-pvc");
  EXPECT_EQ(event.reason, "ProvisioningFailed");
  EXPECT_EQ(event.message_contains, "isn't allowed");
  EXPECT_EQ(event.type, "Warning");

  const auto& rejected = std::get<AssertRejectedStep>(s.steps[12].body);
  EXPECT_EQ(rejected.objects.size(), 1u);
  EXPECT_EQ(rejected.message_contains, "spec.accessModes");

  const auto& content = std::get<AssertContentStep>(s.steps[13].body);
  EXPECT_EQ(content.namespace_, "dev");
  EXPECT_EQ(content.pvc, "example-pvc");
  EXPECT_EQ(content.content, "prod-db@snap1");
  const auto& write = std::get<WriteStep>(s.steps[14].body);
  EXPECT_EQ(write.pvc, "db");
  EXPECT_EQ(write.used, *Quantity::Parse("40Gi"));

  EXPECT_EQ(std::get<RestartStep>(s.steps[15].body).component, Component::kCsiProvisioner);
  const auto& gates = std::get<SetFeatureGatesStep>(s.steps[16].body).gates;
  EXPECT_EQ(gates.at("csi-provisioner").at("CrossNamespaceVolumeDataSource"), true);

  const auto& fault = std::get<FaultStep>(s.steps[17].body).fault;
  EXPECT_EQ(fault.driver, "other.csi.example.com");
  EXPECT_EQ(fault.op, "CreateVolume");
  EXPECT_EQ(fault.code, "RESOURCE_EXHAUSTED");
  EXPECT_EQ(fault.times, 2);
  EXPECT_EQ(std::get<FaultStep>(s.steps[18].body).fault.for_, kMinute);

  const auto& w = std::get<WorkloadStep>(s.steps[19].body);
  EXPECT_EQ(w.name, "daily-clones");
  EXPECT_EQ(w.count, 10000);
  EXPECT_DOUBLE_EQ(w.rate_per_second, 20);
  EXPECT_TRUE(w.poisson);
  EXPECT_EQ(w.namespace_prefix, "team-");
  EXPECT_EQ(w.namespace_count, 100);
  EXPECT_EQ((*w.template_)["metadata"]["name"], "clone-{{i}}");
  EXPECT_EQ(w.delete_after, kHour);
}

TEST(Loader, ApplyFileResolvesAgainstTheScenarioDirectory) {
  StatusOr<std::vector<Scenario>> r = LoadScenarioFile(kDir + "/apply-file.yaml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const Scenario& s = r->front();
  EXPECT_EQ(s.name, "apply-file");
  const auto& apply = std::get<ApplyStep>(s.steps[0].body);
  ASSERT_EQ(apply.objects.size(), 3u);
  const std::string manifest =
      (std::filesystem::path(kDir) / "manifests/prod.yaml").lexically_normal().string();
  EXPECT_EQ(apply.objects[0].where.file, manifest);
  EXPECT_EQ(apply.objects[0].where.line, 1);
  EXPECT_EQ(apply.objects[1].where.line, 6);
  EXPECT_EQ(apply.objects[2].where.line, 12);
  ASSERT_NE(apply.objects[2].tree, nullptr);
  EXPECT_EQ((*apply.objects[2].tree)["kind"], "PersistentVolumeClaim");
  EXPECT_EQ(std::get<AssertRejectedStep>(s.steps[1].body).objects.size(), 3u);
}

TEST(Loader, MissingManifestFileIsNamedWithTheStepLine) {
  std::string e = BodyError("steps:\n- apply: {file: manifests/nope.yaml}\n");
  EXPECT_EQ(e.rfind("s.yaml:6: steps[0].apply.file: no such file", 0), 0u) << e;
  EXPECT_NE(e.find("nope.yaml"), std::string::npos) << e;
}

TEST(Loader, MissingScenarioFileIsAnInputError) {
  StatusOr<std::vector<Scenario>> r = LoadScenarioFile(kDir + "/nope.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInputError);
  EXPECT_NE(r.status().message().find("nope.yaml"), std::string::npos);
}

// ---- manifests are decoded at load time ----------------------------------------------

TEST(Loader, InlineManifestGivesTheCodecErrorAtTheScenarioLine) {
  std::string e = BodyError(R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: x, namespace: dev}
      spec:
        storageClassName: example
        accesModes: [ReadWriteOnce]
)");
  EXPECT_EQ(e.rfind("s.yaml:13: ", 0), 0u) << e;
  EXPECT_NE(e.find("accesModes"), std::string::npos) << e;
}

// A manifest pasted with its indentation lost: name and namespace beside metadata.
TEST(Loader, FlattenedInlineManifestGivesTheCodecErrorAtTheScenarioLine) {
  std::string e = BodyError(R"(steps:
- apply:
    resource:
      apiVersion: gateway.networking.k8s.io/v1beta1
      kind: ReferenceGrant
      metadata:
      name: allow-dev-pvcs
      namespace: prod
      spec:
      from:
      - {group: "", kind: PersistentVolumeClaim, namespace: dev}
      to:
      - {group: snapshot.storage.k8s.io, kind: VolumeSnapshot}
)");
  EXPECT_EQ(e.rfind("s.yaml:11: ", 0), 0u) << e;
  EXPECT_NE(e.find("strict decoding error: unknown field \"name\""), std::string::npos) << e;
  EXPECT_NE(e.find("hint: the indentation looks flattened"), std::string::npos) << e;
}

TEST(Loader, OneLineInlineManifestGivesTheCodecErrorAtItsLine) {
  std::string e = BodyError(
      "steps:\n"
      "- wait: 1s\n"
      "- apply: {resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: x, "
      "namespace: dev}, spec: {accesModes: [ReadWriteOnce]}}}\n");
  EXPECT_EQ(e.rfind("s.yaml:7: ", 0), 0u) << e;
  EXPECT_NE(e.find("accesModes"), std::string::npos) << e;
}

TEST(Loader, ManifestFileErrorNamesTheManifestFileAndLine) {
  std::string e = BodyError("steps:\n- apply: {file: manifests/bad-field.yaml}\n");
  const std::string manifest =
      (std::filesystem::path(kDir) / "manifests/bad-field.yaml").lexically_normal().string();
  EXPECT_EQ(e.rfind(manifest + ":8: ", 0), 0u) << e;
  EXPECT_NE(e.find("accesModes"), std::string::npos) << e;
}

TEST(Loader, AssertRejectedManifestMustStillDecode) {
  // Invalid for admission (no spec at all) but decodable: loads.
  LoadOne(R"(steps:
- assertRejected: {resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: x, namespace: dev}}}
)");
  std::string e = BodyError(R"(steps:
- assertRejected: {resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: x, namespace: dev}, spec: {sise: 1}}}
)");
  EXPECT_EQ(e.rfind("s.yaml:6: ", 0), 0u) << e;
  EXPECT_NE(e.find("sise"), std::string::npos) << e;
}

TEST(Loader, ApplyTakesExactlyOneSource) {
  EXPECT_EQ(BodyError("steps:\n- apply: {file: manifests/prod.yaml, resources: []}\n"),
            "s.yaml:6: steps[0].apply: give exactly one of file, resource or resources");
  EXPECT_EQ(BodyError("steps:\n- apply: {}\n"),
            "s.yaml:6: steps[0].apply: give exactly one of file, resource or resources");
}

TEST(Loader, FragmentMustNameAServedKind) {
  EXPECT_EQ(BodyError("steps:\n- assert: {resource: {apiVersion: v1, kind: Volume}}\n"),
            "s.yaml:6: steps[0].assert.resource: no matches for kind \"Volume\" in version \"v1\"");
  EXPECT_EQ(BodyError("steps:\n- assert: {resource: {metadata: {name: x}}}\n"),
            "s.yaml:6: steps[0].assert.resource: needs apiVersion and kind, to know which "
            "objects to look at");
}

// ---- unknown keys, at every level ---------------------------------------------------

struct UnknownKeyCase {
  std::string body;
  std::string expected_prefix;  // "s.yaml:LINE: unknown key \"k\" in WHERE"
};

TEST(Loader, UnknownKeysAreNamedWithTheirLineAtEveryLevel) {
  const std::vector<UnknownKeyCase> cases = {
      {"stepz: []\nsteps:\n- wait: 1s\n", "s.yaml:5: unknown key \"stepz\" in the scenario"},
      {"cluster:\n  kubernetesVersions: 1.26\nsteps:\n- wait: 1s\n",
       "s.yaml:6: unknown key \"kubernetesVersions\" in cluster"},
      {"cluster:\n  drivers:\n  - name: d\n    capacty: 1Ti\nsteps:\n- wait: 1s\n",
       "s.yaml:8: unknown key \"capacty\" in cluster.drivers[0]"},
      {"cluster:\n  drivers:\n  - name: d\n    costs:\n      createVolume: {base: 1s, perGb: 1s}\n"
       "steps:\n- wait: 1s\n",
       "s.yaml:9: unknown key \"perGb\" in cluster.drivers[0].costs.createVolume"},
      {"cluster:\n  drivers:\n  - name: d\n    costs:\n      cloneVolumes: {base: 1s}\n"
       "steps:\n- wait: 1s\n",
       "s.yaml:9: unknown key \"cloneVolumes\" in cluster.drivers[0].costs"},
      {"cluster:\n  drivers:\n  - name: d\n    faults:\n    - {op: CreateVolume, code: INTERNAL, "
       "count: 2}\n"
       "steps:\n- wait: 1s\n",
       "s.yaml:9: unknown key \"count\" in cluster.drivers[0].faults[0]"},
      {"cluster:\n  provisioner:\n    workerThread: 5\nsteps:\n- wait: 1s\n",
       "s.yaml:7: unknown key \"workerThread\" in cluster.provisioner"},
      {"cluster:\n  featureGates:\n    kube-scheduler: {X: true}\nsteps:\n- wait: 1s\n",
       "s.yaml:7: unknown key \"kube-scheduler\" in cluster.featureGates (expected one of: all, "
       "kube-apiserver"},
      {"steps:\n- wiat: 1s\n", "s.yaml:6: unknown key \"wiat\" in steps[0]"},
      {"steps:\n- wait: 1s\n- assert:\n    within: 1m\n    resouce: {}\n",
       "s.yaml:9: unknown key \"resouce\" in steps[1].assert (expected one of: within, resource)"},
      {"steps:\n- assertEvent: {involvedObject: {knd: Pod}}\n",
       "s.yaml:6: unknown key \"knd\" in steps[0].assertEvent.involvedObject"},
      {"steps:\n- workload:\n    name: w\n    count: 1\n    rate: 1/s\n    namespaces: {prefx: a, "
       "count: 1}\n",
       "s.yaml:10: unknown key \"prefx\" in steps[0].workload.namespaces"},
      {"steps:\n- setFeatureGates: {kubelet: {X: true}}\n",
       "s.yaml:6: unknown key \"kubelet\" in steps[0].setFeatureGates"},
      {"explore: {runs: 5, strategy: pct, jiter: {}}\nsteps:\n- wait: 1s\n",
       "s.yaml:5: unknown key \"jiter\" in explore (expected one of: runs, strategy, jitter)"},
      {"explore:\n  runs: 5\n  jitter: {network: 0-1s}\nsteps:\n- wait: 1s\n",
       "s.yaml:7: unknown key \"network\" in explore.jitter (expected one of: watch, api, csi)"},
      {"matrix:\n- name: a\n  clusters: {}\nsteps:\n- wait: 1s\n",
       "s.yaml:7: unknown key \"clusters\" in matrix[0] (expected one of: name, cluster, requires)"},
  };
  for (const UnknownKeyCase& c : cases) {
    std::string e = BodyError(c.body);
    EXPECT_EQ(e.rfind(c.expected_prefix, 0), 0u)
        << "got:      " << e << "\nexpected: " << c.expected_prefix;
  }
}

TEST(Loader, UnknownKeyListsTheKeysExpected) {
  EXPECT_EQ(BodyError("stepz: []\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: unknown key \"stepz\" in the scenario (expected one of: apiVersion, kind, "
            "metadata, description, cluster, matrix, steps, invariants, explore, requires, "
            "maxExposure)");
  StatusOr<std::vector<Scenario>> r = Load(
      "apiVersion: xnsim.io/v1alpha1\nkind: Scenario\nmetadata:\n  nmae: t\nsteps:\n- wait: 1s\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "s.yaml:4: unknown key \"nmae\" in metadata (expected one of: name, labels)");
}

TEST(Loader, UnknownKeyInAMatrixEntrysClusterNamesTheVariant) {
  std::string e = BodyError("matrix:\n- name: a\n  cluster: {drivrs: []}\nsteps:\n- wait: 1s\n");
  EXPECT_EQ(e.rfind("s.yaml:7: unknown key \"drivrs\" in cluster", 0), 0u) << e;
  EXPECT_NE(e.find("(in matrix variant \"a\")"), std::string::npos) << e;
}

TEST(Loader, DuplicateKeyIsAnError) {
  EXPECT_EQ(BodyError("steps:\n- wait: 1s\nsteps:\n- wait: 2s\n"),
            "s.yaml:7: duplicate key \"steps\" in the scenario");
}

// ---- wrong types and required keys --------------------------------------------------

TEST(Loader, WrongTypesNameTheKeyAndWhatWasExpected) {
  EXPECT_EQ(BodyError("cluster:\n  drivers:\n  - name: d\n    capacity: ten\nsteps:\n- wait: 1s\n"),
            "s.yaml:8: cluster.drivers[0].capacity: expected a Kubernetes quantity like 10Ti, got "
            "\"ten\"");
  EXPECT_EQ(
      BodyError("cluster:\n  drivers:\n  - name: d\n    maxInflight: many\nsteps:\n- wait: 1s\n"),
      "s.yaml:8: cluster.drivers[0].maxInflight: expected an integer from 1 to 1000000, got "
      "\"many\"");
  EXPECT_EQ(
      BodyError(
          "cluster:\n  drivers:\n  - name: d\n    capabilities: [CLONE]\nsteps:\n- wait: 1s\n")
          .rfind("s.yaml:8: cluster.drivers[0].capabilities[0]: expected one of "
                 "CREATE_DELETE_VOLUME, ",
                 0),
      0u);
  EXPECT_EQ(
      BodyError("cluster:\n  drivers:\n  - name: d\n    copyMode: lazy\nsteps:\n- wait: 1s\n"),
      "s.yaml:8: cluster.drivers[0].copyMode: expected one of full, copyOnWrite, got \"lazy\"");
  EXPECT_EQ(BodyError("cluster:\n  featureGates:\n    all: {CrossNamespaceVolumeDataSource: yes}\n"
                      "steps:\n- wait: 1s\n"),
            "s.yaml:7: cluster.featureGates.all.CrossNamespaceVolumeDataSource: expected true or "
            "false, got \"yes\"");
  EXPECT_EQ(BodyError("cluster:\n  drivers: {name: d}\nsteps:\n- wait: 1s\n"),
            "s.yaml:6: cluster.drivers: expected a list of drivers, got a map");
  EXPECT_EQ(BodyError("steps:\n- write: {pvc: db, content: x}\n"),
            "s.yaml:6: steps[0].write.pvc: expected NAMESPACE/NAME like prod/db, got \"db\"");
  EXPECT_EQ(
      BodyError("steps:\n- write: {pvc: prod/db, content: x, used: lots}\n"),
      "s.yaml:6: steps[0].write.used: expected a Kubernetes quantity like 10Ti, got \"lots\"");
  EXPECT_EQ(BodyError("steps:\n- restart: kubelet\n"),
            "s.yaml:6: steps[0].restart: expected one of kube-apiserver, kube-controller-manager, "
            "csi-provisioner, snapshot-controller, got \"kubelet\"");
}

TEST(Loader, BadDurationsAreNamed) {
  EXPECT_EQ(
      BodyError("steps:\n- wait: 5 minutes\n"),
      "s.yaml:6: steps[0].wait: expected a duration like 30s, 500ms or 2m30s, got \"5 minutes\"");
  EXPECT_EQ(
      BodyError("steps:\n- assert:\n    within: 1x\n    resource: {apiVersion: v1, kind: Pod}\n"),
      "s.yaml:7: steps[0].assert.within: expected a duration like 30s, 500ms or 2m30s, got "
      "\"1x\"");
  EXPECT_EQ(BodyError("steps:\n- wait: -1s\n"),
            "s.yaml:6: steps[0].wait: a duration must not be negative, got \"-1s\"");
  EXPECT_EQ(BodyError("cluster:\n  provisioner: {retryIntervalStart: fast}\nsteps:\n- wait: 1s\n"),
            "s.yaml:6: cluster.provisioner.retryIntervalStart: expected a duration like 30s, 500ms "
            "or 2m30s, got \"fast\"");
  EXPECT_EQ(
      BodyError("cluster:\n  drivers:\n  - name: d\n    costs: {cloneVolume: {perGiB: 1 second}}\n"
                "steps:\n- wait: 1s\n"),
      "s.yaml:8: cluster.drivers[0].costs.cloneVolume.perGiB: expected a duration like 30s, "
      "500ms or 2m30s, got \"1 second\"");
  EXPECT_EQ(BodyError("steps:\n- wait:\n"),
            "s.yaml:6: steps[0].wait: expected a duration like 30s, 500ms or 2m30s, got nothing");
}

TEST(Loader, MissingRequiredKeysNameTheStepAndKey) {
  EXPECT_EQ(BodyError("steps:\n- wait: 1s\n- assert: {within: 1m}\n"),
            "s.yaml:7: steps[1].assert: missing required key \"resource\"");
  EXPECT_EQ(BodyError("steps:\n- assertNever: {resource: {apiVersion: v1, kind: Pod}}\n"),
            "s.yaml:6: steps[0].assertNever: missing required key \"for\"");
  EXPECT_EQ(BodyError("steps:\n- delete: {apiVersion: v1, kind: Namespace}\n"),
            "s.yaml:6: steps[0].delete: missing required key \"name\"");
  EXPECT_EQ(BodyError("steps:\n- workload: {name: w, count: 1, rate: 1/s}\n"),
            "s.yaml:6: steps[0].workload: missing required key \"template\"");
  EXPECT_EQ(BodyError("steps:\n- fault: {op: CreateVolume}\n"),
            "s.yaml:6: steps[0].fault: missing required key \"code\"");
  EXPECT_EQ(BodyError("steps:\n- assertContent: {pvc: a/b}\n"),
            "s.yaml:6: steps[0].assertContent: missing required key \"content\"");
  EXPECT_EQ(BodyError("cluster:\n  drivers:\n  - capacity: 1Ti\nsteps:\n- wait: 1s\n"),
            "s.yaml:7: cluster.drivers[0]: missing required key \"name\"");
  EXPECT_EQ(BodyError(""), "s.yaml:1: missing required key \"steps\"");
  StatusOr<std::vector<Scenario>> r = Load(
      "apiVersion: xnsim.io/v1alpha1\nkind: Scenario\nmetadata: {labels: {a: b}}\nsteps:\n- wait: "
      "1s\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "s.yaml:3: metadata: missing required key \"name\"");
}

TEST(Loader, KindAndApiVersionAreChecked) {
  StatusOr<std::vector<Scenario>> r =
      Load("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: db}\nspec: {}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "s.yaml:2: kind: expected Scenario, got \"PersistentVolumeClaim\" (a scenario applies "
            "manifests with apply: {file: ...})");
  r = Load("apiVersion: xnsim.io/v1\nkind: Scenario\nmetadata: {name: t}\nsteps:\n- wait: 1s\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "s.yaml:1: apiVersion: expected xnsim.io/v1alpha1, got \"xnsim.io/v1\"");
}

TEST(Loader, OneStepPerListItem) {
  EXPECT_EQ(BodyError("steps:\n- apply: {file: manifests/prod.yaml}\n  wait: 1s\n"),
            "s.yaml:7: steps[0].wait: one step per list item: found \"apply\" and \"wait\" (start "
            "each step with its own \"-\")");
  std::string e = BodyError("matrix: [{name: a}]\nsteps:\n- only: [a]\n");
  EXPECT_EQ(
      e.rfind("s.yaml:7: steps[0]: no step in this item (expected one of: apply, delete, ", 0), 0u)
      << e;
}

TEST(Loader, InvalidYamlNamesTheLine) {
  std::string e = BodyError("steps: [wait: 1s\n");
  EXPECT_EQ(e.rfind("s.yaml:", 0), 0u) << e;
  EXPECT_NE(e.find("invalid YAML"), std::string::npos) << e;
}

TEST(Loader, ScenarioFileHoldsOneDocument) {
  EXPECT_EQ(BodyError("steps:\n- wait: 1s\n---\nkind: Scenario\n"),
            "s.yaml:8: a scenario file holds one YAML document; found another here");
}

TEST(Loader, DeleteChecksKindAndScope) {
  EXPECT_EQ(BodyError("steps:\n- delete: {apiVersion: v1, kind: Foo, name: x}\n"),
            "s.yaml:6: steps[0].delete.kind: no matches for kind \"Foo\" in version \"v1\"");
  EXPECT_EQ(BodyError("steps:\n- delete: {apiVersion: v1, kind: PersistentVolumeClaim, name: x}\n"),
            "s.yaml:6: steps[0].delete: PersistentVolumeClaim is namespaced: give its namespace");
  EXPECT_EQ(
      BodyError("steps:\n- delete: {apiVersion: v1, kind: Namespace, namespace: a, name: x}\n"),
      "s.yaml:6: steps[0].delete.namespace: Namespace is cluster-scoped: leave namespace out");
}

// ---- cluster ------------------------------------------------------------------------

TEST(Loader, KubernetesVersionAcceptsStringsAndNumbers) {
  EXPECT_EQ(LoadOne("cluster: {kubernetesVersion: 1.26}\nsteps:\n- wait: 1s\n")
                .cluster.kubernetes_version,
            (KubeVersion{1, 26}));
  // 1.30 written as a YAML number still means minor 30, not 3.
  EXPECT_EQ(LoadOne("cluster: {kubernetesVersion: 1.30}\nsteps:\n- wait: 1s\n")
                .cluster.kubernetes_version,
            (KubeVersion{1, 30}));
  EXPECT_EQ(LoadOne("cluster: {kubernetesVersion: \"v1.24\"}\nsteps:\n- wait: 1s\n")
                .cluster.kubernetes_version,
            (KubeVersion{1, 24}));
  EXPECT_EQ(
      BodyError("cluster: {kubernetesVersion: \"1.22\"}\nsteps:\n- wait: 1s\n"),
      "s.yaml:5: cluster.kubernetesVersion: xnsim models Kubernetes 1.24 to 1.34, got \"1.22\"");
  EXPECT_EQ(BodyError("cluster: {kubernetesVersion: latest}\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: cluster.kubernetesVersion: expected a Kubernetes version like \"1.26\", got "
            "\"latest\"");
}

TEST(Loader, FeatureGatesAreKeptAsRequested) {
  Scenario s = LoadOne(R"(cluster:
  kubernetesVersion: "1.26"
  featureGates:
    all: {CrossNamespaceVolumeDataSource: true}
    csi-provisioner: {CrossNamespaceVolumeDataSource: false}
steps:
- wait: 1s
)");
  EXPECT_EQ(s.cluster.feature_gates.all.at("CrossNamespaceVolumeDataSource"), true);
  EXPECT_EQ(s.cluster.feature_gates.per_component.at("csi-provisioner")
                .at("CrossNamespaceVolumeDataSource"),
            false);
}

TEST(Loader, FeatureGateRefusalIsReportedAtTheGatesLine) {
  std::string e = BodyError(R"(cluster:
  featureGates:
    all: {CrossNamespaceVolumeDataSource: true}
    kube-apiserver:
      NoSuchGate: true
steps:
- wait: 1s
)");
  EXPECT_EQ(e.rfind("s.yaml:9: cluster.featureGates.kube-apiserver.NoSuchGate: ", 0), 0u) << e;
  EXPECT_NE(e.find("NoSuchGate"), std::string::npos) << e;
  // AnyVolumeDataSource is GA and locked to true from 1.33 (SEMANTICS.md 1.6).
  e = BodyError(R"(cluster:
  kubernetesVersion: "1.34"
  featureGates:
    kube-apiserver: {AnyVolumeDataSource: false}
steps:
- wait: 1s
)");
  EXPECT_EQ(e.rfind("s.yaml:8: cluster.featureGates.kube-apiserver.AnyVolumeDataSource: ", 0), 0u)
      << e;
  EXPECT_NE(e.find("locked"), std::string::npos) << e;
}

TEST(Loader, DriverKeysAreRead) {
  Scenario s = LoadOne(R"(cluster:
  drivers:
  - name: ebs.csi.aws.com
    capabilities: [CREATE_DELETE_VOLUME, CREATE_DELETE_SNAPSHOT]
    capacity: 10Ti
    maxInflight: 4
    costs:
      createVolume:    {base: 50ms}
      restoreSnapshot: {base: 100ms, perGiB: 500ms}
    copyMode: copyOnWrite
    pricePerGiBMonth: 0.08
    faults:
    - {op: CreateVolume, code: RESOURCE_EXHAUSTED, times: 2}
    - {op: DeleteVolume, code: UNAVAILABLE, for: 30s}
    - {op: CreateSnapshot, code: INTERNAL, probability: 0.25}
  provisioner:
    workerThreads: 10
    retryIntervalStart: 2s
    retryIntervalMax: 1m
    kubeApiQps: 20.5
    kubeApiBurst: 40
    timeout: 15s
    version: v5.3.0
  controllerManager:
    kubeApiQps: 100
    kubeApiBurst: 200
    pvClaimBinderSyncPeriod: 1m
steps:
- wait: 1s
)");
  ASSERT_EQ(s.cluster.drivers.size(), 1u);
  const DriverSpec& d = s.cluster.drivers[0];
  EXPECT_EQ(d.name, "ebs.csi.aws.com");
  EXPECT_EQ(d.capabilities,
            (std::vector<std::string>{"CREATE_DELETE_VOLUME", "CREATE_DELETE_SNAPSHOT"}));
  EXPECT_EQ(d.capacity, *Quantity::Parse("10Ti"));
  EXPECT_EQ(d.max_inflight, 4);
  EXPECT_EQ(d.costs.at("createVolume").base, 50 * kMillisecond);
  EXPECT_EQ(d.costs.at("createVolume").per_gib, 0);
  EXPECT_EQ(d.costs.at("restoreSnapshot").per_gib, 500 * kMillisecond);
  EXPECT_EQ(d.copy_mode, "copyOnWrite");
  EXPECT_DOUBLE_EQ(d.price_per_gib_month, 0.08);
  ASSERT_EQ(d.faults.size(), 3u);
  EXPECT_EQ(d.faults[0].times, 2);
  EXPECT_EQ(d.faults[1].for_, 30 * kSecond);
  EXPECT_DOUBLE_EQ(*d.faults[2].probability, 0.25);
  EXPECT_EQ(d.where.ToString(), "s.yaml:7");
  const ProvisionerSpec& p = s.cluster.provisioner;
  EXPECT_EQ(p.worker_threads, 10);
  EXPECT_EQ(p.retry_interval_start, 2 * kSecond);
  EXPECT_EQ(p.retry_interval_max, kMinute);
  EXPECT_DOUBLE_EQ(p.kube_api_qps, 20.5);
  EXPECT_EQ(p.kube_api_burst, 40);
  EXPECT_EQ(p.timeout, 15 * kSecond);
  EXPECT_EQ(p.version, "v5.3.0");
  const ControllerManagerSpec& k = s.cluster.controller_manager;
  EXPECT_DOUBLE_EQ(k.kube_api_qps, 100);
  EXPECT_EQ(k.kube_api_burst, 200);
  EXPECT_EQ(k.pv_sync_period, kMinute);
}

TEST(Loader, FaultTakesOneOfTimesForOrProbability) {
  EXPECT_EQ(BodyError("steps:\n- fault: {op: CreateVolume, code: INTERNAL, times: 2, for: 1m}\n"),
            "s.yaml:6: steps[0].fault.for: give one of times, for or probability, not both times "
            "and for");
  EXPECT_EQ(
      BodyError("steps:\n- fault: {op: CreateVolume, code: INTERNAL, probability: 1.5}\n"),
      "s.yaml:6: steps[0].fault.probability: expected a probability from 0 to 1, got \"1.5\"");
  EXPECT_EQ(
      BodyError("steps:\n- fault: {op: MakeVolume, code: INTERNAL}\n")
          .rfind("s.yaml:6: steps[0].fault.op: expected one of CreateVolume, DeleteVolume, ", 0),
      0u);
}

TEST(Loader, FaultsOnlyOnRpcsTheMockDriverServesAndWithItsCodeNames) {
  // A fault on an RPC the mock never serves would never fire: refused at load time.
  EXPECT_EQ(BodyError("steps:\n- fault: {op: ListVolumes, code: INTERNAL}\n"),
            "s.yaml:6: steps[0].fault.op: the mock CSI driver does not serve ListVolumes, so a "
            "fault on it would never fire; faults apply to CreateVolume, DeleteVolume, "
            "CreateSnapshot, DeleteSnapshot, GetCapacity");
  // Code names are the driver's own (csi::ParseCode); OK is no error.
  const std::string e = BodyError("steps:\n- fault: {op: CreateVolume, code: OK}\n");
  EXPECT_EQ(e.rfind("s.yaml:6: steps[0].fault.code: expected one of CANCELLED, UNKNOWN, ", 0), 0u)
      << e;
  EXPECT_NE(e.find("UNAUTHENTICATED, got \"OK\""), std::string::npos) << e;
}

TEST(Loader, EveryCapabilityTheMockDriverModelsIsACsiCapabilityName) {
  // The loader's CSI vocabulary and the driver's names must not drift apart.
  for (int i = 0; i <= static_cast<int>(csi::Capability::kGetCapacity); ++i) {
    const std::string_view name = csi::CapabilityName(static_cast<csi::Capability>(i));
    EXPECT_NE(std::find(kCsiControllerCapabilities.begin(), kCsiControllerCapabilities.end(), name),
              kCsiControllerCapabilities.end())
        << name;
  }
}

TEST(Loader, AProvisionerReleaseTheModelCannotImitateIsRefused) {
  EXPECT_EQ(BodyError("cluster:\n  provisioner: {version: v3.1.0}\nsteps:\n- wait: 1s\n"),
            "s.yaml:6: cluster.provisioner.version: external-provisioner v3.1.0 predates "
            "cross-namespace data sources (v3.4.0); xnsim models v3.4+ (known release lines: "
            "v3.4, v3.5, v3.6, v4.0, v5.0, v5.1, v5.2, v5.3, v6.0, v6.1, v6.2, v6.3, v6.4)");
  EXPECT_EQ(BodyError("cluster:\n  provisioner: {version: v5.9.0}\nsteps:\n- wait: 1s\n"),
            "s.yaml:6: cluster.provisioner.version: unknown external-provisioner release v5.9.0 "
            "(known release lines: v3.4, v3.5, v3.6, v4.0, v5.0, v5.1, v5.2, v5.3, v6.0, v6.1, "
            "v6.2, v6.3, v6.4)");
}

TEST(Loader, FaultDriverDefaultsToTheOnlyDriverAndMustExist) {
  Scenario s = LoadOne("steps:\n- fault: {op: CreateVolume, code: UNAVAILABLE}\n");
  EXPECT_EQ(std::get<FaultStep>(s.steps[0].body).fault.driver, "hostpath.csi.k8s.io");
  EXPECT_EQ(BodyError("steps:\n- fault: {driver: x.csi.io, op: CreateVolume, code: UNAVAILABLE}\n"),
            "s.yaml:6: steps[0].fault: no driver named \"x.csi.io\" in the cluster (it has "
            "hostpath.csi.k8s.io)");
  EXPECT_EQ(BodyError("cluster:\n  drivers: [{name: a}, {name: b}]\n"
                      "steps:\n- fault: {op: CreateVolume, code: UNAVAILABLE}\n"),
            "s.yaml:8: steps[0].fault: name the driver (the cluster has a, b)");
}

TEST(Loader, SetFeatureGatesSpellsOutAllPerComponent) {
  Scenario s = LoadOne(R"(cluster: {kubernetesVersion: "1.26"}
steps:
- setFeatureGates:
    all: {CrossNamespaceVolumeDataSource: true}
    csi-provisioner: {CrossNamespaceVolumeDataSource: false}
)");
  const auto& gates = std::get<SetFeatureGatesStep>(s.steps[0].body).gates;
  EXPECT_EQ(gates.count("all"), 0u);
  EXPECT_EQ(gates.at("kube-apiserver").at("CrossNamespaceVolumeDataSource"), true);
  EXPECT_EQ(gates.at("csi-provisioner").at("CrossNamespaceVolumeDataSource"), false);
  // component-base's AllAlpha is no single gate: every component takes it.
  Scenario all_alpha = LoadOne("steps:\n- setFeatureGates: {all: {AllAlpha: true}}\n");
  const auto& alpha = std::get<SetFeatureGatesStep>(all_alpha.steps.at(0).body).gates;
  EXPECT_EQ(alpha.size(), kAllComponents.size());
  EXPECT_EQ(alpha.at("snapshot-controller").at("AllAlpha"), true);
  std::string e = BodyError("steps:\n- setFeatureGates: {csi-provisioner: {NoSuchGate: true}}\n");
  EXPECT_EQ(e.rfind("s.yaml:6: steps[0].setFeatureGates.csi-provisioner.NoSuchGate: ", 0), 0u) << e;
}

TEST(Loader, WorkloadRatesAndTemplates) {
  auto rate = [](std::string_view r) {
    Scenario s = LoadOne(
        std::string("steps:\n- workload:\n    name: w\n    count: 5\n    rate: ") + std::string(r) +
        "\n    template: {apiVersion: v1, kind: Namespace, metadata: {name: \"ns-{{i}}\"}}\n");
    return s.steps.empty() ? -1.0 : std::get<WorkloadStep>(s.steps[0].body).rate_per_second;
  };
  EXPECT_DOUBLE_EQ(rate("20/s"), 20);
  EXPECT_DOUBLE_EQ(rate("5/m"), 5.0 / 60);
  EXPECT_DOUBLE_EQ(rate("3/100ms"), 30);
  EXPECT_DOUBLE_EQ(rate("1.5/h"), 1.5 / 3600);
  EXPECT_EQ(BodyError("steps:\n- workload:\n    name: w\n    count: 5\n    rate: fast\n"
                      "    template: {apiVersion: v1, kind: Namespace}\n"),
            "s.yaml:9: steps[0].workload.rate: expected a rate like 20/s or 5/m, got \"fast\"");
  EXPECT_EQ(
      BodyError(
          "steps:\n- workload:\n    name: w\n    count: 5\n    rate: 1/s\n"
          "    template: {apiVersion: v1, kind: Namespace, metadata: {name: \"{{index}}\"}}\n"),
      "s.yaml:10: steps[0].workload.template: unknown placeholder \"{{index}}\" (a template "
      "may use {{ns}} and {{i}})");
  std::string e = BodyError(
      "steps:\n- workload:\n    name: w\n    count: 5\n    rate: 1/s\n"
      "    template: {apiVersion: v1, kind: Namespace, spek: {}}\n");
  EXPECT_EQ(e.rfind("s.yaml:10: steps[0].workload.template: object 0: ", 0), 0u) << e;
}

// ---- matrix, only and except --------------------------------------------------------

constexpr std::string_view kMatrix = R"(cluster:
  kubernetesVersion: "1.26"
  featureGates:
    all: {CrossNamespaceVolumeDataSource: true}
  drivers:
  - {name: a.csi.example.com}
  provisioner: {workerThreads: 10, timeout: 30s}
matrix:
- name: gates-on
- name: provisioner-gate-off
  cluster:
    featureGates: {csi-provisioner: {CrossNamespaceVolumeDataSource: false}}
    drivers: [{name: b.csi.example.com}]
    provisioner: {timeout: 5s}
- name: newer
  cluster: {kubernetesVersion: "1.30"}
steps:
- apply: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
- only: [gates-on]
  wait: 1s
- except: [gates-on]
  wait: 2s
- only: provisioner-gate-off
  settle: {}
)";

TEST(Loader, MatrixExpandsOneCasePerEntryInFileOrder) {
  StatusOr<std::vector<Scenario>> r = LoadBody(kMatrix);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "t[gates-on]");
  EXPECT_EQ((*r)[0].base_name, "t");
  EXPECT_EQ((*r)[0].variant, "gates-on");
  EXPECT_EQ((*r)[1].name, "t[provisioner-gate-off]");
  EXPECT_EQ((*r)[2].name, "t[newer]");
}

TEST(Loader, MatrixMergesMapsAndReplacesListsAndScalars) {
  StatusOr<std::vector<Scenario>> r = LoadBody(kMatrix);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ClusterSpec& on = (*r)[0].cluster;
  EXPECT_EQ(on.kubernetes_version, (KubeVersion{1, 26}));
  EXPECT_TRUE(on.feature_gates.per_component.empty());
  ASSERT_EQ(on.drivers.size(), 1u);
  EXPECT_EQ(on.drivers[0].name, "a.csi.example.com");
  EXPECT_EQ(on.provisioner.timeout, 30 * kSecond);

  const ClusterSpec& off = (*r)[1].cluster;
  // featureGates merged: `all` from the base, the per-component entry from the variant.
  EXPECT_EQ(off.feature_gates.all.at("CrossNamespaceVolumeDataSource"), true);
  EXPECT_EQ(
      off.feature_gates.per_component.at("csi-provisioner").at("CrossNamespaceVolumeDataSource"),
      false);
  // drivers is a list: replaced, not appended to.
  ASSERT_EQ(off.drivers.size(), 1u);
  EXPECT_EQ(off.drivers[0].name, "b.csi.example.com");
  // provisioner merged key by key.
  EXPECT_EQ(off.provisioner.worker_threads, 10);
  EXPECT_EQ(off.provisioner.timeout, 5 * kSecond);

  EXPECT_EQ((*r)[2].cluster.kubernetes_version, (KubeVersion{1, 30}));
  EXPECT_EQ((*r)[2].cluster.feature_gates.all.at("CrossNamespaceVolumeDataSource"), true);
  // Nothing of one variant leaks into the next, nor into the base.
  EXPECT_TRUE((*r)[2].cluster.feature_gates.per_component.empty());
  EXPECT_EQ((*r)[2].cluster.drivers.at(0).name, "a.csi.example.com");
  EXPECT_EQ((*r)[2].cluster.provisioner.timeout, 30 * kSecond);
}

TEST(Loader, MatrixVariantsDoNotLeakIntoEachOther) {
  StatusOr<std::vector<Scenario>> r = LoadBody(R"(matrix:
- name: off
  cluster:
    kubernetesVersion: "1.32"
    featureGates: {kube-apiserver: {AnyVolumeDataSource: false}}
- name: plain
- name: locked
  cluster: {kubernetesVersion: "1.33"}
steps:
- wait: 1s
)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(
      (*r)[0].cluster.feature_gates.per_component.at("kube-apiserver").at("AnyVolumeDataSource"),
      false);
  EXPECT_TRUE((*r)[1].cluster.feature_gates.per_component.empty());
  EXPECT_EQ((*r)[1].cluster.kubernetes_version, kNewestKubeVersion);
  EXPECT_TRUE((*r)[2].cluster.feature_gates.per_component.empty());
  EXPECT_EQ((*r)[2].cluster.kubernetes_version, (KubeVersion{1, 33}));
}

TEST(Loader, OnlyAndExceptPickTheStepsOfEachVariant) {
  StatusOr<std::vector<Scenario>> r = LoadBody(kMatrix);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto keywords = [](const Scenario& s) {
    std::vector<std::string> out;
    for (const Step& step : s.steps) {
      out.push_back(step.keyword);
      if (const auto* w = std::get_if<WaitStep>(&step.body))
        out.back() += FormatDuration(w->duration);
    }
    return out;
  };
  EXPECT_EQ(keywords((*r)[0]), (std::vector<std::string>{"apply", "wait1s"}));
  EXPECT_EQ(keywords((*r)[1]), (std::vector<std::string>{"apply", "wait2s", "settle"}));
  EXPECT_EQ(keywords((*r)[2]), (std::vector<std::string>{"apply", "wait2s"}));
  EXPECT_EQ((*r)[1].steps[2].only, (std::vector<std::string>{"provisioner-gate-off"}));
}

TEST(Loader, OnlyAndExceptMustNameVariantsTheMatrixDefines) {
  EXPECT_EQ(BodyError("matrix: [{name: a}, {name: b}]\nsteps:\n- only: [c]\n  wait: 1s\n"),
            "s.yaml:7: steps[0].only: no matrix variant named \"c\" (the matrix defines: a, b)");
  EXPECT_EQ(
      BodyError("steps:\n- except: [a]\n  wait: 1s\n"),
      "s.yaml:6: steps[0].except: names matrix variant \"a\", but the scenario has no matrix");
  EXPECT_EQ(
      BodyError("matrix: [{name: a}, {name: b}]\nsteps:\n- only: [a]\n  except: [b]\n  wait: 1s\n"),
      "s.yaml:8: steps[0].except: use only or except on a step, not both");
  EXPECT_EQ(BodyError("matrix: [{name: a}, {name: a}]\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: matrix[1].name: matrix entry \"a\" is defined twice");
}

TEST(Loader, NoMatrixGivesOneCaseNamedForTheScenario) {
  Scenario s = LoadOne("steps:\n- wait: 1s\n");
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.variant, "");
  EXPECT_EQ(s.where.ToString(), "s.yaml:1");
}

// ---- defaults -----------------------------------------------------------------------

TEST(Loader, ClusterLeftOutGetsTheDefaults) {
  Scenario s = LoadOne("steps:\n- wait: 1s\n");
  const ClusterSpec& c = s.cluster;
  EXPECT_EQ(c.kubernetes_version, kNewestKubeVersion);
  EXPECT_TRUE(c.feature_gates.all.empty());
  EXPECT_TRUE(c.feature_gates.per_component.empty());
  ASSERT_EQ(c.drivers.size(), 1u);
  const DriverSpec& d = c.drivers[0];
  EXPECT_EQ(d.name, "hostpath.csi.k8s.io");
  for (const char* cap : {"CREATE_DELETE_VOLUME", "CLONE_VOLUME", "CREATE_DELETE_SNAPSHOT",
                          "LIST_VOLUMES", "LIST_SNAPSHOTS", "GET_CAPACITY", "EXPAND_VOLUME"}) {
    EXPECT_NE(std::find(d.capabilities.begin(), d.capabilities.end(), cap), d.capabilities.end())
        << cap;
  }
  ASSERT_TRUE(d.capacity.has_value());
  EXPECT_GE(*d.capacity, *Quantity::Parse("1Pi"));
  EXPECT_EQ(d.copy_mode, "full");
  // A full copy: clone, restore and snapshot cost time per GiB used.
  for (const char* op : {"cloneVolume", "restoreSnapshot", "createSnapshot"}) {
    EXPECT_GT(d.costs.at(op).per_gib, 0) << op;
  }
  EXPECT_EQ(d.costs.size(), 6u);
  // external-provisioner's flag defaults (SEMANTICS.md 6.1).
  const ProvisionerSpec& p = c.provisioner;
  EXPECT_EQ(p.worker_threads, 100);
  EXPECT_EQ(p.retry_interval_start, kSecond);
  EXPECT_EQ(p.retry_interval_max, 5 * kMinute);
  EXPECT_DOUBLE_EQ(p.kube_api_qps, 5);
  EXPECT_EQ(p.kube_api_burst, 10);
  EXPECT_EQ(p.timeout, 10 * kSecond);
  // CrossNamespaceVolumeDataSource is off unless turned on.
  StatusOr<ClusterGates> gates = BuildClusterGates(c.kubernetes_version, c.feature_gates);
  ASSERT_TRUE(gates.ok()) << gates.status().ToString();
  EXPECT_FALSE(gates->Of(Component::kKubeApiserver).Enabled(Gate::kCrossNamespaceVolumeDataSource));
}

TEST(Loader, AListedDriverTakesDefaultsForWhatItLeavesOut) {
  Scenario s = LoadOne(
      "cluster:\n  drivers:\n  - name: d\n    costs: {cloneVolume: {base: 1s}}\n"
      "steps:\n- wait: 1s\n");
  const DriverSpec& d = s.cluster.drivers.at(0);
  const DriverSpec def = DefaultCluster().drivers.at(0);
  EXPECT_EQ(d.capabilities, def.capabilities);
  EXPECT_EQ(d.capacity, def.capacity);
  EXPECT_EQ(d.costs.at("cloneVolume").base, kSecond);
  EXPECT_EQ(d.costs.at("cloneVolume").per_gib, 0);  // given ops take exactly what is written
  EXPECT_EQ(d.costs.at("restoreSnapshot").per_gib, def.costs.at("restoreSnapshot").per_gib);
}

TEST(Loader, EmptyDriverListMeansNoDriver) {
  EXPECT_TRUE(LoadOne("cluster: {drivers: []}\nsteps:\n- wait: 1s\n").cluster.drivers.empty());
}

TEST(Loader, PrintedDefaultsLoadBackAsTheDefaults) {
  const std::string yaml = DefaultClusterYaml();
  EXPECT_NE(yaml.find("--worker-threads"), std::string::npos);
  EXPECT_NE(yaml.find("hostpath.csi.k8s.io"), std::string::npos);
  Scenario s = LoadOne(yaml + "steps:\n- wait: 1s\n");
  const ClusterSpec want = DefaultCluster();
  const ClusterSpec& got = s.cluster;
  EXPECT_EQ(got.kubernetes_version, want.kubernetes_version);
  ASSERT_EQ(got.drivers.size(), 1u);
  const DriverSpec& d = got.drivers[0];
  const DriverSpec& w = want.drivers[0];
  EXPECT_EQ(d.name, w.name);
  EXPECT_EQ(d.capabilities, w.capabilities);
  EXPECT_EQ(d.capacity, w.capacity);
  EXPECT_EQ(d.max_inflight, w.max_inflight);
  ASSERT_EQ(d.costs.size(), w.costs.size());
  for (const auto& [op, cost] : w.costs) {
    EXPECT_EQ(d.costs.at(op).base, cost.base) << op;
    EXPECT_EQ(d.costs.at(op).per_gib, cost.per_gib) << op;
  }
  EXPECT_EQ(d.copy_mode, w.copy_mode);
  EXPECT_DOUBLE_EQ(d.price_per_gib_month, w.price_per_gib_month);
  EXPECT_EQ(got.provisioner.worker_threads, want.provisioner.worker_threads);
  EXPECT_EQ(got.provisioner.retry_interval_start, want.provisioner.retry_interval_start);
  EXPECT_EQ(got.provisioner.retry_interval_max, want.provisioner.retry_interval_max);
  EXPECT_DOUBLE_EQ(got.provisioner.kube_api_qps, want.provisioner.kube_api_qps);
  EXPECT_EQ(got.provisioner.kube_api_burst, want.provisioner.kube_api_burst);
  EXPECT_EQ(got.provisioner.timeout, want.provisioner.timeout);
  EXPECT_EQ(got.provisioner.version, want.provisioner.version);
}

// ---- the rest of the document -------------------------------------------------------

TEST(Loader, LabelsDescriptionInvariantsAndExplore) {
  StatusOr<std::vector<Scenario>> r = Load(R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata:
  name: restore
  labels: {area: grants, profile: core, tier: 1}
description: A PVC in dev restores a VolumeSnapshot from prod.
invariants: [grant-checked, capacity]
explore:
  runs: 1000
  strategy: pct
  jitter: {watch: 0-200ms, api: 20ms, csi: 0-50%}
steps:
- wait: 1s
)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Scenario& s = r->front();
  EXPECT_EQ(s.labels, (std::map<std::string, std::string>{
                          {"area", "grants"}, {"profile", "core"}, {"tier", "1"}}));
  EXPECT_EQ(s.description, "A PVC in dev restores a VolumeSnapshot from prod.");
  EXPECT_EQ(s.invariants, (std::vector<std::string>{"grant-checked", "capacity"}));
  ASSERT_TRUE(s.explore.has_value());
  EXPECT_EQ(s.explore->runs, 1000);
  EXPECT_EQ(s.explore->strategy, "pct");
  EXPECT_EQ(s.explore->jitter.at("watch"), "0-200ms");
  EXPECT_EQ(s.explore->jitter.at("csi"), "0-50%");
}

TEST(Loader, BadInvariantsAndExploreAreNamed) {
  EXPECT_EQ(BodyError("invariants: [no-leaks]\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: invariants[0]: expected one of grant-checked, no-orphans, capacity, "
            "finalizers-released, got \"no-leaks\"");
  EXPECT_EQ(BodyError("invariants: []\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: invariants: an empty list checks nothing: list one or more of "
            "grant-checked, no-orphans, capacity, finalizers-released, or leave the key out to "
            "check them all");
  EXPECT_EQ(BodyError("matrix: []\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: matrix: an empty matrix runs nothing: list {name, cluster} entries, or "
            "leave the key out");
  EXPECT_EQ(BodyError("steps: []\n"), "s.yaml:5: steps: a scenario needs at least one step");
  EXPECT_EQ(BodyError("explore: {runs: 5, strategy: dfs}\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: explore.strategy: expected one of random, pct, exhaustive, got \"dfs\"");
  EXPECT_EQ(BodyError("explore: {runs: 5, jitter: {watch: 200ms-100ms}}\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: explore.jitter.watch: expected a range like 0-200ms or 0-50%, got "
            "\"200ms-100ms\"");
  EXPECT_EQ(BodyError("explore: {strategy: pct}\nsteps:\n- wait: 1s\n"),
            "s.yaml:5: explore: missing required key \"runs\"");
}

// ---- finding scenario files -------------------------------------------------------

TEST(FindScenarioFiles, WalksDirectoriesForScenarioDocumentsSorted) {
  StatusOr<std::vector<std::string>> r = FindScenarioFiles({kDir + "/find"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string dir = kDir + "/find";
  EXPECT_EQ(*r,
            (std::vector<std::string>{(std::filesystem::path(dir) / "a.yaml").string(),
                                      (std::filesystem::path(dir) / "sub" / "b.yml").string()}));
}

TEST(FindScenarioFiles, FilesAreTakenAsGivenAndSorted) {
  const std::string b = kDir + "/find/sub/b.yml";
  const std::string a = kDir + "/find/a.yaml";
  const std::string manifest = kDir + "/find/manifests/prod.yaml";
  StatusOr<std::vector<std::string>> r = FindScenarioFiles({b, manifest, a, a});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{a, manifest, b}));
}

TEST(FindScenarioFiles, MissingPathIsAnInputErrorNamingIt) {
  StatusOr<std::vector<std::string>> r = FindScenarioFiles({kDir + "/no-such-dir"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInputError);
  EXPECT_EQ(r.status().message(), kDir + "/no-such-dir: no such file or directory");
}

// A file in a searched directory that says `kind: Scenario` is taken as one without
// parsing it twice; loading it then reports its syntax error.
TEST(FindScenarioFiles, YamlSyntaxErrorInADirectoryIsReported) {
  StatusOr<std::vector<std::string>> found = FindScenarioFiles({kDir + "/find-broken"});
  StatusOr<std::vector<Scenario>> r =
      found.ok() && !found->empty() ? LoadScenarioFile(found->front())
                                    : StatusOr<std::vector<Scenario>>(found.status());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInputError);
  EXPECT_NE(r.status().message().find("broken.yaml:"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("invalid YAML"), std::string::npos) << r.status().message();
}

TEST(SourceLocation, PrintsFileColonLine) {
  EXPECT_EQ((SourceLocation{"a/b.yaml", 12}).ToString(), "a/b.yaml:12");
  EXPECT_EQ((SourceLocation{"a/b.yaml", 0}).ToString(), "a/b.yaml");
}

}  // namespace
}  // namespace xnsim
