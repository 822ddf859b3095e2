// TokenBucket: client-go's QPS/burst rate limiter (flowcontrol.NewTokenBucketRateLimiter)
// in virtual time. The bucket holds up to `burst` tokens and refills at `qps` per
// second; a request takes one token, waiting until one is due.
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace xnsim {

class TokenBucket {
 public:
  // qps <= 0 means unlimited.
  TokenBucket(double qps, int burst);

  // Reserves the next token for a request made at `now` and returns how long the
  // request must wait for it (0 when a token is available). Reservations queue up:
  // calls at the same instant past the burst wait 1/qps, 2/qps, ... like client-go's
  // Wait, which reserves tokens in arrival order.
  SimDuration Reserve(SimTime now);

 private:
  double qps_;
  int burst_;
  // Token arithmetic in exact integers: one token = kScale units; tokens accrue at
  // qps * kScale units per second.
  int64_t tokens_ = 0;        // available units at last_, may be negative (reserved ahead)
  SimTime last_ = 0;
  int64_t nanos_per_token_;   // 1e9 / qps, rounded
};

}  // namespace xnsim
