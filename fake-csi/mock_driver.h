// The mock CSI driver behind csi::Driver: capabilities, capacity accounting (logical
// and physical), a cost model per operation in virtual time, maxInflight with a queue,
// idempotency by name, fault injection drawn from a seeded random stream, content
// labels and a storage price accrued over virtual time. Besides CSI it offers what the
// simulation needs to look inside a backend: writes by a workload, what a volume
// holds, usage figures, and a hook that reports every volume it creates.
//
// Modelled on csi-driver-host-path (messages and idempotency rules) and the CSI spec's
// error tables; fake-csi/README.md lists every modelling decision and what it does
// not model.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake-csi/csi.h"
#include "sim/core/engine.h"
#include "sim/core/status.h"

namespace xnsim::csi {

// Virtual time an operation takes: base plus per GiB of the source's used bytes.
struct OperationCost {
  SimDuration base = 0;
  SimDuration per_gib = 0;
};

enum class CopyMode : uint8_t { kFull, kCopyOnWrite };

// Makes calls of one operation fail with `code`: the next `times` calls, every call
// until `until`, or each call with `probability` (drawn from the driver's stream).
struct Fault {
  std::string op;  // CreateVolume, DeleteVolume, CreateSnapshot, DeleteSnapshot, GetCapacity
  Code code = Code::kInternal;
  std::optional<int> times;
  std::optional<SimTime> until;
  std::optional<double> probability;
};

struct MockDriverConfig {
  std::string name = "hostpath.csi.k8s.io";  // GetPluginInfo.name
  std::vector<Capability> capabilities;      // default: none (the scenario loader fills them)
  std::optional<int64_t> capacity_bytes;     // default nullopt: unlimited
  int max_inflight = 16;                     // calls served at once; <= 0: unlimited
  // Keyed by createVolume, cloneVolume, restoreSnapshot, createSnapshot, deleteVolume,
  // deleteSnapshot, getCapacity; a missing key costs nothing. per_gib counts the
  // source's used bytes (clone, restore), the volume's (createSnapshot, deleteVolume)
  // or the snapshot's (deleteSnapshot).
  std::map<std::string, OperationCost> costs;
  CopyMode copy_mode = CopyMode::kFull;      // what a clone, restore or snapshot stores
  double price_per_gib_month = 0;            // per GiB of physical bytes, 30-day month
  std::vector<Fault> faults;
  // Accessible topology of a new volume when the request prefers none: {key: "node-1"};
  // empty: report no topology.
  std::string topology_key = "topology.hostpath.csi/node";
  std::string topology_node = "node-1";
};

// A CreateVolume without capacity_range gets this much (CSI leaves it to the plugin).
inline constexpr int64_t kDefaultVolumeBytes = int64_t{1} << 30;  // 1Gi

struct VolumeInfo {
  std::string volume_id, name;
  int64_t capacity_bytes = 0;     // logical: what was provisioned
  int64_t used_bytes = 0;         // what the filesystem holds
  int64_t physical_bytes = 0;     // what the backend stores for it
  std::string content;            // content label; "" for a new empty volume
  std::optional<VolumeContentSource> source;
  StringMap parameters;
  SimTime created_at = 0;
  bool block = false;             // access type Block rather than Mount
  // copyOnWrite: the source's used bytes this volume still shares (stored once, by the
  // source); 0 in full mode or for an empty volume. physical = max(0, used - shared).
  int64_t shared_bytes = 0;
  std::vector<Topology> accessible_topology;
};

struct SnapshotInfo {
  std::string snapshot_id, name, source_volume_id;
  int64_t size_bytes = 0;         // the source volume's capacity (restore size)
  int64_t used_bytes = 0;         // the source's used bytes when cut
  int64_t physical_bytes = 0;
  std::string content;            // the source's label when cut
  SimTime created_at = 0;         // the instant it was cut (its creation_time)
};

struct DriverUsage {
  int64_t logical_bytes = 0;      // volumes' provisioned capacity
  int64_t physical_bytes = 0;     // volumes' and snapshots' stored bytes
  std::optional<int64_t> capacity_bytes;
  double cost = 0;                // price accrued so far, physical GiB x months
  int inflight = 0, queued = 0, peak_inflight = 0;
  size_t volumes = 0, snapshots = 0;
  std::map<std::string, uint64_t> calls;   // by operation name
  std::map<std::string, uint64_t> errors;  // by operation name
};

class MockDriver : public Driver {
 public:
  MockDriver(Engine& engine, MockDriverConfig config);
  ~MockDriver() override;

  const std::string& name() const override;
  std::vector<Capability> ControllerGetCapabilities() const override;
  void CreateVolume(CreateVolumeRequest req, Callback<Volume> done) override;
  void DeleteVolume(std::string volume_id, Callback<Empty> done) override;
  void CreateSnapshot(CreateSnapshotRequest req, Callback<Snapshot> done) override;
  void DeleteSnapshot(std::string snapshot_id, Callback<Empty> done) override;
  void GetCapacity(GetCapacityRequest req, Callback<Capacity> done) override;

  // ---- the simulation's view of the backend (not CSI) ----
  void AddFault(Fault fault);
  // A workload writes: the volume's label becomes `content`; `used_bytes`, when given,
  // is what it holds now (at most its capacity). NotFound / Invalid otherwise.
  Status Write(const std::string& volume_id, const std::string& content,
               std::optional<int64_t> used_bytes);
  const VolumeInfo* FindVolume(const std::string& volume_id) const;
  const VolumeInfo* FindVolumeByName(const std::string& name) const;
  const SnapshotInfo* FindSnapshot(const std::string& snapshot_id) const;
  std::vector<const VolumeInfo*> Volumes() const;      // ordered by volume_id
  std::vector<const SnapshotInfo*> Snapshots() const;  // ordered by snapshot_id
  DriverUsage Usage() const;  // cost accrued up to the engine's Now()
  // Usage()'s byte counts alone, for checks made at every volume created.
  int64_t logical_bytes() const;
  int64_t physical_bytes() const;
  const MockDriverConfig& config() const;

  // Called when a volume comes into being (after its cost delay, before the reply).
  using VolumeCreatedHook = std::function<void(const CreateVolumeRequest&, const VolumeInfo&)>;
  void SetVolumeCreatedHook(VolumeCreatedHook hook);

 private:
  struct Impl;  // fake-csi/mock_driver_impl.h
  std::unique_ptr<Impl> impl_;
};

}  // namespace xnsim::csi
