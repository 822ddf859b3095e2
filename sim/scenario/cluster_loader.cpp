// `cluster:`: Kubernetes version, feature gates, CSI drivers and provisioner flags,
// each key over its default (scenario-format.md "Defaults").
#include <algorithm>
#include <regex>
#include <span>
#include <vector>

#include "fake-csi/csi.h"
#include "sim/controllers/provisioner/profile.h"

#include "sim/scenario/loader.h"
#include "sim/scenario/loader_internal.h"
#include "sim/scenario/vocabulary.h"

namespace xnsim::scenario_loader {

using scenario_yaml::Quote;
using scenario_yaml::ReadBool;
using scenario_yaml::ReadDuration;
using scenario_yaml::ReadEnum;
using scenario_yaml::ReadInt;
using scenario_yaml::ReadNumber;
using scenario_yaml::ReadQuantity;
using scenario_yaml::ReadString;

namespace {

// The gRPC status codes a fault may return: every code the mock driver knows but OK.
std::span<const std::string_view> ErrorCodeNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (int i = 0;; ++i) {
      const auto code = static_cast<csi::Code>(i);
      const std::string_view name = csi::CodeName(code);
      if (csi::ParseCode(name) != code) break;  // past the last code
      if (code != csi::Code::kOk) out.push_back(name);
    }
    return out;
  }();
  return names;
}

std::vector<std::string_view> ComponentKeys(bool with_all) {
  std::vector<std::string_view> keys;
  if (with_all) keys.push_back("all");
  for (Component c : kAllComponents) keys.push_back(ComponentName(c));
  return keys;
}

StatusOr<KubeVersion> DecodeVersion(const Field& f) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, ReadString(f));
  StatusOr<KubeVersion> v = KubeVersion::Parse(text);
  if (!v.ok()) return f.Error("expected a Kubernetes version like \"1.26\", got " + Quote(text));
  if (*v < kOldestKubeVersion || *v > kNewestKubeVersion) {
    return f.Error("xnsim models Kubernetes " + kOldestKubeVersion.ToString() + " to " +
                   kNewestKubeVersion.ToString() + ", got " + Quote(text));
  }
  return *v;
}

StatusOr<OperationCost> DecodeCost(const Field& f) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(f, {"base", "perGiB"}));
  OperationCost cost;
  if (m.Has("base")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(cost.base, ReadDuration(m.Get("base")));
  }
  if (m.Has("perGiB")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(cost.per_gib, ReadDuration(m.Get("perGiB")));
  }
  return cost;
}

}  // namespace

StatusOr<DriverSpec> DecodeDriver(const Field& f) {
  DriverSpec d = DefaultDriver();
  d.where = SourceLocation{*f.file, f.line};
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap m, FieldMap::Open(f, {"name", "capabilities", "capacity", "maxInflight", "costs",
                                     "copyMode", "pricePerGiBMonth", "faults"}));
  for (const auto& [key, value] : m.entries()) d.given.insert(key);
  XNSIM_SCN_ASSIGN_OR_RETURN(Field name, m.Require("name"));
  XNSIM_SCN_ASSIGN_OR_RETURN(d.name, ReadString(name));
  if (d.name.empty()) return name.Error("a driver needs a name");

  if (m.Has("capabilities")) {
    Field caps = m.Get("capabilities");
    if (!caps.node.IsSequence()) {
      return caps.Error("expected a list of CSI capabilities, got " +
                        scenario_yaml::Describe(caps.node));
    }
    d.capabilities.clear();
    for (size_t i = 0; i < caps.node.size(); ++i) {
      Field item = caps.Item(i);
      XNSIM_SCN_ASSIGN_OR_RETURN(std::string cap, ReadEnum(item, kCsiControllerCapabilities));
      if (std::find(d.capabilities.begin(), d.capabilities.end(), cap) != d.capabilities.end()) {
        return item.Error(Quote(cap) + " is listed twice");
      }
      d.capabilities.push_back(cap);
    }
  }
  if (m.Has("capacity")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(d.capacity, ReadQuantity(m.Get("capacity")));
  }
  if (m.Has("maxInflight")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(m.Get("maxInflight"), 1, 1'000'000));
    d.max_inflight = static_cast<int>(n);
  }
  if (m.Has("costs")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap costs, FieldMap::Open(m.Get("costs"), kCostOperations));
    for (const auto& [op, value] : costs.entries()) {
      // An operation left out keeps the default driver's figure.
      if (!value.present()) continue;
      XNSIM_SCN_ASSIGN_OR_RETURN(d.costs[op], DecodeCost(value));
    }
  }
  if (m.Has("copyMode")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(d.copy_mode, ReadEnum(m.Get("copyMode"), kCopyModes));
  }
  if (m.Has("pricePerGiBMonth")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(d.price_per_gib_month, ReadNumber(m.Get("pricePerGiBMonth"), 0));
  }
  if (m.Has("faults")) {
    Field faults = m.Get("faults");
    if (!faults.node.IsSequence()) {
      return faults.Error("expected a list of faults, got " + scenario_yaml::Describe(faults.node));
    }
    for (size_t i = 0; i < faults.node.size(); ++i) {
      XNSIM_SCN_ASSIGN_OR_RETURN(FaultSpec fault, DecodeFault(faults.Item(i), /*in_step=*/false));
      d.faults.push_back(std::move(fault));
    }
  }
  return d;
}

