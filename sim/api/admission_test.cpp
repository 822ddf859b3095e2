// The claim admission pipeline per gate and version (SEMANTICS.md 1.2, 1.3, 1.7 and
// the API-level rows of section 5), the "in use" ratchet of TestDataSourceFilter, and
// the v1 defaults.
#include "sim/api/admission.h"

#include <gtest/gtest.h>

#include "sim/api/admission_pvc.h"
#include "sim/api/apiserver.h"

namespace xnsim {
namespace {

GateSet Gates(KubeVersion v, std::optional<bool> any, std::optional<bool> xns) {
  GateSet g(Component::kKubeApiserver, v);
  if (any) {
    EXPECT_TRUE(g.Set("AnyVolumeDataSource", *any).ok());
  }
  if (xns) {
    EXPECT_TRUE(g.Set("CrossNamespaceVolumeDataSource", *xns).ok());
  }
  return g;
}

TypedObjectReference SnapshotRef(std::optional<std::string> ns) {
  return {std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s", std::move(ns)};
}

PersistentVolumeClaim Claim(std::string name) {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = "test";
  pvc.metadata.name = std::move(name);
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  pvc.spec.storage_class_name = "fast";
  return pvc;
}

class ClaimPipeline : public ::testing::Test {
 protected:
  void Start(GateSet gates) {
    api_ = std::make_unique<ApiServer>(engine_, gates);
    Namespace ns;
    ns.metadata.name = "test";
    ASSERT_TRUE(api_->Create(ns).ok());
  }
  Ptr<PersistentVolumeClaim> CreateOk(PersistentVolumeClaim pvc) {
    auto r = api_->Create(std::move(pvc));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }
  Engine engine_{1};
  std::unique_ptr<ApiServer> api_;
};

// ---- SEMANTICS 5, API-level rows ------------------------------------------------------------

TEST_F(ClaimPipeline, Row1_AnyVolumeDataSourceOffDropsDataSourceRefSilently) {
  Start(Gates({1, 26}, false, true));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("prod");
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  EXPECT_FALSE(got->spec.data_source_ref);
  EXPECT_FALSE(got->spec.data_source);
}

TEST_F(ClaimPipeline, Row1_AnyVolumeDataSourceIsLockedOnFrom133) {
  GateSet g(Component::kKubeApiserver, {1, 33});
  EXPECT_FALSE(g.Set("AnyVolumeDataSource", false).ok());
}

TEST_F(ClaimPipeline, Row2_CrossNamespaceOffDropsWholeDataSourceRef) {
  Start(Gates({1, 26}, std::nullopt, std::nullopt));  // 1.26 defaults: A beta on, X alpha off
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("prod");
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  EXPECT_FALSE(got->spec.data_source_ref);  // not just the namespace: the whole reference
  EXPECT_FALSE(got->spec.data_source);
}

TEST_F(ClaimPipeline, Row5_BothGatesOnKeepCrossNamespaceRefWithoutDataSource) {
  Start(Gates({1, 34}, std::nullopt, true));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("prod");
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  ASSERT_TRUE(got->spec.data_source_ref);
  EXPECT_EQ(got->spec.data_source_ref->namespace_, "prod");
  EXPECT_FALSE(got->spec.data_source);  // SEMANTICS 1.2 step 4: not copied across namespaces
}

TEST_F(ClaimPipeline, Row6_RatchetKeepsExistingRefAfterGateTurnsOff) {
  Start(Gates({1, 30}, std::nullopt, true));
  PersistentVolumeClaim pvc = Claim("existing");
  pvc.spec.data_source_ref = SnapshotRef("prod");
  auto existing = CreateOk(pvc);
  ASSERT_NE(existing, nullptr);

  api_->SetGates(Gates({1, 30}, std::nullopt, false));  // apiserver restarted with X off
  PersistentVolumeClaim updated = *existing;
  updated.metadata.labels["touched"] = "yes";
  auto r = api_->Update(updated);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE((*r)->spec.data_source_ref);
  EXPECT_EQ((*r)->spec.data_source_ref->namespace_, "prod");

  PersistentVolumeClaim fresh = Claim("fresh");
  fresh.spec.data_source_ref = SnapshotRef("prod");
  auto created = CreateOk(fresh);
  ASSERT_NE(created, nullptr);
  EXPECT_FALSE(created->spec.data_source_ref);  // new claims behave as row 2
}

TEST_F(ClaimPipeline, Row9_OwnNamespaceIsDroppedToWhenCrossNamespaceOff) {
  Start(Gates({1, 34}, std::nullopt, false));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("test");  // the claim's own namespace
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  EXPECT_FALSE(got->spec.data_source_ref);
}

TEST_F(ClaimPipeline, Row9_OwnNamespaceIsKeptWhenCrossNamespaceOn) {
  Start(Gates({1, 34}, std::nullopt, true));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("test");
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  ASSERT_TRUE(got->spec.data_source_ref);
  EXPECT_EQ(got->spec.data_source_ref->namespace_, "test");
}

// ---- SEMANTICS 1.2 steps 3 and 4 -------------------------------------------------------------

TEST_F(ClaimPipeline, DataSourceOfAnotherKindIsDroppedWithoutDataSourceRef) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source = TypedLocalObjectReference{std::string("example.com"), "Populator", "p"};
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  EXPECT_FALSE(got->spec.data_source);
  EXPECT_FALSE(got->spec.data_source_ref);
}

TEST_F(ClaimPipeline, DataSourceIsCopiedIntoDataSourceRef) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "src"};
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  ASSERT_TRUE(got->spec.data_source_ref);
  EXPECT_EQ(*got->spec.data_source_ref, (TypedObjectReference{std::nullopt, "PersistentVolumeClaim", "src", std::nullopt}));
}

