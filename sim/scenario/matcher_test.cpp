// Partial-object matching as chainsaw and kuttl assert it (scenario-format.md: "A
// fragment matches an object when every field it gives is equal").
#include "sim/scenario/matcher.h"

#include <gtest/gtest.h>

namespace xnsim {
namespace {

using nlohmann::json;

const json kPvc = json::parse(R"({
  "apiVersion": "v1",
  "kind": "PersistentVolumeClaim",
  "metadata": {"name": "db", "namespace": "prod", "finalizers": ["kubernetes.io/pvc-protection"],
               "annotations": {"volume.kubernetes.io/storage-provisioner": "hostpath.csi.k8s.io"}},
  "spec": {
    "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
    "resources": {"requests": {"storage": "1Gi"}},
    "dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "s"},
    "volumeMode": "Filesystem"
  },
  "status": {"phase": "Pending", "capacity": {"storage": "1024Mi"}}
})");

std::string Why(const json& fragment, const json& object = kPvc) {
  std::string why;
  EXPECT_FALSE(MatchesFragment(fragment, object, &why)) << fragment.dump();
  return why;
}

TEST(Matcher, NestedMapsMatchOnTheFieldsGiven) {
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
      "metadata": {"name": "db"}, "spec": {"resources": {"requests": {"storage": "1Gi"}}}})"),
                              kPvc));
  EXPECT_TRUE(MatchesFragment(json::object(), kPvc));
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"spec": {}})"), kPvc));
}

TEST(Matcher, MismatchNamesTheFirstDifferingField) {
  EXPECT_EQ(Why(json::parse(R"({"status": {"phase": "Bound"}})")),
            "status.phase: expected \"Bound\", got \"Pending\"");
  EXPECT_EQ(Why(json::parse(R"({"metadata": {"name": "db", "namespace": "dev"}})")),
            "metadata.namespace: expected \"dev\", got \"prod\"");
  EXPECT_EQ(Why(json::parse(R"({"spec": {"storageClassName": "fast"}})")),
            "spec.storageClassName: expected \"fast\", got absent");
  EXPECT_EQ(Why(json::parse(R"({"spec": {"volumeMode": {"x": 1}}})")),
            "spec.volumeMode: expected a map, got \"Filesystem\"");
}

TEST(Matcher, ListsMatchItemByItemAndNeedTheSameLength) {
  EXPECT_TRUE(MatchesFragment(
      json::parse(R"({"spec": {"accessModes": ["ReadWriteOnce", "ReadOnlyMany"]}})"), kPvc));
  EXPECT_EQ(Why(json::parse(R"({"spec": {"accessModes": ["ReadWriteOnce"]}})")),
            "spec.accessModes: expected 1 items, got 2");
  EXPECT_EQ(Why(json::parse(R"({"spec": {"accessModes": ["ReadOnlyMany", "ReadWriteOnce"]}})")),
            "spec.accessModes[0]: expected \"ReadOnlyMany\", got \"ReadWriteOnce\"");
  EXPECT_EQ(Why(json::parse(R"({"spec": {"volumeMode": ["Filesystem"]}})")),
            "spec.volumeMode: expected a list, got \"Filesystem\"");
  // Items of a list are fragments themselves.
  const json obj = json::parse(R"({"items": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]})");
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"items": [{"a": 1}, {"b": 4}]})"), obj));
  EXPECT_EQ(Why(json::parse(R"({"items": [{"a": 1}, {"b": 5}]})"), obj),
            "items[1].b: expected 5, got 4");
}

TEST(Matcher, NullMatchesAnAbsentOrNullField) {
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"spec": {"dataSource": null}})"), kPvc));
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"spec": {"dataSource": null}})"),
                              json::parse(R"({"spec": {"dataSource": null}})")));
  EXPECT_EQ(
      Why(json::parse(R"({"spec": {"dataSourceRef": null}})")),
      "spec.dataSourceRef: expected absent, got "
      "{\"apiGroup\":\"snapshot.storage.k8s.io\",\"kind\":\"VolumeSnapshot\",\"name\":\"s\"}");
  // A null in the object does not satisfy a value in the fragment.
  EXPECT_EQ(Why(json::parse(R"({"spec": {"x": "a"}})"), json::parse(R"({"spec": {"x": null}})")),
            "spec.x: expected \"a\", got null");
}

