#include "sim/controllers/provisioner/messages.h"

#include <initializer_list>

#include "sim/core/quote.h"

namespace xnsim::provisioner_messages {
namespace {

std::string Cat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (std::string_view p : parts) out += p;
  return out;
}

std::string Int(int64_t v) { return std::to_string(v); }

// Go's %v of a time.Time inside a struct: "2026-01-01 00:00:00 +0000 UTC".
std::string GoTime(const std::optional<SimTime>& t) {
  if (!t) return "0001-01-01 00:00:00 +0000 UTC";
  std::string rfc = FormatTimestamp(*t);  // 2026-01-01T00:00:00Z
  if (rfc.size() >= 20) rfc = rfc.substr(0, 10) + " " + rfc.substr(11, 8);
  return rfc + " +0000 UTC";
}

}  // namespace

std::string ProvisioningClaim(std::string_view ns, std::string_view name) {
  std::string key = Cat({ns, "/", name});
  return "External provisioner is provisioning volume for claim " + GoQuote(key);
}

std::string ProvisionedVolume(std::string_view pv_name) {
  return Cat({"Successfully provisioned volume ", pv_name});
}

std::string InfeasibleFailure(std::string_view error) {
  return Cat({"Volume provisioning failed with infeasible error. Retries will be delayed. ", error});
}

std::string PrefixedFailure(std::string_view storage_class, std::string_view error) {
  return Cat({"failed to provision volume with StorageClass ", GoQuote(storage_class), ": ", error});
}

std::string NotGranted(std::string_view source_ns, std::string_view source_name,
                       std::string_view kind, std::string_view claim_ns,
                       std::string_view claim_name) {
  return Cat({"accessing ", source_ns, "/", source_name, " of ", kind, " dataSource from ",
              claim_ns, "/", claim_name, " isn't allowed"});
}

std::string SourceNameEmpty(std::string_view claim_name) {
  return Cat({"the PVC source not found for PVC ", claim_name});
}

std::string WrongSnapshotGroup(std::string_view got) {
  return Cat({"the PVC source does not belong to the right APIGroup. Expected "
              "snapshot.storage.k8s.io, Got ",
              got});
}

std::string UnknownPrefixedParameter(std::string_view key) {
  return Cat({"failed to strip CSI Parameters of prefixed keys: found unknown parameter key ",
              GoQuote(key), " with reserved namespace csi.storage.k8s.io/"});
}

std::string DataSourceHandle(std::string_view kind, std::string_view name, std::string_view inner) {
  return Cat({"error getting handle for DataSource Type ", kind, " by Name ", name, ": ", inner});
}

std::string ClaimListerNotFound(std::string_view name) {
  return Cat({"persistentvolumeclaim ", GoQuote(name), " not found"});
}

std::string SourceClaimGet(std::string_view source_name, std::string_view claim_namespace,
                           std::string_view error) {
  return Cat({"error getting PVC ", source_name, " (namespace ", GoQuote(claim_namespace),
              ") from api server: ", error});
}

std::string SourceClaimNotBound(std::string_view source_name,
                                const PersistentVolumeClaim::Status& status) {
  return Cat({"the PVC DataSource ", source_name, " must have a status of Bound.  Got ",
              GoClaimStatus(status)});
}

std::string SourceClaimDeleting(std::string_view source_name) {
  return Cat({"the PVC DataSource ", source_name, " is currently being deleted"});
}

std::string SourceClassEmpty(std::string_view source_name) {
  return Cat({"the source PVC (", source_name, ") storageclass cannot be empty"});
}

std::string TargetClassEmpty(std::string_view claim_name) {
  return Cat({"the requested PVC (", claim_name, ") storageclass cannot be empty"});
}

std::string CloneTooSmall(int64_t requested, int64_t source) {
  return Cat({"error, new PVC request must be greater than or equal in size to the specified "
              "PVC data source, requested ",
              Int(requested), " but source is ", Int(source)});
}

std::string SourceVolumeNameEmpty(std::string_view source_name) {
  return Cat({"volume name is empty in source PVC ", source_name});
}

std::string SnapshotGet(std::string_view name, std::string_view error) {
  return Cat({"error getting snapshot ", name, " from api server: ", error});
}

std::string SnapshotDeleting(std::string_view name, bool v62_wording) {
  return Cat({"snapshot ", name, v62_wording ? " is being deleted" : " is currently being deleted"});
}

std::string SnapshotNotBound(std::string_view name) { return Cat({"snapshot ", name, " not bound"}); }

std::string SnapshotNotReady(std::string_view name) { return Cat({"snapshot ", name, " is not Ready"}); }

std::string SnapshotHandleMissing(std::string_view name) {
  return Cat({"snapshot handle ", name, " is not available"});
}

std::string SnapshotNoCapacity(std::string_view claim_name, std::string_view snapshot_name) {
  return Cat({"error getting capacity for PVC ", claim_name, " when creating snapshot ",
              snapshot_name});
}

std::string SnapshotTooLarge(int64_t requested, int64_t restore_size, std::string_view snapshot) {
  return Cat({"requested volume size ", Int(requested), " is less than the size ",
              Int(restore_size), " for the source snapshot ", snapshot});
}