TEST_F(ClaimPipeline, SameNamespaceDataSourceRefIsCopiedIntoDataSource) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = TypedObjectReference{std::string("example.com"), "Populator", "p", std::nullopt};
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  ASSERT_TRUE(got->spec.data_source);  // kept: a populator may only be named through dataSourceRef
  EXPECT_EQ(*got->spec.data_source, (TypedLocalObjectReference{std::string("example.com"), "Populator", "p"}));
}

TEST_F(ClaimPipeline, NormalizationNeedsAnyVolumeDataSource) {
  Start(Gates({1, 26}, false, std::nullopt));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "src"};
  auto got = CreateOk(pvc);
  ASSERT_NE(got, nullptr);
  EXPECT_TRUE(got->spec.data_source);
  EXPECT_FALSE(got->spec.data_source_ref);
}

TEST_F(ClaimPipeline, CrossFieldRuleRefusesDataSourceBesideCrossNamespaceRef) {
  // SEMANTICS 1.4: cross-namespace dataSourceRef with dataSource set is Invalid on spec.
  Start(Gates({1, 34}, std::nullopt, true));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("prod");
  pvc.spec.data_source = TypedLocalObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s"};
  auto r = api_->Create(pvc);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().message(), "PersistentVolumeClaim \"example\" is invalid: spec: Invalid value: "
                                  "spec.dataSource: may not be specified when dataSourceRef.namespace is specified");
}

