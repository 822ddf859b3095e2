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

SchedulePerturbation::SchedulePerturbation(const Engine& engine, const ScheduleSpec& spec)
    : engine_(engine), spec_(spec) {}

SchedulePerturbation::~SchedulePerturbation() {
  if (stats_ != nullptr) *stats_ = ScheduleStats{next_index_, choice_points_};
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
