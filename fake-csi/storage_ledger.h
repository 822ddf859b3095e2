// What a backend holds and what it has cost: logical bytes (the capacity provisioned
// to volumes), physical bytes (what volumes and snapshots really store) and the
// integral of physical bytes over virtual time, kept exactly so that the price accrued
// at any instant is O(1) and independent of how often it is read.
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace xnsim::csi {

class StorageLedger {
 public:
  void AddLogical(int64_t delta) { logical_ += delta; }
  // Physical bytes change at `now` (never earlier than the last change).
  void AddPhysical(SimTime now, int64_t delta);

  int64_t logical() const { return logical_; }
  int64_t physical() const { return physical_; }

  // GiB-months stored up to `now` (a month is 30 days, as cloud price lists count).
  double GibMonths(SimTime now) const;

 private:
  int64_t logical_ = 0;
  int64_t physical_ = 0;
  SimTime since_ = 0;                // when physical_ last changed
  unsigned __int128 byte_ns_ = 0;    // integral of physical bytes over time until since_
};

inline constexpr SimDuration kPriceMonth = 30 * 24 * kHour;

}  // namespace xnsim::csi
