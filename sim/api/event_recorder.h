// EventRecorder: records core/v1 Events about objects, as client-go's recorder and
// broadcaster do (tools/record): Record makes the Event at the current time and queues
// it; the recorder's sink takes the queue in order, one Event at a time, runs it
// through the EventCorrelator (event_correlator.h) and writes it through the
// component's own ApiClient, so Events spend the component's QPS like its other
// requests. A repeat of the same (object, type, reason, message, source) patches count
// and lastTimestamp of the Event already written; similar messages are combined; a
// source's spam about one object is dropped; past 1,000 queued Events new ones are
// dropped. Names are "<object>.<hex virtual nanoseconds>" like the real
// "<name>.<hex unix nanos>".
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include "sim/api/client.h"
#include "sim/api/event_correlator.h"
#include "sim/core/coro.h"

namespace xnsim {

class EventRecorder {
 public:
  // maxQueuedEvents: the broadcaster's queue to its sink, beyond which Events are dropped.
  static constexpr size_t kMaxQueued = 1000;

  // Events are written through `client`, whose component's process owns the recorder.
  EventRecorder(ApiClient& client, std::string component);
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  // type is "Normal" or "Warning".
  void Record(ObjectReference involved, std::string_view type, std::string_view reason,
              std::string_view message);

  template <class T>
  void Record(const T& obj, std::string_view type, std::string_view reason,
              std::string_view message) {
    Record(ReferenceTo(obj), type, reason, message);
  }

  template <class T>
  static ObjectReference ReferenceTo(const T& obj) {
    const KindInfo& k = KindOf<T>::kInfo;
    return ObjectReference{ApiVersionOf(k), std::string(k.kind), obj.metadata.namespace_,
                           obj.metadata.name, obj.metadata.uid,
                           std::to_string(obj.metadata.resource_version), ""};
  }

  // Events recorded and not yet taken by the sink.
  size_t queued() const { return queue_.size(); }

 private:
  // What makeEvent fixed when the Event was recorded.
  struct Recorded {
    ObjectReference involved;
    std::string type, reason, message;
    SimTime at = 0;
  };

  // The sink: takes queued Events in order until none is left.
  Task<void> Drain();
  // recordToSink for one Event: correlate, then patch or create it.
  Task<void> Write(Recorded& event);
  // The trace's record of an Event that was not written, labelled with its object.
  void TraceDropped(const ObjectReference& involved, std::string_view why);

  ApiClient& client_;
  std::string component_;
  EventCorrelator correlator_;
  std::deque<Recorded> queue_;
  bool draining_ = false;
  TaskScope sink_;  // last: its write in flight goes before the rest of the recorder
};

}  // namespace xnsim