namespace {

// --kube-api-qps and --kube-api-burst, which every component's client takes.
Status DecodeClientFlags(const FieldMap& m, double* qps, int* burst) {
  if (m.Has("kubeApiQps")) {
    Field f = m.Get("kubeApiQps");
    XNSIM_SCN_ASSIGN_OR_RETURN(*qps, ReadNumber(f, 0));
    if (*qps == 0) return f.Error("must be greater than 0");
  }
  if (m.Has("kubeApiBurst")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(m.Get("kubeApiBurst"), 1, 1'000'000));
    *burst = static_cast<int>(n);
  }
  return Status::Ok();
}

StatusOr<ProvisionerSpec> DecodeProvisioner(const Field& f) {
  ProvisionerSpec p;
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap m, FieldMap::Open(f, {"workerThreads", "retryIntervalStart", "retryIntervalMax",
                                     "kubeApiQps", "kubeApiBurst", "timeout", "version"}));
  if (m.Has("workerThreads")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(m.Get("workerThreads"), 1, 1'000'000));
    p.worker_threads = static_cast<int>(n);
  }
  auto positive_duration = [&](std::string_view key, SimDuration* out) -> Status {
    if (!m.Has(key)) return Status::Ok();
    Field f = m.Get(key);
    XNSIM_SCN_ASSIGN_OR_RETURN(*out, ReadDuration(f));
    if (*out == 0) return f.Error("must be longer than 0s");
    return Status::Ok();
  };
  XNSIM_RETURN_IF_ERROR(positive_duration("retryIntervalStart", &p.retry_interval_start));
  XNSIM_RETURN_IF_ERROR(positive_duration("retryIntervalMax", &p.retry_interval_max));
  XNSIM_RETURN_IF_ERROR(positive_duration("timeout", &p.timeout));
  XNSIM_RETURN_IF_ERROR(DecodeClientFlags(m, &p.kube_api_qps, &p.kube_api_burst));
  if (m.Has("version")) {
    Field f = m.Get("version");
    XNSIM_SCN_ASSIGN_OR_RETURN(p.version, ReadString(f));
    static const std::regex kRelease(R"(v?[0-9]+\.[0-9]+(\.[0-9]+)?)");
    if (!p.version.empty() && !std::regex_match(p.version, kRelease)) {
      return f.Error("expected an external-provisioner release like v6.3.0, got " +
                     Quote(p.version));
    }
    // The provisioner model decides which releases it can imitate.
    if (StatusOr<ProvisionerProfile> profile = ProfileForVersion(p.version); !profile.ok()) {
      return f.Error(profile.status().message());
    }
  }
  return p;
}

}  // namespace

