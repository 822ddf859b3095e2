// The resync walks claim keys in std::string's byte order of "ns/name"; KeyLess must
// give that order whether a key comes as the string or as its two parts.
#include "sim/controllers/kcm/pv_controller_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xnsim::pv {
namespace {

TEST(KeyLess, ClaimKeyRefComparesAsTheKeyItNames) {
  // '-' (0x2d) and '.' sort before '/', '0' after it: "a-b/x" < "a/x" < "a0/x", while
  // the (namespace, name) pairs would put "a" first.
  const std::vector<std::string> keys = {"a",     "a-b/x", "a.c/x", "a/",   "a/x",
                                         "a/x0",  "a/y",   "a0/x",  "ab",   "b/a"};
  const std::vector<ClaimKeyRef> refs = {{"a", ""}, {"a", "x"}, {"a-b", "x"}, {"a0", "x"},
                                         {"a", "x0"}, {"", "a"}, {"b", "a"}};
  const KeyLess less;
  for (const ClaimKeyRef& ref : refs) {
    const std::string built = ref.str();
    for (const std::string& key : keys) {
      EXPECT_EQ(less(ref, key), built < key) << built << " < " << key;
      EXPECT_EQ(less(key, ref), key < built) << key << " < " << built;
    }
  }
}

TEST(KeyLess, OrderedKeySetFindsAClaimByItsParts) {
  OrderedKeySet set = {"team-1/restore-2", "team-10/restore-1", "team-1/restore-10"};
  EXPECT_NE(set.find(ClaimKeyRef{"team-1", "restore-10"}), set.end());
  EXPECT_EQ(set.find(ClaimKeyRef{"team-1", "restore-1"}), set.end());
  EXPECT_EQ(*set.begin(), "team-1/restore-10");
}

}  // namespace
}  // namespace xnsim::pv
