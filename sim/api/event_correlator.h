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
// Each of the three keeps at most 4,096 keys and forgets the least recently used, so a
// source repeating itself about more objects than that creates new Events again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/engine.h"
#include "sim/core/lru_cache.h"
#include "sim/core/random.h"
#include "sim/core/token_bucket.h"

namespace xnsim {

// The fields of a new Event that the correlator's keys read (source.host is always
// empty in xnsim, and the recorder leaves reportingController/Instance empty).
// "<name>.<hex unix nanos>" in Go (makeEvent); virtual nanoseconds here.
std::string EventName(std::string_view involved_name, SimTime now);

struct EventFacts {
  std::string_view component, kind, namespace_, name, field_path, uid, api_version;
  std::string_view type, reason, message;
};

class EventCorrelator {
 public:
  static constexpr size_t kCacheEntries = 4096;     // maxLruCacheEntries
  static constexpr size_t kAggregateMaxEvents = 10;  // defaultAggregateMaxEvents
  static constexpr SimDuration kAggregateInterval = 600 * kSecond;
  static constexpr int kSpamBurst = 25;              // defaultSpamBurst
  static constexpr double kSpamQps = 1.0 / 300.0;    // defaultSpamQPS
  static constexpr std::string_view kCombinedPrefix = "(combined from similar events): ";

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
  };

  EventCorrelator(const Engine& engine, std::string_view component);
  EventCorrelator(const EventCorrelator&) = delete;
  EventCorrelator& operator=(const EventCorrelator&) = delete;

  Verdict Correlate(const EventFacts& facts);

  // client-go's UpdateState once the server took an Event: it is logged under its own
  // key with the count, first timestamp and name the server stored. For a combined
  // Event (`combined` from its verdict) its group learns the name too: xnsim may suffix
  // a new Event's name, which client-go never needs to.
  void Written(const Event& written, bool combined);

 private:
  struct AggregateRecord {
    std::vector<std::string> messages;  // distinct, at most kAggregateMaxEvents - 1 kept
    SimTime last = 0;
  };
  struct LoggedEvent {
    int32_t count = 0;
    SimTime first_timestamp = 0;
    std::string name;
  };

  // Each builds a client-go key into key_ (reused) and returns a view of it.
  std::string_view EventKey(const EventFacts& facts, std::string_view message);
  std::string_view AggregateKey(const EventFacts& facts);
  std::string_view SpamKey(const EventFacts& facts);
  // Whether the event joins its group's combined Event (EventAggregate).
  bool Aggregate(const EventFacts& facts, SimTime now);
  // sets.String.PopAny: Go takes whichever its map yields first; xnsim draws it from
  // a seeded stream.
  void DropOneMessage(std::vector<std::string>& messages);

  const Engine& engine_;
  std::string component_;
  std::string key_;
  LruCache<AggregateRecord> aggregates_{kCacheEntries};
  LruCache<LoggedEvent> logged_{kCacheEntries};
  LruCache<TokenBucket> spam_{kCacheEntries};
  std::optional<Random> pop_any_;  // made on first use: most runs never aggregate
};

}  // namespace xnsim
