// resource.Quantity's parser and canonical printer (k8s.io/apimachinery/pkg/api/resource),
// with exact arithmetic: the number is held as a decimal digit string while suffixes
// and exponents are applied, then rounded up to a whole nanounit as Kubernetes does.
//
// Divergences from Kubernetes, on purpose: a value past 2^63-1 units is an error here
// (Kubernetes silently caps it), and a non-canonical input such as "+1k" prints in
// canonical form ("1k") where Kubernetes may echo the original text.
#include "sim/core/quantity.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/ascii.h"

namespace xnsim {
namespace {

using u128 = unsigned __int128;

constexpr char kFormatWrong[] =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr char kSuffixWrong[] = "unable to parse quantity's suffix";

constexpr int64_t kNanosPerUnit = 1000000000;
constexpr u128 kMaxNanos = static_cast<u128>(std::numeric_limits<int64_t>::max()) * kNanosPerUnit;


struct Pieces {
  bool positive = true;
  std::string_view num;   // integer digits, leading zeros stripped ("0" when none)
  std::string_view denom;  // fraction digits
  std::string_view suffix;
};

// parseQuantityString, step for step, including its leniency: "-", "+" and "." alone
// are zero, as in Kubernetes.
bool SplitQuantity(std::string_view str, Pieces& p) {
  size_t pos = 0;
  const size_t end = str.size();
  if (pos < end && (str[0] == '-' || str[0] == '+')) {
    p.positive = str[0] != '-';
    ++pos;
  }
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) {
    p.num = "0";
    return true;
  }
  size_t i = pos;
  while (i < end && IsDigit(str[i])) ++i;
  p.num = str.substr(pos, i - pos);
  if (p.num.empty()) p.num = "0";
  pos = i;
  if (pos < end && str[pos] == '.') {
    ++pos;
    i = pos;
    while (i < end && IsDigit(str[i])) ++i;
    p.denom = str.substr(pos, i - pos);
    pos = i;
  }
  const size_t suffix_start = pos;
  constexpr std::string_view kSuffixChars = "eEinumkKMGTP";
  while (pos < end && kSuffixChars.find(str[pos]) != std::string_view::npos) ++pos;
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && IsDigit(str[pos])) ++pos;
  if (pos != end) return false;
  p.suffix = str.substr(suffix_start);
  return true;
}

enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

struct Suffix {
  int base = 10;
  int64_t exponent = 0;
  Format format = Format::kDecimalSI;
};

bool InterpretSuffix(std::string_view s, Suffix& out) {
  struct Entry {
    std::string_view text;
    int base;
    int exponent;
  };
  static constexpr Entry kTable[] = {
      {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"", 10, 0},   {"k", 10, 3},
      {"M", 10, 6},  {"G", 10, 9},  {"T", 10, 12}, {"P", 10, 15}, {"E", 10, 18},
      {"Ki", 2, 10}, {"Mi", 2, 20}, {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50},
      {"Ei", 2, 60},
  };
  for (const Entry& e : kTable) {
    if (e.text == s) {
      out = {e.base, e.exponent, e.base == 2 ? Format::kBinarySI : Format::kDecimalSI};
      return true;
    }
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    // strconv.ParseInt(s[1:], 10, 64): optional sign, then at least one digit.
    std::string_view rest = s.substr(1);
    bool neg = false;
    if (rest[0] == '+' || rest[0] == '-') {
      neg = rest[0] == '-';
      rest.remove_prefix(1);
    }
    if (rest.empty()) return false;
    int64_t v = 0;
    for (char c : rest) {
      if (!IsDigit(c)) return false;
      if (v > 1000000) v = 1000000;  // far beyond any representable quantity
      v = v * 10 + (c - '0');
    }
    out = {10, neg ? -v : v, Format::kDecimalExponent};
    return true;
  }
  return false;
}

// Multiplies a big-endian decimal digit vector by 2^bits.
void MultiplyByPowerOfTwo(std::vector<uint8_t>& digits, int bits) {
  while (bits > 0) {
    const int step = bits > 32 ? 32 : bits;
    bits -= step;
    uint64_t carry = 0;
    for (size_t i = digits.size(); i-- > 0;) {
      const uint64_t v = (static_cast<uint64_t>(digits[i]) << step) + carry;
      digits[i] = static_cast<uint8_t>(v % 10);
      carry = v / 10;
    }
    while (carry > 0) {
      digits.insert(digits.begin(), static_cast<uint8_t>(carry % 10));
      carry /= 10;
    }
  }
}

// ceil(digits * 10^shift) as nanounits, or false when it exceeds kMaxNanos.
bool ToNanos(const std::vector<uint8_t>& digits, int64_t shift, u128& out) {
  size_t first = 0;
  while (first < digits.size() && digits[first] == 0) ++first;
  if (first == digits.size()) {
    out = 0;
    return true;
  }
  const int64_t significant = static_cast<int64_t>(digits.size() - first);
  if (significant + shift > 30) return false;  // > 10^29 nanounits, far past kMaxNanos
  size_t keep_end = digits.size();
  bool round_up = false;
  if (shift < 0) {
    const int64_t drop = -shift;
    if (drop >= significant) {
      out = 1;  // a positive amount below one nanounit rounds up to one
      return true;
    }
    keep_end = digits.size() - static_cast<size_t>(drop);
    for (size_t i = keep_end; i < digits.size(); ++i) round_up = round_up || digits[i] != 0;
    shift = 0;
  }
  u128 v = 0;
  for (size_t i = first; i < keep_end; ++i) v = v * 10 + digits[i];
  for (int64_t i = 0; i < shift; ++i) v *= 10;
  if (round_up) ++v;
  if (v > kMaxNanos) return false;
  out = v;
  return true;
}

