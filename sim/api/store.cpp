#include "sim/api/store.h"

namespace xnsim {

Store::Store(const Engine& engine)
    : uid_random_(engine.Stream("kube-apiserver/uid")),
      name_random_(engine.Stream("kube-apiserver/generate-name")) {
  watchers_.reserve(64);  // a cluster's processes make a few dozen watches as they start
}

std::string Store::NewUid() {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t hi = uid_random_.Next();
  uint64_t lo = uid_random_.Next();
  hi = (hi & ~uint64_t{0xf000}) | 0x4000;                        // version 4
  lo = (lo & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);    // RFC 4122 variant
  // 8-4-4-4-12 hex digits: hi gives the first three groups, lo the last two. Written
  // in place: a uid is drawn for every object created.
  std::string out(36, '-');
  char* p = out.data();
  auto put = [&p](uint64_t bits, int digits) {
    for (int i = digits - 1; i >= 0; --i) *p++ = kHex[(bits >> (i * 4)) & 0xf];
  };
  put(hi >> 32, 8);
  ++p;
  put(hi >> 16, 4);
  ++p;
  put(hi, 4);
  ++p;
  put(lo >> 48, 4);
  ++p;
  put(lo, 12);
  return out;
}

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
