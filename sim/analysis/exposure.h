// Exposure: every namespace that can obtain a source's data, directly or through
// other namespaces, each with a witness path (SEMANTICS.md 3.3 for what a grant opens).
//
// The rules, in the words of a security review:
// - The source and every object its data was realised in (copies, snapshots, their
//   contents and volumes: the lineage) hold the data. A holder in another namespace
//   exposes that namespace.
// - In the source's own namespace only those holders count: its owners are trusted
//   not to copy the data under another name. A grant there opens a holder to the
//   `from` namespaces when the provisioner's matcher allows their claims to use it.
// - Any other namespace that obtains the data may snapshot or clone it within
//   itself under any name (no grant needed), so every grant in it, named or not,
//   passes the data on to its `from` namespaces.
// - Grants made inert by the gates (AccessState::grants_active) open nothing; the
//   copies already realised still count.
// A path prefers realised copies: among witness paths, one with the fewest grant hops.
#pragma once

#include <string>
#include <vector>

#include "sim/analysis/access_graph.h"
#include "sim/core/status.h"

namespace xnsim {

struct WitnessStep {
  std::string from, via, to;  // node labels and the edge's label
};

struct ExposedNamespace {
  std::string namespace_;
  bool realised = false;  // the data is already there (copies only), not just obtainable
  std::vector<WitnessStep> path;
  std::string PathText() const;  // "A -[via]-> B -[via]-> C"
};

struct Exposure {
  DataRef source;
  std::vector<ExposedNamespace> namespaces;  // by name; the source's own namespace left out
};

// NotFound when the graph has no such object (it never existed, as far as the run saw).
StatusOr<Exposure> ComputeExposure(const AccessGraph& graph, const DataRef& source);

}  // namespace xnsim
