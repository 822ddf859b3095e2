// The jitter ranges of a scenario's `explore.jitter` (scenario-format.md "Exploring
// races"): per kind of wait (watch delivery, API request, CSI call) a range added to
// the nominal delay, either absolute ("0-200ms") or a share of the nominal ("0-50%").
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/perturbation.h"
#include "sim/core/status.h"
#include "sim/core/time.h"

namespace xnsim {

struct JitterRange {
  double lo = 0, hi = 0;  // nanoseconds, or percent of the nominal when `percent`
  bool percent = false;
  // The extra delay at `fraction` (0..1) of the range, for a wait of `nominal`.
  SimDuration At(double fraction, SimDuration nominal) const;
  std::string ToString() const;
};

// "0-200ms", "200ms" (= 0-200ms), "0-50%", "50%".
StatusOr<JitterRange> ParseJitterRange(std::string_view text);

// One optional range per DelayKind; a kind without one is never jittered.
struct JitterSet {
  std::array<std::optional<JitterRange>, kDelayKinds> ranges;
  const std::optional<JitterRange>& of(DelayKind k) const { return ranges[static_cast<size_t>(k)]; }
  std::string ToString() const;  // "watch 0-200ms, api 0-20ms, csi 0-50%"
};

// What a scenario without `explore.jitter` gets: the example of scenario-format.md.
JitterSet DefaultJitter();
// The scenario's ranges (keys watch, api, csi), or the defaults when it gives none.
StatusOr<JitterSet> JitterFromSpec(const std::map<std::string, std::string>& spec);

}  // namespace xnsim
