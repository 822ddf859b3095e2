#include "sim/api/store.h"

namespace xnsim {

Store::Store(const Engine& engine)
    : uid_random_(engine.Stream("kube-apiserver/uid")),
      name_random_(engine.Stream("kube-apiserver/generate-name")) {
  watchers_.reserve(64);  // a cluster's processes make a few dozen watches as they start
}

std::string Store::NewUid() { return NewUuid(uid_random_); }

std::string Store::RandomNameSuffix() {
  // k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable characters.
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out(5, ' ');
  for (char& c : out) c = kAlphabet[name_random_.Below(kAlphabet.size())];
  return out;
}

void Store::RemoveWatcher(Engine& engine, int id) {
  if (id < 1 || static_cast<size_t>(id) > watchers_.size()) return;
  std::shared_ptr<WatcherBase>& w = watchers_[static_cast<size_t>(id) - 1];
  if (w == nullptr) return;
  w->Stop(engine);
  w.reset();
}

}  // namespace xnsim
