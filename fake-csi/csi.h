// The CSI controller service as xnsim's controllers see a driver: requests and replies
// shaped like the CSI spec's messages (container-storage-interface/spec, spec.md),
// answered with gRPC status codes, after a delay in virtual time. Nothing here knows
// Kubernetes objects; the external-provisioner and snapshotter models translate.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/flat_string_map.h"

namespace xnsim::csi {

// gRPC status codes, with the numbers the CSI spec's error tables use.
enum class Code : uint8_t {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};
// "RESOURCE_EXHAUSTED", as scenarios and gRPC name the codes.
std::string_view CodeName(Code code);
// The code named `name` (case-sensitive, gRPC spelling), or nullopt.
std::optional<Code> ParseCode(std::string_view name);

// The controller capabilities xnsim models (ControllerServiceCapability.RPC.Type).
enum class Capability : uint8_t {
  kCreateDeleteVolume,
  kCreateDeleteSnapshot,
  kCloneVolume,
  kGetCapacity,
};
std::string_view CapabilityName(Capability c);  // "CREATE_DELETE_VOLUME"
std::optional<Capability> ParseCapability(std::string_view name);

// A reply: OK with a value, or an error code with a message (gRPC's status).
template <class T>
struct Result {
  Code code = Code::kOk;
  std::string message;
  T value{};

  bool ok() const { return code == Code::kOk; }
  static Result Ok(T v) { return Result{Code::kOk, {}, std::move(v)}; }
  static Result Error(Code c, std::string msg) { return Result{c, std::move(msg), {}}; }
};

struct Empty {};

// VolumeContentSource: a new volume restored from a snapshot or cloned from a volume.
struct VolumeContentSource {
  enum class Type : uint8_t { kSnapshot, kVolume };
  Type type = Type::kSnapshot;
  std::string id;  // snapshot_id or volume_id
  bool operator==(const VolumeContentSource&) const = default;
};

// Topology segments, e.g. {"topology.hostpath.csi/node": "node-1"}.
using Topology = StringMap;

struct CreateVolumeRequest {
  std::string name;                          // idempotency key: the PV name
  int64_t required_bytes = 0;                // capacity_range.required_bytes
  int64_t limit_bytes = 0;                   // 0 = no limit
  StringMap parameters;
  std::optional<VolumeContentSource> content_source;
  std::vector<Topology> preferred_topology;  // accessibility_requirements.preferred
  bool block = false;                        // access type Block rather than Mount
};

struct Volume {
  std::string volume_id;
  int64_t capacity_bytes = 0;
  StringMap volume_context;
  std::optional<VolumeContentSource> content_source;
  std::vector<Topology> accessible_topology;
};

struct CreateSnapshotRequest {
  std::string name;              // idempotency key: "snapshot-<VolumeSnapshot uid>"
  std::string source_volume_id;
  StringMap parameters;
};

struct Snapshot {
  std::string snapshot_id;
  std::string source_volume_id;
  int64_t size_bytes = 0;
  int64_t creation_time = 0;     // virtual nanoseconds
  bool ready_to_use = false;
};

struct GetCapacityRequest {
  StringMap parameters;
  std::optional<Topology> accessible_topology;
};

struct Capacity {
  int64_t available_capacity = 0;
};

template <class T>
using Callback = std::function<void(Result<T>)>;

// A CSI controller plugin. Each call answers later in virtual time by invoking `done`
// exactly once (from an engine event, never inside the call). Calls beyond the
// driver's concurrency wait in its queue.
class Driver {
 public:
  virtual ~Driver() = default;

  virtual const std::string& name() const = 0;  // GetPluginInfo.name
  virtual std::vector<Capability> ControllerGetCapabilities() const = 0;

  virtual void CreateVolume(CreateVolumeRequest req, Callback<Volume> done) = 0;
  virtual void DeleteVolume(std::string volume_id, Callback<Empty> done) = 0;
  virtual void CreateSnapshot(CreateSnapshotRequest req, Callback<Snapshot> done) = 0;
  virtual void DeleteSnapshot(std::string snapshot_id, Callback<Empty> done) = 0;
  virtual void GetCapacity(GetCapacityRequest req, Callback<Capacity> done) = 0;

  bool HasCapability(Capability c) const;
};

}  // namespace xnsim::csi
