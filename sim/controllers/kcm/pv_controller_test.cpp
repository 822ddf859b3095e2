// The PV controller against a real engine and API server, one SEMANTICS.md 2 rule per
// test.
#include "sim/controllers/kcm/pv_controller.h"

#include <gtest/gtest.h>

#include <memory>

#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

class PvControllerTest : public World {
 protected:
  // A start after the first is a restart: a new process, with informers of its own.
  void StartController(KubeVersion version = kNewestKubeVersion) {
    ctrl_.reset();
    informers_ = std::make_unique<KcmInformers>(api_);
    ctrl_ = std::make_unique<PersistentVolumeController>(api_, client_, *informers_, options_, version);
    ctrl_->Start();
  }
  std::string Annotation(const Ptr<PersistentVolumeClaim>& c, std::string_view key) {
    auto it = c->metadata.annotations.find(std::string(key));
    return it == c->metadata.annotations.end() ? "<none>" : it->second;
  }
  // What the external provisioner saves for a claim: pvc-<uid> with claimRef to it.
  PersistentVolume ProvisionedVolume(const PersistentVolumeClaim& claim, const char* size = "1Gi") {
    PersistentVolume pv = Volume("pvc-" + claim.metadata.uid, size);
    pv.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", claim.metadata.name,
                                        claim.metadata.uid, "", ""};
    pv.spec.persistent_volume_reclaim_policy = "Delete";
    pv.metadata.annotations[std::string(pv::kAnnProvisionedBy)] = "hostpath.csi.k8s.io";
    return pv;
  }

  std::unique_ptr<KcmInformers> informers_;
  std::unique_ptr<PersistentVolumeController> ctrl_;
};

// SEMANTICS.md 2 step 2: a claim with a class and no matching volume gets both
// storage-provisioner annotations and a Normal ExternalProvisioning event, repeated on
// every resync (15 s) as the event's count.
TEST_F(PvControllerTest, ExternalProvisioningAnnotatesClaimAndRepeatsEveryResync) {
  Create(Class("fast"));
  StartController();
  Create(Claim("db"));
  RunFor(kSecond);

  Ptr<PersistentVolumeClaim> claim = GetClaim("db");
  EXPECT_EQ(Annotation(claim, "volume.kubernetes.io/storage-provisioner"), "hostpath.csi.k8s.io");
  EXPECT_EQ(Annotation(claim, "volume.beta.kubernetes.io/storage-provisioner"), "hostpath.csi.k8s.io");
  EXPECT_EQ(claim->status.phase, "Pending");
  Ptr<Event> e = EventWithReason("dev", "db", "ExternalProvisioning");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Normal");
  EXPECT_EQ(e->source_component, "persistentvolume-controller");
  EXPECT_EQ(e->message,
            "Waiting for a volume to be created either by the external provisioner "
            "'hostpath.csi.k8s.io' or manually by the system administrator. If volume creation "
            "is delayed, please verify that the provisioner is running and correctly registered.");
  // Twice already: the annotation's own update event syncs the claim again, as in a
  // real cluster ("x2").
  EXPECT_EQ(e->count, 2);

  RunFor(30 * kSecond);  // resyncs at 15 s and 30 s
  EXPECT_EQ(EventWithReason("dev", "db", "ExternalProvisioning")->count, 4);
}

// SEMANTICS.md 2 step 2, the message as Kubernetes printed it before 1.28.
TEST_F(PvControllerTest, ExternalProvisioningMessageBefore128) {
  Create(Class("fast"));
  StartController(KubeVersion{1, 27});
  Create(Claim("db"));
  RunFor(kSecond);
  Ptr<Event> e = EventWithReason("dev", "db", "ExternalProvisioning");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->message,
            "waiting for a volume to be created, either by external provisioner "
            "\"hostpath.csi.k8s.io\" or manually created by system administrator");
}

// SEMANTICS.md 2 step 2: WaitForFirstConsumer class, no selected-node -> Normal
// WaitForFirstConsumer, claim Pending and not annotated for a provisioner.
TEST_F(PvControllerTest, WaitForFirstConsumerWithoutSelectedNode) {
  Create(Class("fast", "WaitForFirstConsumer"));
  StartController();
  Create(Claim("db"));
  RunFor(kSecond);
  Ptr<PersistentVolumeClaim> claim = GetClaim("db");
  EXPECT_EQ(claim->status.phase, "Pending");
  EXPECT_EQ(Annotation(claim, "volume.kubernetes.io/storage-provisioner"), "<none>");
  Ptr<Event> e = EventWithReason("dev", "db", "WaitForFirstConsumer");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Normal");
  EXPECT_EQ(e->message, "waiting for first consumer to be created before binding");
  EXPECT_EQ(EventWithReason("dev", "db", "ExternalProvisioning"), nullptr);
}

