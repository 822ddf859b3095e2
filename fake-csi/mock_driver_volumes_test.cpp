// CreateVolume / DeleteVolume: CSI spec rules and csi-driver-host-path behaviour
// (SEMANTICS.md 3.10 idempotency, 6.2 driver model).
#include <gtest/gtest.h>

#include "fake-csi/driver_test_support.h"

namespace xnsim::csi {
namespace {

using namespace testing;  // NOLINT

class VolumesTest : public ::testing::Test {
 protected:
  void Reset(MockDriverConfig config) { driver_ = std::make_unique<MockDriver>(engine_, std::move(config)); }
  MockDriver& driver() { return *driver_; }
  Reply<Volume> Create(CreateVolumeRequest req) {
    Reply<Volume> r;
    driver().CreateVolume(std::move(req), Into(engine_, r));
    engine_.RunUntil(engine_.Now() + kHour, [&] { return r.result.has_value(); });
    return r;
  }
  Engine engine_{42};
  std::unique_ptr<MockDriver> driver_ = std::make_unique<MockDriver>(engine_, TestConfig());
};

// Driver contract: a reply always comes from an engine event, after the cost.
TEST_F(VolumesTest, EmptyVolumeAnswersAfterBaseCostNeverInsideTheCall) {
  Reply<Volume> r;
  driver().CreateVolume(VolumeRequest("pvc-1", 10 * kGiB), Into(engine_, r));
  EXPECT_FALSE(r.result);
  engine_.RunUntil(kHour);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.at, 50 * kMillisecond);
  EXPECT_EQ(r.value().capacity_bytes, 10 * kGiB);
  EXPECT_EQ(r.value().volume_id.size(), 36u);  // UUID-shaped, like hostpath's ids
  const VolumeInfo* v = driver().FindVolumeByName("pvc-1");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->content, "");
  EXPECT_EQ(v->used_bytes, 0);
  EXPECT_EQ(v->created_at, 50 * kMillisecond);
}

// CSI: no capacity_range -> the plugin picks; we pick 1Gi. hostpath: limit when no required.
TEST_F(VolumesTest, CapacityDefaultsToLimitThenOneGi) {
  CreateVolumeRequest req = VolumeRequest("a", 0);
  EXPECT_EQ(Create(req).value().capacity_bytes, kDefaultVolumeBytes);
  req = VolumeRequest("b", 0);
  req.limit_bytes = 3 * kGiB;
  EXPECT_EQ(Create(req).value().capacity_bytes, 3 * kGiB);
  req = VolumeRequest("c", 5 * kGiB);
  req.limit_bytes = 3 * kGiB;
  Reply<Volume> r = Create(req);
  EXPECT_EQ(r.code(), Code::kInvalidArgument);
  EXPECT_EQ(r.message(), "capacity cannot exceed limit");
}

// SEMANTICS.md 3.10 / CSI: CreateVolume MUST be idempotent; a compatible repeat gets the
// same volume and consumes nothing more.
TEST_F(VolumesTest, SameNameSameParametersReturnsTheExistingVolume) {
  CreateVolumeRequest req = VolumeRequest("pvc-1", 10 * kGiB);
  req.parameters = {{"kind", "fast"}};
  Reply<Volume> first = Create(req);
  ASSERT_TRUE(first.ok());
  const SimTime t0 = engine_.Now();
  Reply<Volume> again = Create(req);
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(again.value().volume_id, first.value().volume_id);
  EXPECT_EQ(again.at - t0, 1 * kMillisecond);  // a lookup, not the 50ms create
  EXPECT_EQ(driver().Usage().volumes, 1u);
  EXPECT_EQ(driver().Usage().logical_bytes, 10 * kGiB);
}

