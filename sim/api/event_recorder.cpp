// client-go's event recording (tools/record: makeEvent and the EventCorrelator's
// deduplicating logger), synchronous at the engine's current time.
//
// Not modelled: the correlator's aggregation of similar events ("(combined from
// similar events): ...", after 10 in 10 minutes) and its spam filter (25 events per
// object and source, then one per 5 minutes), so xnsim records every repeat; and the
// size of its caches (4,096 keys each, least recently used dropped), so beyond about
// 4,096 objects repeating at once, where the real recorder forgets a key and creates
// a new Event, xnsim still counts a repeat.
#include "sim/api/event_recorder.h"

#include <cstdio>
#include <utility>

namespace xnsim {
namespace {

constexpr std::string_view kNamespaceDefault = "default";

// The hash of getEventKey's fields (source.host is always empty here).
template <class Ref>
size_t EventKeyHash(std::string_view component, const Ref& ref, std::string_view type,
                    std::string_view reason, std::string_view message) {
  size_t h = 0;
  for (std::string_view part : {component, std::string_view(ref.kind),
                                std::string_view(ref.namespace_), std::string_view(ref.name),
                                std::string_view(ref.field_path), std::string_view(ref.uid),
                                std::string_view(ref.api_version), type, reason, message}) {
    h ^= std::hash<std::string_view>()(part) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%llx", static_cast<unsigned long long>(v));
  return buf;
}

// The stored Event counted once more at `now`, built straight into Update's argument
// (no intermediate copy to move from).
Event Repeated(const Event& stored, SimTime now) {
  Event next = stored;
  ++next.count;
  next.last_timestamp = now;
  return next;
}

}  // namespace

EventRecorder::EventRecorder(ApiServer& server, std::string component)
    : server_(server), component_(std::move(component)) {}

void EventRecorder::Record(ObjectReference involved, std::string_view type,
                           std::string_view reason, std::string_view message) {
  const size_t key = Announce(ViewOf(involved), type, reason, message);
  if (Repeat(key, ViewOf(involved), type, reason, message)) return;
  Create(key, std::move(involved), type, reason, message);
}

size_t EventRecorder::Announce(const Involved& involved, std::string_view type,
                               std::string_view reason, std::string_view message) {
  Engine& engine = server_.engine();
  // What the event says, in the trace: the API writes alone show only its name, and a
  // changed reason or message is a behaviour change golden traces must catch.
  if (engine.trace().enabled()) {
    std::string said;
    said.reserve(type.size() + reason.size() + message.size() + 3);
    said.append(type).append(" ").append(reason).append(": ").append(message);
    engine.trace().Record(engine.Now(), component_, "event",
                          ObjectLabel(involved.kind, involved.namespace_, involved.name), said);
  }
  return EventKeyHash(component_, involved, type, reason, message);
}

bool EventRecorder::Repeat(size_t key, const Involved& involved, std::string_view type,
                           std::string_view reason, std::string_view message) {
  // A repeat: count+1 and lastTimestamp on the stored Event (client-go patches it).
  auto [first, last] = by_key_.equal_range(key);
  for (auto it = first; it != last; ++it) {
    if (!SameKey(*it->second, involved, type, reason, message)) continue;
    const ObjectMeta& where = it->second->metadata;
    if (Ptr<Event> stored = server_.Get<Event>(where.namespace_, where.name)) {
      // The key's fields as this recorder wrote them, whatever the update stored.
      StatusOr<Ptr<Event>> written = server_.Update(Repeated(*stored, server_.engine().Now()));
      if (written.ok()) {
        if (SameKey(**written, involved, type, reason, message)) it->second = std::move(*written);
        return true;
      }
    }
    by_key_.erase(it);  // gone (or refused): record it afresh, as client-go does
    return false;
  }
  return false;
}

void EventRecorder::Create(size_t key, ObjectReference involved, std::string_view type,
                           std::string_view reason, std::string_view message) {
  Engine& engine = server_.engine();
  const SimTime now = engine.Now();
  Event event;
  event.metadata.namespace_ =
      involved.namespace_.empty() ? std::string(kNamespaceDefault) : involved.namespace_;
  // "<name>.<hex unix nanos>" in Go; virtual nanoseconds here. Two events for one object
  // at the same virtual instant are common, so a collision takes a counter suffix.
  const std::string base = involved.name + "." + Hex(static_cast<uint64_t>(now));
  event.metadata.name = base;
  for (int n = 2; server_.Get<Event>(event.metadata.namespace_, event.metadata.name) != nullptr;
       ++n) {
    event.metadata.name = base + "-" + std::to_string(n);
  }
  // Kept for a dropped event's record: `involved` moves into the Event.
  const std::string label = engine.trace().enabled()
                                ? ObjectLabel(involved.kind, involved.namespace_, involved.name)
                                : std::string();
  event.involved_object = std::move(involved);
  event.reason = std::string(reason);
  event.message = std::string(message);
  event.type = std::string(type);
  event.count = 1;
  event.first_timestamp = now;
  event.last_timestamp = now;
  event.source_component = component_;

  StatusOr<Ptr<Event>> created = server_.Create(std::move(event));
  if (!created.ok()) {
    // client-go logs the failure and drops the event; the trace keeps the record.
    if (engine.trace().enabled()) {
      engine.trace().Record(now, component_, "event-dropped", label, created.status().ToString());
    }
    return;
  }
  by_key_.emplace(key, std::move(*created));
}

bool EventRecorder::SameKey(const Event& e, const Involved& involved, std::string_view type,
                            std::string_view reason, std::string_view message) const {
  const ObjectReference& ref = e.involved_object;
  return e.source_component == component_ && ref.kind == involved.kind &&
         ref.namespace_ == involved.namespace_ && ref.name == involved.name &&
         ref.field_path == involved.field_path && ref.uid == involved.uid &&
         ref.api_version == involved.api_version && e.type == type && e.reason == reason &&
         e.message == message;
}

}  // namespace xnsim
