#include "sim/controllers/provisioner/csi_provisioner.h"

#include "fake-csi/csi_call.h"
#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/create_request.h"
#include "sim/controllers/provisioner/messages.h"
#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/controllers/provisioner/source_checks.h"
#include "sim/controllers/provisioner/volume_builder.h"

namespace xnsim {

namespace msg = provisioner_messages;
using State = ProvisioningState;

namespace {

constexpr int kDeleteVolumeRetryCount = 5;  // deleteVolumeRetryCount

std::string ObjectName(std::string_view ns, std::string_view name) {
  return std::string(ns) + "/" + std::string(name);
}

}  // namespace

ProvisionOutcome ProvisionOutcome::Fail(ProvisioningState state, std::string message) {
  ProvisionOutcome out;
  out.error = ProvisionError{state, std::move(message)};
  return out;
}

ProvisionOutcome ProvisionOutcome::Ignore() {
  ProvisionOutcome out;
  out.ignored = true;
  return out;
}

std::string CsiProvisioner::VolumeNameFor(const PersistentVolumeClaim& claim) const {
  return MakeVolumeName(s_.options.volume_name_prefix, claim.metadata.uid,
                        s_.options.volume_name_uuid_length);
}

// ---- Provision -----------------------------------------------------------------------

Task<ProvisionOutcome> CsiProvisioner::Provision(Ptr<PersistentVolumeClaim> claim_ptr,
                                                 Ptr<StorageClass> sc_ptr) {
  const PersistentVolumeClaim& claim = *claim_ptr;
  const StorageClass& sc = *sc_ptr;
  // The library checked the annotation already; a claim handed over to another driver
  // since then is ignored.
  if (ClaimProvisioner(claim) != s_.driver_name &&
      Annotation(claim.metadata, kAnnMigratedTo) != s_.driver_name) {
    co_return ProvisionOutcome::Ignore();
  }

  Prepared prep = co_await PrepareProvision(claim_ptr, sc_ptr);
  if (prep.stop) co_return std::move(*prep.stop);

  csi::Result<csi::Volume> rep = co_await CreateVolume(prep.request);
  if (!rep.ok()) {
    // Give the node back only if another node could do better: the driver has
    // topology and the scheduler chose this node.
    const bool may_reschedule =
        s_.SupportsTopology() && !Annotation(claim.metadata, kAnnSelectedNode).empty();
    ProvisionOutcome out = ProvisionOutcome::Fail(StateForCreateVolumeError(rep.code, may_reschedule),
                                                  msg::GrpcError(rep.code, rep.message));
    out.infeasible = rep.code == csi::Code::kInvalidArgument;
    co_return out;
  }

  const std::string& pv_name = prep.request.name;
  std::optional<ProvisionOutcome> refused =
      co_await CheckResponse(claim, pv_name, prep.request.required_bytes, rep.value);
  if (refused) co_return std::move(*refused);

  CsiVolumeFacts facts;
  facts.pv_name = pv_name;
  facts.driver = s_.driver_name;
  facts.identity = s_.identity;
  facts.fs_type = prep.fs_type;
  facts.capacity_bytes =
      rep.value.capacity_bytes == 0 ? prep.request.required_bytes : rep.value.capacity_bytes;
  facts.topology = s_.SupportsTopology();
  ProvisionOutcome out;
  out.volume = BuildCsiVolume(claim, sc, facts, rep.value);
  out.facts = std::move(facts);
  out.response = std::move(rep.value);

  // v6.2+: only a same-namespace restore through spec.dataSource drops the snapshot
  // finalizer here; cross-namespace restores leave it to the sweeper (3.8).
  if (s_.profile.snapshot_source_finalizer && claim.spec.data_source &&
      claim.spec.data_source->kind == kSnapshotKind) {
    co_await RemoveSnapshotFinalizer(claim.metadata.namespace_, claim.spec.data_source->name);
  }
  co_return out;
}

Task<std::optional<ProvisionOutcome>> CsiProvisioner::CheckResponse(
    const PersistentVolumeClaim& claim, const std::string& pv_name, int64_t required_bytes,
    const csi::Volume& volume) {
  // capacity_bytes 0 means "unknown" in CSI: the request is taken as the size.
  if (volume.capacity_bytes != 0 && volume.capacity_bytes < required_bytes) {
    std::string error = msg::CapacityTooSmall(volume.capacity_bytes, required_bytes);
    std::optional<std::string> cleanup = co_await CleanupVolume(volume.volume_id);
    if (cleanup) error = msg::CapacityCleanupFailed(error, pv_name, *cleanup);
    // InBackground: retry the whole thing, hoping the volume is gone next time.
    co_return ProvisionOutcome::Fail(State::kInBackground, std::move(error));
  }
  const auto& ref = claim.spec.data_source_ref;
  const bool expects_source =
      claim.spec.data_source ||
      (s_.cross_namespace && ref && ref->namespace_ && !ref->namespace_->empty());
  if (expects_source && !volume.content_source) {
    std::string error(msg::kContentSourceMissing);
    std::optional<std::string> cleanup = co_await CleanupVolume(volume.volume_id);
    if (cleanup) error = msg::ContentSourceCleanupFailed(error, pv_name, *cleanup);
    co_return ProvisionOutcome::Fail(State::kInBackground, std::move(error));
  }
  co_return std::nullopt;
}

// ---- prepareProvision ----------------------------------------------------------------

Task<CsiProvisioner::Prepared> CsiProvisioner::PrepareProvision(Ptr<PersistentVolumeClaim> claim_ptr,
                                                                Ptr<StorageClass> sc_ptr) {
  const PersistentVolumeClaim& claim = *claim_ptr;
  const StorageClass& sc = *sc_ptr;
  Prepared p;
  auto stop = [&p](State state, std::string message) {
    p.stop = ProvisionOutcome::Fail(state, std::move(message));
  };

  StatusOr<std::optional<TypedObjectReference>> resolved = DataSource(claim);
  if (!resolved.ok()) {
    stop(State::kFinished, resolved.status().message());
    co_return p;
  }
  const std::optional<TypedObjectReference>& source = *resolved;

  std::optional<SourceKind> kind;
  if (source) {
    StatusOr<SourceKind> k = ClassifyDataSource(claim, *source);
    if (!k.ok()) {
      stop(State::kFinished, k.status().message());
      co_return p;
    }
    if (*k == SourceKind::kPopulator) {
      // KEP-1495: another controller fills this volume; the library stops quietly.
      s_.provisioner_events.Record(claim, "Normal", msg::kReasonProvisioning, msg::kAssumingPopulator);
      p.stop = ProvisionOutcome::Ignore();
      co_return p;
    }
    kind = *k;
  }

  if (Status caps = CheckDriverCapabilities(s_.capabilities, kind); !caps.ok()) {
    stop(State::kFinished, caps.message());
    co_return p;
  }
  if (claim.spec.selector) {
    stop(State::kFinished, std::string(msg::kSelectorNotSupported));
    co_return p;
  }
  StatusOr<std::string> fs_type = FsTypeFromParameters(sc.parameters);
  if (!fs_type.ok()) {
    stop(State::kFinished, fs_type.status().message());
    co_return p;
  }
  p.fs_type = *fs_type;

  csi::CreateVolumeRequest& req = p.request;
  req.name = VolumeNameFor(claim);
  req.required_bytes = RequestedBytes(claim);
  req.block = ClaimIsBlock(claim);

  if (kind) {
    StatusOr<csi::VolumeContentSource> content =
        co_await GetVolumeContentSource(claim_ptr, sc_ptr, *source, *kind);
    if (!content.ok()) {
      stop(State::kNoChange, msg::DataSourceHandle(source->kind, source->name, content.status().message()));
      co_return p;
    }
    req.content_source = std::move(*content);
    if (*kind == SourceKind::kClaim && s_.rules.ProtectsCloneSource()) {
      Status st = co_await SetCloneFinalizer(*source);
      if (!st.ok()) {
        stop(State::kNoChange, st.message());
        co_return p;
      }
    }
    if (*kind == SourceKind::kSnapshot && s_.profile.snapshot_source_finalizer) {
      Status st = co_await SetSnapshotFinalizer(*source);
      if (!st.ok()) {
        stop(State::kNoChange, st.message());
        co_return p;
      }
    }
  }

  // Topology: xnsim has no Node/CSINode objects; the selected node's segment is
  // {topology key: node name}, sent as the preferred (and only) topology.
  const std::string_view node = Annotation(claim.metadata, kAnnSelectedNode);
  if (s_.SupportsTopology() && !node.empty()) {
    req.preferred_topology.push_back(csi::Topology{{s_.options.topology_key, std::string(node)}});
  }

  StatusOr<StringMap> params = StripPrefixedParameters(sc.parameters);
  if (!params.ok()) {
    stop(State::kFinished, params.status().message());
    co_return p;
  }
  req.parameters = std::move(*params);
  co_return p;
}

StatusOr<std::optional<TypedObjectReference>> CsiProvisioner::DataSource(
    const PersistentVolumeClaim& claim) {
  StatusOr<std::optional<TypedObjectReference>> resolved = ResolveDataSource(claim, s_.cross_namespace);
  if (!resolved.ok() || !*resolved || !IsCrossNamespace(claim, **resolved)) return resolved;

  const TypedObjectReference& source = **resolved;
  const std::string& source_ns = *source.namespace_;
  // The lister's grants in the source namespace ("" lists every namespace, as a
  // client-go lister does).
  auto grants = s_.grants ? s_.grants->SharedList(s_.rules.GrantNamespace(claim, source))
                          : std::make_shared<const std::vector<Ptr<ReferenceGrant>>>();
  const ProvisionerRules& rules = s_.rules;
  const bool allowed = granted_.Get(
      grants, claim.metadata.namespace_, source,
      [&rules](const std::vector<Ptr<ReferenceGrant>>& list, std::string_view ns,
               const TypedObjectReference& src) { return rules.Granted(list, ns, src); });

  s_.audit.RecordGrantCheck(GrantCheck{s_.engine.Now(), VolumeNameFor(claim), claim.metadata.namespace_,
                                       claim.metadata.name, source, std::move(grants), allowed});
  s_.Trace("grant-check", ObjectLabel(kClaimKind, claim.metadata.namespace_, claim.metadata.name),
           (allowed ? "allowed " : "denied ") + std::string(source.kind) + " " +
               ObjectName(source_ns, source.name));
  if (!allowed) {
    return InvalidError(msg::NotGranted(source_ns, source.name, source.kind,
                                        claim.metadata.namespace_, claim.metadata.name));
  }
  return resolved;
}

// ---- source validation ---------------------------------------------------------------

Task<StatusOr<csi::VolumeContentSource>> CsiProvisioner::GetVolumeContentSource(
    Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc, TypedObjectReference source,
    SourceKind kind) {
  if (kind == SourceKind::kSnapshot) co_return co_await GetSnapshotSource(claim, sc, std::move(source));
  co_return co_await GetPVCSource(claim, sc, std::move(source));
}

Task<StatusOr<csi::VolumeContentSource>> CsiProvisioner::GetPVCSource(Ptr<PersistentVolumeClaim> claim,
                                                                      Ptr<StorageClass> sc,
                                                                      TypedObjectReference source) {
  // The source claim comes from the lister; its PV from a live GET.
  Ptr<PersistentVolumeClaim> source_claim = s_.claims.Get(*source.namespace_, source.name);
  if (Status st = CheckCloneSourceClaim(*claim, source.name, source_claim.get()); !st.ok()) co_return st;
  StatusOr<Ptr<PersistentVolume>> pv =
      co_await s_.client.Get<PersistentVolume>("", source_claim->spec.volume_name);
  co_return CheckCloneSourceVolume(*claim, *sc, *source_claim, pv.ok() ? pv->get() : nullptr);
}

Task<StatusOr<csi::VolumeContentSource>> CsiProvisioner::GetSnapshotSource(
    Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc, TypedObjectReference source) {
  // The flag's default is the release's (false before v4.0): no scenario key sets it.
  const SnapshotCheckOptions options{
      s_.profile.snapshot_source_finalizer,
      s_.options.prevent_volume_mode_conversion && s_.profile.prevent_volume_mode_conversion,
      &s_.rules};
  StatusOr<Ptr<VolumeSnapshot>> snapshot =
      co_await s_.client.Get<VolumeSnapshot>(*source.namespace_, source.name);
  if (!snapshot.ok()) co_return InvalidError(msg::SnapshotGet(source.name, snapshot.status().message()));
  const VolumeSnapshot& snap = **snapshot;
  if (Status st = CheckSnapshotBound(source.name, snap, options); !st.ok()) co_return st;

  StatusOr<Ptr<VolumeSnapshotContent>> content = co_await s_.client.Get<VolumeSnapshotContent>(
      "", *snap.status->bound_volume_snapshot_content_name);
  const VolumeSnapshotContent* c = content.ok() ? content->get() : nullptr;
  if (Status st = CheckSnapshotContent(source.name, snap, c, *sc); !st.ok()) co_return st;
  co_return CheckSnapshotRestorable(*claim, source.name, snap, *c, options);
}

// ---- source finalizers ------------------------------------------------------------------

Task<Status> CsiProvisioner::SetCloneFinalizer(TypedObjectReference source) {
  // From the lister, updated with its resourceVersion: a stale cache is a Conflict.
  Ptr<PersistentVolumeClaim> cached = s_.claims.Get(*source.namespace_, source.name);
  if (!cached) co_return NotFoundError(msg::ClaimListerNotFound(source.name));
  if (cached->metadata.HasFinalizer(kFinalizerCloneSource)) co_return Status::Ok();
  PersistentVolumeClaim copy = *cached;
  copy.metadata.finalizers.emplace_back(kFinalizerCloneSource);
  StatusOr<Ptr<PersistentVolumeClaim>> updated = co_await s_.client.Update(std::move(copy));
  co_return updated.status();
}

Task<Status> CsiProvisioner::SetSnapshotFinalizer(TypedObjectReference source) {
  StatusOr<Ptr<VolumeSnapshot>> live = co_await s_.client.Get<VolumeSnapshot>(*source.namespace_, source.name);
  if (!live.ok()) co_return live.status();
  if ((*live)->metadata.HasFinalizer(kFinalizerSnapshotSource)) co_return Status::Ok();
  VolumeSnapshot copy = **live;
  copy.metadata.finalizers.emplace_back(kFinalizerSnapshotSource);
  StatusOr<Ptr<VolumeSnapshot>> updated = co_await s_.client.Update(std::move(copy));
  co_return updated.status();
}

Task<void> CsiProvisioner::RemoveSnapshotFinalizer(std::string ns, std::string name) {
  // Errors are only logged: the sweeper cleans up later.
  StatusOr<Ptr<VolumeSnapshot>> live = co_await s_.client.Get<VolumeSnapshot>(ns, name);
  if (!live.ok() || !(*live)->metadata.HasFinalizer(kFinalizerSnapshotSource)) co_return;
  VolumeSnapshot copy = **live;
  copy.metadata.finalizers = WithoutFinalizer(copy.metadata.finalizers, kFinalizerSnapshotSource);
  StatusOr<Ptr<VolumeSnapshot>> updated = co_await s_.client.Update(std::move(copy));
  if (!updated.ok() && updated.status().code() != StatusCode::kNotFound) {
    s_.Trace("snapshot-finalizer-kept", ObjectLabel(kSnapshotKind, ns, name), updated.status().message());
  }
}

// ---- CSI calls ---------------------------------------------------------------------------

Task<csi::Result<csi::Volume>> CsiProvisioner::CreateVolume(const csi::CreateVolumeRequest& request) {
  ++s_.stats.create_volume_calls;
  s_.Trace("create-volume", request.name,
           request.content_source ? (request.content_source->type == csi::VolumeContentSource::Type::kSnapshot
                                         ? "snapshot " + request.content_source->id
                                         : "volume " + request.content_source->id)
                                  : std::string("empty"));
  csi::Driver& driver = s_.driver;
  csi::Result<csi::Volume> rep = co_await csi::Call<csi::Volume>(
      s_.engine, s_.options.timeout,
      [&driver, &request](csi::Callback<csi::Volume> done) { driver.CreateVolume(request, std::move(done)); });
  if (!rep.ok()) s_.Trace("create-volume-failed", request.name, msg::GrpcError(rep.code, rep.message));
  co_return rep;
}

Task<std::optional<std::string>> CsiProvisioner::CleanupVolume(std::string volume_id) {
  // One context for all tries, as the real cleanupVolume.
  const SimTime deadline = s_.engine.Now() + s_.options.timeout;
  std::string last;
  csi::Driver& driver = s_.driver;
  for (int i = 0; i < kDeleteVolumeRetryCount; ++i) {
    const SimDuration left = deadline - s_.engine.Now();
    if (left <= 0) {
      last = msg::GrpcError(csi::Code::kDeadlineExceeded, "context deadline exceeded");
      continue;
    }
    csi::Result<csi::Empty> r = co_await csi::Call<csi::Empty>(
        s_.engine, left,
        [&driver, &volume_id](csi::Callback<csi::Empty> done) { driver.DeleteVolume(volume_id, std::move(done)); });
    if (r.ok()) co_return std::nullopt;
    last = msg::GrpcError(r.code, r.message);
  }
  co_return last;
}

Task<Status> CsiProvisioner::Delete(Ptr<PersistentVolume> volume) {
  if (!volume->spec.csi) co_return InvalidError(std::string(msg::kInvalidCsiVolume));
  if (Status caps = CheckDriverCapabilities(s_.capabilities, std::nullopt); !caps.ok()) co_return caps;
  const std::string handle = volume->spec.csi->volume_handle;
  csi::Driver& driver = s_.driver;
  csi::Result<csi::Empty> r = co_await csi::Call<csi::Empty>(
      s_.engine, s_.options.timeout,
      [&driver, &handle](csi::Callback<csi::Empty> done) { driver.DeleteVolume(handle, std::move(done)); });
  if (!r.ok()) co_return InvalidError(msg::GrpcError(r.code, r.message));
  co_return Status::Ok();
}

}  // namespace xnsim
