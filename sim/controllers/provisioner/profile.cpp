#include "sim/controllers/provisioner/profile.h"

#include <charconv>
#include <string>

namespace xnsim {
namespace {

// Parses "v6.3", "6.3", "6.3.1" into (major, minor); false for anything else.
bool ParseRelease(std::string_view text, int& major, int& minor) {
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
  return true;
}

}  // namespace

StatusOr<ProvisionerProfile> ProfileForVersion(std::string_view version) {
  ProvisionerProfile p;
  if (version.empty()) return p;
  if (!ParseRelease(version, p.major, p.minor)) {
    return InputError("invalid external-provisioner release \"" + std::string(version) + "\"");
  }
  if (p.major < 3 || (p.major == 3 && p.minor < 4)) {
    return InputError("external-provisioner " + std::string(version) +
                      " predates cross-namespace data sources (v3.4.0); xnsim models v3.4+");
  }
  auto at_least = [&](int major, int minor) {
    return p.major > major || (p.major == major && p.minor >= minor);
  };
  p.prefix_failure_events = !at_least(6, 0);
  p.slow_retry_infeasible = at_least(6, 0);
  p.snapshot_source_finalizer = at_least(6, 2);
  p.snapshot_finalizer_sweeper = at_least(6, 3);
  return p;
}

}  // namespace xnsim
