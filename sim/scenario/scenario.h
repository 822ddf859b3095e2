// A scenario as the loader reads it (scenario-format.md, v1alpha1): a simulated
// cluster, steps in virtual time, and what must be true. Every key of the format has
// a typed home here; manifests are decoded when the scenario is loaded, so
// `xnsim validate` finds their errors without running anything.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "fake-csi/mock_driver.h"
#include "sim/api/objects.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/provisioner/options.h"
#include "sim/controllers/snapshot/options.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"
#include "sim/gates/gates.h"

namespace xnsim {

// Where something came from, for messages: "scenarios/x.yaml:12".
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string ToString() const;  // "file:line"
};

// A partial object (or Event fragment) to match, as a JSON tree.
using Fragment = std::shared_ptr<const nlohmann::json>;

struct ManifestRef {
  AnyObject object;
  SourceLocation where;
  // The manifest as written, as a JSON tree. apply merges it over the live object, so
  // that `finalizers: []` clears a list (the typed object cannot tell an empty list
  // from an absent one). Null when not kept; apply then merges ToJson(object).
  Fragment tree;
};

// ---- cluster ----------------------------------------------------------------------

// The driver's time model per operation: the mock driver's own type, so that the
// scenario and the driver cannot disagree on what a cost is.
using OperationCost = csi::OperationCost;

struct FaultSpec {
  std::string driver;  // for the fault step; empty inside a driver's `faults`
  std::string op;      // CreateVolume, DeleteVolume, CreateSnapshot, ...
  std::string code;    // CSI status code name: RESOURCE_EXHAUSTED, UNAVAILABLE, ...
  std::optional<int> times;               // fail this many calls
  std::optional<SimDuration> for_;        // fail every call for this long
  std::optional<double> probability;      // fail each call with this probability
  SourceLocation where;
};

struct DriverSpec {
  std::string name = "hostpath.csi.k8s.io";
  std::vector<std::string> capabilities;  // CSI controller capabilities, by CSI name
  std::optional<Quantity> capacity;       // nullopt: unlimited
  int max_inflight = 16;
  std::map<std::string, OperationCost> costs;  // createVolume, cloneVolume, ...
  std::string copy_mode = "full";              // full | copyOnWrite
  double price_per_gib_month = 0;
  std::vector<FaultSpec> faults;
  SourceLocation where;
  // The keys the scenario wrote for this driver. A driver profile (driver_profile.h)
  // leaves these alone: what a case pins on its driver is part of the rule it checks.
  std::set<std::string> given;
  // The driver profile it stands for (driver_profile.h), for messages; "" for none.
  std::string profile;
};

// external-provisioner flags that matter, with their real defaults (SEMANTICS.md 6.1):
// the provisioner's own options struct, so defaults live in one place.
using ProvisionerSpec = ProvisionerOptions;

// kube-controller-manager flags that matter (--kube-api-qps, --kube-api-burst,
// --pvclaimbinder-sync-period), with their real defaults: the process's own options.
using ControllerManagerSpec = KubeControllerManagerOptions;

// snapshot-controller's flags (`snapshotController`) and every csi-snapshotter
// sidecar's (`csiSnapshotter`), with their real defaults: the process's own options.
using SnapshotControllerSpec = SnapshotControllerOptions;

struct ClusterSpec {
  KubeVersion kubernetes_version = kNewestKubeVersion;
  FeatureGateRequest feature_gates;
  std::vector<DriverSpec> drivers;  // filled with the default driver when left out
  ProvisionerSpec provisioner;
  ControllerManagerSpec controller_manager;
  SnapshotControllerSpec snapshot_controller;
};

// ---- steps ------------------------------------------------------------------------

struct ApplyStep { std::vector<ManifestRef> objects; };
struct DeleteStep { std::string api_version, kind, namespace_, name; };
struct WaitStep { SimDuration duration = 0; };
struct SettleStep { SimDuration timeout = 10 * kMinute; };
struct AssertStep { std::optional<SimDuration> within; Fragment resource; };
struct AssertAbsentStep { std::optional<SimDuration> within; Fragment resource; };
struct AssertNeverStep { SimDuration for_ = 0; Fragment resource; };
struct AssertEventStep {
  std::optional<SimDuration> within;
  Fragment involved_object;  // partial ObjectReference
  std::string reason;
  std::string message_contains;
  std::optional<std::string> type;  // Normal | Warning
};
struct AssertRejectedStep { std::vector<ManifestRef> objects; std::string message_contains; };
struct AssertContentStep { std::string namespace_, pvc, content; };
struct WriteStep { std::string namespace_, pvc, content; std::optional<Quantity> used; };
struct RestartStep { Component component; };
struct SetFeatureGatesStep { std::map<std::string, std::map<std::string, bool>> gates; };
struct FaultStep { FaultSpec fault; };
struct WorkloadStep {
  std::string name;
  int64_t count = 0;
  double rate_per_second = 0;
  bool poisson = false;
  std::string namespace_prefix;
  int namespace_count = 0;
  Fragment template_;  // a manifest with {{ns}} and {{i}} placeholders
  std::optional<SimDuration> delete_after;
};

using StepBody = std::variant<ApplyStep, DeleteStep, WaitStep, SettleStep, AssertStep,
                              AssertAbsentStep, AssertNeverStep, AssertEventStep,
                              AssertRejectedStep, AssertContentStep, WriteStep, RestartStep,
                              SetFeatureGatesStep, FaultStep, WorkloadStep>;

struct Step {
  StepBody body;
  std::string keyword;               // the step's key as written: "apply", "error", ...
  std::vector<std::string> only;     // run only in these matrix variants
  std::vector<std::string> except;   // skip in these matrix variants
  SourceLocation where;
};

// ---- the scenario -----------------------------------------------------------------

struct ExploreSpec {
  int runs = 0;
  std::string strategy = "random";
  std::map<std::string, std::string> jitter;  // watch/api/csi -> "0-200ms", "0-50%"
};

// `maxExposure`: the most namespaces a source's data may reach, directly or through
// other namespaces (sim/analysis/exposure.h); a case whose run widens it fails.
struct ExposureBound {
  std::string kind;  // PersistentVolumeClaim | VolumeSnapshot
  std::string namespace_, name;
  std::vector<std::string> namespaces;  // allowed besides the source's own
  SourceLocation where;                 // the entry
};

// One case to run: a scenario, or one variant of its matrix, with the cluster merged.
struct Scenario {
  std::string name;                    // metadata.name, plus "[variant]" for a matrix entry
  std::string base_name;               // metadata.name
  std::string variant;                 // matrix entry name, or ""
  std::map<std::string, std::string> labels;
  std::string description;
  ClusterSpec cluster;
  std::vector<Step> steps;             // steps not for this variant are already left out
  std::vector<std::string> invariants; // empty: all of them
  // `requires.capabilities`: CSI controller capabilities the driver under test (the
  // first driver) must report; without them the case is skipped, never passed.
  std::vector<std::string> required_capabilities;
  std::optional<ExploreSpec> explore;
  std::vector<ExposureBound> max_exposure;
  SourceLocation where;                // the scenario document
};

}  // namespace xnsim
