#include "fake-csi/fault_injector.h"

#include <algorithm>

namespace xnsim::csi {
namespace {

bool Expired(const Fault& f, SimTime now) {
  return (f.times && *f.times <= 0) || (f.until && now >= *f.until);
}

}  // namespace

std::optional<Code> FaultInjector::Check(std::string_view op, SimTime now) {
  if (faults_.empty()) return std::nullopt;
  // Spent faults can never fire again; dropping them keeps the list short.
  std::erase_if(faults_, [now](const Fault& f) { return Expired(f, now); });
  for (Fault& f : faults_) {
    if (f.op != op) continue;
    // One draw per matching live fault and call, so the stream's use does not depend
    // on which other faults happen to exist.
    if (f.probability && !stream_.Chance(*f.probability)) continue;
    if (f.times) --*f.times;
    return f.code;
  }
  return std::nullopt;
}

}  // namespace xnsim::csi
