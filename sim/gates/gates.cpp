// Gate history: the one table of which component knows which gate, at what stage and
// default, for each Kubernetes version xnsim models (SEMANTICS.md 1.6).
//
// Sources:
//  - Kubernetes components (kube-apiserver, kube-controller-manager share one table):
//    kubernetes/kubernetes pkg/features/kube_features.go, versioned specs.
//  - csi-provisioner: kubernetes-csi/external-provisioner pkg/features/features.go (v6.x,
//    the provisioner version xnsim models; its gates do not follow the Kubernetes version).
//  - snapshot-controller: kubernetes-csi/external-snapshotter pkg/features/features.go.
//
// Gates with a modelled effect: AnyVolumeDataSource, CrossNamespaceVolumeDataSource and
// (kube-controller-manager's namespace controller) OrderedNamespaceDeletion.
// Accepted, no modelled effect: HonorPVReclaimPolicy, VolumeAttributesClass, Topology,
// CSIVolumeGroupSnapshot, ReleaseLeaderElectionOnExit, VolumeSnapshotTopology. The real
// Kubernetes components know hundreds more gates; xnsim refuses those as unrecognized.
#include "sim/gates/gates.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace xnsim {
namespace {

constexpr size_t kGateCount = static_cast<size_t>(Gate::kCount);

constexpr std::string_view kGateNames[kGateCount] = {
    "AnyVolumeDataSource",   "CrossNamespaceVolumeDataSource", "OrderedNamespaceDeletion",
    "HonorPVReclaimPolicy",
    "VolumeAttributesClass", "Topology",                       "CSIVolumeGroupSnapshot",
    "ReleaseLeaderElectionOnExit", "VolumeSnapshotTopology",
};

// component-base's special gates: set every alpha (beta) gate not set explicitly.
constexpr std::string_view kAllAlpha = "AllAlpha";
constexpr std::string_view kAllBeta = "AllBeta";

struct VersionedSpec {
  KubeVersion since;
  GateSpec spec;
};

struct KubernetesGate {
  Gate gate;
  std::vector<VersionedSpec> history;  // oldest first
};

// pkg/features/kube_features.go (defaultVersionedKubernetesFeatureGates).
const std::vector<KubernetesGate>& KubernetesTable() {
  static const std::vector<KubernetesGate> table = {
      {Gate::kAnyVolumeDataSource,
       {{{1, 18}, {Stage::kAlpha, false, false}},
        {{1, 24}, {Stage::kBeta, true, false}},
        {{1, 33}, {Stage::kGA, true, true}}}},  // "GA in 1.33 -> remove in 1.36"
      {Gate::kCrossNamespaceVolumeDataSource, {{{1, 26}, {Stage::kAlpha, false, false}}}},
      // KEP-5080; beta and off in the 1.30 to 1.32 patch releases that carry it.
      {Gate::kOrderedNamespaceDeletion,
       {{{1, 30}, {Stage::kBeta, false, false}},
        {{1, 33}, {Stage::kBeta, true, false}},
        {{1, 34}, {Stage::kGA, true, true}}}},
      {Gate::kHonorPVReclaimPolicy,
       {{{1, 23}, {Stage::kAlpha, false, false}},
        {{1, 31}, {Stage::kBeta, true, false}},
        {{1, 33}, {Stage::kGA, true, true}}}},
      {Gate::kVolumeAttributesClass,
       {{{1, 29}, {Stage::kAlpha, false, false}},
        {{1, 31}, {Stage::kBeta, false, false}},
        {{1, 34}, {Stage::kGA, true, false}}}},  // locked from 1.36
  };
  return table;
}

struct SidecarGate {
  Component component;
  Gate gate;
  GateSpec spec;
};

const std::vector<SidecarGate>& SidecarTable() {
  static const std::vector<SidecarGate> table = {
      // external-provisioner pkg/features/features.go
      {Component::kCsiProvisioner, Gate::kCrossNamespaceVolumeDataSource,
       {Stage::kAlpha, false, false}},
      {Component::kCsiProvisioner, Gate::kTopology, {Stage::kGA, true, false}},
      {Component::kCsiProvisioner, Gate::kHonorPVReclaimPolicy, {Stage::kGA, true, true}},
      {Component::kCsiProvisioner, Gate::kVolumeAttributesClass, {Stage::kGA, true, false}},
      // external-snapshotter pkg/features/features.go
      {Component::kSnapshotController, Gate::kCSIVolumeGroupSnapshot, {Stage::kGA, true, false}},
      {Component::kSnapshotController, Gate::kReleaseLeaderElectionOnExit,
       {Stage::kAlpha, false, false}},
      {Component::kSnapshotController, Gate::kVolumeSnapshotTopology,
       {Stage::kAlpha, false, false}},
  };
  return table;
}

bool IsKubernetesComponent(Component c) {
  return c == Component::kKubeApiserver || c == Component::kKubeControllerManager;
}

std::string BoolText(bool b) { return b ? "true" : "false"; }

std::string ValidComponentNames() {
  std::string out;
  for (Component c : kAllComponents) {
    if (!out.empty()) out += ", ";
    out += ComponentName(c);
  }
  return out;
}

bool ParseNumber(std::string_view& s, int& out) {
  size_t i = 0;
  int v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 6) v = v * 10 + (s[i++] - '0');
  if (i == 0) return false;
  out = v;
  s.remove_prefix(i);
  return true;
}

}  // namespace

