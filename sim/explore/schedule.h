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
//   exhaustive  bounded enumeration of the orderings of concurrent events. Every
//               jittered wait ends at the low end of its range, ties keep scheduling
//               order and workers take the oldest key, unless the schedule reorders:
//               a reordering moves one wait's end just past another wait's end that
//               fell inside its range (so the two happen the other way round), or has
//               a worker take another ready key. The explorer enumerates schedules
//               breadth first: the nominal one, then every single reordering the
//               nominal run offers, then pairs (the second found in the run with the
//               first applied), up to kMaxReorderings or --runs. Orders that cannot
//               differ in outcome are skipped: two watch deliveries about different
//               objects touch different cache entries and commute (the order their
//               keys reach a queue is explored by the worker picks), and moving a wait
//               past several events between the same two neighbours is one ordering.
//               The seed encodes the reorderings, so it replays without enumerating.
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

// Exhaustive: one choice the run met, a jittered wait or a worker's pick, and where
// its answer could have put it (what the explorer needs to enumerate reorderings).
struct ChoicePoint {
  uint32_t index = 0;  // perturbation number
  bool pick = false;   // a worker's pick among `options` ready keys, else a wait
  size_t options = 0;
  DelayKind kind = DelayKind::kWatch;
  uint64_t chain = 0;
  SimTime end = 0;                 // when the wait ended in this run
  SimTime earliest = 0, latest = 0;  // its end at the low and the high end of its range
};

// Exhaustive: at perturbation `index`, take `value`: a wait ends at value/255 of its
// range, a pick takes ready key `value`. At most kMaxReorderings per schedule.
struct Reordering {
  uint32_t index = 0;
  uint8_t value = 0;
  friend bool operator==(const Reordering&, const Reordering&) = default;
};
inline constexpr size_t kMaxReorderings = 2;
inline constexpr uint32_t kMaxReorderingIndex = 0xfffe;  // later choices are never reordered
inline constexpr int kReorderingSteps = 255;
// The seed of a schedule: 24 bits per reordering, by increasing index. Seed 0 is the
// unreordered schedule; a seed not made here decodes to the reorderings it spells.
uint64_t EncodeReorderings(const std::vector<Reordering>& reorderings);
std::vector<Reordering> DecodeReorderings(uint64_t seed);
// The exhaustive schedules one reordering beyond `seed`, from the choices its run met:
// each wait after its last reordering moved past each dependent wait that ended inside
// its range (once per distinct ordering), each such pick taking each other ready key.
std::vector<uint64_t> NextReorderings(const std::vector<ChoicePoint>& choices, uint64_t seed);

// What a run's perturbation did, written when the run ends.
struct ScheduleStats {
  uint32_t perturbations = 0;  // jittered waits and worker picks offered (keep indices)
  std::vector<ChoicePoint> choices;  // exhaustive: every choice met, in order
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

 protected:
  // The strategy's answers, before masking.
  virtual SimDuration ChooseDelay(DelayKind kind, uint64_t chain, SimDuration nominal,
                                  const JitterRange& range) = 0;
  virtual uint64_t ChooseTie(uint64_t chain) = 0;
  virtual size_t ChoosePick(size_t n) = 0;

  // The number of the perturbation being decided (valid inside the Choose* calls).
  uint32_t index() const { return next_index_; }
  // Exhaustive: the choices met, handed to the stats when the run ends.
  std::vector<ChoicePoint> choices_;

  const Engine& engine_;
  const ScheduleSpec& spec_;

 private:
  bool Kept(uint32_t index);
  ScheduleStats* stats_ = nullptr;
  uint32_t next_index_ = 0;
  size_t keep_pos_ = 0;  // keep is sorted: indices are asked in increasing order
};

// The perturbation for `spec`, drawing from `engine`'s streams. `spec` must outlive it.
std::unique_ptr<SchedulePerturbation> MakePerturbation(const Engine& engine, const ScheduleSpec& spec);

}  // namespace xnsim
