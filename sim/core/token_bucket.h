// TokenBucket: client-go's QPS/burst rate limiter (flowcontrol.NewTokenBucketRateLimiter)
// in virtual time. The bucket holds up to `burst` tokens and refills at `qps` per
// second; a request takes one token, waiting until one is due (Reserve) or giving up
// when none is left (TryTake).
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

  // Takes a token only if one is available at `now`, like client-go's TryAccept
  // (rate.Limiter.Allow): a refused request takes nothing and waits for nothing.
  bool TryTake(SimTime now);

 private:
  // Exact integer arithmetic: tokens are counted in nanoseconds of refill, so the
  // bucket gains one unit per nanosecond and a token costs nanos_per_token_ units.
  // (golang.org/x/time/rate computes in float64; with a whole number of nanoseconds
  // per token, as for every qps that divides 1e9, the two agree exactly.)
  bool unlimited_;
  int64_t nanos_per_token_;  // 1e9 / qps, rounded, at least 1
  int64_t capacity_;         // burst * nanos_per_token_
  int64_t tokens_;           // available units at last_; negative when reserved ahead
  SimTime last_ = 0;

  void Refill(SimTime now);
};

}  // namespace xnsim
