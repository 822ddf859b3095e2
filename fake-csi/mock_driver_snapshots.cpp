// CreateSnapshot and DeleteSnapshot as csi-driver-host-path answers them (pkg/hostpath
// controllerserver.go). A snapshot is cut when the call is admitted: it captures the
// volume's content label and used bytes and its creation_time then (hostpath stamps
// the time before it starts copying); it becomes visible, ready to use, when the
// cost has passed.
#include <string>

#include "fake-csi/mock_driver_impl.h"
#include "sim/core/quantity.h"

namespace xnsim::csi {
namespace {

Snapshot ToCsi(const SnapshotInfo& s) {
  Snapshot out;
  out.snapshot_id = s.snapshot_id;
  out.source_volume_id = s.source_volume_id;
  out.size_bytes = s.size_bytes;
  out.creation_time = s.created_at;
  out.ready_to_use = true;
  return out;
}

}  // namespace

Outcome<Snapshot> MockDriver::Impl::DecideCreateSnapshot(const CreateSnapshotRequest& req) {
  auto fail = [](Code code, std::string message) {
    return ErrorOutcome<Snapshot>(kLookupCost, code, std::move(message));
  };
  if (!Has(Capability::kCreateDeleteSnapshot)) {
    return fail(Code::kUnimplemented, "method CreateSnapshot not implemented");
  }
  if (req.name.empty()) return fail(Code::kInvalidArgument, "Name missing in request");
  if (req.source_volume_id.empty()) return fail(Code::kInvalidArgument, "SourceVolumeId missing in request");

  if (auto it = snapshot_by_name.find(req.name); it != snapshot_by_name.end()) {
    const SnapshotInfo& existing = *it->second;
    if (existing.source_volume_id != req.source_volume_id) {
      return fail(Code::kAlreadyExists, "snapshot with the same name: " + req.name +
                                            " but with different SourceVolumeId already exist");
    }
    return Outcome<Snapshot>{kLookupCost, Result<Snapshot>::Ok(ToCsi(existing)), {}};
  }
  if (creating_snapshots.contains(req.name)) {
    return fail(Code::kAborted, "Create snapshot request for " + req.name + " is already in progress");
  }
  auto vol = volumes.find(req.source_volume_id);
  if (vol == volumes.end()) {
    return fail(Code::kNotFound, "volume id " + req.source_volume_id + " does not exist in the volumes list");
  }

  SnapshotInfo cut;
  cut.name = req.name;
  cut.source_volume_id = req.source_volume_id;
  cut.size_bytes = vol->second.capacity_bytes;
  cut.used_bytes = vol->second.used_bytes;
  cut.content = vol->second.content;
  cut.created_at = engine.Now();
  cut.physical_bytes = config.copy_mode == CopyMode::kFull ? cut.used_bytes : 0;
  if (config.capacity_bytes && CommittedBytes() + cut.physical_bytes > *config.capacity_bytes) {
    return fail(Code::kResourceExhausted,
                "snapshot of " + Quantity::FromBinaryValue(cut.physical_bytes).ToString() +
                    " exceeds remaining capacity, " +
                    Quantity::FromBinaryValue(CommittedBytes()).ToString() + " out of " +
                    Quantity::FromBinaryValue(*config.capacity_bytes).ToString() + " already used");
  }
  snapshot_physical_bytes += cut.physical_bytes;  // reserved until it is stored
  creating_snapshots.insert(req.name);
  return Outcome<Snapshot>{Cost(CostKey::kCreateSnapshot, cut.used_bytes), {}, [this, cut = std::move(cut)]() mutable {
    creating_snapshots.erase(cut.name);
    snapshot_physical_bytes -= cut.physical_bytes;  // AddSnapshot counts it again
    cut.snapshot_id = NewId();
    const std::string id = cut.snapshot_id;
    AddSnapshot(std::move(cut));
    return Result<Snapshot>::Ok(ToCsi(snapshots.at(id)));
  }};
}

Outcome<Empty> MockDriver::Impl::DecideDeleteSnapshot(const std::string& snapshot_id) {
  const SimDuration base = Base(CostKey::kDeleteSnapshot);
  if (snapshot_id.empty()) return ErrorOutcome<Empty>(base, Code::kInvalidArgument, "Snapshot ID missing in request");
  if (!Has(Capability::kCreateDeleteSnapshot)) {
    return ErrorOutcome<Empty>(base, Code::kUnimplemented, "method DeleteSnapshot not implemented");
  }
  auto it = snapshots.find(snapshot_id);
  if (it == snapshots.end()) return Outcome<Empty>{base, Result<Empty>::Ok({}), {}};
  return Outcome<Empty>{Cost(CostKey::kDeleteSnapshot, it->second.used_bytes), {}, [this, snapshot_id] {
    RemoveSnapshot(snapshot_id);
    return Result<Empty>::Ok({});
  }};
}

}  // namespace xnsim::csi
