// client-go's event recording (tools/record: makeEvent and the EventCorrelator's
// deduplicating logger), synchronous at the engine's current time.
//
// Not modelled: the correlator's aggregation of similar events ("(combined from
// similar events): ...", after 10 in 10 minutes) and its spam filter (25 events per
// object and source, then one per 5 minutes), so xnsim records every repeat.
#include "sim/api/event_recorder.h"

#include <cstdio>
#include <utility>

namespace xnsim {
namespace {

constexpr std::string_view kNamespaceDefault = "default";

// getEventKey: the fields that make two events "the same" (source.host is always empty
// here).
std::string EventKey(std::string_view component, const ObjectReference& ref,
                     std::string_view type, std::string_view reason, std::string_view message) {
  std::string key;
  key.reserve(component.size() + ref.kind.size() + ref.namespace_.size() + ref.name.size() +
              ref.field_path.size() + ref.uid.size() + ref.api_version.size() + type.size() +
              reason.size() + message.size() + 10);
  for (std::string_view part : {component, std::string_view(ref.kind),
                                std::string_view(ref.namespace_), std::string_view(ref.name),
                                std::string_view(ref.field_path), std::string_view(ref.uid),
                                std::string_view(ref.api_version), type, reason, message}) {
    key += part;
    key += '\0';  // a separator no Kubernetes string contains
  }
  return key;
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

EventRecorder::EventRecorder(ApiServer& server, std::string component)
    : server_(server), component_(std::move(component)) {}

void EventRecorder::Record(const ObjectReference& involved, std::string_view type,
                           std::string_view reason, std::string_view message) {
  Engine& engine = server_.engine();
  const SimTime now = engine.Now();
  // What the event says, in the trace: the API writes alone show only its name, and a
  // changed reason or message is a behaviour change golden traces must catch.
  if (engine.trace().enabled()) {
    std::string said;
    said.reserve(type.size() + reason.size() + message.size() + 3);
    said.append(type).append(" ").append(reason).append(": ").append(message);
    engine.trace().Record(now, component_, "event",
                          ObjectLabel(involved.kind, involved.namespace_, involved.name), said);
  }
  std::string key = EventKey(component_, involved, type, reason, message);

  // A repeat: count+1 and lastTimestamp on the stored Event (client-go patches it).
  if (auto it = by_key_.find(key); it != by_key_.end()) {
    if (Ptr<Event> stored = server_.Get<Event>(it->second.ns, it->second.name)) {
      Event updated = *stored;
      ++updated.count;
      updated.last_timestamp = now;
      if (server_.Update(std::move(updated)).ok()) return;
    }
    by_key_.erase(it);  // gone (or refused): record it afresh, as client-go does
  }

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
  event.involved_object = involved;
  event.reason = std::string(reason);
  event.message = std::string(message);
  event.type = std::string(type);
  event.count = 1;
  event.first_timestamp = now;
  event.last_timestamp = now;
  event.source_component = component_;

  EventName where{event.metadata.namespace_, event.metadata.name};
  StatusOr<Ptr<Event>> created = server_.Create(std::move(event));
  if (!created.ok()) {
    // client-go logs the failure and drops the event; the trace keeps the record.
    if (engine.trace().enabled()) {
      engine.trace().Record(now, component_, "event-dropped",
                            ObjectLabel(involved.kind, involved.namespace_, involved.name),
                            created.status().ToString());
    }
    return;
  }
  by_key_.emplace(std::move(key), std::move(where));
}

}  // namespace xnsim
