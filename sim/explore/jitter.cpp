#include "sim/explore/jitter.h"

#include <charconv>
#include <cmath>

namespace xnsim {
namespace {

constexpr std::string_view kJitterKindNames[kDelayKinds] = {"watch", "api", "csi"};

bool ParsePercent(std::string s, double* out) {
  if (!s.empty() && s.back() == '%') s.pop_back();
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() && *out >= 0;
}

std::string FormatPercent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", p);
  return buf;
}

}  // namespace

SimDuration JitterRange::At(double fraction, SimDuration nominal) const {
  const double extra = lo + (hi - lo) * fraction;
  const double ns = percent ? static_cast<double>(nominal) * extra / 100.0 : extra;
  return static_cast<SimDuration>(std::llround(ns));
}

std::string JitterRange::ToString() const {
  if (percent) return FormatPercent(lo) + "-" + FormatPercent(hi);
  return FormatDuration(static_cast<SimDuration>(lo)) + "-" +
         FormatDuration(static_cast<SimDuration>(hi));
}

StatusOr<JitterRange> ParseJitterRange(std::string_view text) {
  const std::string t(text);
  const Status bad = InputError("expected a range like 0-200ms or 0-50%, got \"" + t + "\"");
  const size_t dash = t.find('-');
  if (dash == 0) return bad;
  const std::string lo = dash == std::string::npos ? "0" : t.substr(0, dash);
  const std::string hi = dash == std::string::npos ? t : t.substr(dash + 1);
  JitterRange r;
  r.percent = !t.empty() && t.back() == '%';
  if (r.percent) {
    if (!ParsePercent(lo, &r.lo) || !ParsePercent(hi, &r.hi) || r.lo > r.hi) return bad;
    return r;
  }
  StatusOr<SimDuration> l = ParseDuration(lo);
  StatusOr<SimDuration> h = ParseDuration(hi);
  if (!l.ok() || !h.ok() || *l < 0 || *l > *h) return bad;
  r.lo = static_cast<double>(*l);
  r.hi = static_cast<double>(*h);
  return r;
}

std::string JitterSet::ToString() const {
  std::string out;
  for (size_t i = 0; i < kDelayKinds; ++i) {
    if (!ranges[i]) continue;
    out += (out.empty() ? "" : ", ") + std::string(kJitterKindNames[i]) + " " + ranges[i]->ToString();
  }
  return out.empty() ? "none" : out;
}

JitterSet DefaultJitter() {
  JitterSet set;
  set.ranges[static_cast<size_t>(DelayKind::kWatch)] = JitterRange{0, 200.0 * kMillisecond, false};
  set.ranges[static_cast<size_t>(DelayKind::kApi)] = JitterRange{0, 20.0 * kMillisecond, false};
  set.ranges[static_cast<size_t>(DelayKind::kCsi)] = JitterRange{0, 50, true};
  return set;
}

StatusOr<JitterSet> JitterFromSpec(const std::map<std::string, std::string>& spec) {
  if (spec.empty()) return DefaultJitter();
  JitterSet set;
  for (const auto& [kind, text] : spec) {
    size_t i = 0;
    while (i < kDelayKinds && kJitterKindNames[i] != kind) ++i;
    if (i == kDelayKinds) return InputError("unknown jitter kind \"" + kind + "\" (expected watch, api or csi)");
    StatusOr<JitterRange> r = ParseJitterRange(text);
    if (!r.ok()) return InputError("explore.jitter." + kind + ": " + r.status().message());
    set.ranges[i] = *r;
  }
  return set;
}

}  // namespace xnsim
