// client-go's event recording (tools/record: makeEvent, the EventCorrelator and
// recordToSink), synchronous at the engine's current time.
//
// Not modelled: the sink's retries of a failed write (up to 12, about 10 s apart);
// xnsim drops the Event at once and the trace keeps the record.
#include "sim/api/event_recorder.h"

#include <utility>

namespace xnsim {
namespace {

constexpr std::string_view kNamespaceDefault = "default";

std::string_view EventNamespace(std::string_view involved_namespace) {
  return involved_namespace.empty() ? kNamespaceDefault : involved_namespace;
}

std::string MessageOf(const EventCorrelator::Verdict& verdict, std::string_view message) {
  if (!verdict.combined) return std::string(message);
  std::string combined(EventCorrelator::kCombinedPrefix);
  combined.append(message);
  return combined;
}

}  // namespace

EventRecorder::EventRecorder(ApiServer& server, std::string component)
    : server_(server),
      component_(std::move(component)),
      correlator_(server.engine(), component_) {}

void EventRecorder::Record(ObjectReference involved, std::string_view type,
                           std::string_view reason, std::string_view message) {
  const EventFacts facts{component_,        involved.kind, involved.namespace_, involved.name,
                         involved.field_path, involved.uid, involved.api_version, type,
                         reason,            message};
  if (std::optional<EventCorrelator::Verdict> create = Observe(facts)) {
    Create(*create, facts, std::move(involved));
  }
}

std::optional<EventCorrelator::Verdict> EventRecorder::Observe(const EventFacts& facts) {
  Engine& engine = server_.engine();
  // What the event says, in the trace: the API writes alone show only its name, and a
  // changed reason or message is a behaviour change golden traces must catch.
  if (engine.trace().enabled()) {
    std::string said;
    said.reserve(facts.type.size() + facts.reason.size() + facts.message.size() + 3);
    said.append(facts.type).append(" ").append(facts.reason).append(": ").append(facts.message);
    engine.trace().Record(engine.Now(), component_, "event",
                          ObjectLabel(facts.kind, facts.namespace_, facts.name), said);
  }
  EventCorrelator::Verdict verdict = correlator_.Correlate(facts);
  if (verdict.skip) {
    if (engine.trace().enabled()) {
      engine.trace().Record(engine.Now(), component_, "event-spam-filtered",
                            ObjectLabel(facts.kind, facts.namespace_, facts.name),
                            "dropped by the spam filter: 25 events per object and source, "
                            "then one per 5m");
    }
    return std::nullopt;
  }
  if (verdict.count == 1) return verdict;

  // recordEvent's patch of count, lastTimestamp and message; a patch that finds no
  // Event creates it instead, under the same name and count.
  const std::string_view namespace_ = EventNamespace(facts.namespace_);
  Ptr<Event> stored = server_.Get<Event>(namespace_, verdict.name);
  if (stored == nullptr) return verdict;
  Event next = *stored;
  next.count = verdict.count;
  next.last_timestamp = engine.Now();
  next.message = MessageOf(verdict, facts.message);
  StatusOr<Ptr<Event>> written = server_.Update(std::move(next));
  if (written.ok()) {
    correlator_.Written(**written, verdict);
  } else {
    TraceDropped(facts, written.status().ToString());
  }
  return std::nullopt;
}

void EventRecorder::Create(const EventCorrelator::Verdict& verdict, const EventFacts& facts,
                           ObjectReference&& involved) {
  const SimTime now = server_.engine().Now();
  Event event;
  event.metadata.namespace_ = std::string(EventNamespace(facts.namespace_));
  event.metadata.name = verdict.name;
  // A new Event's name comes from the virtual instant, and two Events for one object at
  // the same instant are common, so a collision takes a counter suffix (in Go the unix
  // nanoseconds all but never collide). A continued Event keeps its name.
  const auto taken = [&] {
    return server_.Get<Event>(event.metadata.namespace_, event.metadata.name) != nullptr;
  };
  for (int n = 2; verdict.count == 1 && taken(); ++n) {
    event.metadata.name = verdict.name + "-" + std::to_string(n);
  }
  event.message = MessageOf(verdict, facts.message);
  event.reason = std::string(facts.reason);
  event.type = std::string(facts.type);
  event.count = verdict.count;
  event.first_timestamp = verdict.first_timestamp;
  event.last_timestamp = now;
  event.source_component = component_;
  // Kept for a dropped event's record: `involved`, which `facts` may view, moves next.
  const std::string label = server_.engine().trace().enabled()
                                ? ObjectLabel(facts.kind, facts.namespace_, facts.name)
                                : std::string();
  event.involved_object = std::move(involved);

  StatusOr<Ptr<Event>> created = server_.Create(std::move(event));
  if (!created.ok()) {
    // client-go logs the failure and drops the event (after retries xnsim does not model).
    TraceDropped(label, created.status().ToString());
    return;
  }
  correlator_.Written(**created, verdict);
}

void EventRecorder::TraceDropped(const EventFacts& facts, std::string_view why) {
  if (!server_.engine().trace().enabled()) return;
  TraceDropped(ObjectLabel(facts.kind, facts.namespace_, facts.name), why);
}

void EventRecorder::TraceDropped(std::string_view label, std::string_view why) {
  Engine& engine = server_.engine();
  if (!engine.trace().enabled()) return;
  engine.trace().Record(engine.Now(), component_, "event-dropped", label, why);
}

}  // namespace xnsim
