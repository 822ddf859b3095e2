// What a fresh real cluster would have for every `cluster` key a scenario leaves out
// (scenario-format.md "Defaults"), and the same printed as scenario YAML for
// `xnsim run --print-defaults`, each value with where it comes from.
//
// The default driver is the CSI hostpath driver (kubernetes-csi/csi-driver-host-path,
// pkg/hostpath): CreateVolume makes an empty directory; a clone runs `cp -a` of the
// source, a snapshot `tar czf` of the volume, and a restore `tar zxvf` of the archive,
// so each costs time in proportion to the used bytes (a full copy). The per-GiB
// figures take the tools' documented speeds: zlib level 6, which gzip and tar use by
// default, compresses at about 35 MB/s and decompresses at about 407 MB/s in the
// lzbench table (inikep/lzbench README, Silesia corpus); a copy is taken as bound by
// an SSD's sequential write, about 530 MB/s (a SATA SSD's data-sheet figure).
#include <sstream>

#include "fake-csi/csi.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/loader_internal.h"
#include "sim/scenario/vocabulary.h"

namespace xnsim {

namespace {

// Time to move one GiB (1,073,741,824 bytes) at `mb_per_second` (10^6 bytes), to the ms.
constexpr SimDuration PerGiB(int64_t mb_per_second) {
  return (kGi * 1000 / (mb_per_second * 1'000'000)) * kMillisecond;
}

// A gRPC round trip plus a directory operation on a local disk: an assumption, not
// a measurement; it keeps a call from taking no time at all.
constexpr SimDuration kHostpathBase = 10 * kMillisecond;

struct CostDefault {
  std::string_view op;
  OperationCost cost;
  std::string_view why;  // printed by --print-defaults
};

const std::vector<CostDefault>& HostpathCosts() {
  static const std::vector<CostDefault> costs = {
      {"createVolume", {kHostpathBase, 0}, "mkdir of an empty directory"},
      {"cloneVolume", {kHostpathBase, PerGiB(530)}, "cp -a of the used bytes, ~530 MB/s SSD write"},
      {"restoreSnapshot",
       {kHostpathBase, PerGiB(407)},
       "tar zxvf, gunzip at ~407 MB/s (lzbench, zlib -6)"},
      {"createSnapshot",
       {kHostpathBase, PerGiB(35)},
       "tar czf, gzip at ~35 MB/s (lzbench, zlib -6)"},
      {"deleteVolume", {kHostpathBase, 0}, "rm -rf of the directory"},
      {"deleteSnapshot", {kHostpathBase, 0}, "rm of the snapshot archive"},
  };
  return costs;
}

}  // namespace

namespace scenario_loader {

DriverSpec DefaultDriver() {
  DriverSpec d;
  d.name = "hostpath.csi.k8s.io";
  d.capabilities.assign(kCsiControllerCapabilities.begin(), kCsiControllerCapabilities.end());
  // Ample: a PiB is beyond anything a scenario provisions, yet finite so that the
  // capacity invariant and reports have a figure to work with.
  d.capacity = *Quantity::Parse("1Pi");
  d.max_inflight = 16;
  for (const CostDefault& c : HostpathCosts()) d.costs[std::string(c.op)] = c.cost;
  d.copy_mode = "full";
  d.price_per_gib_month = 0.08;
  return d;
}

}  // namespace scenario_loader

ClusterSpec DefaultCluster() {
  ClusterSpec c;
  c.kubernetes_version = kNewestKubeVersion;
  c.drivers.push_back(scenario_loader::DefaultDriver());
  return c;  // ProvisionerSpec's own defaults are external-provisioner's flag defaults
}

namespace {

// "key: value" padded so the comments line up.
void Line(std::ostringstream& out, int indent, const std::string& text, std::string_view comment,
          size_t comment_column = 44) {
  std::string line(indent, ' ');
  line += text;
  if (!comment.empty()) {
    if (line.size() < comment_column) line.resize(comment_column, ' ');
    line += "  # ";
    line += comment;
  }
  out << line << "\n";
}

// `key: [a, b, ...]` as a flow list wrapped under its first item.
void WrappedList(std::ostringstream& out, int indent, const std::string& key,
                 const std::vector<std::string>& items) {
  const std::string head = std::string(indent, ' ') + key + ": [";
  std::string line = head;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item = items[i] + (i + 1 < items.size() ? "," : "]");
    if (line.size() > head.size() && line.size() + 1 + item.size() > 90) {
      out << line << "\n";
      line = std::string(head.size(), ' ');
    } else if (line.size() > head.size()) {
      line += " ";
    }
    line += item;
  }
  if (items.empty()) line += "]";
  out << line << "\n";
}

std::string Seconds(SimDuration d) { return FormatDuration(d); }

}  // namespace