// CSI: "Volume already exists but is incompatible" -> ALREADY_EXISTS (hostpath messages).
TEST_F(VolumesTest, SameNameOtherParametersIsAlreadyExists) {
  ASSERT_TRUE(Create(VolumeRequest("pvc-1", 10 * kGiB)).ok());
  Reply<Volume> bigger = Create(VolumeRequest("pvc-1", 20 * kGiB));
  EXPECT_EQ(bigger.code(), Code::kAlreadyExists);
  EXPECT_EQ(bigger.message(), "Volume with the same name: pvc-1 but with different size already exist");

  CreateVolumeRequest params = VolumeRequest("pvc-1", 10 * kGiB);
  params.parameters = {{"type", "ssd"}};
  EXPECT_EQ(Create(params).code(), Code::kAlreadyExists);

  CreateVolumeRequest block = VolumeRequest("pvc-1", 10 * kGiB);
  block.block = true;
  EXPECT_EQ(Create(block).code(), Code::kAlreadyExists);

  CreateVolumeRequest sourced = VolumeRequest("pvc-1", 10 * kGiB);
  sourced.content_source = VolumeContentSource{VolumeContentSource::Type::kSnapshot, "snap"};
  Reply<Volume> r = Create(sourced);
  EXPECT_EQ(r.code(), Code::kAlreadyExists);
  EXPECT_EQ(r.message(), "existing volume source snapshot id not matching");
  EXPECT_EQ(driver().Usage().volumes, 1u);
}

// CSI "operation pending for volume": a repeat while the first is still copying (the
// provisioner timed out and retried) is ABORTED; once done, the repeat gets the volume.
TEST_F(VolumesTest, RepeatWhileFirstInProgressIsAbortedThenSucceeds) {
  const std::string src = MakeVolume(engine_, driver(), VolumeRequest("src", 10 * kGiB));
  ASSERT_TRUE(driver().Write(src, "data", 10 * kGiB).ok());
  CreateVolumeRequest clone = VolumeRequest("pvc-clone", 10 * kGiB);
  clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, src};
  Reply<Volume> first, second, third;
  driver().CreateVolume(clone, Into(engine_, first));  // 100ms + 10 x 1s
  engine_.RunUntil(engine_.Now() + kSecond);
  driver().CreateVolume(clone, Into(engine_, second));
  engine_.RunUntil(engine_.Now() + 20 * kSecond);
  EXPECT_EQ(second.code(), Code::kAborted);
  EXPECT_EQ(second.message(), "Create volume request for pvc-clone is already in progress");
  ASSERT_TRUE(first.ok());
  driver().CreateVolume(clone, Into(engine_, third));
  engine_.RunUntil(engine_.Now() + kMinute);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third.value().volume_id, first.value().volume_id);
}

// CSI "Source does not exist" -> NOT_FOUND (hostpath state messages).
TEST_F(VolumesTest, MissingSourceIsNotFound) {
  CreateVolumeRequest restore = VolumeRequest("a", kGiB);
  restore.content_source = VolumeContentSource{VolumeContentSource::Type::kSnapshot, "nope"};
  Reply<Volume> r = Create(restore);
  EXPECT_EQ(r.code(), Code::kNotFound);
  EXPECT_EQ(r.message(), "snapshot id nope does not exist in the snapshots list");
  CreateVolumeRequest clone = VolumeRequest("b", kGiB);
  clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, "gone"};
  r = Create(clone);
  EXPECT_EQ(r.code(), Code::kNotFound);
  EXPECT_EQ(r.message(), "volume id gone does not exist in the volumes list");
  EXPECT_EQ(driver().Usage().logical_bytes, 0);  // nothing reserved is left behind
  EXPECT_EQ(driver().Usage().errors.at("CreateVolume"), 2u);
}

