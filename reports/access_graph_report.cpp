#include "reports/access_graph_report.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sim/core/time.h"

namespace xnsim {
namespace {

// A DOT string literal.
std::string DotQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string NodeId(const AccessNode& n) {
  return n.is_namespace ? "ns/" + n.namespace_ : n.data.Label();
}

// Short kind names as kubectl prints them, to keep boxes small.
std::string ShortKind(DataKind kind) {
  switch (kind) {
    case DataKind::kClaim: return "pvc";
    case DataKind::kSnapshot: return "volumesnapshot";
    case DataKind::kContent: return "volumesnapshotcontent";
    case DataKind::kVolume: return "pv";
  }
  return "?";
}

std::string Shape(DataKind kind) {
  switch (kind) {
    case DataKind::kClaim: return "cylinder";
    case DataKind::kSnapshot: return "component";
    case DataKind::kContent: return "note";
    case DataKind::kVolume: return "box3d";
  }
  return "box";
}

struct Highlights {
  std::set<DataRef> sources;
  std::map<std::string, bool> reached;  // namespace -> realised (already holds the data)
};

Highlights HighlightsOf(const std::vector<Exposure>& exposures) {
  Highlights h;
  for (const Exposure& e : exposures) {
    h.sources.insert(e.source);
    for (const ExposedNamespace& n : e.namespaces) h.reached[n.namespace_] |= n.realised;
  }
  return h;
}

std::string NodeLine(const AccessNode& n, const Highlights& h) {
  std::string label, attrs, style;
  const auto add_style = [&style](const char* s) { style += (style.empty() ? "" : ",") + std::string(s); };
  if (n.is_namespace) {
    label = n.namespace_;
    attrs = "shape=folder";
    auto it = h.reached.find(n.namespace_);
    if (it != h.reached.end()) {
      add_style("filled");
      attrs += ", fillcolor=\"#f4cccc\", color=red";
      label += it->second ? "\\n(holds the data)" : "\\n(can obtain the data)";
    }
  } else {
    label = ShortKind(n.data.kind) + "\\n" + n.data.name;
    attrs = "shape=" + Shape(n.data.kind);
    if (h.sources.count(n.data)) {
      add_style("filled");
      attrs += ", fillcolor=gold";
    }
  }
  if (!n.present) {
    label += "\\n(deleted)";
    add_style("dashed");
    attrs += ", fontcolor=gray40";
  }
  if (!style.empty()) attrs += ", style=\"" + style + "\"";
  return DotQuote(NodeId(n)) + " [label=\"" + label + "\", " + attrs + "];";
}

std::string EdgeAttrs(const AccessEdge& e, const std::vector<Ptr<ReferenceGrant>>& grants) {
  const std::string label = "label=" + DotQuote(e.Label(grants));
  switch (e.kind) {
    case AccessEdgeKind::kGrant:
      return label + (e.inert ? ", style=dotted, color=gray50, fontcolor=gray50"
                              : ", style=dashed, color=blue, fontcolor=blue");
    case AccessEdgeKind::kCopy: return label + ", penwidth=2";
    case AccessEdgeKind::kSameData: return "style=dotted, dir=none";
  }
  return label;
}

}  // namespace

std::string AccessGraphDot(const AccessGraph& graph, const std::vector<Exposure>& exposures) {
  const AccessGraphBase& g = graph.graph();
  const AccessState& s = graph.state();
  const Highlights h = HighlightsOf(exposures);
  std::ostringstream out;
  std::string title = "access and lineage at " + FormatDuration(s.at);
  if (!s.grants_active) title += "; grants inert: " + s.grants_inert_reason;
  out << "digraph access {\n"
      << "  rankdir=LR;\n  compound=true;\n  labelloc=t;\n  label=" << DotQuote(title) << ";\n"
      << "  node [fontname=\"Helvetica\", fontsize=10];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  // One box per namespace, with the namespace node and its objects inside. A namespace
  // with nothing in it and no edge (kube-system, say) is left out of the drawing.
  std::vector<bool> touched(boost::num_vertices(g), false);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    touched[boost::source(*it, g)] = touched[boost::target(*it, g)] = true;
  }
  size_t box = 0;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const AccessNode& n = g[*it];
    if (!n.is_namespace) continue;
    if (!touched[*it] && graph.ObjectsIn(*it).empty()) continue;
    out << "  subgraph cluster_" << box++ << " {\n    label=" << DotQuote("namespace " + n.namespace_)
        << ";\n    style=rounded;\n    " << NodeLine(n, h) << "\n";
    for (AccessVertex v : graph.ObjectsIn(*it)) out << "    " << NodeLine(g[v], h) << "\n";
    out << "  }\n";
  }
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const AccessNode& n = g[*it];
    if (!n.is_namespace && n.namespace_.empty()) out << "  " << NodeLine(n, h) << "\n";
  }
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const AccessEdge& e = g[*it];
    if (e.mirror) continue;
    out << "  " << DotQuote(NodeId(g[boost::source(*it, g)])) << " -> "
        << DotQuote(NodeId(g[boost::target(*it, g)])) << " [" << EdgeAttrs(e, s.grants) << "];\n";
  }
  out << "}\n";
  return out.str();
}

