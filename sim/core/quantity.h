// Kubernetes resource quantities ("1Gi", "500G", "1.5Ti", "100m"), parsed with exact
// integer arithmetic as resource.Quantity does, for sizes, capacities and requests.
#pragma once

#include <compare>
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

  // A whole number of units (bytes for storage), printed canonically in decimal
  // (resource.NewQuantity(value, DecimalSI)): 1000 -> "1k", 1073741824 -> "1073741824".
  static Quantity FromValue(int64_t value);
  // The same value in binary format (resource.NewQuantity(value, BinarySI)), as
  // external-provisioner builds a PV's capacity from the driver's bytes: "1Gi".
  static Quantity FromBinaryValue(int64_t value);

  // The value rounded up to a whole unit, as resource.Quantity.Value() does: "100m" -> 1.
  int64_t value() const { return value_; }
  // The value in thousandths, rounded up like Quantity.MilliValue(): "100m" -> 100.
  // Saturates at INT64_MAX/INT64_MIN past about 9.2e15 units (e.g. "10Pi").
  int64_t milli_value() const { return milli_; }

  // The canonical form Kubernetes prints: "1Gi", "1500M", "100m", "0".
  std::string ToString() const;

  // Exact comparison (to the nanounit Kubernetes rounds every quantity up to).
  friend bool operator==(const Quantity& a, const Quantity& b) {
    return a.floor_ == b.floor_ && a.nanos_ == b.nanos_;
  }
  friend auto operator<=>(const Quantity& a, const Quantity& b) {
    if (auto c = a.floor_ <=> b.floor_; c != 0) return c;
    return a.nanos_ <=> b.nanos_;
  }

 private:
  int64_t value_ = 0;
  int64_t milli_ = 0;
  // The exact value is floor_ + nanos_ / 1e9 with 0 <= nanos_ < 1e9.
  int64_t floor_ = 0;
  int32_t nanos_ = 0;
  bool binary_ = false;    // the text used a binary suffix: canonical form prefers one
  bool exponent_ = false;  // the text used an e/E exponent: canonical form keeps one ("1e3")
};

inline constexpr int64_t kKi = int64_t{1} << 10;
inline constexpr int64_t kMi = int64_t{1} << 20;
inline constexpr int64_t kGi = int64_t{1} << 30;
inline constexpr int64_t kTi = int64_t{1} << 40;

}  // namespace xnsim