TEST_F(ClaimPipeline, CrossNamespaceRefChangeIsImmutable) {
  // SEMANTICS 1.5: any change of dataSourceRef, namespace included, is Forbidden on spec.
  Start(Gates({1, 34}, std::nullopt, true));
  PersistentVolumeClaim pvc = Claim("example");
  pvc.spec.data_source_ref = SnapshotRef("prod");
  auto got = CreateOk(pvc);
  PersistentVolumeClaim moved = *got;
  moved.spec.data_source_ref->namespace_ = "other";
  auto r = api_->Update(moved);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_NE(r.status().message().find("spec: Forbidden: spec is immutable after creation except resources.requests "
                                      "and volumeAttributesClassName for bound claims\n"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("-  \"Namespace\": \"prod\"\n+  \"Namespace\": \"other\"\n"), std::string::npos)
      << r.status().message();
}

// ---- TestDataSourceFilter (pkg/api/persistentvolumeclaim/util_test.go) -----------------------

TEST(DataSourceFilter, MatchesUpstreamTable) {
  const std::string ns = "ns1";
  const TypedLocalObjectReference volume{std::nullopt, "PersistentVolumeClaim", "pvc1"};
  const TypedObjectReference volume_ref{std::nullopt, "PersistentVolumeClaim", "pvc1", std::nullopt};
  const TypedObjectReference xns{std::nullopt, "PersistentVolumeClaim", "pvc1", ns};
  struct Case {
    const char* name;
    std::optional<TypedLocalObjectReference> ds;
    std::optional<TypedObjectReference> ref;
    std::optional<TypedObjectReference> old_ref;
    bool any, xns_on;
    std::optional<TypedLocalObjectReference> want;
    std::optional<TypedObjectReference> want_ref;
  };
  const Case cases[] = {
      {"any disabled with empty ds", {}, {}, {}, false, false, {}, {}},
      {"any disabled with volume ds", volume, {}, {}, false, false, volume, {}},
      {"any disabled with volume ds ref", {}, volume_ref, {}, false, false, {}, {}},
      {"any disabled with both data sources", volume, volume_ref, {}, false, false, volume, {}},
      {"any enabled with empty ds", {}, {}, {}, true, false, {}, {}},
      {"any enabled with volume ds", volume, {}, {}, true, false, volume, {}},
      {"any enabled with volume ds ref", {}, volume_ref, {}, true, false, {}, volume_ref},
      {"any enabled with both data sources", volume, volume_ref, {}, true, false, volume, volume_ref},
      {"both any and xns enabled with xns volume ds", {}, xns, {}, true, true, {}, xns},
      {"both any and xns enabled with xns volume ds when xns volume exists in oldSpec", {}, xns, xns, true, true, {},
       xns},
      {"only xns enabled with xns volume ds", {}, xns, {}, false, true, {}, {}},
      {"only any enabled with xns volume ds", {}, xns, {}, true, false, {}, {}},
      {"only any enabled with xns volume ds when xns volume exists in oldSpec", {}, xns, xns, true, false, {}, xns},
  };
  for (const Case& c : cases) {
    GateSet gates = Gates({1, 26}, c.any, c.xns_on);
    PersistentVolumeClaim::Spec spec, old;
    spec.data_source = c.ds;
    spec.data_source_ref = c.ref;
    old.data_source_ref = c.old_ref;
    DropDisabledFields(spec, &old, gates);
    EXPECT_EQ(spec.data_source, c.want) << c.name;
    EXPECT_EQ(spec.data_source_ref, c.want_ref) << c.name;
  }
}

TEST(EnforceDataSourceBackwardsCompatibility, OldDataSourceKeepsAnyKind) {
  PersistentVolumeClaim::Spec spec, old;
  spec.data_source = TypedLocalObjectReference{std::string("example.com"), "Populator", "p"};
  old.data_source = spec.data_source;
  EnforceDataSourceBackwardsCompatibility(spec, &old);
  EXPECT_TRUE(spec.data_source);
  EnforceDataSourceBackwardsCompatibility(spec, nullptr);
  EXPECT_FALSE(spec.data_source);
}

// ---- SEMANTICS 1.7 and defaults ------------------------------------------------------------

TEST_F(ClaimPipeline, ProtectionFinalizerOnNewClaimsOnce) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  auto got = CreateOk(Claim("a"));
  EXPECT_EQ(got->metadata.finalizers, std::vector<std::string>{"kubernetes.io/pvc-protection"});
  PersistentVolumeClaim pre = Claim("b");
  pre.metadata.finalizers = {"kubernetes.io/pvc-protection"};
  EXPECT_EQ(CreateOk(pre)->metadata.finalizers, std::vector<std::string>{"kubernetes.io/pvc-protection"});
  // Only on create: an update may remove it.
  PersistentVolumeClaim removed = *got;
  removed.metadata.finalizers.clear();
  auto r = api_->Update(removed);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)->metadata.finalizers.empty());
}