std::string U128ToString(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

}  // namespace

StatusOr<Quantity> Quantity::Parse(std::string_view text) {
  if (text.empty()) return BadRequestError(kFormatWrong);
  Pieces p;
  if (!SplitQuantity(text, p)) return BadRequestError(kFormatWrong);
  Suffix suffix;
  if (!InterpretSuffix(p.suffix, suffix)) return BadRequestError(kSuffixWrong);

  std::vector<uint8_t> digits;
  digits.reserve(p.num.size() + p.denom.size() + 20);
  for (char c : p.num) digits.push_back(static_cast<uint8_t>(c - '0'));
  for (char c : p.denom) digits.push_back(static_cast<uint8_t>(c - '0'));
  int64_t shift = 9 - static_cast<int64_t>(p.denom.size());  // digits * 10^shift = nanounits
  if (suffix.base == 2) {
    MultiplyByPowerOfTwo(digits, static_cast<int>(suffix.exponent));
  } else {
    shift += suffix.exponent;
  }
  u128 magnitude = 0;
  if (!ToNanos(digits, shift, magnitude)) {
    return BadRequestError("quantity \"" + std::string(text) +
                        "\" is too large: xnsim quantities must fit in a signed 64-bit integer");
  }

  Quantity q;
  const int64_t whole = static_cast<int64_t>(magnitude / kNanosPerUnit);
  const int64_t frac = static_cast<int64_t>(magnitude % kNanosPerUnit);
  const u128 milli_up = (magnitude + 999999) / 1000000;
  const int64_t milli = milli_up > static_cast<u128>(std::numeric_limits<int64_t>::max())
                            ? std::numeric_limits<int64_t>::max()
                            : static_cast<int64_t>(milli_up);
  const bool positive = p.positive || magnitude == 0;
  if (positive) {
    q.floor_ = whole;
    q.nanos_ = static_cast<int32_t>(frac);
    q.value_ = whole + (frac != 0);
    q.milli_ = milli;
  } else {
    q.floor_ = -whole - (frac != 0);
    q.nanos_ = static_cast<int32_t>(frac == 0 ? 0 : kNanosPerUnit - frac);
    q.value_ = -whole - (frac != 0);
    q.milli_ = milli == std::numeric_limits<int64_t>::max() ? std::numeric_limits<int64_t>::min()
                                                            : -milli;
  }
  q.binary_ = suffix.format == Format::kBinarySI;
  q.exponent_ = suffix.format == Format::kDecimalExponent;
  return q;
}

Quantity Quantity::FromValue(int64_t value) {
  Quantity q;
  q.value_ = value;
  q.floor_ = value;
  q.nanos_ = 0;
  constexpr int64_t kMaxMilli = std::numeric_limits<int64_t>::max() / 1000;
  q.milli_ = value > kMaxMilli    ? std::numeric_limits<int64_t>::max()
             : value < -kMaxMilli ? std::numeric_limits<int64_t>::min()
                                  : value * 1000;
  return q;
}

Quantity Quantity::FromBinaryValue(int64_t value) {
  Quantity q = FromValue(value);
  q.binary_ = true;
  return q;
}

// Quantity.CanonicalizeBytes: binary suffixes only for exact whole values of at least
// 1024 in magnitude; otherwise a decimal mantissa with an exponent that is a multiple
// of 3, spelt as an SI suffix (or "e<n>" when the input used an exponent).
std::string Quantity::ToString() const {
  if (floor_ == 0 && nanos_ == 0) return "0";
  const bool negative = floor_ < 0;
  // |value| in nanounits.
  u128 magnitude;
  if (!negative) {
    magnitude = static_cast<u128>(floor_) * kNanosPerUnit + static_cast<u128>(nanos_);
  } else {
    magnitude = static_cast<u128>(-(floor_ + 1)) * kNanosPerUnit +
                static_cast<u128>(kNanosPerUnit - nanos_);
  }
  const std::string sign = negative ? "-" : "";

  if (binary_ && nanos_ == 0 && magnitude >= static_cast<u128>(1024) * kNanosPerUnit) {
    u128 v = magnitude / kNanosPerUnit;
    int power = 0;
    while (v >= 1024 && v % 1024 == 0) {
      v /= 1024;
      ++power;
    }
    static constexpr const char* kBinary[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    return sign + U128ToString(v) + kBinary[power];
  }

  u128 mantissa = magnitude;
  int exponent = -9;
  while (mantissa % 10 == 0) {
    mantissa /= 10;
    ++exponent;
  }
  while (exponent % 3 != 0) {  // move down to the next multiple of 3
    mantissa *= 10;
    --exponent;
  }
  std::string out = sign + U128ToString(mantissa);
  if (exponent_) {
    if (exponent != 0) out += "e" + std::to_string(exponent);
    return out;
  }
  switch (exponent) {
    case -9: return out + "n";
    case -6: return out + "u";
    case -3: return out + "m";
    case 0: return out;
    case 3: return out + "k";
    case 6: return out + "M";
    case 9: return out + "G";
    case 12: return out + "T";
    case 15: return out + "P";
    default: return out + "E";  // 18: values stop at 2^63-1
  }
}

}  // namespace xnsim
