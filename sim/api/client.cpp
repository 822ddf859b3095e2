// ApiClient calls: wait for a token from the client's bucket and for the request
// latency (one Sleep, so the call is always a suspension point), then run the request
// on the server at that instant.
#include "sim/api/client.h"

#include <utility>

#include "sim/api/api_errors.h"

namespace xnsim {

ApiClient::ApiClient(ApiServer& server, std::string component, ClientOptions options)
    : server_(server),
      component_(std::move(component)),
      options_(options),
      bucket_(options.qps, options.burst) {}

Sleep ApiClient::Admit() {
  Engine& engine = server_.engine();
  const SimDuration wait = bucket_.Reserve(engine.Now());
  ++stats_.requests;
  if (wait > 0) {
    ++stats_.throttled_requests;
    stats_.throttle_delay += wait;
  }
  // Under exploration the round trip is jittered; the chain is the component.
  const SimDuration latency =
      engine.perturbed() ? engine.Perturb(DelayKind::kApi, StableHash(component_), options_.latency)
                         : options_.latency;
  return Sleep(engine, wait + latency);
}

template <class T>
Task<StatusOr<Ptr<T>>> ApiClient::Create(T obj) {
  co_await Admit();
  co_return server_.CreateConsuming(obj);
}

template <class T>
Task<StatusOr<Ptr<T>>> ApiClient::Update(T obj) {
  co_await Admit();
  co_return server_.UpdateConsuming(obj);
}

template <class T>
Task<StatusOr<Ptr<T>>> ApiClient::UpdateStatus(T obj) {
  co_await Admit();
  co_return server_.UpdateStatusConsuming(obj);
}

template <class T>
Task<Status> ApiClient::Delete(std::string ns, std::string name) {
  co_await Admit();
  co_return server_.template Delete<T>(ns, name);
}

template <class T>
Task<StatusOr<Ptr<T>>> ApiClient::Get(std::string ns, std::string name) {
  co_await Admit();
  Ptr<T> obj = server_.template Get<T>(ns, name);
  if (obj == nullptr) co_return NotFoundStatus(KindOf<T>::kInfo, name);
  co_return obj;
}

template <class T>
Task<Status> ApiClient::DeleteCollection(std::string ns) {
  co_await Admit();
  co_return server_.template DeleteCollection<T>(ns);
}

template <class T>
Task<std::vector<Ptr<T>>> ApiClient::List(std::string ns) {
  co_await Admit();
  co_return server_.template List<T>(ns);
}

Task<StatusOr<Ptr<Namespace>>> ApiClient::FinalizeNamespace(Namespace obj) {
  co_await Admit();
  co_return server_.FinalizeConsuming(obj);
}

#define XNSIM_INSTANTIATE_CLIENT(T, ...)                                      \
  template Task<StatusOr<Ptr<T>>> ApiClient::Create<T>(T);                    \
  template Task<StatusOr<Ptr<T>>> ApiClient::Update<T>(T);                    \
  template Task<StatusOr<Ptr<T>>> ApiClient::UpdateStatus<T>(T);              \
  template Task<Status> ApiClient::Delete<T>(std::string, std::string);       \
  template Task<StatusOr<Ptr<T>>> ApiClient::Get<T>(std::string, std::string); \
  template Task<Status> ApiClient::DeleteCollection<T>(std::string);          \
  template Task<std::vector<Ptr<T>>> ApiClient::List<T>(std::string);
XNSIM_KINDS(XNSIM_INSTANTIATE_CLIENT)
#undef XNSIM_INSTANTIATE_CLIENT

}  // namespace xnsim
