// The immutability diff: go-difflib's unified diff of Go JSON, and go-cmp's report.
#include "sim/api/validation_spec_diff.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace xnsim {
namespace {

TEST(UnifiedDiff, HunkHeadersAndContextLikeDifflib) {
  const std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12";
  std::string b = a;
  b.replace(b.find("2\n"), 2, "two\n");
  b.replace(b.find("11"), 2, "eleven");
  // Two changes further apart than 2*context make two hunks.
  EXPECT_EQ(UnifiedDiff(a, b, 3),
            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+eleven\n 12\n");
  EXPECT_EQ(UnifiedDiff(a, a, 3), "");
}

TEST(UnifiedDiff, InsertionAndEmptyRanges) {
  EXPECT_EQ(UnifiedDiff("a\nb", "a\nx\nb", 3), "@@ -1,2 +1,3 @@\n a\n+x\n b\n");
  EXPECT_EQ(UnifiedDiff("a", "b", 3), "@@ -1 +1 @@\n-a\n+b\n");
}

TEST(GoJsonIndent, MarshalsInternalStructsWithGoFieldNames) {
  PersistentVolumeClaim::Spec spec;
  spec.access_modes = {"ReadWriteOnce"};
  spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  spec.data_source_ref = TypedObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s",
                                              std::string("prod")};
  EXPECT_EQ(GoJsonIndent(PvcSpecValue(spec, {1, 34})),
            "{\n"
            " \"AccessModes\": [\n  \"ReadWriteOnce\"\n ],\n"
            " \"Selector\": null,\n"
            " \"Resources\": {\n  \"Limits\": null,\n  \"Requests\": {\n   \"storage\": \"1Gi\"\n  }\n },\n"
            " \"VolumeName\": \"\",\n"
            " \"StorageClassName\": null,\n"
            " \"VolumeMode\": null,\n"
            " \"DataSource\": null,\n"
            " \"DataSourceRef\": {\n  \"APIGroup\": \"snapshot.storage.k8s.io\",\n  \"Kind\": \"VolumeSnapshot\",\n"
            "  \"Name\": \"s\",\n  \"Namespace\": \"prod\"\n },\n"
            " \"VolumeAttributesClassName\": null\n"
            "}");
}

TEST(GoJsonIndent, LabelSelectorUsesJsonTags) {
  PersistentVolumeClaim::Spec spec;
  spec.selector = LabelSelector{{{"app", "db"}}, {}};
  std::string json = GoJsonIndent(PvcSpecValue(spec, {1, 34}));
  EXPECT_NE(json.find(" \"Selector\": {\n  \"matchLabels\": {\n   \"app\": \"db\"\n  }\n },"), std::string::npos) << json;
}

TEST(GoCmpDiff, NestedPointerStructRecurses) {
  PersistentVolumeClaim::Spec a;
  a.data_source_ref = TypedObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "s",
                                           std::string("prod")};
  PersistentVolumeClaim::Spec b = a;
  b.data_source_ref->namespace_ = "other";
  EXPECT_EQ(GoCmpDiff(PvcSpecValue(a, {1, 30}), PvcSpecValue(b, {1, 30})),
            "  core.PersistentVolumeClaimSpec{\n"
            "  \t... // 5 identical fields\n"
            "  \tVolumeMode: nil,\n"
            "  \tDataSource: nil,\n"
            "  \tDataSourceRef: &core.TypedObjectReference{\n"
            "  \t\tAPIGroup:  &\"snapshot.storage.k8s.io\",\n"
            "  \t\tKind:      \"VolumeSnapshot\",\n"
            "  \t\tName:      \"s\",\n"
            "- \t\tNamespace: &\"prod\",\n"
            "+ \t\tNamespace: &\"other\",\n"
            "  \t},\n"
            "  \tVolumeAttributesClassName: nil,\n"
            "  }\n");
}

TEST(GoCmpDiff, NilAgainstValueIsALeaf) {
  PersistentVolumeClaim::Spec a, b;
  b.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "src"};
  std::string d = GoCmpDiff(PvcSpecValue(a, {1, 30}), PvcSpecValue(b, {1, 30}));
  const size_t removed = d.find("- \tDataSource: ");
  ASSERT_NE(removed, std::string::npos) << d;
  EXPECT_NE(d.find(" nil,\n+ \tDataSource: ", removed), std::string::npos) << d;
  EXPECT_NE(d.find(" &core.TypedLocalObjectReference{Kind: \"PersistentVolumeClaim\", Name: \"src\"},\n"),
            std::string::npos)
      << d;
}

TEST(SpecDiff, StylePerVersion) {
  PersistentVolumeClaim::Spec a, b;
  b.volume_name = "pv";
  EXPECT_EQ(SpecDiff(PvcSpecValue(a, {1, 34}), PvcSpecValue(b, {1, 34}), {1, 34}).rfind("@@ ", 0), 0u);
  EXPECT_EQ(SpecDiff(PvcSpecValue(a, {1, 33}), PvcSpecValue(b, {1, 33}), {1, 33}).rfind("  core.", 0), 0u);
}

// SamePvSource stands in for comparing the two PvSourceValues: it must agree with that
// comparison for every change of a source field, and ignore everything else.
TEST(SamePvSource, AgreesWithComparingTheGoValues) {
  PersistentVolume::Spec base;
  base.csi = PersistentVolume::CSISource{};
  base.csi->driver = "d";
  base.csi->volume_handle = "h";
  std::vector<std::function<void(PersistentVolume::Spec&)>> changes = {
      [](auto& s) {},
      [](auto& s) { s.csi.reset(); },
      [](auto& s) { s.csi->driver = "e"; },
      [](auto& s) { s.csi->volume_handle = "i"; },
      [](auto& s) { s.csi->read_only = false; },  // unset reads as false
      [](auto& s) { s.csi->read_only = true; },
      [](auto& s) { s.csi->fs_type = "ext4"; },
      [](auto& s) { s.csi->volume_attributes["k"] = "v"; },
      [](auto& s) { s.host_path.text = R"({"path":"/x"})"; },
      [](auto& s) { s.nfs.text = R"({"server":"s"})"; },
      [](auto& s) { s.local.text = R"({"path":"/l"})"; },
      [](auto& s) { s.storage_class_name = "other"; },  // not part of the source
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    PersistentVolume::Spec changed = base;
    changes[i](changed);
    EXPECT_EQ(SamePvSource(base, changed), PvSourceValue(base) == PvSourceValue(changed)) << i;
    EXPECT_EQ(SamePvSource(changed, base), PvSourceValue(changed) == PvSourceValue(base)) << i;
  }
  PersistentVolume::Spec read_only = base;
  read_only.csi->read_only = false;
  EXPECT_TRUE(SamePvSource(base, read_only));
  read_only.csi->read_only = true;
  EXPECT_FALSE(SamePvSource(base, read_only));
}

}  // namespace
}  // namespace xnsim
