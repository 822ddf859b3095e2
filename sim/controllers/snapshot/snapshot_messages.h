// Event reasons and the error texts that several places of external-snapshotter build
// the same way, so that nobody re-spells them. One-off messages stay next to the
// decision that prints them, as in the real code.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

#include "fake-csi/csi.h"
#include "sim/core/status.h"

namespace xnsim::snapshot {

// Concatenates strings and integers, for the messages the real code builds with Sprintf.
template <class... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  auto append = [&out](const auto& p) {
    if constexpr (std::integral<std::decay_t<decltype(p)>>) {
      out += std::to_string(p);
    } else {
      out += std::string_view(p);
    }
  };
  (append(parts), ...);
  return out;
}

// A Go `error` whose only meaning is its text (fmt.Errorf): it ends up in an event, a
// status.error.message or a log, never in a decision.
inline Status GoError(std::string message) { return Status(StatusCode::kInternal, std::move(message)); }

// newControllerUpdateError: "snapshot controller failed to update <name> on API server: <message>".
std::string ControllerUpdateError(std::string_view name, std::string_view message);

// What a client-go lister returns for a missing object: `<resource> "<name>" not found`,
// the resource singular and group-qualified ("volumesnapshotclass.snapshot.storage.k8s.io").
Status ListerNotFound(std::string_view resource, std::string_view name);

// A gRPC status as Go prints it: "rpc error: code = Internal desc = <message>".
std::string GrpcErrorString(csi::Code code, std::string_view message);

// isCSIFinalError: false for the codes after which the driver may still be working on
// the request (Canceled, DeadlineExceeded, Unavailable, ResourceExhausted, Aborted).
bool IsFinalCsiError(csi::Code code);

// Event reasons, as the real components record them.
namespace reason {
// snapshot-controller
inline constexpr std::string_view kGetSnapshotClassFailed = "GetSnapshotClassFailed";
inline constexpr std::string_view kSetDefaultSnapshotClassFailed = "SetDefaultSnapshotClassFailed";
inline constexpr std::string_view kErrorPvcFinalizer = "ErrorPVCFinalizer";
inline constexpr std::string_view kSnapshotValidationError = "SnapshotValidationError";
inline constexpr std::string_view kSnapshotFinalizerError = "SnapshotFinalizerError";
inline constexpr std::string_view kSnapshotContentMissing = "SnapshotContentMissing";
inline constexpr std::string_view kSnapshotMisbound = "SnapshotMisbound";
inline constexpr std::string_view kSnapshotBindFailed = "SnapshotBindFailed";
inline constexpr std::string_view kSnapshotStatusUpdateFailed = "SnapshotStatusUpdateFailed";
inline constexpr std::string_view kSnapshotHandleSet = "SnapshotHandleSet";
inline constexpr std::string_view kSnapshotPvcSourceMissing = "SnapshotPVCSourceMissing";
inline constexpr std::string_view kSnapshotContentCreationFailed = "SnapshotContentCreationFailed";
inline constexpr std::string_view kSnapshotContentMismatch = "SnapshotContentMismatch";
inline constexpr std::string_view kSnapshotContentMisbound = "SnapshotContentMisbound";
inline constexpr std::string_view kCreateSnapshotContentFailed = "CreateSnapshotContentFailed";
inline constexpr std::string_view kCreatingSnapshot = "CreatingSnapshot";
inline constexpr std::string_view kSnapshotCreated = "SnapshotCreated";
inline constexpr std::string_view kSnapshotReady = "SnapshotReady";
inline constexpr std::string_view kSnapshotDeletePending = "SnapshotDeletePending";
inline constexpr std::string_view kSnapshotContentObjectDeleteError = "SnapshotContentObjectDeleteError";
inline constexpr std::string_view kContentValidationError = "ContentValidationError";
// csi-snapshotter
inline constexpr std::string_view kSnapshotCreationFailed = "SnapshotCreationFailed";
inline constexpr std::string_view kSnapshotContentCheckandUpdateFailed = "SnapshotContentCheckandUpdateFailed";
inline constexpr std::string_view kSnapshotDeleteError = "SnapshotDeleteError";
}  // namespace reason

inline constexpr std::string_view kNormal = "Normal";
inline constexpr std::string_view kWarning = "Warning";

}  // namespace xnsim::snapshot
