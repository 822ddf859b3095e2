#include "sim/controllers/provisioner/create_request.h"

#include <algorithm>
#include <array>

#include "sim/controllers/provisioner/messages.h"

namespace xnsim {
namespace {

constexpr std::string_view kPrefix = "csi.storage.k8s.io/";
constexpr std::string_view kPrefixedFsType = "csi.storage.k8s.io/fstype";

// The csi.storage.k8s.io/ keys removePrefixedParameters knows.
constexpr std::array<std::string_view, 15> kKnownPrefixed = {
    "csi.storage.k8s.io/fstype",
    "csi.storage.k8s.io/provisioner-secret-name",
    "csi.storage.k8s.io/provisioner-secret-namespace",
    "csi.storage.k8s.io/controller-publish-secret-name",
    "csi.storage.k8s.io/controller-publish-secret-namespace",
    "csi.storage.k8s.io/node-stage-secret-name",
    "csi.storage.k8s.io/node-stage-secret-namespace",
    "csi.storage.k8s.io/node-publish-secret-name",
    "csi.storage.k8s.io/node-publish-secret-namespace",
    "csi.storage.k8s.io/controller-expand-secret-name",
    "csi.storage.k8s.io/controller-expand-secret-namespace",
    "csi.storage.k8s.io/secret-name",
    "csi.storage.k8s.io/secret-namespace",
    "csi.storage.k8s.io/node-expand-secret-name",
    "csi.storage.k8s.io/node-expand-secret-namespace",
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

std::string MakeVolumeName(std::string_view prefix, std::string_view uid, int uuid_length) {
  std::string out(prefix);
  out += '-';
  if (uuid_length < 0) {
    out += uid;
    return out;
  }
  std::string compact;
  compact.reserve(uid.size());
  for (char c : uid)
    if (c != '-') compact += c;
  out += compact.substr(0, static_cast<size_t>(uuid_length));
  return out;
}

StatusOr<std::string> FsTypeFromParameters(const StringMap& params) {
  int found = 0;
  std::string fs_type;
  for (const auto& [key, value] : params) {
    if (EqualsIgnoreCase(key, "fstype") || key == kPrefixedFsType) {
      fs_type = value;
      ++found;
    }
  }
  if (found > 1) return InvalidError(std::string(provisioner_messages::kFsTypeTwice));
  return fs_type;
}

StatusOr<StringMap> StripPrefixedParameters(
    const StringMap& params) {
  StringMap out;
  for (const auto& [key, value] : params) {
    if (key.str().compare(0, kPrefix.size(), kPrefix) != 0) {
      out.emplace_hint(out.end(), key, value);
      continue;
    }
    if (std::find(kKnownPrefixed.begin(), kKnownPrefixed.end(), key) == kKnownPrefixed.end()) {
      return InvalidError(provisioner_messages::UnknownPrefixedParameter(key));
    }
  }
  return out;
}

ProvisioningState StateForCreateVolumeError(csi::Code code, bool may_reschedule) {
  switch (code) {
    case csi::Code::kResourceExhausted:
      return may_reschedule ? ProvisioningState::kReschedule : ProvisioningState::kFinished;
    case csi::Code::kCancelled:
    case csi::Code::kDeadlineExceeded:
    case csi::Code::kUnavailable:
    case csi::Code::kAborted:
      return ProvisioningState::kInBackground;
    default:
      return ProvisioningState::kFinished;
  }
}

std::string_view ProvisioningStateName(ProvisioningState s) {
  switch (s) {
    case ProvisioningState::kFinished: return "Finished";
    case ProvisioningState::kInBackground: return "InBackground";
    case ProvisioningState::kNoChange: return "NoChange";
    case ProvisioningState::kReschedule: return "Reschedule";
  }
  return "Finished";
}

}  // namespace xnsim
