// EventRecorder: records core/v1 Events about objects, as client-go's recorder does:
// a repeat of the same (object, type, reason, message, source) within the store
// updates count and lastTimestamp instead of adding an Event. Names are
// "<object>.<hex virtual nanoseconds>" like the real "<name>.<hex unix nanos>".
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/api/apiserver.h"

namespace xnsim {

class EventRecorder {
 public:
  EventRecorder(ApiServer& server, std::string component);

  // type is "Normal" or "Warning". By value: a new Event takes the reference over.
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

 private:
  // Whether `e`, an Event this recorder wrote, is the one for (involved, type, reason,
  // message): client-go's getEventKey fields (source.host is always empty here).
  bool SameKey(const Event& e, const ObjectReference& involved, std::string_view type,
               std::string_view reason, std::string_view message) const;

  ApiServer& server_;
  std::string component_;
  // The Event last written for each key, filed under the key's hash: the written object
  // holds every key field, so the map needs no copy of the (long) key itself. Looked up
  // only, never iterated.
  std::unordered_multimap<size_t, Ptr<Event>> by_key_;
};

}  // namespace xnsim
