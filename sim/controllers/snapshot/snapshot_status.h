// The pure rules of external-snapshotter (pkg/utils and the status-building halves of
// both controllers): which finalizers an object needs, when a snapshot's status must
// follow its content, how the new status is built, which content changes the sidecar
// looks at. No API calls here, so each rule has a table test.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/status.h"

namespace xnsim::snapshot {

// content.status.creationTime is unix nanoseconds; xnsim's clock starts at kEpochUnixSeconds.
int64_t ToUnixNanos(SimTime t);
SimTime FromUnixNanos(int64_t unix_nanos);

bool IsSnapshotReady(const VolumeSnapshot& s);               // status.readyToUse == true
bool IsSnapshotCreated(const VolumeSnapshot& s);             // status.creationTime set: the driver cut it
bool IsBoundVolumeSnapshotContentNameSet(const VolumeSnapshot& s);
bool ContentIsReady(const VolumeSnapshotContent& c);
// The content points back at this snapshot: namespace, name and uid all match.
bool IsVolumeSnapshotRefSet(const VolumeSnapshot& s, const VolumeSnapshotContent& c);
// Being deleted and still holding one of the snapshot-controller's own finalizers.
bool IsSnapshotDeletionCandidate(const VolumeSnapshot& s);
bool NeedToAddSnapshotAsSourceFinalizer(const VolumeSnapshot& s);
bool NeedToAddSnapshotBoundFinalizer(const VolumeSnapshot& s);
bool NeedToAddContentFinalizer(const VolumeSnapshotContent& c);

// `finalizers` without every `f` (utils.RemoveString).
std::vector<std::string> WithoutFinalizer(const std::vector<std::string>& finalizers, std::string_view f);

// needsUpdateSnapshotStatus: whether a content change must be copied to its snapshot.
bool NeedsUpdateSnapshotStatus(const VolumeSnapshot& s, const VolumeSnapshotContent& c);

// updateSnapshotStatus: the snapshot status that follows the content's, and whether it
// differs from `current`.
struct SnapshotStatusUpdate {
  VolumeSnapshot::Status status;
  bool updated = false;
};
SnapshotStatusUpdate SnapshotStatusFromContent(const std::optional<VolumeSnapshot::Status>& current,
                                               const VolumeSnapshotContent& content);

// updateSnapshotContentStatus: the content status after the driver reported a snapshot.
struct ContentStatusUpdate {
  VolumeSnapshotContent::Status status;
  bool updated = false;
};
ContentStatusUpdate ContentStatusFromDriver(const std::optional<VolumeSnapshotContent::Status>& current,
                                            const std::string& snapshot_handle, bool ready_to_use,
                                            int64_t created_unix_nanos, int64_t size_bytes);

// ShouldEnqueueContentChange: the sidecar ignores updates that touch only the status,
// the finalizers, the resourceVersion or its own being-created annotation (so neither
// its own writes nor a resync wake it up).
bool ShouldEnqueueContentChange(const VolumeSnapshotContent& old_obj, const VolumeSnapshotContent& new_obj);

// RemovePrefixedParameters: the class parameters the driver sees, without the
// sidecar's csi.storage.k8s.io/ keys; an unknown key with that prefix is an error.
StatusOr<StringMap> RemovePrefixedParameters(
    const StringMap& parameters);

}  // namespace xnsim::snapshot
