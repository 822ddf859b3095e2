#include "fake-csi/storage_ledger.h"

namespace xnsim::csi {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

void StorageLedger::AddPhysical(SimTime now, int64_t delta) {
  if (now > since_) {
    byte_ns_ += static_cast<unsigned __int128>(physical_) * static_cast<uint64_t>(now - since_);
    since_ = now;
  }
  physical_ += delta;
}

double StorageLedger::GibMonths(SimTime now) const {
  unsigned __int128 total = byte_ns_;
  if (now > since_) total += static_cast<unsigned __int128>(physical_) * static_cast<uint64_t>(now - since_);
  return static_cast<double>(total) / (kGiB * static_cast<double>(kPriceMonth));
}

}  // namespace xnsim::csi
