// Inside the mock driver. A call goes through three moments:
//   submitted -> (waits FIFO while max_inflight calls are being served) ->
//   admitted: its outcome is decided against the backend as it is now (faults,
//     capability, validation, idempotency, capacity reserved, source content captured)
//     and its cost delay starts ->
//   finished (an engine event after the cost): the outcome's effect is applied (a
//     volume or snapshot comes into being or goes away), the next queued call is
//     admitted, and the caller's callback runs last.
// The decisions live in mock_driver_volumes.cpp and mock_driver_snapshots.cpp; this
// header and mock_driver.cpp hold the serving machinery and the store.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "fake-csi/fault_injector.h"
#include "fake-csi/mock_driver.h"
#include "fake-csi/storage_ledger.h"
#include "sim/core/engine.h"
#include "sim/core/random.h"

namespace xnsim::csi {

enum class OpKind : uint8_t { kCreateVolume, kDeleteVolume, kCreateSnapshot, kDeleteSnapshot, kGetCapacity };
std::string_view OpName(OpKind op);  // "CreateVolume": fault and usage keys

// The cost table's keys (MockDriverConfig::costs).
enum class CostKey : uint8_t {
  kCreateVolume,
  kRestoreSnapshot,
  kCloneVolume,
  kCreateSnapshot,
  kDeleteVolume,
  kDeleteSnapshot,
  kGetCapacity,
  kCount,
};
std::string_view CostKeyName(CostKey key);  // "restoreSnapshot"

// What an admitted call will do: answer `reply` after `cost`, unless `apply` is set, in
// which case `apply` runs after `cost` and its result is the reply.
template <class T>
struct Outcome {
  SimDuration cost = 0;
  Result<T> reply;
  std::function<Result<T>()> apply;
};

struct MockDriver::Impl {
  Impl(Engine& engine, MockDriverConfig config);
  ~Impl();

  Engine& engine;
  MockDriverConfig config;
  uint32_t capability_bits = 0;
  std::array<OperationCost, static_cast<size_t>(CostKey::kCount)> costs{};
  Random ids;  // "csi/<name>": volume and snapshot ids
  FaultInjector faults;
  StorageLedger ledger;
  VolumeCreatedHook hook;

  // ---- the backend ----
  std::map<std::string, VolumeInfo> volumes;  // by id: ordered for Volumes()
  // By name, keyed by the record's own name: map nodes never move, so neither the
  // name nor the id is copied per volume.
  std::unordered_map<std::string_view, const VolumeInfo*> volume_by_name;
  std::map<std::string, SnapshotInfo> snapshots;
  std::unordered_map<std::string_view, const SnapshotInfo*> snapshot_by_name;
  // Names whose creation is admitted but not finished: a second call for one answers
  // ABORTED (CSI "operation pending for volume").
  std::unordered_set<std::string> creating_volumes, creating_snapshots;
  int64_t reserved_bytes = 0;  // capacity of volumes being created
  // Snapshots' stored bytes (reserved at admission), counted against the capacity with
  // the volumes' provisioned bytes, so physical bytes can never exceed the capacity.
  int64_t snapshot_physical_bytes = 0;
  // Bytes that count against the capacity: provisioned volumes and stored snapshots.
  int64_t CommittedBytes() const { return ledger.logical() + reserved_bytes + snapshot_physical_bytes; }

  // ---- serving ----
  struct InFlight {
    EventId event;
    std::function<void()> finish;
  };
  std::deque<std::function<void()>> queue;  // admissions waiting for a free slot
  std::unordered_map<uint64_t, InFlight> in_flight;
  uint64_t next_call = 0;
  int peak_inflight = 0;
  static constexpr size_t kOps = 5;
  std::array<uint64_t, kOps> calls{}, errors{};  // by OpKind

  bool Has(Capability c) const { return capability_bits & (1u << static_cast<unsigned>(c)); }
  SimDuration Base(CostKey key) const { return costs[static_cast<size_t>(key)].base; }
  // What a refused request or an idempotent repeat takes: a lookup, not the operation.
  // (Charging the full base there would make a repeat after a sidecar timeout time out
  // again forever, where hostpath answers at once.)
  static constexpr SimDuration kLookupCost = 1 * kMillisecond;
  // base + per_gib x bytes / GiB (fractional GiB, rounded down to the nanosecond).
  SimDuration Cost(CostKey key, int64_t bytes) const;
  std::string NewId();  // UUID-shaped, drawn from `ids`

  // Serving: Submit queues or admits; at admission a fault or `decide` gives the
  // outcome, which finishes after its cost.
  // `decide` is any callable returning Outcome<T>, kept as it is (no std::function).
  template <class T, class Decide>
  void Submit(OpKind op, CostKey base_key, Callback<T> done, Decide decide);
  void Admit(std::function<void()> admission);
  void Serve(SimDuration cost, std::function<void()> finish);
  void Finish(uint64_t id);
  void ReleaseSlot();  // a call's cost has passed: admit the next queued one
  bool SlotFree() const {
    return config.max_inflight <= 0 || static_cast<int>(in_flight.size()) < config.max_inflight;
  }

  // Decisions, run at admission.
  Outcome<Volume> DecideCreateVolume(const CreateVolumeRequest& req);
  Outcome<Empty> DecideDeleteVolume(const std::string& volume_id);
  Outcome<Snapshot> DecideCreateSnapshot(const CreateSnapshotRequest& req);
  Outcome<Empty> DecideDeleteSnapshot(const std::string& snapshot_id);
  Outcome<Capacity> DecideGetCapacity();

  // Backend changes, with their accounting.
  void AddVolume(VolumeInfo v);
  void RemoveVolume(const std::string& volume_id);
  void AddSnapshot(SnapshotInfo s);
  void RemoveSnapshot(const std::string& snapshot_id);
  // What the backend stores for a volume holding `used` of which `shared` is shared.
  static int64_t PhysicalOf(int64_t used, int64_t shared) { return used > shared ? used - shared : 0; }
};

template <class T>
Outcome<T> ErrorOutcome(SimDuration cost, Code code, std::string message) {
  return Outcome<T>{cost, Result<T>::Error(code, std::move(message)), {}};
}

template <class T, class Decide>
void MockDriver::Impl::Submit(OpKind op, CostKey base_key, Callback<T> done, Decide decide) {
  ++calls[static_cast<size_t>(op)];
  Admit([this, op, base_key, done = std::move(done), decide = std::move(decide)]() mutable {
    Outcome<T> out;
    if (std::optional<Code> code = faults.Check(OpName(op), engine.Now())) {
      out = ErrorOutcome<T>(Base(base_key), *code, "injected fault: " + std::string(CodeName(*code)));
    } else {
      out = decide();
    }
    Serve(out.cost, [this, op, done = std::move(done), out = std::move(out)]() mutable {
      Result<T> reply = out.apply ? out.apply() : std::move(out.reply);
      if (!reply.ok()) ++errors[static_cast<size_t>(op)];
      ReleaseSlot();
      done(std::move(reply));  // last: the caller may call the driver again at once
    });
  });
}

}  // namespace xnsim::csi
