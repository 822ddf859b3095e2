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

// The second half hashes the bytes with one more appended, which std::hash mixes into
// every bit: a fast second opinion (FNV-1a, a byte at a time, cost 10% of a provision).
EventCorrelator::Key EventCorrelator::Hash(std::string_view bytes) {
  std::hash<std::string_view> hash;
  salted_.assign(bytes).push_back('\x1f');
  return Key{hash(bytes), hash(salted_)};
}

// getEventKey: source, involvedObject (with fieldPath), type, reason, message.
EventCorrelator::Key EventCorrelator::EventKey(const EventFacts& f, std::string_view message) {
  JoinKeyFields(key_, {f.component, /*source.host*/ "", f.kind, f.namespace_, f.name,
                       f.field_path, f.uid, f.api_version, f.type, f.reason, message});
  return Hash(key_);
}

// EventAggregatorByReasonFunc: the same without fieldPath and message, with
// reportingController and reportingInstance (both empty in the Events xnsim writes).
EventCorrelator::Key EventCorrelator::AggregateKey(const EventFacts& f) {
  JoinKeyFields(key_, {f.component, "", f.kind, f.namespace_, f.name, f.uid, f.api_version,
                       f.type, f.reason, "", ""});
  return Hash(key_);
}

// getSpamKey: source and involvedObject only.
EventCorrelator::Key EventCorrelator::SpamKey(const EventFacts& f) {
  JoinKeyFields(key_, {f.component, "", f.kind, f.namespace_, f.name, f.uid, f.api_version});
  return Hash(key_);
}

bool EventCorrelator::Aggregate(const EventFacts& facts, SimTime now) {
  auto [it, added] = aggregates_.try_emplace(AggregateKey(facts));
  AggregateRecord& record = it->second;
  // A group not seen for more than the interval starts afresh.
  if (!added && now - record.last > kAggregateInterval) record = AggregateRecord{};
  std::vector<Key>& messages = record.messages;
  const Key message = Hash(facts.message);
  if (std::find(messages.begin(), messages.end(), message) == messages.end()) {
    messages.push_back(message);
  }
  record.last = now;
  if (messages.size() < kAggregateMaxEvents) return false;
  DropOneMessage(messages);  // the set never grows past the threshold
  return true;
}

void EventCorrelator::DropOneMessage(std::vector<Key>& messages) {
  if (!pop_any_) pop_any_.emplace(engine_.Stream("events/" + component_ + "/aggregate"));
  messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(pop_any_->Below(messages.size())));
}

EventCorrelator::Verdict EventCorrelator::Correlate(const EventFacts& facts) {
  const SimTime now = engine_.Now();
  Verdict verdict;
  verdict.combined = Aggregate(facts, now);
  // EventAggregate makes the combined Event at its own clock; any other keeps makeEvent's.
  const SimTime stamp = verdict.combined ? now : facts.recorded;
  verdict.first_timestamp = stamp;
  verdict.last_timestamp = stamp;

  // eventObserve: a combined Event is logged under its group's key, any other under its
  // own; a hit continues the logged Event.
  verdict.logged_as = verdict.combined ? AggregateKey(facts) : EventKey(facts, facts.message);
  auto [logged, added] = logged_.try_emplace(verdict.logged_as);
  LoggedEvent& last = logged->second;
  if (!added && last.count > 0) {
    verdict.count = last.count + 1;
    verdict.name = last.name;
    verdict.first_timestamp = last.first_timestamp;
    last.count = verdict.count;
  } else {
    verdict.name = EventName(facts.name, stamp);
    last = LoggedEvent{1, stamp, verdict.name};
  }

  // The spam filter sees every event the logger counted, passed or not.
  auto bucket = spam_.try_emplace(SpamKey(facts), kSpamQps, kSpamBurst).first;
  verdict.skip = !bucket->second.TryTake(now);
  return verdict;
}

void EventCorrelator::Written(const Event& written, const Verdict& verdict) {
  const LoggedEvent log{written.count, written.first_timestamp.value_or(engine_.Now()),
                        written.metadata.name};
  // An Event written as asked is logged under the key Correlate used: its own.
  logged_.insert_or_assign(verdict.logged_as, log);
  if (!verdict.combined) return;
  // A combined Event's own key holds the combined message.
  const ObjectReference& ref = written.involved_object;
  const EventFacts as_written{written.source_component, ref.kind, ref.namespace_, ref.name,
                              ref.field_path, ref.uid, ref.api_version, written.type,
                              written.reason, written.message};
  logged_.insert_or_assign(EventKey(as_written, written.message), log);
}

}  // namespace xnsim
