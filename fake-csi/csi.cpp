#include "fake-csi/csi.h"

#include <algorithm>
#include <array>

namespace xnsim::csi {
namespace {

// Indexed by the code's number (the enum's values are gRPC's, 0..16).
constexpr std::array<std::string_view, 17> kCodeNames = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

struct CapabilityEntry {
  Capability capability;
  std::string_view name;
};
constexpr std::array<CapabilityEntry, 4> kCapabilities = {{
    {Capability::kCreateDeleteVolume, "CREATE_DELETE_VOLUME"},
    {Capability::kCreateDeleteSnapshot, "CREATE_DELETE_SNAPSHOT"},
    {Capability::kCloneVolume, "CLONE_VOLUME"},
    {Capability::kGetCapacity, "GET_CAPACITY"},
}};

}  // namespace

std::string_view CodeName(Code code) {
  const auto i = static_cast<size_t>(code);
  return i < kCodeNames.size() ? kCodeNames[i] : "UNKNOWN";
}

std::optional<Code> ParseCode(std::string_view name) {
  for (size_t i = 0; i < kCodeNames.size(); ++i) {
    if (kCodeNames[i] == name) return static_cast<Code>(i);
  }
  return std::nullopt;
}

std::string_view CapabilityName(Capability c) {
  for (const CapabilityEntry& e : kCapabilities) {
    if (e.capability == c) return e.name;
  }
  return "UNKNOWN";
}

std::optional<Capability> ParseCapability(std::string_view name) {
  for (const CapabilityEntry& e : kCapabilities) {
    if (e.name == name) return e.capability;
  }
  return std::nullopt;
}

bool Driver::HasCapability(Capability c) const {
  const std::vector<Capability> caps = ControllerGetCapabilities();
  return std::find(caps.begin(), caps.end(), c) != caps.end();
}

}  // namespace xnsim::csi
