#include "sim/api/client.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace xnsim {
namespace {

// A 1Gi claim in "default" with no storage class.
PersistentVolumeClaim DefaultNamespaceClaim(std::string name) {
  PersistentVolumeClaim pvc;
  pvc.metadata.name = std::move(name);
  pvc.metadata.namespace_ = "default";
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  return pvc;
}

struct World {
  Engine engine;
  ApiServer server{engine, GateSet(Component::kKubeApiserver, kNewestKubeVersion)};
};

struct CreateResult {
  std::optional<StatusOr<Ptr<PersistentVolumeClaim>>> result;
  SimTime done_at = -1;
};

Task<void> CreateClaim(ApiClient* client, std::string name, CreateResult* out) {
  out->result = co_await client->Create(DefaultNamespaceClaim(std::move(name)));
  out->done_at = client->server().engine().Now();
}

TEST(ApiClient, CallReturnsAfterTheLatency) {
  World w;
  ApiClient client(w.server, "csi-provisioner", {.qps = 5, .burst = 10, .latency = 3 * kMillisecond});
  CreateResult r;
  Spawn(CreateClaim(&client, "db", &r));
  EXPECT_FALSE(r.result.has_value());  // suspended until the response arrives
  w.engine.RunUntil(kSecond);
  ASSERT_TRUE(r.result.has_value());
  ASSERT_TRUE(r.result->ok()) << r.result->status().ToString();
  EXPECT_EQ((**r.result)->metadata.name, "db");
  EXPECT_EQ(r.done_at, 3 * kMillisecond);
  EXPECT_EQ(client.stats().requests, 1u);
  EXPECT_EQ(client.stats().throttled_requests, 0u);
  EXPECT_NE(w.server.Get<PersistentVolumeClaim>("default", "db"), nullptr);
}

// Rule: client-go's QPS/burst: 10 requests go at once, the 11th waits 1/qps = 200ms.
TEST(ApiClient, ThrottlesPastTheBurst) {
  World w;
  ApiClient client(w.server, "csi-provisioner", {.qps = 5, .burst = 10, .latency = kMillisecond});
  std::vector<CreateResult> results(12);
  for (int i = 0; i < 12; ++i) Spawn(CreateClaim(&client, "c" + std::to_string(i), &results[i]));
  w.engine.RunUntil(10 * kSecond);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(results[i].done_at, kMillisecond) << i;
  EXPECT_EQ(results[10].done_at, 200 * kMillisecond + kMillisecond);
  EXPECT_EQ(results[11].done_at, 400 * kMillisecond + kMillisecond);
  EXPECT_EQ(client.stats().requests, 12u);
  EXPECT_EQ(client.stats().throttled_requests, 2u);
  EXPECT_EQ(client.stats().throttle_delay, 600 * kMillisecond);
}

TEST(ApiClient, NonPositiveQpsDisablesThrottling) {
  World w;
  ApiClient client(w.server, "test", {.qps = 0, .burst = 1, .latency = kMillisecond});
  std::vector<CreateResult> results(50);
  for (int i = 0; i < 50; ++i) Spawn(CreateClaim(&client, "c" + std::to_string(i), &results[i]));
  w.engine.RunUntil(kSecond);
  for (const CreateResult& r : results) EXPECT_EQ(r.done_at, kMillisecond);
  EXPECT_EQ(client.stats().throttled_requests, 0u);
}

Task<void> GetClaim(ApiClient* client, std::string name,
                    std::optional<StatusOr<Ptr<PersistentVolumeClaim>>>* out) {
  *out = co_await client->Get<PersistentVolumeClaim>("default", std::move(name));
}

TEST(ApiClient, GetOfAMissingObjectIsNotFoundWithTheServerMessage) {
  World w;
  ApiClient client(w.server, "test", {});
  std::optional<StatusOr<Ptr<PersistentVolumeClaim>>> got;
  Spawn(GetClaim(&client, "nope", &got));
  w.engine.RunUntil(kSecond);
  ASSERT_TRUE(got.has_value());
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got->status().message(), "persistentvolumeclaims \"nope\" not found");
}

Task<void> CreateUpdateGetDelete(ApiClient* client, std::vector<std::string>* log) {
  auto created = co_await client->Create(DefaultNamespaceClaim("db"));
  log->push_back(created.ok() ? "created" : created.status().ToString());
  if (!created.ok()) co_return;
  PersistentVolumeClaim changed = **created;
  changed.metadata.labels["team"] = "a";
  auto updated = co_await client->Update(changed);
  log->push_back(updated.ok() ? "updated" : updated.status().ToString());
  // The same stale copy again: the server's optimistic lock refuses it.
  auto stale = co_await client->Update(changed);
  log->push_back(stale.ok() ? "stale accepted" : StatusCodeName(stale.status().code()));
  auto got = co_await client->Get<PersistentVolumeClaim>("default", "db");
  log->push_back(got.ok() && (*got)->metadata.labels.count("team") ? "got" : "get failed");
  Status deleted = co_await client->Delete<PersistentVolumeClaim>("default", "db");
  log->push_back(deleted.ok() ? "deleted" : deleted.ToString());
}

TEST(ApiClient, CallsRunInSequenceAndReturnServerResults) {
  World w;
  ApiClient client(w.server, "test", {.qps = 100, .burst = 1, .latency = kMillisecond});
  std::vector<std::string> log;
  Spawn(CreateUpdateGetDelete(&client, &log));
  w.engine.RunUntil(kMinute);
  // The PVC protection finalizer keeps the claim after Delete; the call itself succeeds.
  EXPECT_EQ(log, (std::vector<std::string>{"created", "updated", "Conflict", "got", "deleted"}));
  EXPECT_EQ(client.stats().requests, 5u);
  EXPECT_EQ(client.stats().throttled_requests, 4u);  // burst 1: each later call waits 10ms - 1ms
}

Task<void> TouchEveryKind(ApiClient* client, int* done) {
  // Instantiated for every kind in client.cpp: a missing instantiation fails to link.
  (void)co_await client->Get<Namespace>("", "default");
  (void)co_await client->Get<PersistentVolume>("", "pv");
  (void)co_await client->Get<Pod>("default", "p");
  (void)co_await client->Get<Event>("default", "e");
  (void)co_await client->Get<StorageClass>("", "sc");
  (void)co_await client->Get<CSIDriver>("", "d");
  (void)co_await client->Get<VolumeSnapshot>("default", "s");
  (void)co_await client->Get<VolumeSnapshotContent>("", "c");
  (void)co_await client->Get<VolumeSnapshotClass>("", "k");
  (void)co_await client->Get<ReferenceGrant>("default", "g");
  ++*done;
}

TEST(ApiClient, ServesEveryKind) {
  World w;
  ApiClient client(w.server, "test", {.qps = 0});
  int done = 0;
  Spawn(TouchEveryKind(&client, &done));
  w.engine.RunUntil(kSecond);
  EXPECT_EQ(done, 1);
  EXPECT_EQ(client.stats().requests, 10u);
}

}  // namespace
}  // namespace xnsim
