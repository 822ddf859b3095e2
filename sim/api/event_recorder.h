// EventRecorder: records core/v1 Events about objects, as client-go's recorder does,
// through its EventCorrelator (event_correlator.h): a repeat of the same (object,
// type, reason, message, source) patches count and lastTimestamp of the Event already
// written; similar messages are combined; a source's spam about one object is dropped.
// Names are "<object>.<hex virtual nanoseconds>" like the real "<name>.<hex unix nanos>".
// Synchronous at the engine's current time (client-go writes from a goroutine).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/api/apiserver.h"
#include "sim/api/event_correlator.h"

namespace xnsim {

class EventRecorder {
 public:
  EventRecorder(ApiServer& server, std::string component);

  // type is "Normal" or "Warning". By value: a new Event takes the reference over.
  void Record(ObjectReference involved, std::string_view type, std::string_view reason,
              std::string_view message);

  // The reference to obj is built only for a new Event: a repeat (the common case of a
  // resynced claim's ExternalProvisioning) is correlated on views of obj's own fields.
  template <class T>
  void Record(const T& obj, std::string_view type, std::string_view reason,
              std::string_view message) {
    const KindInfo& k = KindOf<T>::kInfo;
    const std::string api_version = ApiVersionOf(k);
    const EventFacts facts{component_,         k.kind,           obj.metadata.namespace_,
                           obj.metadata.name,  {},               obj.metadata.uid,
                           api_version,        type,             reason,
                           message};
    if (std::optional<EventCorrelator::Verdict> create = Observe(facts)) {
      Create(*create, facts, ReferenceTo(obj));
    }
  }

  template <class T>
  static ObjectReference ReferenceTo(const T& obj) {
    const KindInfo& k = KindOf<T>::kInfo;
    return ObjectReference{ApiVersionOf(k), std::string(k.kind), obj.metadata.namespace_,
                           obj.metadata.name, obj.metadata.uid,
                           std::to_string(obj.metadata.resource_version), ""};
  }

 private:
  // Traces what the event says and correlates it; patches the Event a repeat continues.
  // Returns the verdict when an Event is to be created, nothing when it is done (patched,
  // filtered or dropped).
  std::optional<EventCorrelator::Verdict> Observe(const EventFacts& facts);
  // `facts` views may point into `involved`, which moves into the new Event: read first.
  void Create(const EventCorrelator::Verdict& verdict, const EventFacts& facts,
              ObjectReference&& involved);
  // The trace's record of an Event the server refused, labelled with its object.
  void TraceDropped(const EventFacts& facts, std::string_view why);
  void TraceDropped(std::string_view label, std::string_view why);

  ApiServer& server_;
  std::string component_;
  EventCorrelator correlator_;
};

}  // namespace xnsim
