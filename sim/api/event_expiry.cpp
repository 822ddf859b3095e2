#include "sim/api/event_expiry.h"

#include <algorithm>
#include <utility>

namespace xnsim {

EventExpiry::EventExpiry(Engine& engine, SimDuration ttl, Remove remove)
    : engine_(engine), ttl_(ttl), reuse_(std::min(kMaxReuse, ttl / 20)), remove_(std::move(remove)) {}

EventExpiry::~EventExpiry() {
  for (const auto& [id, lease] : leases_) engine_.Cancel(lease.expiry);
}

void EventExpiry::Stored(const Event* replaced, const Event* written) {
  if (ttl_ <= 0) return;
  if (replaced != nullptr) {
    if (auto it = attachments_.find(replaced); it != attachments_.end()) {
      leases_.at(it->second.lease).attached[it->second.index] = nullptr;
      attachments_.erase(it);
    }
  }
  if (written != nullptr) Attach(written);
}

void EventExpiry::Attach(const Event* written) {
  const SimTime now = engine_.Now();
  // GetLease: the last lease serves while it still outlives the TTL (valid), by no more
  // than the reuse period (sufficient), and has room; every write counts. Go compares
  // "after" strictly, but its clock has moved on by the next write; in virtual time
  // writes share the instant of the grant, and they share its lease.
  const bool valid = now + ttl_ < current_expires_;
  const bool sufficient = now + ttl_ + reuse_ >= current_expires_;
  ++current_writes_;
  if (!(current_ != 0 && valid && sufficient && current_writes_ <= kMaxObjectsPerLease)) {
    current_ = next_id_++;
    current_expires_ = now + ttl_ + reuse_;
    current_writes_ = 1;
    const uint64_t id = current_;
    // Periodic: an expiry ahead does not keep `settle` waiting, as no work is pending.
    leases_[id].expiry = engine_.ScheduleAt(current_expires_, [this, id] { Expire(id); },
                                            EventClass::kPeriodic);
  }
  std::vector<const Event*>& attached = leases_[current_].attached;
  attachments_[written] = Attachment{current_, attached.size()};
  attached.push_back(written);
}

void EventExpiry::Expire(uint64_t id) {
  auto it = leases_.find(id);
  if (it == leases_.end()) return;
  const std::vector<const Event*> attached = std::move(it->second.attached);
  leases_.erase(it);
  for (const Event* e : attached) {
    if (e == nullptr) continue;
    attachments_.erase(e);
    remove_(*e);  // deletes it from the store: it must not be read after this
  }
}

}  // namespace xnsim