StatusOr<std::vector<GateEntry>> ReadGateEntries(const Field& field) {
  const std::vector<std::string_view> keys = ComponentKeys(/*with_all=*/true);
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap by_component, FieldMap::Open(field, keys));
  std::vector<GateEntry> entries;
  for (const auto& [component, gates_field] : by_component.entries()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap gates, FieldMap::OpenAny(gates_field));
    for (const auto& [gate, value] : gates.entries()) {
      XNSIM_SCN_ASSIGN_OR_RETURN(bool on, ReadBool(value));
      entries.push_back(GateEntry{component, gate, on, value});
    }
  }
  return entries;
}

namespace {

FeatureGateRequest ToRequest(const std::vector<GateEntry>& entries) {
  FeatureGateRequest request;
  for (const GateEntry& e : entries) {
    if (e.component == "all") {
      request.all[e.gate] = e.value;
    } else {
      request.per_component[e.component][e.gate] = e.value;
    }
  }
  return request;
}

}  // namespace

StatusOr<FeatureGateRequest> CheckGates(KubeVersion version, const std::vector<GateEntry>& entries,
                                        const Field& whole) {
  FeatureGateRequest request = ToRequest(entries);
  StatusOr<ClusterGates> built = BuildClusterGates(version, request);
  if (built.ok()) return request;
  // BuildClusterGates names the gate, not the line: find the first entry refused on
  // its own and blame its line.
  for (const GateEntry& e : entries) {
    StatusOr<ClusterGates> alone = BuildClusterGates(version, ToRequest({e}));
    if (!alone.ok()) return e.where.Error(alone.status().message());
  }
  return whole.Error(built.status().message());
}

