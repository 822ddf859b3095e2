// Feature gates: which gates each component knows, their stage and default for every
// Kubernetes version xnsim models (1.24 to 1.34), and one GateSet per component built
// from a scenario's `featureGates` (`all:` first, then per-component entries).
//
// The table in gates.cpp is the one source of truth for gate history (SEMANTICS.md 1.6).
// Setting a gate refuses what the real component refuses, with its message.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/status.h"

namespace xnsim {

enum class Component : uint8_t {
  kKubeApiserver,
  kKubeControllerManager,
  kCsiProvisioner,
  kSnapshotController,
};
inline constexpr std::array<Component, 4> kAllComponents = {
    Component::kKubeApiserver, Component::kKubeControllerManager, Component::kCsiProvisioner,
    Component::kSnapshotController};

std::string_view ComponentName(Component c);  // "kube-apiserver", "csi-provisioner", ...
std::optional<Component> ParseComponent(std::string_view name);

enum class Gate : uint8_t {
  kAnyVolumeDataSource,
  kCrossNamespaceVolumeDataSource,
  kOrderedNamespaceDeletion,  // kube-controller-manager's namespace controller: Pods first
  // Real gates of the modelled components that xnsim accepts but gives no effect
  // (see the table in gates.cpp), so a scenario copied from a real cluster's flags
  // is not refused.
  kHonorPVReclaimPolicy,
  kVolumeAttributesClass,
  kTopology,                     // csi-provisioner only
  kCSIVolumeGroupSnapshot,       // snapshot-controller only
  kReleaseLeaderElectionOnExit,  // snapshot-controller only
  kVolumeSnapshotTopology,       // snapshot-controller only
  kCount,
};
std::string_view GateName(Gate g);
std::optional<Gate> ParseGate(std::string_view name);

enum class Stage : uint8_t { kAlpha, kBeta, kGA, kDeprecated };
std::string_view StageName(Stage s);  // "ALPHA", "BETA", "GA", "DEPRECATED" as component-base prints

// A Kubernetes minor version, "1.26".
struct KubeVersion {
  int major = 1;
  int minor = 0;
  static StatusOr<KubeVersion> Parse(std::string_view text);  // "1.26", "v1.26", "1.26.3"
  std::string ToString() const;                               // "1.26"
  friend auto operator<=>(const KubeVersion&, const KubeVersion&) = default;
};
inline constexpr KubeVersion kOldestKubeVersion{1, 24};
inline constexpr KubeVersion kNewestKubeVersion{1, 34};

struct GateSpec {
  Stage stage;
  bool default_enabled;
  bool locked;  // locked to its default: setting the other value is refused
};

// What `component` at Kubernetes `version` knows of `gate`; nullopt if it does not
// know the gate at all (setting it is "unrecognized").
std::optional<GateSpec> LookupGate(Component component, Gate gate, KubeVersion version);

// The gates of one running component.
class GateSet {
 public:
  GateSet(Component component, KubeVersion version);

  Component component() const { return component_; }
  KubeVersion version() const { return version_; }
  bool Enabled(Gate gate) const { return enabled_[static_cast<size_t>(gate)]; }
  bool Knows(Gate gate) const;

  // Sets a gate by name as the component's --feature-gates flag would. Refuses an
  // unknown name ("csi-provisioner: unrecognized feature gate: Foo") and a locked gate
  // ("kube-apiserver: cannot set feature gate AnyVolumeDataSource to false, feature is
  // locked to true"): component-base's messages, prefixed with the component's name.
  // Also takes component-base's AllAlpha / AllBeta, which set every alpha (beta) gate
  // not set explicitly.
  Status Set(std::string_view gate_name, bool value);

  // "AnyVolumeDataSource=true,CrossNamespaceVolumeDataSource=false": every known gate.
  std::string ToString() const;

 private:
  Component component_;
  KubeVersion version_;
  std::array<bool, static_cast<size_t>(Gate::kCount)> enabled_{};
  std::array<bool, static_cast<size_t>(Gate::kCount)> explicit_{};  // set by name: AllAlpha/AllBeta leave it alone
};

// The gates of every component, as a scenario's `cluster.featureGates` sets them.
struct ClusterGates {
  std::map<Component, GateSet> by_component;
  const GateSet& Of(Component c) const { return by_component.at(c); }
};

// What a scenario asks for: `all:` entries apply to every component that knows the
// gate (a gate no component knows is an error); per-component entries win over `all`.
struct FeatureGateRequest {
  std::map<std::string, bool> all;
  std::map<std::string, std::map<std::string, bool>> per_component;  // by component name
};

// Builds every component's gates at `version`. Errors name the component and gate.
StatusOr<ClusterGates> BuildClusterGates(KubeVersion version, const FeatureGateRequest& request);

}  // namespace xnsim
