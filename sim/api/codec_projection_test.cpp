// ToJsonFields: ToJson's tree cut down to the keys a partial object names.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/api/codec.h"
#include "sim/api/codec_tree.h"

namespace xnsim {
namespace {

using nlohmann::json;

AnyObject DecodeProjectionSample() {
  auto decoded = DecodeManifests(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db
  namespace: prod
  resourceVersion: "42"
  creationTimestamp: "2026-01-01T00:01:30Z"
  annotations: {pv.kubernetes.io/bind-completed: "yes"}
  finalizers: [kubernetes.io/pvc-protection]
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 10Gi}
  volumeName: pvc-1
  dataSourceRef: {kind: PersistentVolumeClaim, name: src, namespace: other}
status:
  phase: Bound
  capacity: {storage: 10Gi}
)",
                                 "sample.yaml");
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  return decoded->at(0).object;
}

// The whole tree with only the keys `wanted` names, where both are maps.
json RestrictTo(const json& full, const json& wanted) {
  if (!wanted.is_object() || !full.is_object()) return full;
  json out = json::object();
  for (auto it = wanted.begin(); it != wanted.end(); ++it) {
    if (full.contains(it.key())) out[it.key()] = RestrictTo(full.at(it.key()), it.value());
  }
  return out;
}

TEST(ToJsonFields, KeepsOnlyTheNamedKeysAsToJsonEncodesThem) {
  const AnyObject pvc = DecodeProjectionSample();
  const json full = ToJson(pvc);
  for (const char* text : {
           R"({"metadata": {"name": "db", "namespace": "prod"}, "status": {"phase": "Bound"}})",
           R"({"metadata": {"resourceVersion": "1", "creationTimestamp": null, "finalizers": []}})",
           R"({"spec": {"resources": {"requests": {"storage": "1Gi"}},
                        "dataSourceRef": {"namespace": "x"}}})",
           R"({"spec": {"accessModes": ["ReadWriteOnce"], "volumeName": "pvc-1"}, "status": 3})",
           R"({"metadata": {"annotations": {"pv.kubernetes.io/bind-completed": "no"}}})",
       }) {
    const json wanted = json::parse(text);
    json expected = RestrictTo(full, wanted);
    expected["apiVersion"] = full["apiVersion"];
    expected["kind"] = full["kind"];
    EXPECT_EQ(ToJsonFields(pvc, wanted), expected) << text;
  }
}

TEST(ToJsonFields, LeavesOutWhatIsNotAskedFor) {
  const json tree =
      ToJsonFields(DecodeProjectionSample(), json::parse(R"({"status": {"phase": "x"}})"));
  EXPECT_FALSE(tree.contains("spec"));
  EXPECT_FALSE(tree.contains("metadata"));
  EXPECT_EQ(tree["status"], json::parse(R"({"phase": "Bound"})"));
}

TEST(ToJsonFields, ATypedObjectEncodesAsTheSameObjectOfAnyKind) {
  const AnyObject pvc = DecodeProjectionSample();
  const json wanted = json::parse(R"({"metadata": {"name": "x"}, "spec": {"volumeName": "y"}})");
  const json typed = ToJsonFields(std::get<PersistentVolumeClaim>(pvc), wanted);
  EXPECT_EQ(typed, ToJsonFields(pvc, wanted));
  EXPECT_EQ(typed["spec"]["volumeName"], "pvc-1");
}

TEST(ToJsonFields, AnythingButAMapAsksForTheWholeObject) {
  const AnyObject pvc = DecodeProjectionSample();
  EXPECT_EQ(ToJsonFields(pvc, json()), ToJson(pvc));
}

}  // namespace
}  // namespace xnsim
