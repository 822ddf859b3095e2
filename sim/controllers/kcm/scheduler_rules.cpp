#include "sim/controllers/kcm/scheduler_rules.h"

#include <algorithm>
#include <charconv>

#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/core/quote.h"

namespace xnsim::sched {
namespace {

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// One requirement of a node selector term (nodeaffinity's label requirement).
bool MatchesRequirement(const NodeSelectorRequirement& r, const StringMap& labels) {
  auto it = labels.find(r.key);
  const bool has = it != labels.end();
  if (r.operator_ == "In") return has && Contains(r.values, it->second);
  if (r.operator_ == "NotIn") return !has || !Contains(r.values, it->second);
  if (r.operator_ == "Exists") return has;
  if (r.operator_ == "DoesNotExist") return !has;
  if (r.operator_ == "Gt" || r.operator_ == "Lt") {
    if (!has || r.values.size() != 1) return false;
    std::optional<int64_t> have = ParseInt(it->second), want = ParseInt(r.values[0]);
    if (!have || !want) return false;
    return r.operator_ == "Gt" ? *have > *want : *have < *want;
  }
  return false;  // an unknown operator selects nothing
}

// matchFields: only metadata.name exists, with In and NotIn.
bool MatchesField(const NodeSelectorRequirement& r, std::string_view node) {
  if (r.key != "metadata.name") return false;
  if (r.operator_ == "In") return Contains(r.values, node);
  if (r.operator_ == "NotIn") return !Contains(r.values, node);
  return false;
}

}  // namespace

bool FullyBound(const PersistentVolumeClaim& claim) {
  return !claim.spec.volume_name.empty() &&
         claim.metadata.annotations.count(std::string(pv::kAnnBindCompleted)) > 0;
}

bool DelayedClaim(const PodClaim& c) {
  return c.claim && !FullyBound(*c.claim) && c.delay_binding && c.claim->spec.volume_name.empty();
}

std::string PreFilter(const std::vector<PodClaim>& claims) {
  // podHasPVCs: each claim must exist and be usable, in the Pod's volume order.
  for (const PodClaim& c : claims) {
    if (!c.claim) return "persistentvolumeclaim " + GoQuote(c.name) + " not found";
    if (c.claim->status.phase == "Lost") {
      return "persistentvolumeclaim " + GoQuote(c.name) + " bound to non-existent persistentvolume " +
             GoQuote(c.claim->spec.volume_name);
    }
    if (c.claim->metadata.deletion_timestamp) {
      return "persistentvolumeclaim " + GoQuote(c.name) + " is being deleted";
    }
  }
  // GetPodVolumeClaims: neither bound nor waiting for a first consumer is "immediate".
  for (const PodClaim& c : claims) {
    if (!FullyBound(*c.claim) && !DelayedClaim(c)) return std::string(kReasonUnboundImmediate);
  }
  return {};
}

StringMap NodeLabels(std::string_view node, const std::vector<std::string>& topology_keys) {
  StringMap labels;
  labels.emplace(kHostnameLabel, node);
  for (const std::string& key : topology_keys) labels.emplace(key, node);
  return labels;
}

bool MatchesNodeSelectorTerms(const std::vector<NodeSelectorTerm>& terms, std::string_view node,
                              const StringMap& labels) {
  for (const NodeSelectorTerm& term : terms) {
    if (term.match_expressions.empty() && term.match_fields.empty()) continue;  // selects nothing
    bool all = true;
    for (const NodeSelectorRequirement& r : term.match_expressions) all = all && MatchesRequirement(r, labels);
    for (const NodeSelectorRequirement& r : term.match_fields) all = all && MatchesField(r, node);
    if (all) return true;
  }
  return false;
}

std::vector<std::string> Filter(const Pod& pod, const std::vector<PodClaim>& claims, std::string_view node,
                                const StringMap& labels) {
  // NodeAffinity: every nodeSelector entry is a node label.
  for (const auto& [key, value] : pod.spec.node_selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return {std::string(kReasonNodeSelector)};
  }
  // VolumeBinding (FindPodVolumes): bound volumes first, the first bad one decides.
  bool bound_satisfied = true, volumes_found = true, unbound_satisfied = true;
  for (const PodClaim& c : claims) {
    if (!FullyBound(*c.claim)) continue;
    if (!c.volume) {
      volumes_found = false;
      break;
    }
    const auto& required = c.volume->spec.node_affinity_required;
    if (required && !MatchesNodeSelectorTerms(*required, node, labels)) {
      bound_satisfied = false;
      break;
    }
  }
  for (const PodClaim& c : claims) {
    if (!DelayedClaim(c)) continue;
    auto selected = c.claim->metadata.annotations.find(std::string(pv::kAnnSelectedNode));
    const bool has_selected = selected != c.claim->metadata.annotations.end();
    // The fast path (another node was chosen already), or nothing could provision the
    // claim (xnsim's scheduler matches no pre-created volumes to delayed claims).
    if ((has_selected && selected->second != node) || (!has_selected && !c.provisionable)) {
      unbound_satisfied = false;
      break;
    }
  }
  std::vector<std::string> reasons;
  if (!bound_satisfied) reasons.emplace_back(kReasonNodeConflict);
  if (!unbound_satisfied) reasons.emplace_back(kReasonBindConflict);
  if (!volumes_found) reasons.emplace_back(kReasonPVNotExist);
  return reasons;
}

namespace {

std::string WithPreemption(size_t num_nodes, std::string reasons) {
  const std::string n = std::to_string(num_nodes);
  // Every reason here is UnschedulableAndUnresolvable, where preemption cannot help.
  return "0/" + n + " nodes are available: " + reasons + ". preemption: 0/" + n + " nodes are available: " + n +
         " Preemption is not helpful for scheduling.";
}

}  // namespace

std::string FailedSchedulingMessage(size_t num_nodes, std::string_view prefilter) {
  if (num_nodes == 0) return std::string(kNoNodesAvailable);
  return WithPreemption(num_nodes, std::string(prefilter));
}

std::string FailedSchedulingMessage(size_t num_nodes, const std::vector<std::vector<std::string>>& node_reasons) {
  if (num_nodes == 0) return std::string(kNoNodesAvailable);
  std::map<std::string, int> histogram;
  for (const auto& reasons : node_reasons) {
    for (const std::string& r : reasons) ++histogram[r];
  }
  std::vector<std::string> counted;
  for (const auto& [reason, count] : histogram) counted.push_back(std::to_string(count) + " " + reason);
  std::sort(counted.begin(), counted.end());  // sortReasonsHistogram sorts the counted strings
  std::string joined;
  for (const std::string& s : counted) joined += (joined.empty() ? "" : ", ") + s;
  return WithPreemption(num_nodes, std::move(joined));
}

std::string ScheduledMessage(std::string_view ns, std::string_view pod, std::string_view node) {
  std::string out = "Successfully assigned ";
  out.append(ns).append("/").append(pod).append(" to ").append(node);
  return out;
}

}  // namespace xnsim::sched
