// The byte order of object names and namespaces (std::string_view's order), compared
// eight bytes at a time inline. Ordered maps of names compare at every level of the
// tree; names of one kind share long prefixes ("pvc-", "restore-"), and a memcmp call
// per comparison cost more than the tree walk itself.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace xnsim {

// <0, 0 or >0 as a.compare(b).
inline int CompareNames(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return __builtin_bswap64(x) < __builtin_bswap64(y) ? -1 : 1;  // big-endian = byte order
  }
  for (; i < n; ++i) {
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// A transparent "less" of names, for ordered maps keyed by std::string.
struct NameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return CompareNames(a, b) < 0; }
};

}  // namespace xnsim
