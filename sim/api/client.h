// ApiClient: how a component talks to the API server, with client-go's QPS/burst
// token-bucket throttling and a request latency, both in virtual time. Calls are
// awaitable from a coroutine (sim/core/coro.h): `auto pvc = co_await client.Get<...>()`
// resumes when the response arrives, so a controller reads like the real one.
#pragma once

#include <coroutine>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/core/coro.h"
#include "sim/core/token_bucket.h"

namespace xnsim {

struct ClientOptions {
  double qps = 5;     // client-go default (--kube-api-qps); <= 0 disables throttling
  int burst = 10;     // client-go default (--kube-api-burst)
  SimDuration latency = 1 * kMillisecond;  // request round trip after the throttle
};

struct ClientStats {
  uint64_t requests = 0;
  uint64_t throttled_requests = 0;     // requests that waited for a token
  SimDuration throttle_delay = 0;      // total time spent waiting for tokens

  ClientStats& operator+=(const ClientStats& other) {
    requests += other.requests;
    throttled_requests += other.throttled_requests;
    throttle_delay += other.throttle_delay;
    return *this;
  }
};

class ApiClient {
 public:
  ApiClient(ApiServer& server, std::string component, ClientOptions options);

  // Each call waits for a token, then for the latency, then runs on the server.
  template <class T> Task<StatusOr<Ptr<T>>> Create(T obj);
  template <class T> Task<StatusOr<Ptr<T>>> Update(T obj);
  template <class T> Task<StatusOr<Ptr<T>>> UpdateStatus(T obj);
  template <class T> Task<Status> Delete(std::string ns, std::string name);
  // deletecollection on kind T in `ns`: one request (ApiServer::DeleteCollection).
  template <class T> Task<Status> DeleteCollection(std::string ns);
  // A live LIST of kind T in `ns`, ordered by name.
  template <class T> Task<std::vector<Ptr<T>>> List(std::string ns);
  // PUT namespaces/{name}/finalize (ApiServer::FinalizeNamespace).
  Task<StatusOr<Ptr<Namespace>>> FinalizeNamespace(Namespace obj);
  // A live GET (not from a cache): NotFound when absent.
  template <class T> Task<StatusOr<Ptr<T>>> Get(std::string ns, std::string name);
  // One request whose work the server does at its arrival, given as `request(server)`:
  // a merge patch (read and write with no conflict check), or a create whose name is
  // chosen against what is stored then. The caller keeps what `request` refers to alive.
  template <class Request>
  auto Call(Request request) -> Task<std::invoke_result_t<Request&, ApiServer&>> {
    co_await Admit();
    co_return request(server_);
  }

  const std::string& component() const { return component_; }
  const ClientStats& stats() const { return stats_; }
  ApiServer& server() { return server_; }

 private:
  // Waits for a token and the latency: the time at which the request reaches the server.
  Sleep Admit();

  ApiServer& server_;
  std::string component_;
  ClientOptions options_;
  TokenBucket bucket_;
  ClientStats stats_;
};

}  // namespace xnsim
