// kube-apiserver's --event-ttl (default 1h): every write of an Event stores it in etcd
// under a lease, and when the lease expires etcd deletes the Event and each watcher sees
// it DELETED. Events thus live about an hour after their last write, as
// `kubectl get events` shows, and a long run does not keep every Event it ever wrote.
//
// The leases are those of the apiserver's etcd3 leaseManager (storage/etcd3/
// lease_manager.go): a write reuses the last lease granted while that lease outlives
// the TTL by less than its reuse period (the smaller of 60 s and 5% of the TTL) and
// holds fewer than 1,000 objects; otherwise a lease of TTL plus the reuse period is
// granted. So an Event goes between one TTL and one TTL plus a minute after its write.
// A rewritten Event moves to the new write's lease and is kept until that one expires.
//
// Only the stored version of each Event is tracked: a rewrite or a delete lets go of
// the version it replaces, so repeated Events do not keep old versions alive.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/engine.h"

namespace xnsim {

class EventExpiry {
 public:
  // remove(e): delete the Event whose stored version is e.
  using Remove = std::function<void(const Event& e)>;

  // ttl 0: Events never expire.
  EventExpiry(Engine& engine, SimDuration ttl, Remove remove);
  ~EventExpiry();
  EventExpiry(const EventExpiry&) = delete;
  EventExpiry& operator=(const EventExpiry&) = delete;

  // The stored version of an Event changed: `replaced` (null for a create) is gone
  // from the store, `written` (null for a delete) took its place.
  void Stored(const Event* replaced, const Event* written);

  // leaseManager's defaults: reuse for at most 60 s (and 5% of the TTL), and attach at
  // most 1,000 objects to one lease.
  static constexpr SimDuration kMaxReuse = 60 * kSecond;
  static constexpr int64_t kMaxObjectsPerLease = 1000;

 private:
  struct Lease {
    EventId expiry;
    std::vector<const Event*> attached;  // in write order; null once replaced
  };
  struct Attachment {
    uint64_t lease;
    size_t index;  // in the lease's `attached`
  };
  void Attach(const Event* written);
  void Expire(uint64_t id);

  Engine& engine_;
  SimDuration ttl_;
  SimDuration reuse_;
  Remove remove_;
  // The lease last granted (leaseManager's prevLeaseID), when it expires and how many
  // writes asked for a lease since it was granted.
  uint64_t current_ = 0;
  SimTime current_expires_ = 0;
  int64_t current_writes_ = 0;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Lease> leases_;  // granted and not yet expired, by id
  // Each stored Event version's place in its lease; looked up only, never iterated.
  std::unordered_map<const Event*, Attachment> attachments_;
};

}  // namespace xnsim
