#include "sim/controllers/snapshot/snapshot_status.h"

#include <algorithm>
#include <array>

#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/core/quote.h"

namespace xnsim::snapshot {

int64_t ToUnixNanos(SimTime t) { return kEpochUnixSeconds * kSecond + t; }
SimTime FromUnixNanos(int64_t unix_nanos) { return unix_nanos - kEpochUnixSeconds * kSecond; }

bool IsSnapshotReady(const VolumeSnapshot& s) {
  return s.status && s.status->ready_to_use.value_or(false);
}

bool IsSnapshotCreated(const VolumeSnapshot& s) { return s.status && s.status->creation_time; }

bool IsBoundVolumeSnapshotContentNameSet(const VolumeSnapshot& s) {
  return s.status && s.status->bound_volume_snapshot_content_name &&
         !s.status->bound_volume_snapshot_content_name->empty();
}

bool ContentIsReady(const VolumeSnapshotContent& c) {
  return c.status && c.status->ready_to_use.value_or(false);
}

bool IsVolumeSnapshotRefSet(const VolumeSnapshot& s, const VolumeSnapshotContent& c) {
  const ObjectReference& ref = c.spec.volume_snapshot_ref;
  return ref.name == s.metadata.name && ref.namespace_ == s.metadata.namespace_ &&
         ref.uid == s.metadata.uid;
}

bool IsSnapshotDeletionCandidate(const VolumeSnapshot& s) {
  return s.metadata.deletion_timestamp && (s.metadata.HasFinalizer(kSnapshotAsSourceFinalizer) ||
                                           s.metadata.HasFinalizer(kSnapshotBoundFinalizer));
}

bool NeedToAddSnapshotAsSourceFinalizer(const VolumeSnapshot& s) {
  return !s.metadata.deletion_timestamp && !s.metadata.HasFinalizer(kSnapshotAsSourceFinalizer);
}

bool NeedToAddSnapshotBoundFinalizer(const VolumeSnapshot& s) {
  return !s.metadata.deletion_timestamp && !s.metadata.HasFinalizer(kSnapshotBoundFinalizer) &&
         IsBoundVolumeSnapshotContentNameSet(s);
}

bool NeedToAddContentFinalizer(const VolumeSnapshotContent& c) {
  return !c.metadata.deletion_timestamp && !c.metadata.HasFinalizer(kContentBoundFinalizer);
}

std::vector<std::string> WithoutFinalizer(const std::vector<std::string>& finalizers, std::string_view f) {
  std::vector<std::string> out;
  out.reserve(finalizers.size());
  for (const std::string& x : finalizers)
    if (x != f) out.push_back(x);
  return out;
}

bool NeedsUpdateSnapshotStatus(const VolumeSnapshot& s, const VolumeSnapshotContent& c) {
  if (!s.status && c.status) return true;
  if (!c.status) return false;
  const VolumeSnapshot::Status& ss = *s.status;
  const VolumeSnapshotContent::Status& cs = *c.status;
  if (!ss.bound_volume_snapshot_content_name) return true;
  if (!ss.creation_time && cs.creation_time) return true;
  if (!ss.ready_to_use && cs.ready_to_use) return true;
  // The real code compares the two *bool pointers, not the values, so whenever both
  // are set it asks for a snapshot sync.
  if (ss.ready_to_use && cs.ready_to_use) return true;
  if (!ss.restore_size && cs.restore_size) return true;
  if (ss.restore_size && *ss.restore_size == Quantity() && cs.restore_size && *cs.restore_size > 0) return true;
  return false;
}

SnapshotStatusUpdate SnapshotStatusFromContent(const std::optional<VolumeSnapshot::Status>& current,
                                               const VolumeSnapshotContent& content) {
  const std::optional<VolumeSnapshotContent::Status>& cs = content.status;
  std::optional<SimTime> created;
  if (cs && cs->creation_time) created = FromUnixNanos(*cs->creation_time);
  const bool has_size = cs && cs->restore_size;
  const int64_t size = has_size ? *cs->restore_size : 0;
  const bool ready = cs && cs->ready_to_use.value_or(false);
  std::optional<VolumeSnapshot::Error> error = cs ? cs->error : std::nullopt;

  SnapshotStatusUpdate out;
  if (!current) {
    out.status.bound_volume_snapshot_content_name = content.metadata.name;
    out.status.ready_to_use = ready;
    out.status.creation_time = created;
    if (has_size) out.status.restore_size = Quantity::FromBinaryValue(size);
    out.status.error = error;
    out.updated = true;
    return out;
  }
  VolumeSnapshot::Status& s = out.status;
  s = *current;
  if (!s.bound_volume_snapshot_content_name) {
    s.bound_volume_snapshot_content_name = content.metadata.name;
    out.updated = true;
  }
  if (!s.creation_time && created) {
    s.creation_time = created;
    out.updated = true;
  }
  if (!s.ready_to_use || *s.ready_to_use != ready) {
    s.ready_to_use = ready;
    out.updated = true;
    if (ready) s.error.reset();
  }
  if (has_size && (!s.restore_size || (*s.restore_size == Quantity() && size > 0))) {
    s.restore_size = Quantity::FromBinaryValue(size);
    out.updated = true;
  }
  // As above, the real code compares addresses of the two error times: when both errors
  // carry a time, the content's error is copied again on every sync.
  if ((!s.error && error) || (s.error && error && s.error->time && error->time) || (s.error && !error)) {
    s.error = error;
    out.updated = true;
  }
  return out;
}

ContentStatusUpdate ContentStatusFromDriver(const std::optional<VolumeSnapshotContent::Status>& current,
                                            const std::string& snapshot_handle, bool ready_to_use,
                                            int64_t created_unix_nanos, int64_t size_bytes) {
  ContentStatusUpdate out;
  VolumeSnapshotContent::Status& s = out.status;
  if (!current) {
    s.snapshot_handle = snapshot_handle;
    s.ready_to_use = ready_to_use;
    s.creation_time = created_unix_nanos;
    if (size_bytes > 0) s.restore_size = size_bytes;
    out.updated = true;
    return out;
  }
  s = *current;
  if (!s.snapshot_handle) {
    s.snapshot_handle = snapshot_handle;
    out.updated = true;
  }
  if (!s.ready_to_use || *s.ready_to_use != ready_to_use) {
    s.ready_to_use = ready_to_use;
    out.updated = true;
    if (ready_to_use) s.error.reset();
  }
  if (!s.creation_time) {
    s.creation_time = created_unix_nanos;
    out.updated = true;
  }
  if (!s.restore_size && size_bytes > 0) {
    s.restore_size = size_bytes;
    out.updated = true;
  }
  return out;
}

namespace {

// Annotations equal once the sidecar's own being-created key is ignored.
bool SameAnnotationsButSidecars(const StringMap& a,
                                const StringMap& b) {
  auto ia = a.begin(), ib = b.begin();
  while (true) {
    while (ia != a.end() && ia->first == kAnnBeingCreated) ++ia;
    while (ib != b.end() && ib->first == kAnnBeingCreated) ++ib;
    if (ia == a.end() || ib == b.end()) return ia == a.end() && ib == b.end();
    if (*ia != *ib) return false;
    ++ia;
    ++ib;
  }
}

}  // namespace

bool ShouldEnqueueContentChange(const VolumeSnapshotContent& old_obj, const VolumeSnapshotContent& new_obj) {
  if (old_obj.spec != new_obj.spec) return true;
  const ObjectMeta& a = old_obj.metadata;
  const ObjectMeta& b = new_obj.metadata;
  // Every metadata field but resourceVersion and finalizers (which are sanitized away).
  if (a.name != b.name || a.generate_name != b.generate_name || a.namespace_ != b.namespace_ ||
      a.uid != b.uid || a.generation != b.generation || a.creation_timestamp != b.creation_timestamp ||
      a.deletion_timestamp != b.deletion_timestamp ||
      a.deletion_grace_period_seconds != b.deletion_grace_period_seconds || a.labels != b.labels ||
      a.owner_references != b.owner_references) {
    return true;
  }
  return !SameAnnotationsButSidecars(a.annotations, b.annotations);
}

StatusOr<StringMap> RemovePrefixedParameters(
    const StringMap& parameters) {
  static constexpr std::array<std::string_view, 6> kKnown = {
      "csi.storage.k8s.io/snapshotter-secret-name",
      "csi.storage.k8s.io/snapshotter-secret-namespace",
      "csi.storage.k8s.io/snapshotter-list-secret-name",
      "csi.storage.k8s.io/snapshotter-list-secret-namespace",
      "csi.storage.k8s.io/group-snapshotter-secret-name",
      "csi.storage.k8s.io/group-snapshotter-secret-namespace",
  };
  StringMap out;
  for (const auto& [key, value] : parameters) {
    if (!std::string_view(key).starts_with(kCsiParameterPrefix)) {
      out.emplace(key, value);
      continue;
    }
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) {
      return GoError("found unknown parameter key " + GoQuote(key) + " with reserved namespace " +
                     std::string(kCsiParameterPrefix));
    }
  }
  return out;
}

}  // namespace xnsim::snapshot
