// The three strategies' answers (schedule.h describes them).
#include <algorithm>
#include <unordered_map>
#include <vector>

#include "sim/core/random.h"
#include "sim/explore/schedule.h"

namespace xnsim {
namespace {

class RandomSchedule final : public SchedulePerturbation {
 public:
  RandomSchedule(const Engine& engine, const ScheduleSpec& spec)
      : SchedulePerturbation(engine, spec),
        delays_(engine.Stream("explore/delay")),
        ties_(engine.Stream("explore/tie")),
        picks_(engine.Stream("explore/pick")) {}

 protected:
  SimDuration ChooseDelay(DelayKind, uint64_t, SimDuration nominal, const JitterRange& range) override {
    return nominal + range.At(delays_.Unit(), nominal);
  }
  uint64_t ChooseTie(uint64_t) override { return ties_.Next(); }
  size_t ChoosePick(size_t n) override { return static_cast<size_t>(picks_.Below(n)); }

 private:
  Random delays_, ties_, picks_;
};

class PctSchedule final : public SchedulePerturbation {
 public:
  PctSchedule(const Engine& engine, const ScheduleSpec& spec)
      : SchedulePerturbation(engine, spec), priorities_(engine.Stream("explore/pct")) {
    const int depth = std::max(spec.pct_depth, 1);
    const uint64_t k = std::max<uint64_t>(spec.expected_events, 1);
    Random points = engine.Stream("explore/pct-change-points");
    for (int i = 1; i < depth; ++i) change_points_.push_back(1 + points.Below(k));
    std::sort(change_points_.begin(), change_points_.end());
    depth_ = static_cast<uint64_t>(depth);
  }

 protected:
  SimDuration ChooseDelay(DelayKind, uint64_t chain, SimDuration nominal, const JitterRange& range) override {
    // The higher the chain's priority, the sooner its waits end.
    const double p = static_cast<double>(Priority(chain)) / static_cast<double>(kTop);
    return nominal + range.At(1.0 - std::min(p, 1.0), nominal);
  }
  uint64_t ChooseTie(uint64_t chain) override { return kTop - Priority(chain); }
  size_t ChoosePick(size_t) override { return 0; }

 private:
  static constexpr uint64_t kTop = uint64_t{1} << 40;

  uint64_t Priority(uint64_t chain) {
    // A change point passed since the last decision: the chain deciding now is the one
    // running there; it drops to priority i, below every initial priority (>= d).
    while (next_change_ < change_points_.size() && engine_.events_run() >= change_points_[next_change_]) {
      ++next_change_;
      priority_[chain] = next_change_;
    }
    auto it = priority_.find(chain);
    if (it != priority_.end()) return it->second;
    const uint64_t p = depth_ + priorities_.Below(kTop - depth_);
    priority_.emplace(chain, p);
    return p;
  }

  Random priorities_;
  std::vector<uint64_t> change_points_;  // event counts, ascending
  size_t next_change_ = 0;
  uint64_t depth_ = 3;
  std::unordered_map<uint64_t, uint64_t> priority_;  // looked up only
};

class ExhaustiveSchedule final : public SchedulePerturbation {
 public:
  ExhaustiveSchedule(const Engine& engine, const ScheduleSpec& spec)
      : SchedulePerturbation(engine, spec), reorderings_(DecodeReorderings(spec.seed)) {}

 protected:
  SimDuration ChooseDelay(DelayKind kind, uint64_t chain, SimDuration nominal, const JitterRange& range) override {
    const int value = Value();
    const SimDuration extra = range.At(static_cast<double>(value) / kReorderingSteps, nominal);
    const SimTime now = engine_.Now();
    choices_.push_back(ChoicePoint{index(), false, 0, kind, chain, now + nominal + extra,
                                   now + nominal + range.At(0.0, nominal),
                                   now + nominal + range.At(1.0, nominal)});
    return nominal + extra;
  }
  uint64_t ChooseTie(uint64_t) override { return 0; }
  size_t ChoosePick(size_t n) override {
    choices_.push_back(ChoicePoint{index(), true, n, DelayKind::kWatch, 0, 0, 0, 0});
    return static_cast<size_t>(Value());
  }

 private:
  // The reordering's value at this choice, 0 (low end, oldest key) without one.
  int Value() {
    while (next_ < reorderings_.size() && reorderings_[next_].index < index()) ++next_;
    return next_ < reorderings_.size() && reorderings_[next_].index == index() ? reorderings_[next_].value : 0;
  }

  std::vector<Reordering> reorderings_;  // by increasing index
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<SchedulePerturbation> MakePerturbation(const Engine& engine, const ScheduleSpec& spec) {
  switch (spec.strategy) {
    case Strategy::kRandom: return std::make_unique<RandomSchedule>(engine, spec);
    case Strategy::kPct: return std::make_unique<PctSchedule>(engine, spec);
    case Strategy::kExhaustive: return std::make_unique<ExhaustiveSchedule>(engine, spec);
  }
  return nullptr;
}

}  // namespace xnsim
