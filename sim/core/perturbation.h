// The seam through which schedule exploration (sim/explore) perturbs a run: the delays
// of watch deliveries, API requests and CSI calls, the order of events due at the same
// instant, and which ready key a controller's worker takes next. Components ask the
// engine (Engine::Perturb, Engine::PickReady); without a perturbation set every answer
// is the nominal one, so an unexplored run is exactly as it would be without the seam.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/core/time.h"

namespace xnsim {

// What a perturbed delay is: it names the jitter range a scenario's `explore.jitter`
// gives (watch, api, csi).
enum class DelayKind : uint8_t { kWatch, kApi, kCsi };
inline constexpr size_t kDelayKinds = 3;

class Perturbation {
 public:
  virtual ~Perturbation() = default;
  // The delay of a delivery or call of `kind` on `chain` (a stable hash naming who
  // waits: an object, a component, a driver) instead of `nominal`; never below 0.
  virtual SimDuration Delay(DelayKind kind, uint64_t chain, SimDuration nominal) = 0;
  // The tie key of an event scheduled now on `chain`: among events due at one instant,
  // the smaller key runs first (scheduling order breaks equal keys).
  virtual uint64_t TieKey(uint64_t chain) = 0;
  // Which of `n` (> 1) ready keys a controller's worker takes next; 0 is FIFO.
  virtual size_t PickReady(size_t n) = 0;
};

}  // namespace xnsim
