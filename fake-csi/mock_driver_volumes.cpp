// CreateVolume and DeleteVolume as csi-driver-host-path answers them (pkg/hostpath
// controllerserver.go, hostpath.go), with the CSI spec's codes where hostpath has no
// rule. Each step is checked in hostpath's order: capability, arguments, an existing
// volume of the same name, capacity, the source.
#include <optional>
#include <string>

#include "fake-csi/mock_driver_impl.h"
#include "sim/core/quantity.h"
#include "sim/core/quote.h"

namespace xnsim::csi {
namespace {

using Type = VolumeContentSource::Type;

// The bytes a request asks for (hostpath: required, else limit); CSI lets the plugin
// choose when neither is set.
int64_t RequestedBytes(const CreateVolumeRequest& req) {
  if (req.required_bytes > 0) return req.required_bytes;
  if (req.limit_bytes > 0) return req.limit_bytes;
  return kDefaultVolumeBytes;
}

std::string Str(int64_t v) { return std::to_string(v); }

// Why an existing volume of the requested name cannot be returned for `req`, or "".
std::string Incompatibility(const VolumeInfo& v, const CreateVolumeRequest& req, int64_t requested) {
  const std::string same = "Volume with the same name: " + req.name + " but with different ";
  if (v.capacity_bytes < requested || (req.limit_bytes > 0 && v.capacity_bytes > req.limit_bytes)) {
    return same + "size already exist";
  }
  if (req.content_source != v.source) {
    if (req.content_source && req.content_source->type == Type::kSnapshot) {
      return "existing volume source snapshot id not matching";
    }
    if (req.content_source) return "existing volume source volume id not matching";
    return same + "content source already exist";
  }
  if (req.parameters != v.parameters) return same + "parameters already exist";
  if (req.block != v.block) return same + "access type already exist";
  return "";
}

Volume ToCsi(const VolumeInfo& v) {
  Volume out;
  out.volume_id = v.volume_id;
  out.capacity_bytes = v.capacity_bytes;
  out.volume_context = v.parameters;  // hostpath echoes the parameters as the context
  out.content_source = v.source;
  out.accessible_topology = v.accessible_topology;
  return out;
}

// What a new volume copies from its source, captured at admission.
struct SourceData {
  std::string content;
  int64_t used_bytes = 0;
};

}  // namespace

Outcome<Volume> MockDriver::Impl::DecideCreateVolume(const CreateVolumeRequest& req) {
  const std::optional<VolumeContentSource>& src = req.content_source;
  const CostKey key = !src ? CostKey::kCreateVolume
                           : src->type == Type::kSnapshot ? CostKey::kRestoreSnapshot : CostKey::kCloneVolume;
  auto fail = [](Code code, std::string message) {
    return ErrorOutcome<Volume>(kLookupCost, code, std::move(message));
  };

  if (!Has(Capability::kCreateDeleteVolume)) {
    return fail(Code::kUnimplemented, "method CreateVolume not implemented");
  }
  if (req.name.empty()) return fail(Code::kInvalidArgument, "Name missing in request");
  if (req.required_bytes < 0 || req.limit_bytes < 0) {
    return fail(Code::kInvalidArgument, "cannot have negative capacity");
  }
  if (req.limit_bytes > 0 && req.required_bytes > req.limit_bytes) {
    return fail(Code::kInvalidArgument, "capacity cannot exceed limit");
  }
  // CSI: a plugin that cannot create from this kind of source answers INVALID_ARGUMENT
  // ("Source incompatible or not supported").
  if (src && src->type == Type::kSnapshot && !Has(Capability::kCreateDeleteSnapshot)) {
    return fail(Code::kInvalidArgument, "unsupported capability CREATE_DELETE_SNAPSHOT");
  }
  if (src && src->type == Type::kVolume && !Has(Capability::kCloneVolume)) {
    return fail(Code::kInvalidArgument, "unsupported capability CLONE_VOLUME");
  }
  const int64_t requested = RequestedBytes(req);

  // Idempotency by name: the same request again gets the same volume, at the price of
  // a lookup (no copy).
  if (auto it = volume_by_name.find(req.name); it != volume_by_name.end()) {
    const VolumeInfo& existing = *it->second;
    std::string why = Incompatibility(existing, req, requested);
    if (!why.empty()) return fail(Code::kAlreadyExists, std::move(why));
    return Outcome<Volume>{kLookupCost, Result<Volume>::Ok(ToCsi(existing)), {}};
  }
  if (creating_volumes.contains(req.name)) {
    return fail(Code::kAborted, "Create volume request for " + req.name + " is already in progress");
  }

  // hostpath reserves capacity before it looks at the source.
  if (config.capacity_bytes) {
    const int64_t used = CommittedBytes();
    if (used + requested > *config.capacity_bytes) {
      auto kind = req.parameters.find("kind");  // hostpath's storage kind parameter
      return fail(Code::kResourceExhausted,
                  "requested capacity " + Str(requested) + " exceeds remaining capacity for " +
                      GoQuote(kind == req.parameters.end() ? "" : kind->second) + ", " +
                      Quantity::FromBinaryValue(used).ToString() + " out of " +
                      Quantity::FromBinaryValue(*config.capacity_bytes).ToString() + " already used");
    }
  }

  SourceData data;
  if (src && src->type == Type::kSnapshot) {
    auto it = snapshots.find(src->id);
    if (it == snapshots.end()) {
      return fail(Code::kNotFound, "snapshot id " + src->id + " does not exist in the snapshots list");
    }
    const SnapshotInfo& s = it->second;
    if (s.size_bytes > requested) {
      return fail(Code::kInvalidArgument, "snapshot " + s.snapshot_id + " size " + Str(s.size_bytes) +
                                              " is greater than requested volume size " + Str(requested));
    }
    data = {s.content, s.used_bytes};
  } else if (src) {
    auto it = volumes.find(src->id);
    if (it == volumes.end()) {
      return fail(Code::kNotFound, "volume id " + src->id + " does not exist in the volumes list");
    }
    const VolumeInfo& v = it->second;
    if (v.capacity_bytes > requested) {
      return fail(Code::kInvalidArgument, "volume " + v.volume_id + " size " + Str(v.capacity_bytes) +
                                              " is greater than requested volume size " + Str(requested));
    }
    if (v.block != req.block) {
      return fail(Code::kInvalidArgument, "volume " + v.volume_id + " mode is not compatible with requested mode");
    }
    data = {v.content, v.used_bytes};
  }

  // Admitted: the capacity counts from now, so concurrent creates cannot overbook.
  reserved_bytes += requested;
  creating_volumes.insert(req.name);
  return Outcome<Volume>{Cost(key, data.used_bytes), {}, [this, req, requested, data = std::move(data)] {
    reserved_bytes -= requested;
    creating_volumes.erase(req.name);
    VolumeInfo v;
    v.volume_id = NewId();
    v.name = req.name;
    v.capacity_bytes = requested;
    v.used_bytes = data.used_bytes;
    v.content = data.content;
    v.source = req.content_source;
    v.parameters = req.parameters;
    v.created_at = engine.Now();
    v.block = req.block;
    v.shared_bytes = config.copy_mode == CopyMode::kCopyOnWrite ? data.used_bytes : 0;
    v.physical_bytes = PhysicalOf(v.used_bytes, v.shared_bytes);
    if (!req.preferred_topology.empty()) {
      v.accessible_topology.push_back(req.preferred_topology.front());
    } else if (!config.topology_key.empty()) {
      v.accessible_topology.push_back(Topology{{config.topology_key, config.topology_node}});
    }
    const std::string id = v.volume_id;
    AddVolume(std::move(v));
    const VolumeInfo& created = volumes.at(id);
    if (hook) hook(req, created);
    return Result<Volume>::Ok(ToCsi(created));
  }};
}

Outcome<Empty> MockDriver::Impl::DecideDeleteVolume(const std::string& volume_id) {
  const SimDuration base = Base(CostKey::kDeleteVolume);
  if (volume_id.empty()) return ErrorOutcome<Empty>(base, Code::kInvalidArgument, "Volume ID missing in request");
  if (!Has(Capability::kCreateDeleteVolume)) {
    return ErrorOutcome<Empty>(base, Code::kUnimplemented, "method DeleteVolume not implemented");
  }
  auto it = volumes.find(volume_id);
  // CSI: deleting a volume that does not exist (any more) succeeds.
  if (it == volumes.end()) return Outcome<Empty>{base, Result<Empty>::Ok({}), {}};
  // Snapshots of the volume keep their own data (hostpath stores them apart).
  return Outcome<Empty>{Cost(CostKey::kDeleteVolume, it->second.used_bytes), {}, [this, volume_id] {
    RemoveVolume(volume_id);  // a no-op if a concurrent delete finished first
    return Result<Empty>::Ok({});
  }};
}

}  // namespace xnsim::csi
