#include "sim/core/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace xnsim {

// Like rate.NewLimiter(qps, burst): the bucket starts full. A burst below one would
// make every request fail in Go (rest.Config turns 0 into its default of 10 before it
// gets here); xnsim treats it as one.
TokenBucket::TokenBucket(double qps, int burst) : unlimited_(!(qps > 0)) {
  constexpr double kSlowest = 1e15;  // ns per token: about 11 days, keeps sums in range
  nanos_per_token_ = unlimited_ ? 0 : std::max<int64_t>(1, std::llround(std::min(1e9 / qps, kSlowest)));
  const int64_t tokens = burst < 1 ? 1 : burst;
  capacity_ = unlimited_ ? 0
              : tokens > INT64_MAX / 4 / nanos_per_token_ ? INT64_MAX / 4
                                                           : tokens * nanos_per_token_;
  tokens_ = capacity_;
}

// rate.Limiter.reserveN: refill for the time since the last reservation (capped at
// the burst), take one token, and wait for the deficit if the balance went negative.
SimDuration TokenBucket::Reserve(SimTime now) {
  if (unlimited_) return 0;
  Refill(now);
  tokens_ -= nanos_per_token_;
  return tokens_ < 0 ? -tokens_ : 0;
}

// rate.Limiter.AllowN(now, 1): reserveN with no wait allowed, which leaves the bucket
// as it was when the token is not there.
bool TokenBucket::TryTake(SimTime now) {
  if (unlimited_) return true;
  Refill(now);
  if (tokens_ < nanos_per_token_) return false;
  tokens_ -= nanos_per_token_;
  return true;
}

void TokenBucket::Refill(SimTime now) {
  if (now <= last_) return;
  const int64_t elapsed = now - last_;
  tokens_ = elapsed >= capacity_ - tokens_ ? capacity_ : tokens_ + elapsed;
  last_ = now;
}

}  // namespace xnsim
