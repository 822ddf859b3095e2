// Virtual time: integer nanoseconds since the simulation started, and the Go-style
// duration syntax ("1m30s", "500ms") that scenarios and provisioner flags use.
//
// Nothing in sim/ reads a wall clock; every timestamp an object carries is virtual
// time rendered against a fixed epoch, so two runs print the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/status.h"

namespace xnsim {

using SimTime = int64_t;      // nanoseconds since the start of the run
using SimDuration = int64_t;  // nanoseconds

inline constexpr SimDuration kNanosecond = 1;
inline constexpr SimDuration kMicrosecond = 1000 * kNanosecond;
inline constexpr SimDuration kMillisecond = 1000 * kMicrosecond;
inline constexpr SimDuration kSecond = 1000 * kMillisecond;
inline constexpr SimDuration kMinute = 60 * kSecond;
inline constexpr SimDuration kHour = 60 * kMinute;

// Parses a Go duration (time.ParseDuration): an optional sign, then one or more
// decimal numbers with a unit each (ns, us, µs, ms, s, m, h), e.g. "2m30s", "1.5h",
// "0". Integer arithmetic, except that a fraction goes through float64 exactly as Go
// computes it, so every input gives Go's value to the nanosecond. Errors carry Go's
// texts: `time: invalid duration "x"`, `time: missing unit in duration "1"`,
// `time: unknown unit "x" in duration "1x"`.
StatusOr<SimDuration> ParseDuration(std::string_view text);

// Formats like Go's time.Duration.String(): "1m30s", "500ms", "0s", "1h0m0s".
std::string FormatDuration(SimDuration d);

// The instant that virtual time zero stands for when objects print timestamps.
inline constexpr int64_t kEpochUnixSeconds = 1767225600;  // 2026-01-01T00:00:00Z

// RFC 3339 with seconds, as Kubernetes prints metav1.Time: "2026-01-01T00:01:30Z".
std::string FormatTimestamp(SimTime t);

// Inverse of FormatTimestamp; accepts fractional seconds ("...T00:00:01.5Z").
StatusOr<SimTime> ParseTimestamp(std::string_view text);

}  // namespace xnsim