std::string DefaultClusterYaml() {
  const ClusterSpec c = DefaultCluster();
  const DriverSpec& d = c.drivers.front();
  const ProvisionerSpec& p = c.provisioner;
  std::ostringstream out;
  out << "# The cluster a scenario gets for every key it leaves out (scenario-format.md,\n"
         "# \"Defaults\"). Copy any part into a scenario's `cluster:` to change it.\n";
  Line(out, 0, "cluster:", "");
  Line(out, 2, "kubernetesVersion: \"" + c.kubernetes_version.ToString() + "\"",
       "the newest version xnsim models (" + kOldestKubeVersion.ToString() + " to " +
           kNewestKubeVersion.ToString() + ")");
  Line(out, 2, "featureGates: {}", "none set: every component runs its own defaults:");
  StatusOr<ClusterGates> gates = BuildClusterGates(c.kubernetes_version, FeatureGateRequest{});
  if (gates.ok()) {
    for (Component comp : kAllComponents) {
      out << "  #   " << ComponentName(comp) << ": " << gates->Of(comp).ToString() << "\n";
    }
  }
  Line(out, 2, "drivers:", "one CSI driver, like kubernetes-csi/csi-driver-host-path");
  Line(out, 2, "- name: " + d.name, "");
  std::string modelled;
  for (const std::string& cap : d.capabilities) {
    if (csi::ParseCapability(cap)) modelled += (modelled.empty() ? "" : ", ") + cap;
  }
  out << "    # every CSI controller capability; the mock driver models\n    # " << modelled
      << ";\n    # the others are accepted and have no effect\n";
  WrappedList(out, 4, "capabilities", d.capabilities);
  Line(out, 4, "capacity: " + d.capacity->ToString(), "ample");
  Line(out, 4, "maxInflight: " + std::to_string(d.max_inflight), "concurrent CSI calls it serves");
  Line(out, 4, "costs:", "hostpath copies the used bytes in full; per GiB used:");
  for (const CostDefault& cost : HostpathCosts()) {
    std::string key = std::string(cost.op) + ":";
    key.resize(17, ' ');
    Line(out, 6,
         key + "{base: " + Seconds(cost.cost.base) + ", perGiB: " + Seconds(cost.cost.per_gib) + "}",
         cost.why, /*comment_column=*/52);
  }
  Line(out, 4, "copyMode: " + d.copy_mode, "a clone or restore consumes a full copy");
  std::ostringstream price;
  price << d.price_per_gib_month;
  Line(out, 4, "pricePerGiBMonth: " + price.str(),
       "USD; like AWS EBS gp3's list price (hostpath itself is free)");
  Line(out, 4, "faults: []", "none injected");
  Line(out, 2, "provisioner:", "external-provisioner's own flag defaults");
  Line(out, 4, "workerThreads: " + std::to_string(p.worker_threads), "--worker-threads");
  Line(out, 4, "retryIntervalStart: " + Seconds(p.retry_interval_start), "--retry-interval-start");
  Line(out, 4, "retryIntervalMax: " + Seconds(p.retry_interval_max), "--retry-interval-max");
  std::ostringstream qps;
  qps << p.kube_api_qps;
  Line(out, 4, "kubeApiQps: " + qps.str(), "--kube-api-qps");
  Line(out, 4, "kubeApiBurst: " + std::to_string(p.kube_api_burst), "--kube-api-burst");
  Line(out, 4, "timeout: " + Seconds(p.timeout),
       "--timeout (10s in the code; its README says 15s)");
  Line(out, 4, "version: \"" + p.version + "\"", "the newest provisioner behaviour xnsim models");
  const ControllerManagerSpec& k = c.controller_manager;
  Line(out, 2, "controllerManager:", "kube-controller-manager's own flag defaults");
  std::ostringstream kqps;
  kqps << k.kube_api_qps;
  Line(out, 4, "kubeApiQps: " + kqps.str(), "--kube-api-qps");
  Line(out, 4, "kubeApiBurst: " + std::to_string(k.kube_api_burst), "--kube-api-burst");
  Line(out, 4, "pvClaimBinderSyncPeriod: " + Seconds(k.pv_sync_period),
       "--pvclaimbinder-sync-period");
  return out.str();
}

}  // namespace xnsim
