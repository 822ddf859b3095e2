// The access and lineage graph (Boost.Graph): nodes are namespaces and data objects
// (claims, snapshots, contents, volumes); edges are what ReferenceGrants let a
// namespace copy, and the copies actually made. Built from an AccessState, so it is
// the same whether it shows the end of a run or a moment in it.
//
// A grant edge runs from what it exposes to the namespace it lets copy: from the
// object a `to` entry names when that object exists, otherwise from the grant's own
// namespace (an unnamed `to`, or a named object that does not exist yet). Whether an
// entry opens anything is the provisioner's own matcher's answer (reference_grant.h),
// asked about a claim of each `from` namespace using an object of the `to` entry's kind.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/access_state.h"

namespace xnsim {

struct AccessNode {
  bool is_namespace = false;
  std::string namespace_;  // the namespace itself, or the object's ("" if cluster-scoped)
  DataRef data;            // for an object
  bool present = true;     // false: deleted (kept for its lineage) or never created
  std::string Label() const;  // "namespace prod" or the object's label
};

enum class AccessEdgeKind : uint8_t { kGrant, kCopy, kSameData };

struct AccessEdge {
  AccessEdgeKind kind = AccessEdgeKind::kGrant;
  // kGrant: the grant (index into the state's grants) and the `to` entry it opens.
  size_t grant = 0;
  std::string to_kind;                 // PersistentVolumeClaim | VolumeSnapshot
  std::optional<std::string> to_name; // unset: every object of that kind
  bool inert = false;                  // the gates make grants open nothing
  // kCopy / kSameData: the lineage record. A binding is stored both ways (`mirror` on
  // the second), so that a walk finds it from either end.
  LineageKind lineage = LineageKind::kClone;
  SimTime at = 0;
  bool mirror = false;
  // What this edge says, for people: "clone at 1m2s", "grant allow-dev: clone PersistentVolumeClaim db".
  std::string Label(const std::vector<Ptr<ReferenceGrant>>& grants) const;
};

using AccessGraphBase = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                              AccessNode, AccessEdge>;
using AccessVertex = AccessGraphBase::vertex_descriptor;

class AccessGraph {
 public:
  static AccessGraph Build(AccessState state);

  const AccessGraphBase& graph() const { return graph_; }
  const AccessState& state() const { return state_; }
  std::optional<AccessVertex> FindNamespace(const std::string& name) const;
  std::optional<AccessVertex> FindData(const DataRef& ref) const;
  // The data objects of a namespace, in name order.
  const std::vector<AccessVertex>& ObjectsIn(AccessVertex namespace_vertex) const;

 private:
  AccessVertex NamespaceVertex(const std::string& name, bool present);
  AccessVertex DataVertex(const DataRef& ref, bool present);
  void AddGrantEdges(size_t grant_index);

  AccessState state_;
  AccessGraphBase graph_;
  std::map<std::string, AccessVertex> namespaces_;  // ordered: vertices are numbered by input order
  std::map<DataRef, AccessVertex> objects_;
  std::map<AccessVertex, std::vector<AccessVertex>> objects_in_;
};

}  // namespace xnsim
