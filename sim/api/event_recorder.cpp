// client-go's event recording (tools/record: makeEvent, the broadcaster's queue,
// recordToSink with its EventCorrelator and recordEvent), in virtual time.
//
// recordToSink retries a write that failed in transport, up to 12 times about 10 s
// apart; xnsim's API requests never fail in transport, and an Event the server refuses
// is dropped without retry, as in client-go. The trace keeps the record.
#include "sim/api/event_recorder.h"

#include <utility>

#include "sim/api/api_errors.h"

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

EventRecorder::EventRecorder(ApiClient& client, std::string component)
    : client_(client),
      component_(std::move(component)),
      correlator_(client.server().engine(), component_) {}

void EventRecorder::Record(ObjectReference involved, std::string_view type,
                           std::string_view reason, std::string_view message) {
  Engine& engine = client_.server().engine();
  // What the event says, in the trace: the API writes alone show only its name, and a
  // changed reason or message is a behaviour change golden traces must catch.
  if (engine.trace().enabled()) {
    std::string said;
    said.reserve(type.size() + reason.size() + message.size() + 3);
    said.append(type).append(" ").append(reason).append(": ").append(message);
    engine.trace().Record(engine.Now(), component_, "event",
                          ObjectLabel(involved.kind, involved.namespace_, involved.name), said);
  }
  if (queue_.size() >= kMaxQueued) {
    TraceDropped(involved, "the recorder's queue of 1000 events is full");
    return;
  }
  queue_.push_back(Recorded{std::move(involved), std::string(type), std::string(reason),
                            std::string(message), engine.Now()});
  if (!draining_) {
    draining_ = true;
    sink_.Spawn(Drain());
  }
}

Task<void> EventRecorder::Drain() {
  while (!queue_.empty()) {
    Recorded event = std::move(queue_.front());
    queue_.pop_front();
    co_await Write(event);
  }
  draining_ = false;
}

Task<void> EventRecorder::Write(Recorded& event) {
  const ObjectReference& ref = event.involved;
  const EventFacts facts{component_,    ref.kind,     ref.namespace_, ref.name,
                         ref.field_path, ref.uid,     ref.api_version, event.type,
                         event.reason,  event.message, event.at};
  const EventCorrelator::Verdict verdict = correlator_.Correlate(facts);
  Engine& engine = client_.server().engine();
  if (verdict.skip) {
    if (engine.trace().enabled()) {
      engine.trace().Record(engine.Now(), component_, "event-spam-filtered",
                            ObjectLabel(ref.kind, ref.namespace_, ref.name),
                            "dropped by the spam filter: 25 events per object and source, "
                            "then one per 5m");
    }
    co_return;
  }
  const std::string_view namespace_ = EventNamespace(ref.namespace_);
  std::string message = MessageOf(verdict, event.message);

  // A repeat is a patch of count, lastTimestamp and message; a patch that finds no
  // Event creates it instead, under the same name and count.
  if (verdict.count > 1) {
    StatusOr<Ptr<Event>> patched =
        co_await client_.Call([&](ApiServer& server) -> StatusOr<Ptr<Event>> {
          Ptr<Event> stored = server.Get<Event>(namespace_, verdict.name);
          if (stored == nullptr) return NotFoundStatus(KindOf<Event>::kInfo, verdict.name);
          Event next = *stored;
          next.count = verdict.count;
          next.last_timestamp = verdict.last_timestamp;
          next.message = message;
          return server.Update(std::move(next));
        });
    if (patched.ok()) {
      correlator_.Written(**patched, verdict);
      co_return;
    }
    if (patched.status().code() != StatusCode::kNotFound) {
      TraceDropped(ref, patched.status().ToString());
      co_return;
    }
  }

  Event created_event;
  created_event.metadata.namespace_ = std::string(namespace_);
  created_event.message = std::move(message);
  created_event.reason = event.reason;
  created_event.type = event.type;
  created_event.count = verdict.count;
  created_event.first_timestamp = verdict.first_timestamp;
  created_event.last_timestamp = verdict.last_timestamp;
  created_event.source_component = component_;
  created_event.involved_object = ref;
  StatusOr<Ptr<Event>> created =
      co_await client_.Call([&](ApiServer& server) -> StatusOr<Ptr<Event>> {
        // A new Event's name comes from the virtual instant, and two Events for one
        // object at the same instant are common, so a collision takes a counter suffix
        // (in Go the unix nanoseconds all but never collide). A continued Event keeps
        // its name.
        created_event.metadata.name = verdict.name;
        const auto taken = [&] {
          return server.Get<Event>(created_event.metadata.namespace_,
                                   created_event.metadata.name) != nullptr;
        };
        for (int n = 2; verdict.count == 1 && taken(); ++n) {
          created_event.metadata.name = verdict.name + "-" + std::to_string(n);
        }
        return server.Create(std::move(created_event));
      });
  if (!created.ok()) {
    // recordEvent gives up on an Event the server refused.
    TraceDropped(ref, created.status().ToString());
    co_return;
  }
  correlator_.Written(**created, verdict);
}

void EventRecorder::TraceDropped(const ObjectReference& involved, std::string_view why) {
  Engine& engine = client_.server().engine();
  if (!engine.trace().enabled()) return;
  engine.trace().Record(engine.Now(), component_, "event-dropped",
                        ObjectLabel(involved.kind, involved.namespace_, involved.name), why);
}

}  // namespace xnsim
