// The access and lineage graph for people (Graphviz DOT: one box per namespace with
// its data objects, grants as dashed edges, copies as solid ones) and for tools
// (JSON: nodes, edges, and each exposure asked for with its witness paths).
#pragma once

#include <string>
#include <vector>

#include "sim/analysis/access_graph.h"
#include "sim/analysis/exposure.h"

namespace xnsim {

// `exposures` are highlighted: each source filled, each namespace it reaches in red.
std::string AccessGraphDot(const AccessGraph& graph, const std::vector<Exposure>& exposures);
std::string AccessGraphJson(const AccessGraph& graph, const std::vector<Exposure>& exposures);

}  // namespace xnsim
