// The access graph and exposure over hand-written states: what each kind of grant
// opens, transitivity, cycles, wildcard `to` entries, inert grants, and copies that
// outlive the grant that allowed them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/analysis/access_graph.h"
#include "sim/analysis/exposure.h"
#include "sim/analysis/exposure_guard.h"

namespace xnsim {
namespace {

const std::string kSnapGroup = "snapshot.storage.k8s.io";

Ptr<ReferenceGrant> Grant(const std::string& ns, const std::string& name,
                          std::vector<std::string> from_namespaces,
                          std::vector<ReferenceGrant::To> to) {
  auto g = std::make_shared<ReferenceGrant>();
  g->metadata.namespace_ = ns;
  g->metadata.name = name;
  for (const std::string& f : from_namespaces) {
    g->spec.from.push_back({"", "PersistentVolumeClaim", f});
  }
  g->spec.to = std::move(to);
  return g;
}

ReferenceGrant::To ToSnapshot(std::optional<std::string> name) {
  return {kSnapGroup, "VolumeSnapshot", std::move(name)};
}
ReferenceGrant::To ToClaim(std::optional<std::string> name) {
  return {"", "PersistentVolumeClaim", std::move(name)};
}

DataRef Claim(const std::string& ns, const std::string& name) {
  return {DataKind::kClaim, ns, name};
}
DataRef Snapshot(const std::string& ns, const std::string& name) {
  return {DataKind::kSnapshot, ns, name};
}

AccessState State(std::vector<std::string> namespaces) {
  AccessState s;
  s.namespaces = std::move(namespaces);
  return s;
}

std::vector<std::string> Reached(const AccessState& state, const DataRef& source) {
  const AccessGraph g = AccessGraph::Build(state);
  StatusOr<Exposure> e = ComputeExposure(g, source);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  std::vector<std::string> out;
  if (e.ok()) {
    for (const ExposedNamespace& n : e->namespaces) out.push_back(n.namespace_);
  }
  return out;
}

const ExposedNamespace* Find(const Exposure& e, const std::string& ns) {
  for (const ExposedNamespace& n : e.namespaces) {
    if (n.namespace_ == ns) return &n;
  }
  return nullptr;
}

using Names = std::vector<std::string>;

TEST(AccessGraph, GrantEdgeRunsFromTheNamedObjectToTheFromNamespace) {
  AccessState s = State({"prod", "dev"});
  s.objects = {Snapshot("prod", "snap")};
  s.grants = {Grant("prod", "g", {"dev"}, {ToSnapshot("snap")})};
  const AccessGraph g = AccessGraph::Build(s);
  const AccessVertex snap = *g.FindData(Snapshot("prod", "snap"));
  const AccessVertex dev = *g.FindNamespace("dev");
  auto [it, end] = boost::out_edges(snap, g.graph());
  ASSERT_NE(it, end);
  EXPECT_EQ(boost::target(*it, g.graph()), dev);
  EXPECT_EQ(g.graph()[*it].kind, AccessEdgeKind::kGrant);
  EXPECT_EQ(g.graph()[*it].Label(g.state().grants), "grant g: restore VolumeSnapshot snap");
}

TEST(AccessGraph, UnnamedToRunsFromTheGrantNamespace) {
  AccessState s = State({"prod", "dev"});
  s.grants = {Grant("prod", "any", {"dev"}, {ToClaim(std::nullopt)})};
  const AccessGraph g = AccessGraph::Build(s);
  const AccessVertex prod = *g.FindNamespace("prod");
  EXPECT_EQ(boost::out_degree(prod, g.graph()), 1u);
}

TEST(AccessGraph, ToEntryOfTheWrongGroupOpensNothing) {
  // A VolumeSnapshot is in snapshot.storage.k8s.io: the matcher refuses group "".
  AccessState s = State({"prod", "dev"});
  s.objects = {Snapshot("prod", "snap")};
  s.grants = {Grant("prod", "g", {"dev"}, {{"", "VolumeSnapshot", std::string("snap")}})};
  const AccessGraph g = AccessGraph::Build(s);
  EXPECT_EQ(boost::num_edges(g.graph()), 0u);
  EXPECT_EQ(Reached(s, Snapshot("prod", "snap")), Names{});
}

TEST(Exposure, DirectGrantExposesTheNamedSnapshot) {
  AccessState s = State({"prod", "dev", "qa"});
  s.objects = {Snapshot("prod", "snap")};
  s.grants = {Grant("prod", "g", {"dev"}, {ToSnapshot("snap")})};
  EXPECT_EQ(Reached(s, Snapshot("prod", "snap")), (Names{"dev"}));
}

TEST(Exposure, GrantForAnotherNameInTheSourceNamespaceDoesNotExposeIt) {
  AccessState s = State({"prod", "dev"});
  s.objects = {Snapshot("prod", "snap"), Snapshot("prod", "public")};
  s.grants = {Grant("prod", "g", {"dev"}, {ToSnapshot("public")})};
  EXPECT_EQ(Reached(s, Snapshot("prod", "snap")), Names{});
  EXPECT_EQ(Reached(s, Snapshot("prod", "public")), (Names{"dev"}));
}

TEST(Exposure, WildcardToExposesEveryObjectOfThatKind) {
  AccessState s = State({"prod", "dev"});
  s.objects = {Claim("prod", "db"), Snapshot("prod", "snap")};
  s.grants = {Grant("prod", "g", {"dev"}, {ToClaim(std::nullopt)})};
  EXPECT_EQ(Reached(s, Claim("prod", "db")), (Names{"dev"}));
  EXPECT_EQ(Reached(s, Snapshot("prod", "snap")), Names{});  // only claims
}

TEST(Exposure, TransitiveThroughAnotherNamespaceWithWitnessPath) {
  // dev may restore prod's snapshot; qa may clone dev's claims; so prod's data reaches qa.
  AccessState s = State({"prod", "dev", "qa", "other"});
  s.objects = {Snapshot("prod", "snap")};
  s.grants = {Grant("prod", "dev-restores", {"dev"}, {ToSnapshot("snap")}),
              Grant("dev", "qa-clones", {"qa"}, {ToClaim(std::string("restored"))})};
  const AccessGraph g = AccessGraph::Build(s);
  StatusOr<Exposure> e = ComputeExposure(g, Snapshot("prod", "snap"));
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->namespaces.size(), 2u);
  const ExposedNamespace* qa = Find(*e, "qa");
  ASSERT_NE(qa, nullptr);
  EXPECT_FALSE(qa->realised);
  EXPECT_EQ(qa->PathText(),
            "VolumeSnapshot prod/snap -[grant dev-restores: restore VolumeSnapshot snap]-> "
            "namespace dev -[grant qa-clones: clone PersistentVolumeClaim restored]-> namespace qa");
}

TEST(Exposure, CyclesOfGrantsTerminate) {
  AccessState s = State({"a", "b", "c"});
  s.objects = {Claim("a", "x")};
  s.grants = {Grant("a", "ab", {"b"}, {ToClaim(std::nullopt)}),
              Grant("b", "ba", {"a"}, {ToClaim(std::nullopt)}),
              Grant("b", "bc", {"c"}, {ToSnapshot(std::nullopt)}),
              Grant("c", "cb", {"b"}, {ToClaim(std::nullopt)})};
  EXPECT_EQ(Reached(s, Claim("a", "x")), (Names{"b", "c"}));
}

TEST(Exposure, ManyGrantsReachAChain) {
  AccessState s;
  for (int i = 0; i < 50; ++i) s.namespaces.push_back("ns-" + std::to_string(i));
  s.objects = {Claim("ns-0", "data")};
  for (int i = 0; i + 1 < 50; ++i) {
    s.grants.push_back(Grant("ns-" + std::to_string(i), "next", {"ns-" + std::to_string(i + 1)},
                             {ToClaim(std::nullopt)}));
  }
  const AccessGraph g = AccessGraph::Build(s);
  StatusOr<Exposure> e = ComputeExposure(g, Claim("ns-0", "data"));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->namespaces.size(), 49u);
  EXPECT_EQ(Find(*e, "ns-49")->path.size(), 49u);
}