// SEMANTICS.md 6.2: hostpath refuses a source larger than the requested size.
TEST_F(VolumesTest, SourceLargerThanRequestIsInvalidArgument) {
  const std::string src = MakeVolume(engine_, driver(), VolumeRequest("src", 10 * kGiB));
  const std::string snap = MakeSnapshot(engine_, driver(), "snap", src);
  CreateVolumeRequest restore = VolumeRequest("small", 5 * kGiB);
  restore.content_source = VolumeContentSource{VolumeContentSource::Type::kSnapshot, snap};
  Reply<Volume> r = Create(restore);
  EXPECT_EQ(r.code(), Code::kInvalidArgument);
  EXPECT_EQ(r.message(), "snapshot " + snap + " size 10737418240 is greater than requested volume size 5368709120");
  CreateVolumeRequest clone = VolumeRequest("small2", 5 * kGiB);
  clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, src};
  r = Create(clone);
  EXPECT_EQ(r.code(), Code::kInvalidArgument);
  EXPECT_EQ(r.message(), "volume " + src + " size 10737418240 is greater than requested volume size 5368709120");
  clone.name = "block";
  clone.required_bytes = 10 * kGiB;
  clone.block = true;
  r = Create(clone);
  EXPECT_EQ(r.message(), "volume " + src + " mode is not compatible with requested mode");
}

// Capacity is logical: the sum of provisioned capacities, checked at admission.
TEST_F(VolumesTest, CapacityExhaustedWithHostpathMessage) {
  MockDriverConfig config = TestConfig();
  config.capacity_bytes = 20 * kGiB;
  Reset(config);
  ASSERT_TRUE(Create(VolumeRequest("a", 15 * kGiB)).ok());
  Reply<Volume> r = Create(VolumeRequest("b", 10 * kGiB));
  EXPECT_EQ(r.code(), Code::kResourceExhausted);
  EXPECT_EQ(r.message(), "requested capacity 10737418240 exceeds remaining capacity for \"\", 15Gi out of 20Gi already used");
  EXPECT_TRUE(Create(VolumeRequest("c", 5 * kGiB)).ok());  // exactly full is fine
  EXPECT_EQ(driver().Usage().logical_bytes, 20 * kGiB);
}

TEST_F(VolumesTest, ConcurrentCreatesCannotBothPassTheCapacityCheck) {
  MockDriverConfig config = TestConfig();
  config.capacity_bytes = 20 * kGiB;
  Reset(config);
  Reply<Volume> a, b;
  driver().CreateVolume(VolumeRequest("a", 15 * kGiB), Into(engine_, a));
  driver().CreateVolume(VolumeRequest("b", 15 * kGiB), Into(engine_, b));
  engine_.RunUntil(kHour);
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(b.code(), Code::kResourceExhausted);
  EXPECT_LE(driver().Usage().logical_bytes, 20 * kGiB);
}

TEST_F(VolumesTest, DeleteFreesCapacityAndIsIdempotent) {
  MockDriverConfig config = TestConfig();
  config.capacity_bytes = 20 * kGiB;
  Reset(config);
  const std::string id = MakeVolume(engine_, driver(), VolumeRequest("a", 20 * kGiB));
  EXPECT_EQ(Create(VolumeRequest("b", kGiB)).code(), Code::kResourceExhausted);
  Reply<Empty> del, again;
  driver().DeleteVolume(id, Into(engine_, del));
  engine_.RunUntil(engine_.Now() + kSecond);
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(driver().FindVolume(id), nullptr);
  EXPECT_EQ(driver().FindVolumeByName("a"), nullptr);
  driver().DeleteVolume(id, Into(engine_, again));  // CSI: missing -> 0 OK
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_TRUE(again.ok());
  EXPECT_TRUE(Create(VolumeRequest("b", kGiB)).ok());
  EXPECT_TRUE(Create(VolumeRequest("a", kGiB)).ok());  // the name is free again
}

