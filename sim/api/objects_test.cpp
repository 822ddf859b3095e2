#include "sim/api/objects.h"

#include <gtest/gtest.h>

namespace xnsim {
namespace {

TEST(Objects, FindKindResolvesCoreAndGroupedApiVersions) {
  EXPECT_EQ(FindKind("v1", "PersistentVolumeClaim"), &KindOf<PersistentVolumeClaim>::kInfo);
  EXPECT_EQ(FindKind("storage.k8s.io/v1", "StorageClass"), &KindOf<StorageClass>::kInfo);
  EXPECT_EQ(FindKind("snapshot.storage.k8s.io/v1", "VolumeSnapshot"),
            &KindOf<VolumeSnapshot>::kInfo);
}

TEST(Objects, FindKindServesReferenceGrantAtBothGatewayVersions) {
  const KindInfo* beta = FindKind("gateway.networking.k8s.io/v1beta1", "ReferenceGrant");
  const KindInfo* alpha = FindKind("gateway.networking.k8s.io/v1alpha2", "ReferenceGrant");
  ASSERT_NE(beta, nullptr);
  EXPECT_EQ(beta, alpha);  // one object, two served versions
  EXPECT_EQ(FindKind("gateway.networking.k8s.io/v1", "ReferenceGrant"), nullptr);
}

TEST(Objects, FindKindRejectsWrongGroupVersionOrKind) {
  EXPECT_EQ(FindKind("v1", "StorageClass"), nullptr);  // StorageClass is not in core
  EXPECT_EQ(FindKind("storage.k8s.io/v1beta1", "StorageClass"), nullptr);
  EXPECT_EQ(FindKind("v1", "persistentvolumeclaim"), nullptr);  // kinds are case-sensitive
  EXPECT_EQ(FindKind("", "Pod"), nullptr);
  EXPECT_EQ(FindKind("/v1", "Pod"), nullptr);
  EXPECT_EQ(FindKind("v1/", "Pod"), nullptr);
}

TEST(Objects, ApiVersionOfPrintsStorageVersion) {
  EXPECT_EQ(ApiVersionOf(KindOf<Pod>::kInfo), "v1");
  EXPECT_EQ(ApiVersionOf(KindOf<CSIDriver>::kInfo), "storage.k8s.io/v1");
  EXPECT_EQ(ApiVersionOf(KindOf<ReferenceGrant>::kInfo), "gateway.networking.k8s.io/v1beta1");
}

TEST(Objects, KindInfoOfAndMetaOfFollowTheHeldKind) {
  PersistentVolumeClaim pvc;
  pvc.metadata.name = "db";
  AnyObject obj = pvc;
  EXPECT_EQ(KindInfoOf(obj).kind, "PersistentVolumeClaim");
  EXPECT_EQ(MetaOf(obj).name, "db");
  MetaOf(obj).namespace_ = "prod";
  EXPECT_EQ(std::get<PersistentVolumeClaim>(obj).metadata.namespace_, "prod");
  const AnyObject& cobj = obj;
  EXPECT_EQ(MetaOf(cobj).namespace_, "prod");
}

TEST(Objects, HasFinalizerMatchesWholeNames) {
  ObjectMeta meta;
  meta.finalizers = {"kubernetes.io/pvc-protection"};
  EXPECT_TRUE(meta.HasFinalizer("kubernetes.io/pvc-protection"));
  EXPECT_FALSE(meta.HasFinalizer("kubernetes.io/pvc"));
  EXPECT_FALSE(ObjectMeta{}.HasFinalizer("kubernetes.io/pvc-protection"));
}

TEST(Objects, ObjectLabelNamesNamespacedAndClusterScopedObjects) {
  EXPECT_EQ(ObjectLabel("PersistentVolumeClaim", "dev", "db"), "PersistentVolumeClaim dev/db");
  EXPECT_EQ(ObjectLabel("StorageClass", "", "fast"), "StorageClass fast");
}

}  // namespace
}  // namespace xnsim