// SEMANTICS.md 2 step 2: a pod that uses the claim and is not scheduled yet turns the
// event into WaitForPodScheduled (seen at the next resync).
TEST_F(PvControllerTest, WaitForPodScheduledNamesTheUnscheduledPod) {
  Create(Class("fast", "WaitForFirstConsumer"));
  StartController();
  Create(Claim("db"));
  Create(PodUsing("app", "db"));
  RunFor(16 * kSecond);
  Ptr<Event> e = EventWithReason("dev", "db", "WaitForPodScheduled");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->message, "waiting for pod app to be scheduled");
}

// SEMANTICS.md 3.9: once the scheduler sets selected-node, the PV controller annotates
// the claim for the provisioner.
TEST_F(PvControllerTest, SelectedNodeStartsProvisioningInWaitForFirstConsumer) {
  Create(Class("fast", "WaitForFirstConsumer"));
  StartController();
  Create(Claim("db"));
  RunFor(kSecond);
  PersistentVolumeClaim scheduled = *GetClaim("db");
  scheduled.metadata.annotations["volume.kubernetes.io/selected-node"] = "node-1";
  ASSERT_TRUE(api_.Update(scheduled).ok());
  RunFor(kSecond);
  EXPECT_EQ(Annotation(GetClaim("db"), "volume.kubernetes.io/storage-provisioner"), "hostpath.csi.k8s.io");
  EXPECT_NE(EventWithReason("dev", "db", "ExternalProvisioning"), nullptr);
}

// SEMANTICS.md 2 step 2: no volume and no class -> Normal FailedBinding.
TEST_F(PvControllerTest, FailedBindingWithoutClass) {
  StartController();
  Create(Claim("db", ""));
  RunFor(kSecond);
  Ptr<Event> e = EventWithReason("dev", "db", "FailedBinding");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Normal");
  EXPECT_EQ(e->message, "no persistent volumes available for this claim and no storage class is set");
  EXPECT_EQ(GetClaim("db")->status.phase, "Pending");
}

// pv_controller.go provisionClaim: a class that does not exist is the class lister's
// NotFound, as a Warning ProvisioningFailed.
TEST_F(PvControllerTest, MissingClassIsProvisioningFailed) {
  StartController();
  Create(Claim("db", "nope"));
  RunFor(kSecond);
  Ptr<Event> e = EventWithReason("dev", "db", "ProvisioningFailed");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Warning");
  EXPECT_EQ(e->message, "storageclass.storage.k8s.io \"nope\" not found");
}

// SEMANTICS.md 2 step 3: a PV with claimRef to the claim binds it: PV Bound, claim
// Bound with volumeName, capacity and access modes, bind-completed and
// bound-by-controller on the claim (not on the PV, whose claimRef the provisioner set).
TEST_F(PvControllerTest, BindsTheProvisionedVolume) {
  Create(Class("fast"));
  StartController();
  Ptr<PersistentVolumeClaim> created = Create(Claim("db"));
  RunFor(kSecond);
  Create(ProvisionedVolume(*created, "2Gi"));
  RunFor(kSecond);

  Ptr<PersistentVolume> pv = GetVolume("pvc-" + created->metadata.uid);
  Ptr<PersistentVolumeClaim> claim = GetClaim("db");
  EXPECT_EQ(pv->status.phase, "Bound");
  EXPECT_FALSE(pv->metadata.annotations.count("pv.kubernetes.io/bound-by-controller"));
  EXPECT_EQ(claim->spec.volume_name, pv->metadata.name);
  EXPECT_EQ(claim->status.phase, "Bound");
  EXPECT_EQ(claim->status.capacity.at("storage"), Q("2Gi"));
  EXPECT_EQ(claim->status.access_modes, std::vector<std::string>{"ReadWriteOnce"});
  EXPECT_EQ(Annotation(claim, "pv.kubernetes.io/bind-completed"), "yes");
  EXPECT_EQ(Annotation(claim, "pv.kubernetes.io/bound-by-controller"), "yes");
  // The volume's status is written before the claim (bind() order).
  EXPECT_LT(pv->metadata.resource_version, claim->metadata.resource_version);
}

// Once bound, nothing is left for the resync to do and nothing more is written.
TEST_F(PvControllerTest, BoundPairIsSettledAndLeftAlone) {
  Create(Class("fast"));
  StartController();
  Ptr<PersistentVolumeClaim> created = Create(Claim("db"));
  RunFor(kSecond);
  Create(ProvisionedVolume(*created));
  RunFor(kSecond);
  ASSERT_EQ(GetClaim("db")->status.phase, "Bound");
  EXPECT_EQ(ctrl_->unsettled_claims(), 0u);
  EXPECT_EQ(ctrl_->unsettled_volumes(), 0u);
  const uint64_t rv = api_.resource_version();
  RunFor(kMinute);
  EXPECT_EQ(api_.resource_version(), rv);
}