namespace {
std::string ModeChangePrefix(std::string_view ns, std::string_view name) {
  return Cat({"requested volume ", ns, "/", name,
              " modifies the mode of the source volume but does not have permission to do so. "});
}
}  // namespace

std::string ModeChangeNotAllowed(std::string_view claim_ns, std::string_view claim_name,
                                 std::string_view content) {
  return ModeChangePrefix(claim_ns, claim_name) +
         Cat({"snapshot.storage.kubernetes.io/allow-volume-mode-change annotation is not present "
              "on snapshotcontent ",
              content});
}

std::string ModeChangeUnparsable(std::string_view claim_ns, std::string_view claim_name,
                                 std::string_view value) {
  return ModeChangePrefix(claim_ns, claim_name) +
         Cat({"failed to convert snapshot.storage.kubernetes.io/allow-volume-mode-change "
              "annotation value to boolean with error: strconv.ParseBool: parsing ",
              GoQuote(value), ": invalid syntax"});
}

std::string ModeChangeFalse(std::string_view claim_ns, std::string_view claim_name,
                            std::string_view content) {
  return ModeChangePrefix(claim_ns, claim_name) +
         Cat({"snapshot.storage.kubernetes.io/allow-volume-mode-change is set to false on "
              "snapshotcontent ",
              content});
}

std::string_view GoCodeName(csi::Code code) {
  switch (code) {
    case csi::Code::kOk: return "OK";
    case csi::Code::kCancelled: return "Canceled";
    case csi::Code::kUnknown: return "Unknown";
    case csi::Code::kInvalidArgument: return "InvalidArgument";
    case csi::Code::kDeadlineExceeded: return "DeadlineExceeded";
    case csi::Code::kNotFound: return "NotFound";
    case csi::Code::kAlreadyExists: return "AlreadyExists";
    case csi::Code::kPermissionDenied: return "PermissionDenied";
    case csi::Code::kResourceExhausted: return "ResourceExhausted";
    case csi::Code::kFailedPrecondition: return "FailedPrecondition";
    case csi::Code::kAborted: return "Aborted";
    case csi::Code::kOutOfRange: return "OutOfRange";
    case csi::Code::kUnimplemented: return "Unimplemented";
    case csi::Code::kInternal: return "Internal";
    case csi::Code::kUnavailable: return "Unavailable";
    case csi::Code::kDataLoss: return "DataLoss";
    case csi::Code::kUnauthenticated: return "Unauthenticated";
  }
  return "Unknown";
}

std::string GrpcError(csi::Code code, std::string_view message) {
  return Cat({"rpc error: code = ", GoCodeName(code), " desc = ", message});
}

std::string CapacityTooSmall(int64_t got, int64_t want) {
  return Cat({"created volume capacity ", Int(got), " less than requested capacity ", Int(want)});
}

std::string CapacityCleanupFailed(std::string_view error, std::string_view pv_name,
                                  std::string_view cleanup_error) {
  return Cat({error, ". Cleanup of volume ", pv_name, " failed, volume is orphaned: ", cleanup_error});
}

std::string ContentSourceCleanupFailed(std::string_view error, std::string_view pv_name,
                                       std::string_view cleanup_error) {
  // Lower-case "cleanup", unlike the capacity case: the real strings differ.
  return Cat({error, ". cleanup of volume ", pv_name, " failed, volume is orphaned: ", cleanup_error});
}

std::string CloneInProgress(std::string_view pending_claim) {
  return Cat({"PVC '", pending_claim, "' is in 'Pending' state, cloning in progress"});
}

std::string GoClaimStatus(const PersistentVolumeClaim::Status& status) {
  // Fields of core/v1 PersistentVolumeClaimStatus in declaration order: Phase,
  // AccessModes, Capacity, Conditions, AllocatedResources, AllocatedResourceStatuses,
  // CurrentVolumeAttributesClassName, ModifyVolumeStatus (the last four are not modelled).
  std::string out = "{" + status.phase + " [";
  for (size_t i = 0; i < status.access_modes.size(); ++i) {
    if (i) out += ' ';
    out += status.access_modes[i];
  }
  out += "] map[";
  bool first = true;
  for (const auto& [name, q] : status.capacity) {
    if (!first) out += ' ';
    first = false;
    // resource.Quantity's fields {i {value scale}} {d} s Format; s as canonical text.
    const std::string text = q.ToString();
    const bool binary = text.find('i') != std::string::npos;
    out += name.str() + ":{{" + Int(q.value()) + " 0} {<nil>} " + text + (binary ? " BinarySI}" : " DecimalSI}");
  }
  out += "] [";
  for (size_t i = 0; i < status.conditions.size(); ++i) {
    const auto& c = status.conditions[i];
    if (i) out += ' ';
    out += "{" + c.type + " " + c.status + " " + GoTime(std::nullopt) + " " +
           GoTime(c.last_transition_time) + " " + c.reason + " " + c.message + "}";
  }
  out += "] map[] map[] <nil> <nil>}";
  return out;
}

}  // namespace xnsim::provisioner_messages
