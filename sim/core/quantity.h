// Kubernetes resource quantities ("1Gi", "500G", "1.5Ti", "100m"), parsed with exact
// integer arithmetic as resource.Quantity does, for sizes, capacities and requests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/status.h"

namespace xnsim {

class Quantity {
 public:
  Quantity() = default;

  // Parses the Kubernetes quantity grammar: sign, digits, optional fraction, and a
  // suffix: binary (Ki Mi Gi Ti Pi Ei), decimal SI (n u m "" k M G T P E) or a decimal
  // exponent (e3, E6). The error message matches the API server's:
  // "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".
  static StatusOr<Quantity> Parse(std::string_view text);

  // A whole number of units (bytes for storage), printed canonically.
  static Quantity FromValue(int64_t value);

  // The value rounded up to a whole unit, as resource.Quantity.Value() does: "100m" -> 1.
  int64_t value() const { return value_; }
  // The value in thousandths, exact for anything Parse accepts that fits: "100m" -> 100.
  int64_t milli_value() const { return milli_; }

  // The canonical form Kubernetes prints: "1Gi", "1500M", "100m", "0".
  std::string ToString() const;

  friend bool operator==(const Quantity& a, const Quantity& b) { return a.milli_ == b.milli_; }
  friend auto operator<=>(const Quantity& a, const Quantity& b) { return a.milli_ <=> b.milli_; }

 private:
  int64_t value_ = 0;
  int64_t milli_ = 0;
  bool binary_ = false;  // the text used a binary suffix: canonical form prefers one
};

inline constexpr int64_t kKi = int64_t{1} << 10;
inline constexpr int64_t kMi = int64_t{1} << 20;
inline constexpr int64_t kGi = int64_t{1} << 30;
inline constexpr int64_t kTi = int64_t{1} << 40;

}  // namespace xnsim
