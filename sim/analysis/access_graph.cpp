#include "sim/analysis/access_graph.h"

#include <algorithm>
#include <set>
#include <utility>

#include "sim/api/well_known.h"
#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

// A `to` entry's kind as a data source: the kinds a claim may copy from.
std::optional<DataKind> SourceKindOf(const std::string& kind) {
  if (kind == kClaimKind) return DataKind::kClaim;
  if (kind == kSnapshotKind) return DataKind::kSnapshot;
  return std::nullopt;
}

// The dataSourceRef a claim would write to copy an object of `kind` named `name` from
// `ns`: what the matcher is asked about.
TypedObjectReference SourceRef(DataKind kind, const std::string& ns, const std::string& name) {
  TypedObjectReference ref;
  if (kind == DataKind::kSnapshot) ref.api_group = std::string(kSnapshotGroup);
  ref.kind = std::string(DataKindName(kind));
  ref.name = name;
  ref.namespace_ = ns;
  return ref;
}

// A name no object has: an unnamed `to` entry matches it, a named one does not.
constexpr const char* kAnyName = "*";

}  // namespace

std::string AccessNode::Label() const {
  return is_namespace ? "namespace " + namespace_ : data.Label();
}

std::string AccessEdge::Label(const std::vector<Ptr<ReferenceGrant>>& grants) const {
  if (kind != AccessEdgeKind::kGrant) {
    std::string out(LineageKindName(lineage));
    return out + " at " + FormatDuration(at);
  }
  const std::string verb = to_kind == kSnapshotKind ? "restore" : "clone";
  std::string out = "grant " + grants[grant]->metadata.name + ": " + verb + " " + to_kind +
                    (to_name ? " " + *to_name : "s (any name)");
  if (inert) out += " (inert)";
  return out;
}

AccessVertex AccessGraph::NamespaceVertex(const std::string& name, bool present) {
  auto it = namespaces_.find(name);
  if (it != namespaces_.end()) return it->second;
  AccessNode node;
  node.is_namespace = true;
  node.namespace_ = name;
  node.present = present;
  const AccessVertex v = boost::add_vertex(std::move(node), graph_);
  namespaces_.emplace(name, v);
  return v;
}

AccessVertex AccessGraph::DataVertex(const DataRef& ref, bool present) {
  auto it = objects_.find(ref);
  if (it != objects_.end()) return it->second;
  AccessNode node;
  node.namespace_ = ref.namespace_;
  node.data = ref;
  node.present = present;
  const AccessVertex v = boost::add_vertex(std::move(node), graph_);
  objects_.emplace(ref, v);
  if (!ref.namespace_.empty()) {
    objects_in_[NamespaceVertex(ref.namespace_, false)].push_back(v);
  }
  return v;
}

void AccessGraph::AddGrantEdges(size_t grant_index) {
  const ReferenceGrant& grant = *state_.grants[grant_index];
  const std::string& ns = grant.metadata.namespace_;
  const AccessVertex grant_ns = NamespaceVertex(ns, false);
  std::set<std::string> claim_namespaces;  // each `from` namespace once, in order
  for (const ReferenceGrant::From& f : grant.spec.from) claim_namespaces.insert(f.namespace_);
  std::vector<const ReferenceGrant::To*> tos;
  for (const ReferenceGrant::To& t : grant.spec.to) {
    if (std::none_of(tos.begin(), tos.end(), [&](const auto* seen) { return *seen == t; })) {
      tos.push_back(&t);
    }
  }
  for (const ReferenceGrant::To* t : tos) {
    const std::optional<DataKind> kind = SourceKindOf(t->kind);
    if (!kind) continue;  // not a data source a claim can name
    const bool named = t->name && !t->name->empty();
    const std::string name = named ? *t->name : kAnyName;
    const TypedObjectReference probe = SourceRef(*kind, ns, name);
    std::optional<AccessVertex> exposed;
    if (named) exposed = FindData(DataRef{*kind, ns, name});
    for (const std::string& to_ns : claim_namespaces) {
      // The provisioner's own matcher decides; an entry of the wrong group or a `from`
      // of another kind opens nothing.
      if (!GrantAllows(grant, to_ns, probe)) continue;
      AccessEdge e;
      e.kind = AccessEdgeKind::kGrant;
      e.grant = grant_index;
      e.to_kind = t->kind;
      if (named) e.to_name = name;
      e.inert = !state_.grants_active;
      boost::add_edge(exposed.value_or(grant_ns), NamespaceVertex(to_ns, false), std::move(e),
                      graph_);
    }
  }
}

AccessGraph AccessGraph::Build(AccessState state) {
  AccessGraph g;
  g.state_ = std::move(state);
  AccessState& s = g.state_;
  std::sort(s.namespaces.begin(), s.namespaces.end());
  std::sort(s.objects.begin(), s.objects.end());
  std::sort(s.grants.begin(), s.grants.end(), [](const auto& a, const auto& b) {
    return std::tie(a->metadata.namespace_, a->metadata.name) <
           std::tie(b->metadata.namespace_, b->metadata.name);
  });
  for (const std::string& ns : s.namespaces) g.NamespaceVertex(ns, true);
  for (const DataRef& ref : s.objects) g.DataVertex(ref, true);
  // Lineage: every copy seen, each pair of ends once per kind; ends that are gone are
  // kept (marked absent) so that the copy stays visible.
  std::set<std::tuple<DataRef, DataRef, LineageKind>> seen;
  for (const LineageEdge& l : s.lineage) {
    if (!seen.insert({l.from, l.to, l.kind}).second) continue;
    const AccessVertex from = g.DataVertex(l.from, false);
    const AccessVertex to = g.DataVertex(l.to, false);
    AccessEdge e;
    e.kind = IsBinding(l.kind) ? AccessEdgeKind::kSameData : AccessEdgeKind::kCopy;
    e.lineage = l.kind;
    e.at = l.at;
    boost::add_edge(from, to, e, g.graph_);
    if (IsBinding(l.kind)) {
      e.mirror = true;
      boost::add_edge(to, from, e, g.graph_);
    }
  }
  for (size_t i = 0; i < s.grants.size(); ++i) g.AddGrantEdges(i);
  for (auto& [ns, members] : g.objects_in_) {
    std::sort(members.begin(), members.end(), [&g](AccessVertex a, AccessVertex b) {
      return g.graph_[a].data < g.graph_[b].data;
    });
  }
  return g;
}

std::optional<AccessVertex> AccessGraph::FindNamespace(const std::string& name) const {
  auto it = namespaces_.find(name);
  if (it == namespaces_.end()) return std::nullopt;
  return it->second;
}

std::optional<AccessVertex> AccessGraph::FindData(const DataRef& ref) const {
  auto it = objects_.find(ref);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

const std::vector<AccessVertex>& AccessGraph::ObjectsIn(AccessVertex namespace_vertex) const {
  static const std::vector<AccessVertex> kNone;
  auto it = objects_in_.find(namespace_vertex);
  return it == objects_in_.end() ? kNone : it->second;
}

}  // namespace xnsim