// SEMANTICS.md 2 step 4: the claim goes -> its volume is Released; with Delete the
// external provisioner deletes it, so the PV controller leaves it Released.
TEST_F(PvControllerTest, VolumeIsReleasedWhenItsClaimIsDeleted) {
  Create(Class("fast"));
  StartController();
  Ptr<PersistentVolumeClaim> created = Create(Claim("db"));
  RunFor(kSecond);
  Create(ProvisionedVolume(*created));
  RunFor(kSecond);
  const std::string pv_name = "pvc-" + created->metadata.uid;
  ASSERT_EQ(GetVolume(pv_name)->status.phase, "Bound");

  DeleteNow<PersistentVolumeClaim>("dev", "db");
  RunFor(kSecond);
  EXPECT_EQ(GetVolume(pv_name)->status.phase, "Released");
  RunFor(kMinute);
  ASSERT_NE(GetVolume(pv_name), nullptr);
  EXPECT_EQ(GetVolume(pv_name)->status.phase, "Released");
  EXPECT_EQ(EventWithReason("", pv_name, "VolumeFailedDelete"), nullptr);
}

// SEMANTICS.md 2 step 4: a claim re-created under the same name is another claim.
TEST_F(PvControllerTest, VolumeOfAReplacedClaimIsReleased) {
  Create(Class("fast"));
  StartController();
  Ptr<PersistentVolumeClaim> created = Create(Claim("db"));
  RunFor(kSecond);
  PersistentVolume pv = ProvisionedVolume(*created);
  DeleteNow<PersistentVolumeClaim>("dev", "db");
  Create(Claim("db"));
  Create(pv);
  RunFor(kSecond);
  EXPECT_EQ(GetVolume(pv.metadata.name)->status.phase, "Released");
  EXPECT_TRUE(GetClaim("db")->spec.volume_name.empty());
}

// A Released volume that no external provisioner owns finds no deleter.
TEST_F(PvControllerTest, DeletePolicyWithoutExternalProvisionerFails) {
  StartController();
  PersistentVolume pv = Volume("manual");
  pv.spec.persistent_volume_reclaim_policy = "Delete";
  pv.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", "gone", "uid-1", "", ""};
  Create(pv);
  RunFor(kSecond);
  EXPECT_EQ(GetVolume("manual")->status.phase, "Failed");
  Ptr<Event> e = EventWithReason("", "manual", "VolumeFailedDelete");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->message,
            "error getting deleter volume plugin for volume \"manual\": no deletable volume plugin matched");
}

// SEMANTICS.md 2 step 1: an Available volume that fits is bound without provisioning:
// class equal, access modes contained, capacity enough, the smallest fit; the
// controller marks both sides bound-by-controller.
TEST_F(PvControllerTest, BindsTheSmallestAvailableVolumeThatFits) {
  Create(Class("fast"));
  Create(Volume("big", "10Gi"));
  Create(Volume("fit", "2Gi"));
  Create(Volume("tiny", "512Mi"));
  Create(Volume("other-class", "1Gi", "slow"));
  Create(Volume("rwx-only", "1Gi", "fast", {"ReadWriteMany"}));
  StartController();
  RunFor(kSecond);
  ASSERT_EQ(GetVolume("fit")->status.phase, "Available");
  Create(Claim("db"));
  RunFor(kSecond);

  Ptr<PersistentVolumeClaim> claim = GetClaim("db");
  EXPECT_EQ(claim->spec.volume_name, "fit");
  EXPECT_EQ(claim->status.phase, "Bound");
  EXPECT_EQ(Annotation(claim, "volume.kubernetes.io/storage-provisioner"), "<none>");
  Ptr<PersistentVolume> fit = GetVolume("fit");
  EXPECT_EQ(fit->status.phase, "Bound");
  ASSERT_TRUE(fit->spec.claim_ref.has_value());
  EXPECT_EQ(fit->spec.claim_ref->uid, claim->metadata.uid);
  EXPECT_EQ(fit->metadata.annotations.at("pv.kubernetes.io/bound-by-controller"), "yes");
  for (const char* other : {"big", "tiny", "other-class", "rwx-only"}) {
    EXPECT_EQ(GetVolume(other)->status.phase, "Available") << other;
  }
}

