#include "sim/analysis/exposure.h"

#include <deque>
#include <limits>

#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/api/well_known.h"

namespace xnsim {
namespace {

constexpr AccessVertex kNoVertex = std::numeric_limits<AccessVertex>::max();

// How a vertex was first reached: from `parent` through an edge (its label) or, for a
// namespace reached by an object it holds, through "holds".
struct Reach {
  size_t hops = std::numeric_limits<size_t>::max();  // grant edges on the way
  AccessVertex parent = kNoVertex;
  std::string via;
  bool realised = false;
};

class ExposureWalk {
 public:
  ExposureWalk(const AccessGraph& g, AccessVertex source)
      : g_(g), graph_(g.graph()), source_ns_(graph_[source].namespace_),
        reach_(boost::num_vertices(graph_)) {
    reach_[source].hops = 0;
    reach_[source].realised = true;
    queue_.push_back(source);
  }

  void Run() {
    while (!queue_.empty()) {
      const AccessVertex v = queue_.front();
      queue_.pop_front();
      if (done_.size() <= v) done_.resize(boost::num_vertices(graph_), false);
      if (done_[v]) continue;
      done_[v] = true;
      const AccessNode& node = graph_[v];
      if (node.is_namespace) {
        ExpandNamespace(v);
      } else {
        ExpandHolder(v);
      }
    }
  }

  const std::vector<Reach>& reach() const { return reach_; }

 private:
  // A 0-1 breadth-first walk: copies cost nothing, grants one hop.
  void Offer(AccessVertex to, AccessVertex from, size_t cost, std::string via, bool realised) {
    const size_t hops = reach_[from].hops + cost;
    Reach& r = reach_[to];
    if (hops >= r.hops) return;
    r = Reach{hops, from, std::move(via), realised && reach_[from].realised};
    if (cost == 0) {
      queue_.push_front(to);
    } else {
      queue_.push_back(to);
    }
  }

  void OfferGrant(const AccessGraphBase::edge_descriptor& e, AccessVertex from) {
    const AccessEdge& edge = graph_[e];
    if (edge.inert) return;
    Offer(boost::target(e, graph_), from, 1, edge.Label(g_.state().grants), false);
  }

  void ExpandHolder(AccessVertex v) {
    const AccessNode& node = graph_[v];
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
      const AccessEdge& edge = graph_[*it];
      if (edge.kind == AccessEdgeKind::kGrant) {
        if (node.namespace_ == source_ns_) OfferGrant(*it, v);  // names this very holder
        continue;
      }
      Offer(boost::target(*it, graph_), v, 0, edge.Label(g_.state().grants), true);
    }
    if (node.namespace_.empty()) return;  // contents and volumes belong to no namespace
    const std::optional<AccessVertex> ns = g_.FindNamespace(node.namespace_);
    if (!ns) return;
    if (node.namespace_ != source_ns_) {
      Offer(*ns, v, 0, "holds", true);
      return;
    }
    // The source's namespace: its namespace-wide grants (unnamed `to`) open this holder
    // when the matcher says a claim of their `from` namespace may use it.
    if (node.data.kind != DataKind::kClaim && node.data.kind != DataKind::kSnapshot) return;
    TypedObjectReference ref;
    if (node.data.kind == DataKind::kSnapshot) ref.api_group = std::string(kSnapshotGroup);
    ref.kind = std::string(DataKindName(node.data.kind));
    ref.name = node.data.name;
    ref.namespace_ = node.namespace_;
    for (auto [it, end] = boost::out_edges(*ns, graph_); it != end; ++it) {
      const AccessEdge& edge = graph_[*it];
      if (edge.kind != AccessEdgeKind::kGrant || edge.to_kind != ref.kind) continue;
      const std::string& claim_ns = graph_[boost::target(*it, graph_)].namespace_;
      if (GrantAllows(*g_.state().grants[edge.grant], claim_ns, ref)) OfferGrant(*it, v);
    }
  }

  void ExpandNamespace(AccessVertex v) {
    // The owners of the source are trusted not to re-copy it under other names.
    if (graph_[v].namespace_ == source_ns_) return;
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
      if (graph_[*it].kind == AccessEdgeKind::kGrant) OfferGrant(*it, v);
    }
    for (AccessVertex object : g_.ObjectsIn(v)) {
      for (auto [it, end] = boost::out_edges(object, graph_); it != end; ++it) {
        if (graph_[*it].kind == AccessEdgeKind::kGrant) OfferGrant(*it, v);
      }
    }
  }

  const AccessGraph& g_;
  const AccessGraphBase& graph_;
  const std::string source_ns_;
  std::vector<Reach> reach_;
  std::vector<bool> done_;
  std::deque<AccessVertex> queue_;
};

}  // namespace

std::string ExposedNamespace::PathText() const {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (i == 0) out += path[i].from;
    out += " -[" + path[i].via + "]-> " + path[i].to;
  }
  return out;
}

StatusOr<Exposure> ComputeExposure(const AccessGraph& graph, const DataRef& source) {
  const std::optional<AccessVertex> start = graph.FindData(source);
  if (!start) {
    return NotFoundError(source.Label() + " is not in the graph: no such object existed");
  }
  ExposureWalk walk(graph, *start);
  walk.Run();
  const AccessGraphBase& g = graph.graph();
  Exposure out;
  out.source = source;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const AccessNode& node = g[*it];
    const Reach& r = walk.reach()[*it];
    if (!node.is_namespace || r.parent == kNoVertex || node.namespace_ == source.namespace_) continue;
    ExposedNamespace e;
    e.namespace_ = node.namespace_;
    e.realised = r.realised;
    for (AccessVertex v = *it; walk.reach()[v].parent != kNoVertex; v = walk.reach()[v].parent) {
      const Reach& step = walk.reach()[v];
      e.path.insert(e.path.begin(), WitnessStep{g[step.parent].Label(), step.via, g[v].Label()});
    }
    out.namespaces.push_back(std::move(e));
  }
  std::sort(out.namespaces.begin(), out.namespaces.end(),
            [](const auto& a, const auto& b) { return a.namespace_ < b.namespace_; });
  return out;
}

}  // namespace xnsim
