// A schedule: how one explored run perturbs the nominal one. A schedule is decided by
// (strategy, seed) and, after shrinking, by which of its perturbations it keeps; the
// same schedule always gives the same run, trace byte for byte.
//
//   random      every jittered wait draws a delay in its range, ties between events
//               due at one instant are shuffled, workers take a random ready key.
//   pct         probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) on a
//               discrete-event engine: every chain (the object a watch delivery is
//               about, the component an API request comes from, the driver a CSI call
//               goes to) gets a random priority; a chain's waits take the low end of
//               their range the higher its priority, and its events win ties. At d-1
//               change points, spread over the nominal run's event count, the chain
//               running there drops below every other. d is the depth (default 3).
//   exhaustive  the seed's bits choose, for each chain's first wait of each kind, the
//               low or the high end of its range; the explorer enumerates the seeds
//               depth first, so every combination of fast and slow chains is tried
//               once, up to a bound. Ties keep scheduling order: events at one
//               instant on different objects cannot differ in outcome, and the same
//               chain's events keep their causal order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/engine.h"
#include "sim/core/status.h"
#include "sim/explore/jitter.h"

namespace xnsim {

enum class Strategy : uint8_t { kRandom, kPct, kExhaustive };
std::string_view StrategyName(Strategy s);  // "random", "pct", "exhaustive"
StatusOr<Strategy> ParseStrategy(std::string_view name);

struct ScheduleSpec {
  Strategy strategy = Strategy::kRandom;
  uint64_t seed = 1;
  JitterSet jitter = DefaultJitter();
  int pct_depth = 3;              // pct: d, so d-1 priority change points
  uint64_t expected_events = 0;   // pct: events of the nominal run (where change points fall)
  // The perturbations kept, by index (perturbation n is the n-th jittered wait or
  // worker pick of the run); nullopt keeps all. Shrinking narrows it.
  std::optional<std::vector<uint32_t>> keep;
  bool ties = true;               // shuffled or prioritised ties kept (shrinking may drop them)

  // The flags that replay it: "--seed 7 --strategy random --keep 3,9 --no-ties".
  std::string ReplayFlags() const;
};

// "3,9,12" -> {3, 9, 12}; "none" -> {}.
StatusOr<std::vector<uint32_t>> ParseKeepList(std::string_view text);
std::string FormatKeepList(const std::vector<uint32_t>& keep);

// What a run's perturbation did, written when the run ends.
struct ScheduleStats {
  uint32_t perturbations = 0;  // jittered waits and worker picks offered (keep indices)
  uint32_t choice_points = 0;  // exhaustive: bits of the seed read
};

// The perturbation of one run; it counts what it did for shrinking and enumeration.
class SchedulePerturbation : public Perturbation {
 public:
  SchedulePerturbation(const Engine& engine, const ScheduleSpec& spec);
  ~SchedulePerturbation() override;
  void ReportTo(ScheduleStats* stats) { stats_ = stats; }

  SimDuration Delay(DelayKind kind, uint64_t chain, SimDuration nominal) final;
  uint64_t TieKey(uint64_t chain) final;
  size_t PickReady(size_t n) final;

  // Perturbations offered so far (indices for ScheduleSpec::keep).
  uint32_t perturbations() const { return next_index_; }
  // Exhaustive: the choice points the run met (bits of the seed it read).
  uint32_t choice_points() const { return choice_points_; }

 protected:
  // The strategy's answers, before masking.
  virtual SimDuration ChooseDelay(DelayKind kind, uint64_t chain, SimDuration nominal,
                                  const JitterRange& range) = 0;
  virtual uint64_t ChooseTie(uint64_t chain) = 0;
  virtual size_t ChoosePick(size_t n) = 0;

  const Engine& engine_;
  const ScheduleSpec& spec_;
  uint32_t choice_points_ = 0;

 private:
  bool Kept(uint32_t index);
  ScheduleStats* stats_ = nullptr;
  uint32_t next_index_ = 0;
  size_t keep_pos_ = 0;  // keep is sorted: indices are asked in increasing order
};

// The perturbation for `spec`, drawing from `engine`'s streams. `spec` must outlive it.
std::unique_ptr<SchedulePerturbation> MakePerturbation(const Engine& engine, const ScheduleSpec& spec);

}  // namespace xnsim
