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

  // The reference to obj is built only for a new Event: a repeat (the common case of a
  // resynced claim's ExternalProvisioning) is matched on views of obj's own fields.
  template <class T>
  void Record(const T& obj, std::string_view type, std::string_view reason,
              std::string_view message) {
    const KindInfo& k = KindOf<T>::kInfo;
    const std::string api_version = ApiVersionOf(k);
    const Involved involved{api_version, k.kind, obj.metadata.namespace_, obj.metadata.name,
                            obj.metadata.uid, {}};
    const size_t key = Announce(involved, type, reason, message);
    if (Repeat(key, involved, type, reason, message)) return;
    Create(key, ReferenceTo(obj), type, reason, message);
  }

  template <class T>
  static ObjectReference ReferenceTo(const T& obj) {
    const KindInfo& k = KindOf<T>::kInfo;
    return ObjectReference{ApiVersionOf(k), std::string(k.kind), obj.metadata.namespace_,
                           obj.metadata.name, obj.metadata.uid,
                           std::to_string(obj.metadata.resource_version), ""};
  }

 private:
  // The involved object's fields of client-go's getEventKey, as views.
  struct Involved {
    std::string_view api_version, kind, namespace_, name, uid, field_path;
  };
  static Involved ViewOf(const ObjectReference& ref) {
    return {ref.api_version, ref.kind, ref.namespace_, ref.name, ref.uid, ref.field_path};
  }
  // Traces what the event says; returns its key's hash.
  size_t Announce(const Involved& involved, std::string_view type, std::string_view reason,
                  std::string_view message);
  // A repeat of an Event this recorder wrote: count+1 and lastTimestamp on it. False when
  // there is none (or it is gone), so the caller creates one.
  bool Repeat(size_t key, const Involved& involved, std::string_view type,
              std::string_view reason, std::string_view message);
  void Create(size_t key, ObjectReference involved, std::string_view type,
              std::string_view reason, std::string_view message);
  // Whether `e`, an Event this recorder wrote, is the one for (involved, type, reason,
  // message): client-go's getEventKey fields (source.host is always empty here).
  bool SameKey(const Event& e, const Involved& involved, std::string_view type,
               std::string_view reason, std::string_view message) const;

  ApiServer& server_;
  std::string component_;
  // The Event last written for each key, filed under the key's hash: the written object
  // holds every key field, so the map needs no copy of the (long) key itself. Looked up
  // only, never iterated.
  std::unordered_multimap<size_t, Ptr<Event>> by_key_;
};

}  // namespace xnsim