TEST_F(ClaimPipeline, ProtectionFinalizerOnNewVolumes) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  PersistentVolume pv;
  pv.metadata.name = "pv-1";
  pv.spec.capacity["storage"] = *Quantity::Parse("1Gi");
  pv.spec.access_modes = {"ReadWriteOnce"};
  pv.spec.csi = PersistentVolume::CSISource{"hostpath.csi.k8s.io", "vol-1", "", std::nullopt, {}};
  auto r = api_->Create(pv);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->metadata.finalizers, std::vector<std::string>{"kubernetes.io/pv-protection"});
  EXPECT_EQ((*r)->spec.persistent_volume_reclaim_policy, "Retain");
  EXPECT_EQ((*r)->spec.volume_mode, "Filesystem");
  EXPECT_EQ((*r)->status.phase, "Pending");
}

TEST_F(ClaimPipeline, ClaimDefaults) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  auto got = CreateOk(Claim("a"));
  EXPECT_EQ(got->spec.volume_mode, "Filesystem");
  EXPECT_EQ(got->status.phase, "Pending");
}

TEST_F(ClaimPipeline, StorageClassDefaults) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  StorageClass sc;
  sc.metadata.name = "fast";
  sc.provisioner = "hostpath.csi.k8s.io";
  auto r = api_->Create(sc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->reclaim_policy, "Delete");
  EXPECT_EQ((*r)->volume_binding_mode, "Immediate");
}

TEST_F(ClaimPipeline, DefaultStorageClassFillsAMissingClass) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  auto make_class = [&](std::string name, bool is_default) {
    StorageClass sc;
    sc.metadata.name = std::move(name);
    if (is_default) sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"] = "true";
    sc.provisioner = "hostpath.csi.k8s.io";
    ASSERT_TRUE(api_->Create(sc).ok());
  };
  PersistentVolumeClaim none = Claim("before");
  none.spec.storage_class_name.reset();
  EXPECT_FALSE(CreateOk(none)->spec.storage_class_name);  // no default class yet
  make_class("plain", false);
  make_class("old-default", true);
  engine_.RunUntil(1 * kSecond);
  make_class("new-default", true);
  none.metadata.name = "after";
  EXPECT_EQ(CreateOk(none)->spec.storage_class_name, "new-default");  // the newest default wins
  PersistentVolumeClaim explicit_none = Claim("explicit");
  explicit_none.spec.storage_class_name = "";
  EXPECT_EQ(CreateOk(explicit_none)->spec.storage_class_name, "");  // "" means no class
}

TEST_F(ClaimPipeline, SnapshotKindsGetNoDefaults) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  VolumeSnapshotClass vsc;
  vsc.metadata.name = "csi";
  vsc.driver = "hostpath.csi.k8s.io";
  vsc.deletion_policy = "Delete";
  auto r = api_->Create(vsc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE((*r)->parameters.empty());
  EXPECT_TRUE((*r)->metadata.finalizers.empty());
}

// ---- batch/v1 Job: SetDefaults_Job and the strategy's generateSelector ----------------------

Job TrainingJob() {
  Job job;
  job.metadata.namespace_ = "test";
  job.metadata.name = "train";
  job.spec.template_.spec.rest.text = R"({"containers":[{"image":"busybox","name":"c"}],"restartPolicy":"Never"})";
  Pod::Volume data;
  data.name = "data";
  data.claim_name = "dataset";
  job.spec.template_.spec.volumes = {data};
  return job;
}

