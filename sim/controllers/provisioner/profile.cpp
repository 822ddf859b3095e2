#include "sim/controllers/provisioner/profile.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string>
#include <tuple>
#include <utility>

namespace xnsim {
namespace {

// The release lines with a CHANGELOG/CHANGELOG-<major>.<minor>.md from v3.4 (the first
// with cross-namespace data sources) on; VERSIONS.md says what each one changes.
constexpr std::pair<int, int> kKnownReleaseLines[] = {
    {3, 4}, {3, 5}, {3, 6}, {4, 0}, {5, 0}, {5, 1}, {5, 2},
    {5, 3}, {6, 0}, {6, 1}, {6, 2}, {6, 3}, {6, 4}};

// Parses "v6.3", "6.3", "6.3.1" into (major, minor, patch); false for anything else.
bool ParseRelease(std::string_view text, int& major, int& minor, int& patch) {
  if (!text.empty() && text.front() == 'v') text.remove_prefix(1);
  int parts[3] = {0, 0, 0};
  int n = 0;
  while (n < 3) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, parts[n]);
    if (ec != std::errc() || ptr == text.data()) return false;
    ++n;
    text.remove_prefix(static_cast<size_t>(ptr - text.data()));
    if (text.empty()) break;
    if (text.front() != '.') return false;
    text.remove_prefix(1);
  }
  if (!text.empty() || n < 2) return false;
  major = parts[0];
  minor = parts[1];
  patch = parts[2];
  return true;
}

}  // namespace

std::string KnownProvisionerReleases() {
  std::string out;
  for (const auto& [major, minor] : kKnownReleaseLines) {
    out += (out.empty() ? "v" : ", v") + std::to_string(major) + "." + std::to_string(minor);
  }
  return out;
}

StatusOr<ProvisionerProfile> ProfileForVersion(std::string_view version) {
  ProvisionerProfile p;
  if (version.empty()) return p;
  if (!ParseRelease(version, p.major, p.minor, p.patch)) {
    return InputError("invalid external-provisioner release \"" + std::string(version) +
                      "\" (expected vMAJOR.MINOR or vMAJOR.MINOR.PATCH, e.g. v6.3.0)");
  }
  if (p.major < 3 || (p.major == 3 && p.minor < 4)) {
    return InputError("external-provisioner " + std::string(version) +
                      " predates cross-namespace data sources (v3.4.0); xnsim models v3.4+ "
                      "(known release lines: " + KnownProvisionerReleases() + ")");
  }
  const std::pair<int, int> line{p.major, p.minor};
  if (std::find(std::begin(kKnownReleaseLines), std::end(kKnownReleaseLines), line) ==
      std::end(kKnownReleaseLines)) {
    return InputError("unknown external-provisioner release " + std::string(version) +
                      " (known release lines: " + KnownProvisionerReleases() + ")");
  }
  auto at_least = [&](int major, int minor, int patch) {
    return std::tie(p.major, p.minor, p.patch) >= std::tie(major, minor, patch);
  };
  auto is_line_from = [&](int major, int minor, int patch) {
    return p.major == major && p.minor == minor && p.patch >= patch;
  };
  p.prevent_volume_mode_conversion = at_least(4, 0, 0);
  p.prefix_failure_events = !at_least(6, 0, 0);
  p.slow_retry_infeasible = at_least(6, 0, 0);
  p.snapshot_source_finalizer =
      at_least(6, 2, 0) || is_line_from(6, 1, 1) || is_line_from(6, 0, 1);
  p.snapshot_finalizer_sweeper = at_least(6, 3, 0) || is_line_from(6, 2, 1);
  return p;
}

}  // namespace xnsim