// Content labels travel snapshot -> restore and volume -> clone (scenario-format "Data content").
TEST_F(VolumesTest, RestoreAndCloneCopyContentAndUsedBytes) {
  const std::string src = MakeVolume(engine_, driver(), VolumeRequest("src", 10 * kGiB));
  ASSERT_TRUE(driver().Write(src, "prod-db@snap1", 4 * kGiB).ok());
  const std::string snap = MakeSnapshot(engine_, driver(), "snap", src);
  ASSERT_TRUE(driver().Write(src, "prod-db@later", 6 * kGiB).ok());

  CreateVolumeRequest restore = VolumeRequest("restored", 10 * kGiB);
  restore.content_source = VolumeContentSource{VolumeContentSource::Type::kSnapshot, snap};
  Reply<Volume> r = Create(restore);
  ASSERT_TRUE(r.ok()) << r.message();
  ASSERT_TRUE(r.value().content_source);  // echoed: the provisioner checks it
  EXPECT_EQ(*r.value().content_source, *restore.content_source);
  const VolumeInfo* v = driver().FindVolume(r.value().volume_id);
  EXPECT_EQ(v->content, "prod-db@snap1");  // point in time
  EXPECT_EQ(v->used_bytes, 4 * kGiB);

  CreateVolumeRequest clone = VolumeRequest("clone", 10 * kGiB);
  clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, src};
  r = Create(clone);
  ASSERT_TRUE(r.ok());
  v = driver().FindVolume(r.value().volume_id);
  EXPECT_EQ(v->content, "prod-db@later");
  EXPECT_EQ(v->used_bytes, 6 * kGiB);
  ASSERT_TRUE(v->source);
  EXPECT_EQ(v->source->id, src);
}

// Cost = base + perGiB x the source's used GiB (fractional), in virtual time.
TEST_F(VolumesTest, CostsScaleWithTheSourcesUsedBytes) {
  const std::string src = MakeVolume(engine_, driver(), VolumeRequest("src", 10 * kGiB));
  ASSERT_TRUE(driver().Write(src, "x", 3 * kGiB / 2).ok());  // 1.5 GiB
  const std::string snap = MakeSnapshot(engine_, driver(), "snap", src);
  CreateVolumeRequest restore = VolumeRequest("r", 10 * kGiB);
  restore.content_source = VolumeContentSource{VolumeContentSource::Type::kSnapshot, snap};
  SimTime start = engine_.Now();
  Reply<Volume> r = Create(restore);
  EXPECT_EQ(r.at - start, 100 * kMillisecond + 750 * kMillisecond);  // 100ms + 1.5 x 500ms
  CreateVolumeRequest clone = VolumeRequest("c", 10 * kGiB);
  clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, src};
  start = engine_.Now();
  r = Create(clone);
  EXPECT_EQ(r.at - start, 100 * kMillisecond + 1500 * kMillisecond);  // 100ms + 1.5 x 1s
}

// Physical bytes: a full copy stores the source's used bytes again; copy-on-write
// stores nothing until the new volume grows beyond what it shares.
TEST_F(VolumesTest, PhysicalBytesFullVersusCopyOnWrite) {
  for (CopyMode mode : {CopyMode::kFull, CopyMode::kCopyOnWrite}) {
    MockDriverConfig config = TestConfig();
    config.copy_mode = mode;
    Reset(config);
    const std::string src = MakeVolume(engine_, driver(), VolumeRequest("src", 10 * kGiB));
    ASSERT_TRUE(driver().Write(src, "x", 4 * kGiB).ok());
    CreateVolumeRequest clone = VolumeRequest("c", 10 * kGiB);
    clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, src};
    const std::string id = MakeVolume(engine_, driver(), clone);
    const bool full = mode == CopyMode::kFull;
    EXPECT_EQ(driver().FindVolume(id)->physical_bytes, full ? 4 * kGiB : 0);
    EXPECT_EQ(driver().Usage().physical_bytes, full ? 8 * kGiB : 4 * kGiB);
    EXPECT_EQ(driver().Usage().logical_bytes, 20 * kGiB);
    ASSERT_TRUE(driver().Write(id, "y", 5 * kGiB).ok());
    EXPECT_EQ(driver().FindVolume(id)->physical_bytes, full ? 5 * kGiB : kGiB);
  }
}

TEST_F(VolumesTest, HookSeesTheNewVolumeBeforeTheReply) {
  int calls = 0;
  Reply<Volume> r;
  driver().SetVolumeCreatedHook([&](const CreateVolumeRequest& req, const VolumeInfo& v) {
    ++calls;
    EXPECT_EQ(req.name, "pvc-1");
    EXPECT_EQ(v.name, "pvc-1");
    EXPECT_FALSE(r.result);
  });
  driver().CreateVolume(VolumeRequest("pvc-1", kGiB), Into(engine_, r));
  engine_.RunUntil(kHour);
  EXPECT_TRUE(r.ok());
  Create(VolumeRequest("pvc-1", kGiB));  // an idempotent repeat creates nothing
  EXPECT_EQ(calls, 1);
}

