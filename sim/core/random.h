// Seeded randomness in named streams (as ns-3 and FoundationDB number theirs): one
// seed decides a run, and each consumer draws from its own stream, named like
// "csi/latency" or "explore/schedule", so a new draw in one place never shifts the
// numbers another place sees. Our own generator and bounded-integer helpers, because
// the standard library's distributions differ between compilers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace xnsim {

class Random {
 public:
  // A stream derived from (seed, name): the same pair always gives the same numbers.
  Random(uint64_t seed, std::string_view name);

  uint64_t Next();                 // 64 uniform bits (xoshiro256**)
  uint64_t Below(uint64_t bound);  // uniform in [0, bound), unbiased; bound > 0
  int64_t Between(int64_t lo, int64_t hi);  // uniform in [lo, hi], inclusive
  double Unit();                   // uniform in [0, 1), 53 bits
  bool Chance(double p);           // true with probability p
  // An exponential gap with the given mean (Poisson arrivals), rounded to an integer.
  int64_t Exponential(int64_t mean);

  // A child stream: Split("workers") of "csi" is the stream "csi/workers".
  Random Split(std::string_view name) const;

 private:
  Random() = default;
  uint64_t s_[4] = {};
  uint64_t id_ = 0;  // hash of (seed, name) that children derive from
};

// A version-4 UUID (8-4-4-4-12 lowercase hex) from the stream's next 128 bits, as
// uids and CSI ids look in a real cluster.
std::string NewUuid(Random& stream);

// FNV-1a over the bytes: the stable hash xnsim uses wherever a name becomes a number.
uint64_t StableHash(std::string_view bytes, uint64_t basis = 0xcbf29ce484222325ULL);

}  // namespace xnsim