std::string AccessGraphJson(const AccessGraph& graph, const std::vector<Exposure>& exposures) {
  using Json = nlohmann::ordered_json;
  const AccessGraphBase& g = graph.graph();
  const AccessState& s = graph.state();
  Json doc;
  doc["at"] = FormatDuration(s.at);
  doc["grantsActive"] = s.grants_active;
  if (!s.grants_active) doc["grantsInertReason"] = s.grants_inert_reason;
  Json nodes = Json::array();
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const AccessNode& n = g[*it];
    Json node{{"id", *it}};
    if (n.is_namespace) {
      node["kind"] = "Namespace";
      node["name"] = n.namespace_;
    } else {
      node["kind"] = std::string(DataKindName(n.data.kind));
      if (!n.namespace_.empty()) node["namespace"] = n.namespace_;
      node["name"] = n.data.name;
    }
    node["present"] = n.present;
    nodes.push_back(std::move(node));
  }
  Json edges = Json::array();
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const AccessEdge& e = g[*it];
    if (e.mirror) continue;
    Json edge{{"from", boost::source(*it, g)}, {"to", boost::target(*it, g)}};
    if (e.kind == AccessEdgeKind::kGrant) {
      const ReferenceGrant& grant = *s.grants[e.grant];
      edge["type"] = "grant";
      edge["grant"] = {{"namespace", grant.metadata.namespace_}, {"name", grant.metadata.name}};
      edge["toKind"] = e.to_kind;
      if (e.to_name) edge["toName"] = *e.to_name;
      edge["inert"] = e.inert;
    } else {
      edge["type"] = e.kind == AccessEdgeKind::kCopy ? "copy" : "sameData";
      edge["lineage"] = std::string(LineageKindName(e.lineage));
      edge["at"] = FormatDuration(e.at);
    }
    edges.push_back(std::move(edge));
  }
  Json exposure = Json::array();
  for (const Exposure& e : exposures) {
    Json reached = Json::array();
    for (const ExposedNamespace& n : e.namespaces) {
      Json path = Json::array();
      for (const WitnessStep& step : n.path) {
        path.push_back({{"from", step.from}, {"via", step.via}, {"to", step.to}});
      }
      reached.push_back({{"namespace", n.namespace_}, {"realised", n.realised}, {"path", path}});
    }
    exposure.push_back({{"source",
                         {{"kind", std::string(DataKindName(e.source.kind))},
                          {"namespace", e.source.namespace_},
                          {"name", e.source.name}}},
                        {"namespaces", reached}});
  }
  doc["nodes"] = std::move(nodes);
  doc["edges"] = std::move(edges);
  doc["exposure"] = std::move(exposure);
  return doc.dump(2) + "\n";
}

}  // namespace xnsim
