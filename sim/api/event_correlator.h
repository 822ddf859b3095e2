// EventCorrelator: what client-go's recorder decides before it writes an Event
// (tools/record/events_cache.go, NewEventCorrelator with its defaults), in virtual time:
//  - aggregation: when one source reports a 10th distinct message with the same object,
//    type and reason, each within 10 minutes of the last, the Event written instead says
//    "(combined from similar events): <message>" and is counted under that group;
//  - the logger: an Event this source already wrote under the same key (source, object,
//    type, reason, message) is patched with count+1 and a new lastTimestamp instead of
//    created again;
//  - the spam filter: 25 Events per source and object, then one per 5 minutes; the rest
//    are dropped (the logger still counts them).
//
// It runs when the recorder's sink takes the Event from its queue (event_recorder.h),
// so its clock is the sink's: the spam filter and aggregation window read that time,
// a new Event's name and timestamps the time it was recorded.
//
// Diverges on purpose: client-go keeps at most 4,096 keys in each of the three caches
// and forgets the least recently used. xnsim forgets nothing, because past 4,096
// waiting claims the bounded caches would make every resync's repeat a new Event, and
// nothing in xnsim would then bound the Events written but the sink's queue: in a real
// cluster the API server's event TTL (1 hour, not modelled) keeps them in check.
// Remembering every key keeps the number of Events close to what a cluster keeps.
// Keys are 128-bit hashes of client-go's key strings, so the caches cost about 100
// bytes a key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/engine.h"
#include "sim/core/random.h"
#include "sim/core/token_bucket.h"

namespace xnsim {

// "<name>.<hex unix nanos>" in Go (makeEvent); virtual nanoseconds here.
std::string EventName(std::string_view involved_name, SimTime now);

// The fields of a new Event that the correlator's keys read (source.host is always
// empty in xnsim, and the recorder leaves reportingController/Instance empty), and
// when it was recorded: makeEvent's timestamp, which names a new Event.
struct EventFacts {
  std::string_view component, kind, namespace_, name, field_path, uid, api_version;
  std::string_view type, reason, message;
  SimTime recorded = 0;
};

class EventCorrelator {
 public:
  static constexpr size_t kAggregateMaxEvents = 10;  // defaultAggregateMaxEvents
  static constexpr SimDuration kAggregateInterval = 600 * kSecond;
  static constexpr int kSpamBurst = 25;              // defaultSpamBurst
  static constexpr double kSpamQps = 1.0 / 300.0;    // defaultSpamQPS
  static constexpr std::string_view kCombinedPrefix = "(combined from similar events): ";

  // A client-go key string, hashed twice (as it is and with a byte appended): two keys
  // collide with a chance of about 2^-128.
  struct Key {
    uint64_t a = 0, b = 0;
    bool operator==(const Key&) const = default;
  };

  // What to write.
  struct Verdict {
    bool skip = false;      // dropped by the spam filter: write nothing
    bool combined = false;  // write kCombinedPrefix + message
    // 1: create a new Event called `name`. More: patch the Event called `name` (count,
    // lastTimestamp, message); if it is gone, create it under that name with this
    // count and first_timestamp.
    int32_t count = 1;
    std::string name;
    SimTime first_timestamp = 0;
    SimTime last_timestamp = 0;  // the recorded time; a combined Event's: the sink's
    Key logged_as;  // the logger's key for it
  };

  EventCorrelator(const Engine& engine, std::string_view component);
  EventCorrelator(const EventCorrelator&) = delete;
  EventCorrelator& operator=(const EventCorrelator&) = delete;

  Verdict Correlate(const EventFacts& facts);

  // client-go's UpdateState once the server took the Event a verdict asked for: it is
  // logged under its own key with the count, first timestamp and name the server
  // stored. A combined Event's group learns the name too: xnsim may suffix a new
  // Event's name, which client-go never needs to.
  void Written(const Event& written, const Verdict& verdict);

 private:
  struct KeyHasher {
    size_t operator()(const Key& k) const { return static_cast<size_t>(k.a); }
  };
  template <class V>
  using Cache = std::unordered_map<Key, V, KeyHasher>;

  struct AggregateRecord {
    std::vector<Key> messages;  // distinct, at most kAggregateMaxEvents - 1 kept
    SimTime last = 0;
  };
  struct LoggedEvent {
    int32_t count = 0;
    SimTime first_timestamp = 0;
    std::string name;
  };

  // Each builds a client-go key string in key_ (reused) and returns its hash.
  Key EventKey(const EventFacts& facts, std::string_view message);
  Key AggregateKey(const EventFacts& facts);
  Key SpamKey(const EventFacts& facts);
  Key Hash(std::string_view bytes);
  // Whether the event joins its group's combined Event (EventAggregate).
  bool Aggregate(const EventFacts& facts, SimTime now);
  // sets.String.PopAny: Go takes whichever its map yields first; xnsim draws it from
  // a seeded stream.
  void DropOneMessage(std::vector<Key>& messages);

  const Engine& engine_;
  std::string component_;
  std::string key_;
  std::string salted_;  // Hash's reused buffer
  Cache<AggregateRecord> aggregates_;
  Cache<LoggedEvent> logged_;
  Cache<TokenBucket> spam_;
  std::optional<Random> pop_any_;  // made on first use: most runs never aggregate
};

}  // namespace xnsim