std::string_view ComponentName(Component c) {
  switch (c) {
    case Component::kKubeApiserver: return "kube-apiserver";
    case Component::kKubeControllerManager: return "kube-controller-manager";
    case Component::kCsiProvisioner: return "csi-provisioner";
    case Component::kSnapshotController: return "snapshot-controller";
  }
  return "unknown";
}

std::optional<Component> ParseComponent(std::string_view name) {
  for (Component c : kAllComponents) {
    if (ComponentName(c) == name) return c;
  }
  return std::nullopt;
}

std::string_view GateName(Gate g) {
  const size_t i = static_cast<size_t>(g);
  return i < kGateCount ? kGateNames[i] : "unknown";
}

std::optional<Gate> ParseGate(std::string_view name) {
  for (size_t i = 0; i < kGateCount; ++i) {
    if (kGateNames[i] == name) return static_cast<Gate>(i);
  }
  return std::nullopt;
}

std::string_view StageName(Stage s) {
  switch (s) {
    case Stage::kAlpha: return "ALPHA";
    case Stage::kBeta: return "BETA";
    case Stage::kGA: return "GA";
    case Stage::kDeprecated: return "DEPRECATED";
  }
  return "";
}

StatusOr<KubeVersion> KubeVersion::Parse(std::string_view text) {
  const Status bad = InputError("invalid Kubernetes version \"" + std::string(text) +
                                "\": want MAJOR.MINOR such as \"1.26\"");
  std::string_view s = text;
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  KubeVersion v;
  if (!ParseNumber(s, v.major) || s.empty() || s[0] != '.') return bad;
  s.remove_prefix(1);
  if (!ParseNumber(s, v.minor)) return bad;
  if (!s.empty() && s[0] == '.') {  // a patch release, perhaps with a pre-release tag
    s.remove_prefix(1);
    int patch;
    if (!ParseNumber(s, patch)) return bad;
    if (!s.empty() && s[0] != '-' && s[0] != '+') return bad;
    s = {};
  }
  if (!s.empty()) return bad;
  return v;
}

std::string KubeVersion::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

std::optional<GateSpec> LookupGate(Component component, Gate gate, KubeVersion version) {
  if (IsKubernetesComponent(component)) {
    for (const KubernetesGate& g : KubernetesTable()) {
      if (g.gate != gate) continue;
      std::optional<GateSpec> found;
      for (const VersionedSpec& step : g.history) {
        if (step.since <= version) found = step.spec;
      }
      return found;
    }
    return std::nullopt;
  }
  for (const SidecarGate& g : SidecarTable()) {
    if (g.component == component && g.gate == gate) return g.spec;
  }
  return std::nullopt;
}

