#include "sim/core/lru_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace xnsim {
namespace {

// Rule (groupcache/lru, behind client-go's event caches): past its capacity the cache
// drops the entry used least recently; a Get counts as a use.
TEST(LruCache, DropsTheLeastRecentlyUsedEntry) {
  LruCache<int> cache(2);
  cache.Put("a", 1);
  cache.Put("b", 2);
  ASSERT_NE(cache.Get("a"), nullptr);  // "a" is now more recent than "b"
  cache.Put("c", 3);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Get("b"), nullptr);
  ASSERT_NE(cache.Get("a"), nullptr);
  EXPECT_EQ(*cache.Get("a"), 1);
  EXPECT_EQ(*cache.Get("c"), 3);
}

TEST(LruCache, PutReplacesAndRefreshes) {
  LruCache<std::string> cache(2);
  cache.Put("a", "one");
  cache.Put("b", "two");
  cache.Put("a", "uno");  // replaces, and makes "a" the most recent
  cache.Put("c", "three");
  EXPECT_EQ(cache.Get("b"), nullptr);
  ASSERT_NE(cache.Get("a"), nullptr);
  EXPECT_EQ(*cache.Get("a"), "uno");
}

TEST(LruCache, LooksUpByViewOfAReusedBuffer) {
  LruCache<int> cache(4);
  std::string buffer = "key-1";
  cache.Put(buffer, 7);
  buffer = "key-2";  // the cache kept its own copy of the first key
  EXPECT_EQ(cache.Get(buffer), nullptr);
  ASSERT_NE(cache.Get("key-1"), nullptr);
  EXPECT_EQ(*cache.Get("key-1"), 7);
}

}  // namespace
}  // namespace xnsim