// findBestMatchForClaim: a volume pre-bound to the claim by name wins over a smaller
// one; a volume claimed by another claim is never a candidate.
TEST_F(PvControllerTest, PreBoundVolumeWinsAndOthersClaimsAreSkipped) {
  Create(Class("fast"));
  Create(Volume("small", "1Gi"));
  PersistentVolume mine = Volume("mine", "5Gi");
  mine.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", "db", "", "", ""};
  Create(mine);
  PersistentVolume theirs = Volume("theirs", "1Gi");
  theirs.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", "other", "", "", ""};
  Create(theirs);
  StartController();
  RunFor(kSecond);
  Create(Claim("db"));
  Create(Claim("late"));
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db")->spec.volume_name, "mine");
  // The user pre-bound "mine": the controller does not claim it as its own binding.
  EXPECT_FALSE(GetVolume("mine")->metadata.annotations.count("pv.kubernetes.io/bound-by-controller"));
  EXPECT_EQ(GetClaim("late")->spec.volume_name, "small");
  EXPECT_EQ(GetVolume("theirs")->status.phase, "Available");
}

// syncUnboundClaim with volumeName: a claim asking for a volume that does not exist
// stays Pending; when it appears, they are bound.
TEST_F(PvControllerTest, ClaimAskingForAVolumeWaitsForIt) {
  StartController();
  PersistentVolumeClaim want = Claim("db");
  want.spec.volume_name = "later";
  Create(want);
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db")->status.phase, "Pending");
  Create(Volume("later"));
  RunFor(16 * kSecond);  // the resync brings the claim back
  EXPECT_EQ(GetClaim("db")->status.phase, "Bound");
  EXPECT_EQ(GetVolume("later")->status.phase, "Bound");
}

// syncUnboundClaim: a volume asked for that belongs to another claim.
TEST_F(PvControllerTest, ClaimAskingForAnotherClaimsVolumeIsFailedBinding) {
  PersistentVolume taken = Volume("taken");
  taken.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", "other", "", "", ""};
  Create(taken);
  StartController();
  PersistentVolumeClaim want = Claim("db");
  want.spec.volume_name = "taken";
  Create(want);
  RunFor(kSecond);
  Ptr<Event> e = EventWithReason("dev", "db", "FailedBinding");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Warning");
  EXPECT_EQ(e->message, "volume \"taken\" already bound to a different claim.");
}

// syncBoundClaim: the bound claim's volume is deleted -> Lost, with a Warning.
TEST_F(PvControllerTest, BoundClaimLosingItsVolumeIsLost) {
  Create(Class("fast"));
  StartController();
  Ptr<PersistentVolumeClaim> created = Create(Claim("db"));
  RunFor(kSecond);
  Create(ProvisionedVolume(*created));
  RunFor(kSecond);
  DeleteNow<PersistentVolume>("", "pvc-" + created->metadata.uid);
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db")->status.phase, "Lost");
  Ptr<Event> e = EventWithReason("dev", "db", "ClaimLost");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Warning");
  EXPECT_EQ(e->message, "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
}

// assignDefaultStorageClass (RetroactiveDefaultStorageClass): a claim created before
// any default class gets the default class once there is one, then provisioning.
TEST_F(PvControllerTest, ClaimWithoutClassGetsTheDefaultClassLater) {
  StartController();
  Create(Claim("db", std::nullopt));
  RunFor(kSecond);
  EXPECT_NE(EventWithReason("dev", "db", "FailedBinding"), nullptr);
  StorageClass fast = Class("fast");
  fast.metadata.annotations["storageclass.kubernetes.io/is-default-class"] = "true";
  Create(fast);
  RunFor(16 * kSecond);
  Ptr<PersistentVolumeClaim> claim = GetClaim("db");
  EXPECT_EQ(claim->spec.storage_class_name, "fast");
  EXPECT_EQ(Annotation(claim, "volume.kubernetes.io/storage-provisioner"), "hostpath.csi.k8s.io");
}

// A restarted controller picks up where the cluster is: a claim and its provisioned
// volume created while it was down are bound when it starts.
TEST_F(PvControllerTest, StartBindsWhatHappenedWhileDown) {
  Create(Class("fast"));
  Ptr<PersistentVolumeClaim> created = Create(Claim("db"));
  Create(ProvisionedVolume(*created));
  StartController();
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db")->status.phase, "Bound");
}

// Destroying the controller (a kube-controller-manager restart) drops its work.
TEST_F(PvControllerTest, DestroyedControllerLeavesNoWork) {
  Create(Class("fast"));
  StartController();
  Create(Claim("db"));
  RunFor(kMillisecond);  // the claim's sync is under way
  ASSERT_GT(engine_.pending(), 0u);
  ctrl_.reset();
  EXPECT_EQ(engine_.pending(), 0u);  // watches, resync, queued keys and API calls gone
  RunFor(kMinute);
  EXPECT_EQ(Annotation(GetClaim("db"), "volume.kubernetes.io/storage-provisioner"), "<none>");
}

}  // namespace
}  // namespace xnsim