TEST(Matcher, AMapOfNullsMatchesAnAbsentMap) {
  // `annotations: {a: null}` asserts the annotation is absent, also when the object has
  // no annotations at all (Kubernetes omits an empty map).
  const json fragment = json::parse(R"({"metadata": {"labels": {"team": null}}})");
  EXPECT_TRUE(MatchesFragment(fragment, kPvc));
  EXPECT_EQ(Why(json::parse(R"({"metadata": {"labels": {"team": "a", "x": null}}})")),
            "metadata.labels: expected {\"team\":\"a\",\"x\":null}, got absent");
}

TEST(Matcher, EmptyListMatchesAnAbsentList) {
  // Kubernetes omits empty lists, so `finalizers: []` asserts there are none.
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"metadata": {"ownerReferences": []}})"), kPvc));
  EXPECT_EQ(Why(json::parse(R"({"metadata": {"finalizers": []}})")),
            "metadata.finalizers: expected 0 items, got 1");
}

TEST(Matcher, QuantitiesCompareByValue) {
  EXPECT_TRUE(
      MatchesFragment(json::parse(R"({"status": {"capacity": {"storage": "1Gi"}}})"), kPvc));
  EXPECT_TRUE(MatchesFragment(
      json::parse(R"({"spec": {"resources": {"requests": {"storage": "1073741824"}}}})"), kPvc));
  // A YAML number against a quantity string.
  EXPECT_TRUE(MatchesFragment(
      json::parse(R"({"spec": {"resources": {"requests": {"storage": 1073741824}}}})"), kPvc));
  EXPECT_EQ(Why(json::parse(R"({"status": {"capacity": {"storage": "2Gi"}}})")),
            "status.capacity.storage: expected \"2Gi\", got \"1024Mi\"");
}

TEST(Matcher, ScalarsEqualByRenderedFormWhenOneIsAString) {
  const json obj = json::parse(R"({"a": "1", "b": 1, "c": "true", "d": 1.0, "e": "Bound"})");
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"a": 1})"), obj));  // YAML 1 vs "1"
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"b": "1"})"), obj));
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"c": true})"), obj));
  EXPECT_TRUE(MatchesFragment(json::parse(R"({"d": 1})"), obj));  // 1 == 1.0
  EXPECT_EQ(Why(json::parse(R"({"e": "bound"})"), obj), "e: expected \"bound\", got \"Bound\"");
  EXPECT_EQ(Why(json::parse(R"({"b": true})"), obj), "b: expected true, got 1");
}

TEST(Matcher, KeysThatAreNotPlainNamesAreBracketed) {
  EXPECT_EQ(
      Why(json::parse(
          R"({"metadata": {"annotations": {"volume.kubernetes.io/storage-provisioner": "x"}}})")),
      "metadata.annotations[\"volume.kubernetes.io/storage-provisioner\"]: expected \"x\", got "
      "\"hostpath.csi.k8s.io\"");
}

TEST(Matcher, LongValuesAreCutShortInMessages) {
  const json obj = {{"a", std::string(500, 'x')}};
  const std::string why = Why(json{{"a", "y"}}, obj);
  EXPECT_LT(why.size(), 200u);
  EXPECT_NE(why.find("..."), std::string::npos);
}

TEST(Matcher, WhyIsOptional) {
  EXPECT_FALSE(MatchesFragment(json{{"a", 1}}, json{{"a", 2}}));
  EXPECT_TRUE(MatchesFragment(json{{"a", 1}}, json{{"a", 1}}));
}

}  // namespace
}  // namespace xnsim
