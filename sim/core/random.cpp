// xoshiro256** (Blackman and Vigna) seeded through splitmix64, with Lemire's unbiased
// bounded integers: the same bytes on every compiler and platform, unlike <random>'s
// distributions.
#include "sim/core/random.h"

#include <cmath>

namespace xnsim {
namespace {

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The seed's eight bytes, little-endian whatever the host, as the FNV basis of the
// stream's name: id = FNV-1a(seed bytes ++ name), so a child stream "a/b" is reached
// from "a" by continuing the hash.
uint64_t SeedBasis(uint64_t seed) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(seed >> (8 * i));
  return StableHash(std::string_view(reinterpret_cast<const char*>(bytes), 8));
}

}  // namespace

uint64_t StableHash(std::string_view bytes, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

Random::Random(uint64_t seed, std::string_view name) {
  id_ = StableHash(name, SeedBasis(seed));
  uint64_t sm = id_;
  for (uint64_t& word : s_) word = SplitMix64(sm);
}

uint64_t Random::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

// Lemire, "Fast Random Integer Generation in an Interval" (2019): multiply-shift with
// rejection of the few low products that would bias the result.
uint64_t Random::Below(uint64_t bound) {
  if (bound == 0) return 0;  // a caller bug; 0 keeps the run going deterministically
  unsigned __int128 m = static_cast<unsigned __int128>(Next()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(Next()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

int64_t Random::Between(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  const uint64_t offset = span == 0 ? Next() : Below(span);  // span 0: the whole 64-bit range
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
}

double Random::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

bool Random::Chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return Unit() < p;
}

// Inverse-transform sampling. It calls std::log, whose last bit may differ between C
// libraries; the result is rounded to an integer, so a difference shows only when a
// draw lands within a rounding error of .5 (rare, but "same seed, same bytes" across
// platforms is guaranteed only for the integer helpers).
int64_t Random::Exponential(int64_t mean) {
  if (mean <= 0) return 0;
  const double u = Unit();  // [0, 1): 1 - u is in (0, 1], so the log is finite
  return std::llround(-static_cast<double>(mean) * std::log(1.0 - u));
}

Random Random::Split(std::string_view name) const {
  Random child;
  child.id_ = StableHash(name, StableHash("/", id_));
  uint64_t sm = child.id_;
  for (uint64_t& word : child.s_) word = SplitMix64(sm);
  return child;
}

std::string NewUuid(Random& stream) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t hi = stream.Next();
  uint64_t lo = stream.Next();
  hi = (hi & ~uint64_t{0xf000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);  // RFC 4122 variant
  // hi gives the first three groups, lo the last two; written in place, since every
  // object and every CSI volume draws one.
  std::string out(36, '-');
  char* p = out.data();
  auto put = [&p](uint64_t bits, int digits) {
    for (int i = digits - 1; i >= 0; --i) *p++ = kHex[(bits >> (i * 4)) & 0xf];
  };
  put(hi >> 32, 8);
  ++p;
  put(hi >> 16, 4);
  ++p;
  put(hi, 4);
  ++p;
  put(lo >> 48, 4);
  ++p;
  put(lo, 12);
  return out;
}

}  // namespace xnsim
