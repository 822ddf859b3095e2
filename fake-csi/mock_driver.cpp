// MockDriver's public face and the machinery every call goes through (queue, slots,
// cost delays) plus the store's bookkeeping. See mock_driver_impl.h for the life of a
// call.
#include "fake-csi/mock_driver.h"

#include <algorithm>

#include "fake-csi/mock_driver_impl.h"
#include "sim/core/quantity.h"

namespace xnsim::csi {

std::string_view OpName(OpKind op) {
  switch (op) {
    case OpKind::kCreateVolume: return "CreateVolume";
    case OpKind::kDeleteVolume: return "DeleteVolume";
    case OpKind::kCreateSnapshot: return "CreateSnapshot";
    case OpKind::kDeleteSnapshot: return "DeleteSnapshot";
    case OpKind::kGetCapacity: return "GetCapacity";
  }
  return "Unknown";
}

std::string_view CostKeyName(CostKey key) {
  switch (key) {
    case CostKey::kCreateVolume: return "createVolume";
    case CostKey::kRestoreSnapshot: return "restoreSnapshot";
    case CostKey::kCloneVolume: return "cloneVolume";
    case CostKey::kCreateSnapshot: return "createSnapshot";
    case CostKey::kDeleteVolume: return "deleteVolume";
    case CostKey::kDeleteSnapshot: return "deleteSnapshot";
    case CostKey::kGetCapacity: return "getCapacity";
    case CostKey::kCount: break;
  }
  return "unknown";
}

// ---- Impl: construction, costs, ids ----

MockDriver::Impl::Impl(Engine& e, MockDriverConfig c)
    : engine(e),
      config(std::move(c)),
      ids(e.Stream("csi/" + config.name)),
      faults(e.Stream("csi-faults/" + config.name)) {
  for (Capability cap : config.capabilities) capability_bits |= 1u << static_cast<unsigned>(cap);
  for (size_t i = 0; i < costs.size(); ++i) {
    auto it = config.costs.find(std::string(CostKeyName(static_cast<CostKey>(i))));
    if (it != config.costs.end()) costs[i] = it->second;
  }
  for (const Fault& f : config.faults) faults.Add(f);
}

MockDriver::Impl::~Impl() {
  // Replies still due would run on a freed driver; their callers are going away too.
  for (auto& [id, call] : in_flight) engine.Cancel(call.event);
}

SimDuration MockDriver::Impl::Cost(CostKey key, int64_t bytes) const {
  const OperationCost& c = costs[static_cast<size_t>(key)];
  if (c.per_gib == 0 || bytes <= 0) return c.base;
  const __int128 scaled = static_cast<__int128>(c.per_gib) * bytes / kGi;
  return c.base + static_cast<SimDuration>(scaled);
}

// Random version-4 UUID layout, like the ids hostpath hands out, but drawn from the
// driver's seeded stream.
std::string MockDriver::Impl::NewId() { return NewUuid(ids); }

// ---- Impl: serving ----

void MockDriver::Impl::Admit(std::function<void()> admission) {
  if (SlotFree() && queue.empty()) {
    admission();
  } else {
    queue.push_back(std::move(admission));
  }
}

void MockDriver::Impl::Serve(SimDuration cost, std::function<void()> finish) {
  const uint64_t id = next_call++;
  SimDuration delay = std::max<SimDuration>(cost, 0);
  // Under exploration a call's cost is jittered; the chain is the driver.
  if (engine.perturbed()) delay = engine.Perturb(DelayKind::kCsi, StableHash(config.name), delay);
  const EventId event = engine.Schedule(delay, [this, id] { Finish(id); });
  in_flight.emplace(id, InFlight{event, std::move(finish)});
  peak_inflight = std::max(peak_inflight, static_cast<int>(in_flight.size()));
}

void MockDriver::Impl::Finish(uint64_t id) {
  auto it = in_flight.find(id);
  if (it == in_flight.end()) return;
  std::function<void()> finish = std::move(it->second.finish);
  in_flight.erase(it);
  finish();
}

void MockDriver::Impl::ReleaseSlot() {
  while (!queue.empty() && SlotFree()) {
    std::function<void()> admission = std::move(queue.front());
    queue.pop_front();
    admission();  // starts its cost delay now: a queued call's clock starts at admission
  }
}

// ---- Impl: the store ----

void MockDriver::Impl::AddVolume(VolumeInfo v) {
  ledger.AddLogical(v.capacity_bytes);
  ledger.AddPhysical(engine.Now(), v.physical_bytes);
  std::string id = v.volume_id;
  auto [it, added] = volumes.emplace(std::move(id), std::move(v));
  if (!added) return;  // ids are fresh UUIDs: never taken
  volume_by_name.erase(it->second.name);  // the key must view the newest record's name
  volume_by_name.emplace(it->second.name, &it->second);
}

void MockDriver::Impl::RemoveVolume(const std::string& volume_id) {
  auto it = volumes.find(volume_id);
  if (it == volumes.end()) return;
  ledger.AddLogical(-it->second.capacity_bytes);
  ledger.AddPhysical(engine.Now(), -it->second.physical_bytes);
  volume_by_name.erase(it->second.name);
  volumes.erase(it);
}

void MockDriver::Impl::AddSnapshot(SnapshotInfo s) {
  ledger.AddPhysical(engine.Now(), s.physical_bytes);
  snapshot_physical_bytes += s.physical_bytes;
  std::string id = s.snapshot_id;
  auto [it, added] = snapshots.emplace(std::move(id), std::move(s));
  if (!added) return;  // ids are fresh UUIDs: never taken
  snapshot_by_name.erase(it->second.name);
  snapshot_by_name.emplace(it->second.name, &it->second);
}

void MockDriver::Impl::RemoveSnapshot(const std::string& snapshot_id) {
  auto it = snapshots.find(snapshot_id);
  if (it == snapshots.end()) return;
  ledger.AddPhysical(engine.Now(), -it->second.physical_bytes);
  snapshot_physical_bytes -= it->second.physical_bytes;
  snapshot_by_name.erase(it->second.name);
  snapshots.erase(it);
}

Outcome<Capacity> MockDriver::Impl::DecideGetCapacity() {
  const SimDuration cost = Base(CostKey::kGetCapacity);
  if (!Has(Capability::kGetCapacity)) {
    return ErrorOutcome<Capacity>(cost, Code::kUnimplemented, "method GetCapacity not implemented");
  }
  // Read when the answer leaves, so it reflects everything finished before it.
  return Outcome<Capacity>{cost, {}, [this] {
    Capacity c;
    if (!config.capacity_bytes) {
      c.available_capacity = INT64_MAX;  // unlimited
    } else {
      c.available_capacity = std::max<int64_t>(0, *config.capacity_bytes - ledger.logical() - reserved_bytes);
    }
    return Result<Capacity>::Ok(c);
  }};
}

// ---- MockDriver ----

MockDriver::MockDriver(Engine& engine, MockDriverConfig config)
    : impl_(std::make_unique<Impl>(engine, std::move(config))) {}

MockDriver::~MockDriver() = default;

const std::string& MockDriver::name() const { return impl_->config.name; }

std::vector<Capability> MockDriver::ControllerGetCapabilities() const { return impl_->config.capabilities; }

const MockDriverConfig& MockDriver::config() const { return impl_->config; }

void MockDriver::CreateVolume(CreateVolumeRequest req, Callback<Volume> done) {
  CostKey key = CostKey::kCreateVolume;
  if (req.content_source) {
    key = req.content_source->type == VolumeContentSource::Type::kSnapshot ? CostKey::kRestoreSnapshot
                                                                            : CostKey::kCloneVolume;
  }
  Impl* d = impl_.get();
  d->Submit<Volume>(OpKind::kCreateVolume, key, std::move(done),
                    [d, req = std::move(req)] { return d->DecideCreateVolume(req); });
}

void MockDriver::DeleteVolume(std::string volume_id, Callback<Empty> done) {
  Impl* d = impl_.get();
  d->Submit<Empty>(OpKind::kDeleteVolume, CostKey::kDeleteVolume, std::move(done),
                   [d, id = std::move(volume_id)] { return d->DecideDeleteVolume(id); });
}

void MockDriver::CreateSnapshot(CreateSnapshotRequest req, Callback<Snapshot> done) {
  Impl* d = impl_.get();
  d->Submit<Snapshot>(OpKind::kCreateSnapshot, CostKey::kCreateSnapshot, std::move(done),
                      [d, req = std::move(req)] { return d->DecideCreateSnapshot(req); });
}

void MockDriver::DeleteSnapshot(std::string snapshot_id, Callback<Empty> done) {
  Impl* d = impl_.get();
  d->Submit<Empty>(OpKind::kDeleteSnapshot, CostKey::kDeleteSnapshot, std::move(done),
                   [d, id = std::move(snapshot_id)] { return d->DecideDeleteSnapshot(id); });
}

void MockDriver::GetCapacity(GetCapacityRequest req, Callback<Capacity> done) {
  Impl* d = impl_.get();
  d->Submit<Capacity>(OpKind::kGetCapacity, CostKey::kGetCapacity, std::move(done),
                      [d] { return d->DecideGetCapacity(); });
}

void MockDriver::AddFault(Fault fault) { impl_->faults.Add(std::move(fault)); }

Status MockDriver::Write(const std::string& volume_id, const std::string& content,
                         std::optional<int64_t> used_bytes) {
  auto it = impl_->volumes.find(volume_id);
  if (it == impl_->volumes.end()) return NotFoundError("volume id " + volume_id + " does not exist");
  VolumeInfo& v = it->second;
  if (used_bytes && (*used_bytes < 0 || *used_bytes > v.capacity_bytes)) {
    return InvalidError("used bytes " + Quantity::FromBinaryValue(*used_bytes).ToString() +
                        " exceed the capacity " + Quantity::FromBinaryValue(v.capacity_bytes).ToString() +
                        " of volume " + volume_id);
  }
  v.content = content;
  if (used_bytes) {
    v.used_bytes = *used_bytes;
    const int64_t physical = Impl::PhysicalOf(v.used_bytes, v.shared_bytes);
    impl_->ledger.AddPhysical(impl_->engine.Now(), physical - v.physical_bytes);
    v.physical_bytes = physical;
  }
  return Status::Ok();
}

const VolumeInfo* MockDriver::FindVolume(const std::string& volume_id) const {
  auto it = impl_->volumes.find(volume_id);
  return it == impl_->volumes.end() ? nullptr : &it->second;
}

const VolumeInfo* MockDriver::FindVolumeByName(const std::string& name) const {
  auto it = impl_->volume_by_name.find(name);
  return it == impl_->volume_by_name.end() ? nullptr : it->second;
}

const SnapshotInfo* MockDriver::FindSnapshot(const std::string& snapshot_id) const {
  auto it = impl_->snapshots.find(snapshot_id);
  return it == impl_->snapshots.end() ? nullptr : &it->second;
}

std::vector<const VolumeInfo*> MockDriver::Volumes() const {
  std::vector<const VolumeInfo*> out;
  out.reserve(impl_->volumes.size());
  for (const auto& [id, v] : impl_->volumes) out.push_back(&v);
  return out;
}

std::vector<const SnapshotInfo*> MockDriver::Snapshots() const {
  std::vector<const SnapshotInfo*> out;
  out.reserve(impl_->snapshots.size());
  for (const auto& [id, s] : impl_->snapshots) out.push_back(&s);
  return out;
}

DriverUsage MockDriver::Usage() const {
  const Impl& d = *impl_;
  DriverUsage u;
  u.logical_bytes = d.ledger.logical();
  u.physical_bytes = d.ledger.physical();
  u.capacity_bytes = d.config.capacity_bytes;
  u.cost = d.config.price_per_gib_month * d.ledger.GibMonths(d.engine.Now());
  u.inflight = static_cast<int>(d.in_flight.size());
  u.queued = static_cast<int>(d.queue.size());
  u.peak_inflight = d.peak_inflight;
  u.volumes = d.volumes.size();
  u.snapshots = d.snapshots.size();
  for (size_t i = 0; i < Impl::kOps; ++i) {
    const std::string name(OpName(static_cast<OpKind>(i)));
    if (d.calls[i] > 0) u.calls[name] = d.calls[i];
    if (d.errors[i] > 0) u.errors[name] = d.errors[i];
  }
  return u;
}

int64_t MockDriver::logical_bytes() const { return impl_->ledger.logical(); }

int64_t MockDriver::physical_bytes() const { return impl_->ledger.physical(); }

void MockDriver::SetVolumeCreatedHook(VolumeCreatedHook hook) { impl_->hook = std::move(hook); }

}  // namespace xnsim::csi