GateSet::GateSet(Component component, KubeVersion version)
    : component_(component), version_(version) {
  for (size_t i = 0; i < kGateCount; ++i) {
    const std::optional<GateSpec> spec = LookupGate(component, static_cast<Gate>(i), version);
    enabled_[i] = spec.has_value() && spec->default_enabled;
  }
}

bool GateSet::Knows(Gate gate) const { return LookupGate(component_, gate, version_).has_value(); }

// featuregate.SetFromMap, one entry at a time.
Status GateSet::Set(std::string_view gate_name, bool value) {
  const std::string prefix = std::string(ComponentName(component_)) + ": ";
  if (gate_name == kAllAlpha || gate_name == kAllBeta) {
    const Stage stage = gate_name == kAllAlpha ? Stage::kAlpha : Stage::kBeta;
    for (size_t i = 0; i < kGateCount; ++i) {
      const std::optional<GateSpec> spec = LookupGate(component_, static_cast<Gate>(i), version_);
      if (spec && spec->stage == stage && !explicit_[i]) enabled_[i] = value;
    }
    return Status::Ok();
  }
  const std::optional<Gate> gate = ParseGate(gate_name);
  const std::optional<GateSpec> spec =
      gate ? LookupGate(component_, *gate, version_) : std::nullopt;
  if (!spec) return InputError(prefix + "unrecognized feature gate: " + std::string(gate_name));
  if (spec->locked && spec->default_enabled != value) {
    return InputError(prefix + "cannot set feature gate " + std::string(gate_name) + " to " +
                      BoolText(value) + ", feature is locked to " +
                      BoolText(spec->default_enabled));
  }
  const size_t i = static_cast<size_t>(*gate);
  enabled_[i] = value;
  explicit_[i] = true;
  return Status::Ok();
}

std::string GateSet::ToString() const {
  std::vector<std::pair<std::string_view, bool>> known;
  for (size_t i = 0; i < kGateCount; ++i) {
    if (Knows(static_cast<Gate>(i))) known.emplace_back(kGateNames[i], enabled_[i]);
  }
  std::sort(known.begin(), known.end());
  std::string out;
  for (const auto& [name, on] : known) {
    if (!out.empty()) out += ",";
    out += std::string(name) + "=" + BoolText(on);
  }
  return out;
}

namespace {

bool KnowsName(const GateSet& set, std::string_view name) {
  if (name == kAllAlpha || name == kAllBeta) return true;
  const std::optional<Gate> gate = ParseGate(name);
  return gate && set.Knows(*gate);
}

}  // namespace

StatusOr<ClusterGates> BuildClusterGates(KubeVersion version, const FeatureGateRequest& request) {
  if (version < kOldestKubeVersion || version > kNewestKubeVersion) {
    return InputError("kubernetesVersion " + version.ToString() + " is not modelled: xnsim knows " +
                      kOldestKubeVersion.ToString() + " to " + kNewestKubeVersion.ToString());
  }
  ClusterGates out;
  for (Component c : kAllComponents) out.by_component.emplace(c, GateSet(c, version));

  for (const auto& [name, value] : request.all) {
    bool applied = false;
    for (auto& [component, set] : out.by_component) {
      if (!KnowsName(set, name)) continue;
      XNSIM_RETURN_IF_ERROR(set.Set(name, value));
      applied = true;
    }
    if (!applied) {
      return InputError("featureGates.all: unrecognized feature gate: " + name +
                        " (none of " + ValidComponentNames() + " knows it at Kubernetes " +
                        version.ToString() + ")");
    }
  }
  for (const auto& [component_name, gates] : request.per_component) {
    const std::optional<Component> component = ParseComponent(component_name);
    if (!component) {
      return InputError("featureGates: unknown component \"" + component_name +
                        "\": valid names are " + ValidComponentNames());
    }
    GateSet& set = out.by_component.at(*component);
    for (const auto& [name, value] : gates) XNSIM_RETURN_IF_ERROR(set.Set(name, value));
  }
  return out;
}

}  // namespace xnsim