StatusOr<FaultSpec> DecodeFault(const Field& field, bool in_step) {
  std::vector<std::string_view> keys = {"op", "code", "times", "for", "probability"};
  if (in_step) keys.insert(keys.begin(), "driver");
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(field, keys));
  if (!field.present()) return field.Error("expected a fault {op, code, times|for|probability}");
  FaultSpec fault;
  fault.where = SourceLocation{*field.file, field.line};
  if (m.Has("driver")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(fault.driver, ReadString(m.Get("driver")));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(Field op, m.Require("op"));
  XNSIM_SCN_ASSIGN_OR_RETURN(fault.op, ReadEnum(op, kCsiControllerOps));
  if (std::find(kFaultableOps.begin(), kFaultableOps.end(), fault.op) == kFaultableOps.end()) {
    return op.Error("the mock CSI driver does not serve " + fault.op +
                    ", so a fault on it would never fire; faults apply to " +
                    scenario_yaml::JoinNames(kFaultableOps));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(Field code, m.Require("code"));
  XNSIM_SCN_ASSIGN_OR_RETURN(fault.code, ReadEnum(code, ErrorCodeNames()));
  const char* chosen = nullptr;
  for (const char* key : {"times", "for", "probability"}) {
    if (!m.Has(key)) continue;
    if (chosen != nullptr) {
      return m.Get(key).Error(std::string("give one of times, for or probability, not both ") +
                              chosen + " and " + key);
    }
    chosen = key;
  }
  if (m.Has("times")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(m.Get("times"), 1, 1'000'000'000));
    fault.times = static_cast<int>(n);
  }
  if (m.Has("for")) {
    Field f = m.Get("for");
    XNSIM_SCN_ASSIGN_OR_RETURN(SimDuration d, ReadDuration(f));
    if (d == 0) return f.Error("must be longer than 0s");
    fault.for_ = d;
  }
  if (m.Has("probability")) {
    Field f = m.Get("probability");
    XNSIM_SCN_ASSIGN_OR_RETURN(double p, ReadNumber(f, 0));
    if (p > 1) return f.Error("expected a probability from 0 to 1, got " + Quote(f.node.Scalar()));
    fault.probability = p;
  }
  return fault;
}

namespace {

StatusOr<ControllerManagerSpec> DecodeControllerManager(const Field& f) {
  ControllerManagerSpec c;
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap m, FieldMap::Open(f, {"kubeApiQps", "kubeApiBurst", "pvClaimBinderSyncPeriod"}));
  XNSIM_RETURN_IF_ERROR(DecodeClientFlags(m, &c.kube_api_qps, &c.kube_api_burst));
  if (m.Has("pvClaimBinderSyncPeriod")) {
    Field p = m.Get("pvClaimBinderSyncPeriod");
    XNSIM_SCN_ASSIGN_OR_RETURN(c.pv_sync_period, ReadDuration(p));
    if (c.pv_sync_period == 0) return p.Error("must be longer than 0s");
  }
  return c;
}

// snapshot-controller's flags, or (`sidecar`) a csi-snapshotter's: the same keys, and
// the sidecar's --timeout besides.
Status DecodeSnapshotFlags(const Field& f, bool sidecar, int* workers, double* qps, int* burst,
                           SimDuration* retry_start, SimDuration* retry_max, SimDuration* timeout) {
  std::vector<std::string_view> keys = {"workerThreads", "kubeApiQps", "kubeApiBurst",
                                        "retryIntervalStart", "retryIntervalMax"};
  if (sidecar) keys.push_back("timeout");
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(f, keys));
  if (m.Has("workerThreads")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(m.Get("workerThreads"), 1, 1'000'000));
    *workers = static_cast<int>(n);
  }
  XNSIM_RETURN_IF_ERROR(DecodeClientFlags(m, qps, burst));
  for (auto [key, out] : {std::pair<const char*, SimDuration*>{"retryIntervalStart", retry_start},
                          {"retryIntervalMax", retry_max}, {"timeout", timeout}}) {
    if (!m.Has(key)) continue;
    Field d = m.Get(key);
    XNSIM_SCN_ASSIGN_OR_RETURN(*out, ReadDuration(d));
    if (*out == 0) return d.Error("must be longer than 0s");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ClusterSpec> DecodeCluster(const Field& cluster) {
  ClusterSpec spec = DefaultCluster();
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap m,
      FieldMap::Open(cluster, {"kubernetesVersion", "featureGates", "drivers", "provisioner",
                               "controllerManager", "snapshotController", "csiSnapshotter"}));
  if (m.Has("kubernetesVersion")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(spec.kubernetes_version, DecodeVersion(m.Get("kubernetesVersion")));
  }
  if (m.Has("featureGates")) {
    Field gates = m.Get("featureGates");
    XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<GateEntry> entries, ReadGateEntries(gates));
    XNSIM_SCN_ASSIGN_OR_RETURN(spec.feature_gates,
                               CheckGates(spec.kubernetes_version, entries, gates));
  }
  if (m.Has("drivers")) {
    Field drivers = m.Get("drivers");
    if (!drivers.node.IsSequence()) {
      return drivers.Error("expected a list of drivers, got " +
                           scenario_yaml::Describe(drivers.node));
    }
    spec.drivers.clear();
    for (size_t i = 0; i < drivers.node.size(); ++i) {
      Field item = drivers.Item(i);
      XNSIM_SCN_ASSIGN_OR_RETURN(DriverSpec d, DecodeDriver(item));
      for (const DriverSpec& other : spec.drivers) {
        if (other.name == d.name) return item.Error("driver " + Quote(d.name) + " is listed twice");
      }
      spec.drivers.push_back(std::move(d));
    }
  }
  if (m.Has("provisioner")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(spec.provisioner, DecodeProvisioner(m.Get("provisioner")));
  }
  if (m.Has("controllerManager")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(spec.controller_manager,
                               DecodeControllerManager(m.Get("controllerManager")));
  }
  SnapshotControllerSpec& snap = spec.snapshot_controller;
  if (m.Has("snapshotController")) {
    SimDuration unused = 0;
    XNSIM_RETURN_IF_ERROR(DecodeSnapshotFlags(
        m.Get("snapshotController"), /*sidecar=*/false, &snap.worker_threads, &snap.kube_api_qps,
        &snap.kube_api_burst, &snap.retry_interval_start, &snap.retry_interval_max, &unused));
  }
  if (m.Has("csiSnapshotter")) {
    SnapshotterSidecarOptions& s = snap.sidecar;
    XNSIM_RETURN_IF_ERROR(DecodeSnapshotFlags(m.Get("csiSnapshotter"), /*sidecar=*/true,
                                              &s.worker_threads, &s.kube_api_qps, &s.kube_api_burst,
                                              &s.retry_interval_start, &s.retry_interval_max,
                                              &s.timeout));
  }
  return spec;
}

}  // namespace xnsim::scenario_loader