TEST_F(ClaimPipeline, JobDefaultsAsSetDefaultsJob) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  auto r = api_->Create(TrainingJob());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Job::Spec& s = (*r)->spec;
  EXPECT_EQ(s.parallelism, 1);
  EXPECT_EQ(s.completions, 1);
  EXPECT_EQ(s.backoff_limit, 6);
  EXPECT_EQ(s.completion_mode, "NonIndexed");
  EXPECT_EQ(s.suspend, false);
  EXPECT_EQ(s.manual_selector, false);
  EXPECT_EQ(s.pod_replacement_policy, "TerminatingOrFailed");
  EXPECT_EQ((*r)->metadata.generation, 1);
  EXPECT_EQ((*r)->status, Job::Status{});

  // parallelism alone leaves completions unset (a work queue Job).
  Job queue = TrainingJob();
  queue.metadata.name = "queue";
  queue.spec.parallelism = 3;
  r = api_->Create(queue);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->spec.parallelism, 3);
  EXPECT_EQ((*r)->spec.completions, std::nullopt);
}

TEST_F(ClaimPipeline, JobSelectorAndTemplateLabelsAreGeneratedFromItsUid) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  auto r = api_->Create(TrainingJob());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Job& job = **r;
  ASSERT_FALSE(job.metadata.uid.empty());
  const StringMap want = {
      {"batch.kubernetes.io/controller-uid", job.metadata.uid},
      {"batch.kubernetes.io/job-name", "train"},
      {"controller-uid", job.metadata.uid},
      {"job-name", "train"}};
  EXPECT_EQ(job.spec.template_.metadata.labels, want);
  ASSERT_TRUE(job.spec.selector.has_value());
  EXPECT_EQ(job.spec.selector->match_labels,
            (StringMap{{"batch.kubernetes.io/controller-uid", job.metadata.uid}}));
  // A Job created without labels shows the generated ones (defaulting on read-back).
  EXPECT_EQ(job.metadata.labels, want);
}

TEST_F(ClaimPipeline, JobWithTemplateLabelsKeepsThemAsItsOwnLabels) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  Job job = TrainingJob();
  job.spec.template_.metadata.labels["app"] = "trainer";
  auto r = api_->Create(job);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Defaulted from the template as the user wrote it, before the generated labels.
  EXPECT_EQ((*r)->metadata.labels, (StringMap{{"app", "trainer"}}));
  EXPECT_EQ((*r)->spec.template_.metadata.labels.size(), 5u);
}

TEST_F(ClaimPipeline, JobWithManualSelectorGetsNoGeneratedLabels) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  Job job = TrainingJob();
  job.spec.manual_selector = true;
  job.spec.selector = LabelSelector{{{"app", "trainer"}}, {}};
  job.spec.template_.metadata.labels["app"] = "trainer";
  auto r = api_->Create(job);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->spec.template_.metadata.labels, (StringMap{{"app", "trainer"}}));
  EXPECT_EQ((*r)->spec.selector->match_labels, (StringMap{{"app", "trainer"}}));
}

TEST_F(ClaimPipeline, JobStatusIsWrittenThroughTheStatusSubresourceOnly) {
  Start(Gates({1, 34}, std::nullopt, std::nullopt));
  auto r = api_->Create(TrainingJob());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Job with_status = **r;
  with_status.status.active = 1;
  with_status.status.start_time = engine_.Now();
  auto updated = api_->UpdateStatus(with_status);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ((*updated)->status.active, 1);
  Job spec_write = **updated;
  spec_write.status.active = 7;  // ignored: Update keeps the stored status
  spec_write.metadata.annotations["note"] = "x";
  auto after = api_->Update(spec_write);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ((*after)->status.active, 1);
  EXPECT_EQ((*after)->metadata.annotations.at("note"), "x");
}

}  // namespace
}  // namespace xnsim
