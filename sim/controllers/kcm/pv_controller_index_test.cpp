// findBestMatchForClaim over the PV controller's volume index, case by case.
#include "sim/controllers/kcm/pv_controller_index.h"

#include <gtest/gtest.h>

#include <memory>

#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim::pv {
namespace {

using kcm_test::Claim;

Ptr<PersistentVolume> Available(std::string name, const char* size, std::string cls = "fast",
                                std::vector<std::string> modes = {"ReadWriteOnce"}) {
  PersistentVolume pv = kcm_test::Volume(std::move(name), size, std::move(cls), std::move(modes));
  pv.metadata.resource_version = 1;
  pv.status.phase = "Available";
  return std::make_shared<const PersistentVolume>(std::move(pv));
}

std::string Match(const VolumeIndex& index, const PersistentVolumeClaim& claim, bool delay = false) {
  Ptr<PersistentVolume> v = index.FindBestMatch(claim, delay);
  return v ? v->metadata.name : "<none>";
}

TEST(VolumeIndex, SmallestVolumeThatIsLargeEnough) {
  VolumeIndex index;
  index.Store(Available("10g", "10Gi"));
  index.Store(Available("2g", "2Gi"));
  index.Store(Available("512m", "512Mi"));
  EXPECT_EQ(Match(index, Claim("db", "fast", "1Gi")), "2g");
  EXPECT_EQ(Match(index, Claim("db", "fast", "3Gi")), "10g");
  EXPECT_EQ(Match(index, Claim("db", "fast", "11Gi")), "<none>");
}

TEST(VolumeIndex, ClassMustBeEqual) {
  VolumeIndex index;
  index.Store(Available("slow", "1Gi", "slow"));
  index.Store(Available("none", "1Gi", ""));
  EXPECT_EQ(Match(index, Claim("db", "fast")), "<none>");
  EXPECT_EQ(Match(index, Claim("db", "")), "none");
  EXPECT_EQ(Match(index, Claim("db", std::nullopt)), "none");
}

// Access modes must be contained; the fewest modes win before the smallest size.
TEST(VolumeIndex, FewestAccessModesWinBeforeSize) {
  VolumeIndex index;
  index.Store(Available("rwx", "1Gi", "fast", {"ReadWriteMany"}));
  index.Store(Available("rwo-rox-small", "1Gi", "fast", {"ReadWriteOnce", "ReadOnlyMany"}));
  index.Store(Available("rwo-big", "5Gi", "fast", {"ReadWriteOnce"}));
  EXPECT_EQ(Match(index, Claim("db")), "rwo-big");
  PersistentVolumeClaim both = Claim("db");
  both.spec.access_modes = {"ReadOnlyMany", "ReadWriteOnce"};
  EXPECT_EQ(Match(index, both), "rwo-rox-small");
}

TEST(VolumeIndex, OnlyAvailableUndeletedVolumesOfTheSameModeCount) {
  VolumeIndex index;
  PersistentVolume pending = *Available("pending", "1Gi");
  pending.status.phase = "Pending";
  index.Store(std::make_shared<const PersistentVolume>(pending));
  PersistentVolume deleting = *Available("deleting", "1Gi");
  deleting.metadata.deletion_timestamp = 5;
  index.Store(std::make_shared<const PersistentVolume>(deleting));
  PersistentVolume block = *Available("block", "1Gi");
  block.spec.volume_mode = "Block";
  index.Store(std::make_shared<const PersistentVolume>(block));
  EXPECT_EQ(Match(index, Claim("db")), "<none>");
  PersistentVolumeClaim block_claim = Claim("db");
  block_claim.spec.volume_mode = "Block";
  EXPECT_EQ(Match(index, block_claim), "block");
}

TEST(VolumeIndex, SelectorFiltersUnclaimedVolumes) {
  VolumeIndex index;
  PersistentVolume labelled = *Available("labelled", "2Gi");
  labelled.metadata.labels["tier"] = "gold";
  index.Store(std::make_shared<const PersistentVolume>(labelled));
  index.Store(Available("plain", "1Gi"));
  PersistentVolumeClaim gold = Claim("db");
  gold.spec.selector = LabelSelector{.match_labels = {{"tier", "gold"}}, .match_expressions = {}};
  EXPECT_EQ(Match(index, gold), "labelled");
  gold.spec.selector->match_expressions.push_back({.key = "tier", .operator_ = "NotIn", .values = {"gold"}});
  EXPECT_EQ(Match(index, gold), "<none>");
}

// A volume pre-bound to the claim (by name, or by name and uid) wins whatever its
// phase or class; with delay binding it is the only kind of candidate.
TEST(VolumeIndex, PreBoundVolumeWinsAndSurvivesDelayBinding) {
  VolumeIndex index;
  index.Store(Available("small", "1Gi"));
  PersistentVolume mine = *Available("mine", "5Gi", "other");
  mine.status.phase = "Pending";
  mine.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", "db", "", "", ""};
  index.Store(std::make_shared<const PersistentVolume>(mine));
  PersistentVolumeClaim db = Claim("db");
  db.metadata.uid = "u1";
  EXPECT_EQ(Match(index, db), "mine");
  EXPECT_EQ(Match(index, Claim("late")), "small");
  EXPECT_EQ(Match(index, Claim("late"), /*delay=*/true), "<none>");
  EXPECT_EQ(Match(index, db, /*delay=*/true), "mine");

  mine.spec.claim_ref->uid = "u2";  // bound to an earlier claim of that name
  mine.metadata.resource_version = 2;
  index.Store(std::make_shared<const PersistentVolume>(mine));
  EXPECT_EQ(Match(index, db), "small");
}

// storeObjectUpdate: an older version never replaces a newer one.
TEST(VolumeIndex, OlderVersionIsIgnored) {
  VolumeIndex index;
  PersistentVolume v = *Available("a", "1Gi");
  v.metadata.resource_version = 5;
  EXPECT_TRUE(index.Store(std::make_shared<const PersistentVolume>(v)));
  v.metadata.resource_version = 4;
  v.status.phase = "Released";
  EXPECT_FALSE(index.Store(std::make_shared<const PersistentVolume>(v)));
  EXPECT_EQ(index.Get("a")->status.phase, "Available");
  EXPECT_EQ(Match(index, Claim("db")), "a");
  index.Erase("a");
  EXPECT_EQ(Match(index, Claim("db")), "<none>");
}

}  // namespace
}  // namespace xnsim::pv
