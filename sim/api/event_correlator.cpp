#include "sim/api/event_correlator.h"

#include <algorithm>
#include <cstdio>

namespace xnsim {
namespace {

// client-go joins a key's fields with no separator; so does xnsim, so that two keys
// are equal exactly when they are in client-go.
void JoinKeyFields(std::string& out, std::initializer_list<std::string_view> parts) {
  out.clear();
  for (std::string_view part : parts) out.append(part);
}

}  // namespace

std::string EventName(std::string_view involved_name, SimTime now) {
  char hex[24];
  std::snprintf(hex, sizeof(hex), ".%llx", static_cast<unsigned long long>(now));
  std::string name(involved_name);
  name.append(hex);
  return name;
}

EventCorrelator::EventCorrelator(const Engine& engine, std::string_view component)
    : engine_(engine), component_(component) {}

// getEventKey: source, involvedObject (with fieldPath), type, reason, message.
std::string_view EventCorrelator::EventKey(const EventFacts& f, std::string_view message) {
  JoinKeyFields(key_, {f.component, /*source.host*/ "", f.kind, f.namespace_, f.name,
                       f.field_path, f.uid, f.api_version, f.type, f.reason, message});
  return key_;
}

// EventAggregatorByReasonFunc: the same without fieldPath and message, with
// reportingController and reportingInstance (both empty in the Events xnsim writes).
std::string_view EventCorrelator::AggregateKey(const EventFacts& f) {
  JoinKeyFields(key_, {f.component, "", f.kind, f.namespace_, f.name, f.uid, f.api_version,
                       f.type, f.reason, "", ""});
  return key_;
}

// getSpamKey: source and involvedObject only.
std::string_view EventCorrelator::SpamKey(const EventFacts& f) {
  JoinKeyFields(key_, {f.component, "", f.kind, f.namespace_, f.name, f.uid, f.api_version});
  return key_;
}

bool EventCorrelator::Aggregate(const EventFacts& facts, SimTime now) {
  AggregateRecord* record = aggregates_.Get(AggregateKey(facts));
  // A group not seen for more than the interval starts afresh.
  if (record == nullptr) {
    record = &aggregates_.Put(key_, AggregateRecord{});
  } else if (now - record->last > kAggregateInterval) {
    *record = AggregateRecord{};
  }
  std::vector<std::string>& messages = record->messages;
  if (std::find(messages.begin(), messages.end(), facts.message) == messages.end()) {
    messages.emplace_back(facts.message);
  }
  record->last = now;
  if (messages.size() < kAggregateMaxEvents) return false;
  DropOneMessage(messages);  // the set never grows past the threshold
  return true;
}

void EventCorrelator::DropOneMessage(std::vector<std::string>& messages) {
  if (!pop_any_) pop_any_.emplace(engine_.Stream("events/" + component_ + "/aggregate"));
  messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(pop_any_->Below(messages.size())));
}

EventCorrelator::Verdict EventCorrelator::Correlate(const EventFacts& facts) {
  const SimTime now = engine_.Now();
  Verdict verdict;
  verdict.combined = Aggregate(facts, now);
  verdict.first_timestamp = now;

  // eventObserve: a combined Event is logged under its group's key, any other under its
  // own; a hit continues the logged Event.
  if (!verdict.combined) EventKey(facts, facts.message);  // else key_ holds the group's key
  if (LoggedEvent* last = logged_.Get(key_); last != nullptr && last->count > 0) {
    verdict.count = last->count + 1;
    verdict.name = last->name;
    verdict.first_timestamp = last->first_timestamp;
    last->count = verdict.count;
  } else {
    verdict.name = EventName(facts.name, now);
    logged_.Put(key_, LoggedEvent{1, now, verdict.name});
  }

  // The spam filter sees every event the logger counted, passed or not.
  TokenBucket* bucket = spam_.Get(SpamKey(facts));
  if (bucket == nullptr) bucket = &spam_.Put(key_, TokenBucket(kSpamQps, kSpamBurst));
  verdict.skip = !bucket->TryTake(now);
  return verdict;
}

void EventCorrelator::Written(const Event& written, bool combined) {
  const ObjectReference& ref = written.involved_object;
  const EventFacts as_written{written.source_component, ref.kind, ref.namespace_, ref.name,
                              ref.field_path, ref.uid, ref.api_version, written.type,
                              written.reason, written.message};
  const LoggedEvent log{written.count,
                        written.first_timestamp.value_or(engine_.Now()), written.metadata.name};
  logged_.Put(EventKey(as_written, written.message), log);
  if (combined) {
    if (LoggedEvent* group = logged_.Get(AggregateKey(as_written))) group->name = log.name;
  }
}

}  // namespace xnsim
