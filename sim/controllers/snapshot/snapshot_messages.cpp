#include "sim/controllers/snapshot/snapshot_messages.h"

#include <array>

#include "sim/core/quote.h"

namespace xnsim::snapshot {
namespace {

// google.golang.org/grpc/codes Code.String(), indexed by the code's number.
constexpr std::array<std::string_view, 17> kGoCodeNames = {
    "OK",          "Canceled",          "Unknown",      "InvalidArgument",
    "DeadlineExceeded", "NotFound",     "AlreadyExists", "PermissionDenied",
    "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
    "Unimplemented", "Internal",        "Unavailable",  "DataLoss",
    "Unauthenticated",
};

}  // namespace

std::string ControllerUpdateError(std::string_view name, std::string_view message) {
  std::string out = "snapshot controller failed to update ";
  out.append(name).append(" on API server: ").append(message);
  return out;
}

Status ListerNotFound(std::string_view resource, std::string_view name) {
  std::string msg(resource);
  msg.append(" ").append(GoQuote(name)).append(" not found");
  return NotFoundError(std::move(msg));
}

std::string GrpcErrorString(csi::Code code, std::string_view message) {
  const auto i = static_cast<size_t>(code);
  std::string out = "rpc error: code = ";
  out.append(i < kGoCodeNames.size() ? kGoCodeNames[i] : "Unknown");
  out.append(" desc = ").append(message);
  return out;
}

bool IsFinalCsiError(csi::Code code) {
  switch (code) {
    case csi::Code::kCancelled:
    case csi::Code::kDeadlineExceeded:
    case csi::Code::kUnavailable:
    case csi::Code::kResourceExhausted:
    case csi::Code::kAborted:
      return false;
    default:
      return true;
  }
}

}  // namespace xnsim::snapshot
