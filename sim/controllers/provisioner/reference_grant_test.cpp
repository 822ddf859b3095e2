// SEMANTICS.md 3.3: ReferenceGrant matching, every from/to/name/group/kind case.
#include "sim/controllers/provisioner/reference_grant.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/controllers/provisioner/provisioner_test_world.h"

namespace xnsim {
namespace {

using From = ReferenceGrant::From;
using To = ReferenceGrant::To;

using provisioner_testing::ClaimsIn;
using provisioner_testing::kSnapGroup;

ReferenceGrant Grant(std::string ns, std::vector<From> from, std::vector<To> to) {
  ReferenceGrant g;
  g.metadata.namespace_ = std::move(ns);
  g.metadata.name = "grant";
  g.spec.from = std::move(from);
  g.spec.to = std::move(to);
  return g;
}

TypedObjectReference Source(std::optional<std::string> group, std::string kind, std::string name,
                            std::optional<std::string> ns = "prod") {
  return TypedObjectReference{std::move(group), std::move(kind), std::move(name), std::move(ns)};
}

TypedObjectReference SnapshotSourceRef(std::string name = "s") { return Source(kSnapGroup, "VolumeSnapshot", name); }

struct Case {
  const char* name;
  ReferenceGrant grant;
  TypedObjectReference source;
  bool allowed;
};

class GrantMatcher : public ::testing::TestWithParam<Case> {};

TEST_P(GrantMatcher, DecidesLikeIsGranted) {
  const Case& c = GetParam();
  EXPECT_EQ(GrantAllows(c.grant, "test", c.source), c.allowed) << c.name;
}

const std::optional<std::string> kNoName;

INSTANTIATE_TEST_SUITE_P(
    Cases, GrantMatcher,
    ::testing::Values(
        // The positive baseline: from PVCs of "test", to every snapshot of the group.
        Case{"matching grant allows", Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), true},
        // ---- from ----
        Case{"from kind must be PersistentVolumeClaim",
             Grant("prod", {From{"", "Pod", "test"}}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"from kind is case-sensitive",
             Grant("prod", {From{"", "persistentvolumeclaim", "test"}}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"from group must be core (empty)",
             Grant("prod", {From{"core", "PersistentVolumeClaim", "test"}}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"from namespace must be the claim's",
             Grant("prod", {ClaimsIn("other")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"from namespace has no wildcard",
             Grant("prod", {ClaimsIn("*")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"from entries are OR-ed",
             Grant("prod", {ClaimsIn("other"), ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), true},
        // ---- the grant's own namespace ----
        Case{"grant must live in the source namespace",
             Grant("staging", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"source without a namespace never matches",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}),
             Source(kSnapGroup, "VolumeSnapshot", "s", std::nullopt), false},
        // ---- to: group ----
        Case{"to group mismatch",
             Grant("prod", {ClaimsIn("test")}, {To{"example.com", "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"KEP example group with version does not match",
             Grant("prod", {ClaimsIn("test")}, {To{"snapshot.storage.k8s.io/v1", "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"empty to group does not match a set source group",
             Grant("prod", {ClaimsIn("test")}, {To{"", "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"PVC source with nil apiGroup matches empty to group",
             Grant("prod", {ClaimsIn("test")}, {To{"", "PersistentVolumeClaim", kNoName}}),
             Source(std::nullopt, "PersistentVolumeClaim", "db"), true},
        Case{"PVC source with explicit empty apiGroup matches empty to group",
             Grant("prod", {ClaimsIn("test")}, {To{"", "PersistentVolumeClaim", kNoName}}),
             Source("", "PersistentVolumeClaim", "db"), true},
        Case{"PVC source with nil apiGroup needs an empty to group",
             Grant("prod", {ClaimsIn("test")}, {To{"core", "PersistentVolumeClaim", kNoName}}),
             Source(std::nullopt, "PersistentVolumeClaim", "db"), false},
        Case{"source group is compared exactly, not as a prefix",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}),
             Source("snapshot.storage.k8s.io.evil", "VolumeSnapshot", "s"), false},
        // ---- to: kind ----
        Case{"to kind mismatch",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshotContent", kNoName}}), SnapshotSourceRef(), false},
        Case{"to kind is case-sensitive",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "volumesnapshot", kNoName}}), SnapshotSourceRef(), false},
        // ---- to: name ----
        Case{"to name unset matches every name",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef("any"), true},
        Case{"to name empty matches every name",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", std::string()}}), SnapshotSourceRef("any"), true},
        Case{"to name equal matches",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", std::string("s")}}), SnapshotSourceRef("s"), true},
        Case{"to name other does not match",
             Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", std::string("t")}}), SnapshotSourceRef("s"), false},
        Case{"to entries are OR-ed",
             Grant("prod", {ClaimsIn("test")},
                   {To{kSnapGroup, "VolumeSnapshot", std::string("t")}, To{kSnapGroup, "VolumeSnapshot", std::string("s")}}),
             SnapshotSourceRef("s"), true},
        Case{"empty from list allows nothing",
             Grant("prod", {}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}), SnapshotSourceRef(), false},
        Case{"empty to list allows nothing", Grant("prod", {ClaimsIn("test")}, {}), SnapshotSourceRef(), false}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string n = info.param.name;
      for (char& ch : n)
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

// SEMANTICS.md 3.3: `from` and `to` must match within ONE grant.
TEST(GrantMatcher, FromInOneGrantAndToInAnotherDoNotCombine) {
  auto only_from = std::make_shared<const ReferenceGrant>(
      Grant("prod", {ClaimsIn("test")}, {To{"", "Secret", kNoName}}));
  auto only_to = std::make_shared<const ReferenceGrant>(
      Grant("prod", {ClaimsIn("other")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}));
  EXPECT_FALSE(AnyGrantAllows({only_from, only_to}, "test", SnapshotSourceRef()));
}

TEST(GrantMatcher, AnyOfSeveralGrantsSuffices) {
  auto unrelated = std::make_shared<const ReferenceGrant>(
      Grant("prod", {ClaimsIn("other")}, {To{kSnapGroup, "VolumeSnapshot", kNoName}}));
  auto matching = std::make_shared<const ReferenceGrant>(
      Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", std::string("s")}}));
  EXPECT_TRUE(AnyGrantAllows({unrelated, matching}, "test", SnapshotSourceRef()));
  EXPECT_FALSE(AnyGrantAllows({unrelated}, "test", SnapshotSourceRef()));
  EXPECT_FALSE(AnyGrantAllows({}, "test", SnapshotSourceRef()));
}

// The memo answers a repeat from memory, but asks again for another claim namespace,
// another source or a new grant list.
TEST(GrantDecisionMemo, RemembersPerListNamespaceAndSource) {
  auto matching = std::make_shared<const ReferenceGrant>(
      Grant("prod", {ClaimsIn("test")}, {To{kSnapGroup, "VolumeSnapshot", std::string("s")}}));
  GrantList list = std::make_shared<const std::vector<Ptr<ReferenceGrant>>>(
      std::vector<Ptr<ReferenceGrant>>{matching});
  int asked = 0;
  auto decide = [&asked](const std::vector<Ptr<ReferenceGrant>>& g, std::string_view ns,
                         const TypedObjectReference& src) {
    ++asked;
    return AnyGrantAllows(g, ns, src);
  };
  GrantDecisionMemo memo;
  EXPECT_TRUE(memo.Get(list, "test", SnapshotSourceRef(), decide));
  EXPECT_TRUE(memo.Get(list, "test", SnapshotSourceRef(), decide));
  EXPECT_EQ(asked, 1);
  EXPECT_FALSE(memo.Get(list, "other", SnapshotSourceRef(), decide));
  EXPECT_FALSE(memo.Get(list, "test", SnapshotSourceRef("t"), decide));
  EXPECT_FALSE(memo.Get(list, "test", Source(std::nullopt, "VolumeSnapshot", "s"), decide));
  EXPECT_EQ(asked, 4);
  GrantList emptied = std::make_shared<const std::vector<Ptr<ReferenceGrant>>>();
  EXPECT_FALSE(memo.Get(emptied, "test", SnapshotSourceRef(), decide));
  EXPECT_EQ(asked, 5);
}

}  // namespace
}  // namespace xnsim
