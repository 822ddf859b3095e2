#include "sim/explore/schedule.h"

#include <algorithm>
#include <charconv>

namespace xnsim {

std::string_view StrategyName(Strategy s) {
  switch (s) {
    case Strategy::kRandom: return "random";
    case Strategy::kPct: return "pct";
    case Strategy::kExhaustive: return "exhaustive";
  }
  return "random";
}

StatusOr<Strategy> ParseStrategy(std::string_view name) {
  for (Strategy s : {Strategy::kRandom, Strategy::kPct, Strategy::kExhaustive}) {
    if (StrategyName(s) == name) return s;
  }
  return InputError("unknown strategy \"" + std::string(name) +
                    "\" (expected random, pct or exhaustive)");
}

StatusOr<std::vector<uint32_t>> ParseKeepList(std::string_view text) {
  std::vector<uint32_t> out;
  if (text == "none") return out;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    const std::string_view item = text.substr(pos, comma - pos);
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size()) {
      return InputError("expected a comma-separated list of perturbation numbers or \"none\", got \"" +
                        std::string(text) + "\"");
    }
    out.push_back(v);
    pos = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string FormatKeepList(const std::vector<uint32_t>& keep) {
  if (keep.empty()) return "none";
  std::string out;
  for (uint32_t k : keep) out += (out.empty() ? "" : ",") + std::to_string(k);
  return out;
}

std::string ScheduleSpec::ReplayFlags() const {
  std::string out = "--seed " + std::to_string(seed) + " --strategy " + std::string(StrategyName(strategy));
  if (strategy == Strategy::kPct && pct_depth != 3) out += " --pct-depth " + std::to_string(pct_depth);
  if (keep) out += " --keep " + FormatKeepList(*keep);
  if (!ties) out += " --no-ties";
  return out;
}

uint64_t EncodeReorderings(const std::vector<Reordering>& reorderings) {
  uint64_t seed = 0;
  for (size_t i = 0; i < reorderings.size() && i < kMaxReorderings; ++i) {
    const uint64_t field = (uint64_t{std::min(reorderings[i].index, kMaxReorderingIndex) + 1} << 8) |
                           reorderings[i].value;
    seed |= field << (24 * i);
  }
  return seed;
}

std::vector<Reordering> DecodeReorderings(uint64_t seed) {
  std::vector<Reordering> out;
  for (size_t i = 0; i < kMaxReorderings; ++i) {
    const uint64_t field = (seed >> (24 * i)) & 0xffffff;
    if ((field >> 8) == 0) continue;  // no reordering in this field
    out.push_back(Reordering{static_cast<uint32_t>((field >> 8) - 1), static_cast<uint8_t>(field & 0xff)});
  }
  std::sort(out.begin(), out.end(), [](const Reordering& a, const Reordering& b) { return a.index < b.index; });
  return out;
}

namespace {

// Two waits whose order cannot change the outcome: watch deliveries about different
// objects update different cache entries (the order their keys reach a work queue is
// explored by the worker picks).
bool Commute(const ChoicePoint& a, const ChoicePoint& b) {
  return a.kind == DelayKind::kWatch && b.kind == DelayKind::kWatch && a.chain != b.chain;
}

// The smallest step of `p`'s range that ends it after `t`, or 0 when none does.
int StepPast(const ChoicePoint& p, SimTime t) {
  const SimTime span = p.latest - p.earliest;
  if (span <= 0 || t >= p.latest) return 0;
  int step = static_cast<int>((t - p.earliest) * kReorderingSteps / span) + 1;
  while (step <= kReorderingSteps && p.earliest + span * step / kReorderingSteps <= t) ++step;
  return step <= kReorderingSteps ? step : 0;
}

}  // namespace

std::vector<uint64_t> NextReorderings(const std::vector<ChoicePoint>& choices, uint64_t seed) {
  const std::vector<Reordering> applied = DecodeReorderings(seed);
  std::vector<uint64_t> out;
  if (applied.size() >= kMaxReorderings) return out;
  const uint32_t after = applied.empty() ? 0 : applied.back().index + 1;
  const auto add = [&](uint32_t index, int value) {
    std::vector<Reordering> child = applied;
    child.push_back(Reordering{index, static_cast<uint8_t>(value)});
    out.push_back(EncodeReorderings(child));
  };
  for (const ChoicePoint& p : choices) {
    if (p.index < after || p.index > kMaxReorderingIndex) continue;
    if (p.pick) {
      for (size_t key = 1; key < p.options && key <= static_cast<size_t>(kReorderingSteps); ++key) {
        add(p.index, static_cast<int>(key));
      }
      continue;
    }
    std::vector<int> steps;
    for (const ChoicePoint& q : choices) {
      if (q.pick || q.index == p.index || q.end <= p.end || Commute(p, q)) continue;
      if (const int step = StepPast(p, q.end); step != 0) steps.push_back(step);
    }
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    for (int step : steps) add(p.index, step);
  }
  return out;
}


SchedulePerturbation::SchedulePerturbation(const Engine& engine, const ScheduleSpec& spec)
    : engine_(engine), spec_(spec) {}

SchedulePerturbation::~SchedulePerturbation() {
  if (stats_ != nullptr) *stats_ = ScheduleStats{next_index_, std::move(choices_)};
}

bool SchedulePerturbation::Kept(uint32_t index) {
  if (!spec_.keep) return true;
  const std::vector<uint32_t>& keep = *spec_.keep;
  while (keep_pos_ < keep.size() && keep[keep_pos_] < index) ++keep_pos_;
  return keep_pos_ < keep.size() && keep[keep_pos_] == index;
}

SimDuration SchedulePerturbation::Delay(DelayKind kind, uint64_t chain, SimDuration nominal) {
  const std::optional<JitterRange>& range = spec_.jitter.of(kind);
  if (!range) return nominal;
  // The strategy always decides, so that masking one perturbation leaves the draws of
  // the others where they were.
  const SimDuration chosen = ChooseDelay(kind, chain, nominal, *range);
  if (!Kept(next_index_++)) return nominal;
  return std::max<SimDuration>(chosen, 0);
}

uint64_t SchedulePerturbation::TieKey(uint64_t chain) {
  const uint64_t key = ChooseTie(chain);
  return spec_.ties ? key : 0;
}

size_t SchedulePerturbation::PickReady(size_t n) {
  const size_t pick = ChoosePick(n);
  if (!Kept(next_index_++)) return 0;
  return pick < n ? pick : 0;
}

}  // namespace xnsim