TEST(Exposure, InertGrantsOpenNothingButRealisedCopiesCount) {
  AccessState s = State({"prod", "dev", "qa"});
  s.objects = {Claim("prod", "db"), Claim("dev", "copy")};
  s.grants = {Grant("prod", "g", {"qa"}, {ToClaim(std::nullopt)})};
  s.lineage = {{5, Claim("prod", "db"), Claim("dev", "copy"), LineageKind::kClone}};
  s.grants_active = false;
  EXPECT_EQ(Reached(s, Claim("prod", "db")), (Names{"dev"}));
  s.grants_active = true;
  EXPECT_EQ(Reached(s, Claim("prod", "db")), (Names{"dev", "qa"}));
}

TEST(Exposure, CopyOutlivesTheDeletedGrantAndObjects) {
  // The grant that allowed the restore is gone, and so is the snapshot: the lineage keeps
  // the restore, so dev holds prod's data, and dev's own grant passes it to qa.
  AccessState s = State({"prod", "dev", "qa"});
  s.objects = {Claim("prod", "db"), Claim("dev", "restored")};
  s.grants = {Grant("dev", "qa-clones", {"qa"}, {ToClaim(std::nullopt)})};
  s.lineage = {{1, Claim("prod", "db"), Snapshot("prod", "snap"), LineageKind::kSnapshot},
               {2, Snapshot("prod", "snap"), Claim("dev", "restored"), LineageKind::kRestore}};
  const AccessGraph g = AccessGraph::Build(s);
  EXPECT_FALSE(g.graph()[*g.FindData(Snapshot("prod", "snap"))].present);
  StatusOr<Exposure> e = ComputeExposure(g, Claim("prod", "db"));
  ASSERT_TRUE(e.ok());
  ASSERT_NE(Find(*e, "dev"), nullptr);
  EXPECT_TRUE(Find(*e, "dev")->realised);
  EXPECT_EQ(Find(*e, "dev")->PathText(),
            "PersistentVolumeClaim prod/db -[snapshot at 1ns]-> VolumeSnapshot prod/snap "
            "-[restore at 2ns]-> PersistentVolumeClaim dev/restored -[holds]-> namespace dev");
  ASSERT_NE(Find(*e, "qa"), nullptr);
  EXPECT_FALSE(Find(*e, "qa")->realised);
}

