// The four provisioning states of sig-storage-lib-external-provisioner
// (SEMANTICS.md 3.6), and how an attempt's step reports that it stops: the real
// code's (state, error) pair.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace xnsim {

enum class ProvisioningState : uint8_t {
  kFinished,      // nothing in flight: the claim leaves claimsInProgress
  kInBackground,  // CreateVolume may still run in the driver: keep the claim cached
  kNoChange,      // keep whatever the previous attempt decided
  kReschedule,    // give the selected node back to the scheduler
};
std::string_view ProvisioningStateName(ProvisioningState s);  // "Finished", ...

// A step that stopped the attempt: the error text the real code returns and the
// state it returns with it.
struct ProvisionError {
  ProvisioningState state = ProvisioningState::kFinished;
  std::string message;
};

}  // namespace xnsim