TEST_F(VolumesTest, TopologyIsThePreferredSegmentOrTheDriversNode) {
  Reply<Volume> r = Create(VolumeRequest("a", kGiB));
  ASSERT_EQ(r.value().accessible_topology.size(), 1u);
  EXPECT_EQ(r.value().accessible_topology[0], (Topology{{"topology.hostpath.csi/node", "node-1"}}));
  CreateVolumeRequest req = VolumeRequest("b", kGiB);
  req.preferred_topology = {{{"zone", "b"}}, {{"zone", "c"}}};
  r = Create(req);
  ASSERT_EQ(r.value().accessible_topology.size(), 1u);
  EXPECT_EQ(r.value().accessible_topology[0], (Topology{{"zone", "b"}}));
  EXPECT_EQ(r.value().volume_context, req.parameters);
}

// CSI: an RPC outside the plugin's capabilities is UNIMPLEMENTED; a source kind the
// plugin cannot use is INVALID_ARGUMENT ("Source incompatible or not supported").
TEST_F(VolumesTest, CapabilitiesGateTheCalls) {
  MockDriverConfig config = TestConfig();
  config.capabilities = {Capability::kCreateDeleteVolume};
  Reset(config);
  CreateVolumeRequest clone = VolumeRequest("c", kGiB);
  clone.content_source = VolumeContentSource{VolumeContentSource::Type::kVolume, "v"};
  Reply<Volume> r = Create(clone);
  EXPECT_EQ(r.code(), Code::kInvalidArgument);
  EXPECT_EQ(r.message(), "unsupported capability CLONE_VOLUME");
  clone.content_source->type = VolumeContentSource::Type::kSnapshot;
  EXPECT_EQ(Create(clone).code(), Code::kInvalidArgument);
  Reply<Capacity> cap;
  driver().GetCapacity({}, Into(engine_, cap));
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_EQ(cap.code(), Code::kUnimplemented);

  config.capabilities = {};
  Reset(config);
  r = Create(VolumeRequest("a", kGiB));
  EXPECT_EQ(r.code(), Code::kUnimplemented);
  Reply<Empty> del;
  driver().DeleteVolume("x", Into(engine_, del));
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_EQ(del.code(), Code::kUnimplemented);
}

TEST_F(VolumesTest, GetCapacityIsWhatIsNotProvisioned) {
  MakeVolume(engine_, driver(), VolumeRequest("a", 30 * kGiB));
  Reply<Capacity> cap;
  driver().GetCapacity({}, Into(engine_, cap));
  engine_.RunUntil(engine_.Now() + kSecond);
  ASSERT_TRUE(cap.ok());
  EXPECT_EQ(cap.value().available_capacity, 70 * kGiB);
  MockDriverConfig config = TestConfig();
  config.capacity_bytes.reset();
  Reset(config);
  driver().GetCapacity({}, Into(engine_, cap));
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_EQ(cap.value().available_capacity, INT64_MAX);
}

TEST_F(VolumesTest, WriteChecksTheVolumeAndItsCapacity) {
  const std::string id = MakeVolume(engine_, driver(), VolumeRequest("a", kGiB));
  EXPECT_EQ(driver().Write("nope", "x", std::nullopt).code(), StatusCode::kNotFound);
  Status s = driver().Write(id, "x", 2 * kGiB);
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  EXPECT_EQ(driver().FindVolume(id)->content, "");  // a refused write changes nothing
  ASSERT_TRUE(driver().Write(id, "x", std::nullopt).ok());
  EXPECT_EQ(driver().FindVolume(id)->content, "x");
  EXPECT_EQ(driver().FindVolume(id)->used_bytes, 0);
}

}  // namespace
}  // namespace xnsim::csi