TEST(Exposure, SnapshotOfTheSourceInItsNamespaceIsExposedByItsGrant) {
  // prod cut a snapshot of db; a grant on that snapshot exposes db's data.
  AccessState s = State({"prod", "dev"});
  s.objects = {Claim("prod", "db"), Snapshot("prod", "nightly")};
  s.grants = {Grant("prod", "g", {"dev"}, {ToSnapshot("nightly")})};
  s.lineage = {{1, Claim("prod", "db"), Snapshot("prod", "nightly"), LineageKind::kSnapshot}};
  EXPECT_EQ(Reached(s, Claim("prod", "db")), (Names{"dev"}));
}

TEST(Exposure, UnknownSourceIsNotFound) {
  const AccessGraph g = AccessGraph::Build(State({"prod"}));
  EXPECT_FALSE(ComputeExposure(g, Claim("prod", "nope")).ok());
}

TEST(ExposureBounds, WideningNamesTheNamespaceAndTheWitness) {
  AccessState s = State({"prod", "dev", "qa"});
  s.objects = {Snapshot("prod", "snap")};
  s.grants = {Grant("prod", "g", {"dev"}, {ToSnapshot("snap")}),
              Grant("dev", "h", {"qa"}, {ToClaim(std::nullopt)})};
  const AccessGraph g = AccessGraph::Build(s);
  ExposureBound b{"VolumeSnapshot", "prod", "snap", {"dev"}, {"s.yaml", 7}};
  std::optional<std::string> widened = CheckExposureBounds(g, {b});
  ASSERT_TRUE(widened.has_value());
  EXPECT_NE(widened->find("maxExposure (s.yaml:7): the data of VolumeSnapshot prod/snap can reach "
                          "namespace qa, but the bound allows only dev"),
            std::string::npos)
      << *widened;
  EXPECT_NE(widened->find("witness: VolumeSnapshot prod/snap -[grant g"), std::string::npos);
  b.namespaces = {"dev", "qa"};
  EXPECT_FALSE(CheckExposureBounds(g, {b}).has_value());
}

}  // namespace
}  // namespace xnsim
