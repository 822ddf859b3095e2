#include "sim/controllers/kcm/pv_controller_index.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "sim/controllers/kcm/pv_controller_rules.h"

namespace xnsim::pv {

bool VolumeIndex::Store(Ptr<PersistentVolume> volume, Ptr<PersistentVolume>* replaced) {
  auto it = by_name_.find(std::string_view(volume->metadata.name));
  if (it == by_name_.end()) {
    Index(*by_name_.insert(Cached{std::move(volume)}).first->volume);
    if (replaced) *replaced = nullptr;
    return true;
  }
  Ptr<PersistentVolume>& slot = it->volume;
  if (slot->metadata.resource_version > volume->metadata.resource_version) return false;
  // The old version stays alive until it is unindexed: the index holds views of its name.
  Ptr<PersistentVolume> old = std::exchange(slot, std::move(volume));
  Unindex(*old);
  Index(*slot);
  if (replaced) *replaced = std::move(old);
  return true;
}

Ptr<PersistentVolume> VolumeIndex::Erase(std::string_view name) {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return nullptr;
  Ptr<PersistentVolume> old = std::move(it->volume);
  by_name_.erase(it);
  Unindex(*old);
  return old;
}

Ptr<PersistentVolume> VolumeIndex::Get(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->volume;
}

const std::set<std::string_view>& VolumeIndex::VolumesNaming(const ClaimKeyRef& claim) const {
  static const std::set<std::string_view> kNone;
  auto it = by_claim_.find(claim);
  return it == by_claim_.end() ? kNone : it->second;
}

void VolumeIndex::Index(const PersistentVolume& v) {
  if (v.spec.claim_ref) {
    const ClaimKeyRef claim = KeyOf(*v.spec.claim_ref);
    auto it = by_claim_.find(claim);
    if (it == by_claim_.end()) it = by_claim_.emplace(claim.str(), std::set<std::string_view>()).first;
    it->second.insert(v.metadata.name);
  } else {
    unclaimed_by_class_[std::string(VolumeClass(v))].emplace(VolumeCapacity(v), v.metadata.name);
  }
}

void VolumeIndex::Unindex(const PersistentVolume& v) {
  if (v.spec.claim_ref) {
    auto it = by_claim_.find(KeyOf(*v.spec.claim_ref));
    if (it == by_claim_.end()) return;
    it->second.erase(std::string_view(v.metadata.name));
    if (it->second.empty()) by_claim_.erase(it);
  } else {
    auto it = unclaimed_by_class_.find(std::string(VolumeClass(v)));
    if (it == unclaimed_by_class_.end()) return;
    it->second.erase({VolumeCapacity(v), v.metadata.name});
    if (it->second.empty()) unclaimed_by_class_.erase(it);
  }
}

namespace {

// The access-mode set a volume is indexed under, and how the real index orders the
// sets it tries (fewest modes first; equal sizes by their text so the order is fixed).
struct ModeSet {
  std::vector<std::string> modes;  // sorted, unique
  bool operator<(const ModeSet& o) const {
    if (modes.size() != o.modes.size()) return modes.size() < o.modes.size();
    return modes < o.modes;
  }
};
ModeSet ModesOf(const std::vector<std::string>& modes) {
  ModeSet s{modes};
  std::sort(s.modes.begin(), s.modes.end());
  s.modes.erase(std::unique(s.modes.begin(), s.modes.end()), s.modes.end());
  return s;
}

// A candidate's rank: its mode set first; in the same set a pre-bound volume wins,
// then the smaller capacity, then the name (the real order there is the lister's).
struct Rank {
  ModeSet modes;
  bool pre_bound;
  Quantity capacity;
  std::string_view name;
  bool operator<(const Rank& o) const {
    if (modes < o.modes || o.modes < modes) return modes < o.modes;
    if (pre_bound != o.pre_bound) return pre_bound;
    if (capacity != o.capacity) return capacity < o.capacity;
    return name < o.name;
  }
};

}  // namespace

Ptr<PersistentVolume> VolumeIndex::FindBestMatch(const PersistentVolumeClaim& claim, bool delay_binding) const {
  const Quantity requested = RequestedStorage(claim);
  const ModeSet wanted = ModesOf(claim.spec.access_modes);
  Ptr<PersistentVolume> best;
  std::optional<Rank> best_rank;
  auto consider = [&](const Ptr<PersistentVolume>& v, bool pre_bound) {
    if (!AccessModesContained(wanted.modes, v->spec.access_modes)) return;
    Rank r{ModesOf(v->spec.access_modes), pre_bound, VolumeCapacity(*v), v->metadata.name};
    if (!best_rank || r < *best_rank) {
      best = v;
      best_rank = std::move(r);
    }
  };
  auto usable = [&](const PersistentVolume& v) {
    return !(VolumeCapacity(v) < requested) && !VolumeModeMismatch(claim, v) &&
           !v.metadata.deletion_timestamp;
  };

  for (std::string_view name : VolumesNaming(KeyOf(claim))) {
    const Ptr<PersistentVolume>& v = by_name_.find(name)->volume;
    if (IsVolumeBoundToClaim(*v, claim) && usable(*v)) consider(v, true);
  }
  if (delay_binding) return best;

  auto cls = unclaimed_by_class_.find(std::string(ClaimClass(claim)));
  if (cls == unclaimed_by_class_.end()) return best;
  for (auto it = cls->second.lower_bound({requested, std::string()}); it != cls->second.end(); ++it) {
    const Ptr<PersistentVolume>& v = by_name_.find(std::string_view(it->second))->volume;
    if (v->status.phase != "Available" || !usable(*v)) continue;
    if (claim.spec.selector && !SelectorMatches(*claim.spec.selector, v->metadata.labels)) continue;
    consider(v, false);
    // Ascending capacity: once a volume with exactly the claim's modes is taken, no
    // later one can rank better.
    if (best_rank && best_rank->modes.modes == wanted.modes) break;
  }
  return best;
}

}  // namespace xnsim::pv
