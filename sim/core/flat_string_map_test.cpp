#include "sim/core/flat_string_map.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace xnsim {
namespace {

std::vector<std::string> KeysOf(const StringMap& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) keys.push_back(k);
  return keys;
}

TEST(FlatStringMap, IteratesInStdMapKeyOrder) {
  const std::vector<std::string> inserted = {"zeta", "Alpha", "app", "app.kubernetes.io/name",
                                             "", "b", "\xc3\xa9t\xc3\xa9", "a"};
  StringMap flat;
  std::map<std::string, std::string> reference;
  for (const std::string& k : inserted) {
    flat[k] = k + "-value";
    reference[k] = k + "-value";
  }
  std::vector<std::string> want;
  for (const auto& [k, v] : reference) want.push_back(k);
  EXPECT_EQ(KeysOf(flat), want);
  for (const auto& [k, v] : reference) EXPECT_EQ(flat.at(k), v);
}

TEST(FlatStringMap, FindsByStringViewStringAndLiteral) {
  StringMap m{{"volume.kubernetes.io/selected-node", "node-1"}};
  const std::string key = "volume.kubernetes.io/selected-node";
  EXPECT_NE(m.find(key), m.end());
  EXPECT_NE(m.find(std::string_view(key)), m.end());
  EXPECT_EQ(m.find("volume.kubernetes.io/selected"), m.end());
  EXPECT_TRUE(m.contains(key));
  EXPECT_EQ(m.count("volume.kubernetes.io/selected-node"), 1u);
  EXPECT_EQ(m.count("other"), 0u);
}

TEST(FlatStringMap, EmplaceAndTryEmplaceNeverOverwrite) {
  StringMap m;
  EXPECT_TRUE(m.emplace("k", "first").second);
  EXPECT_FALSE(m.emplace("k", "second").second);
  EXPECT_FALSE(m.try_emplace("k", "third").second);
  EXPECT_EQ(m["k"], "first");
}

TEST(FlatStringMap, InsertOrAssignOverwrites) {
  StringMap m{{"k", "old"}};
  EXPECT_FALSE(m.insert_or_assign("k", "new").second);
  EXPECT_TRUE(m.insert_or_assign("j", "added").second);
  EXPECT_EQ(m.at("k"), "new");
  EXPECT_EQ(KeysOf(m), (std::vector<std::string>{"j", "k"}));
}

TEST(FlatStringMap, OperatorBracketAddsAnEmptyValue) {
  StringMap m;
  EXPECT_EQ(m["missing"], "");
  EXPECT_EQ(m.size(), 1u);
}

TEST(FlatStringMap, EraseByKeyAndByIterator) {
  StringMap m{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  EXPECT_EQ(m.erase("b"), 1u);
  EXPECT_EQ(m.erase("b"), 0u);
  auto next = m.erase(m.find("a"));
  EXPECT_EQ(next->first, "c");
  EXPECT_EQ(KeysOf(m), (std::vector<std::string>{"c"}));
}

TEST(FlatStringMap, EmplaceHintKeepsOrderWhateverTheHint) {
  StringMap m;
  m.emplace_hint(m.end(), "b", "2");
  m.emplace_hint(m.end(), "a", "1");  // out of order: the hint is ignored
  m.emplace_hint(m.end(), "c", "3");
  m.emplace_hint(m.end(), "c", "4");  // present: kept
  EXPECT_EQ(KeysOf(m), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(m.at("c"), "3");
}

TEST(FlatStringMap, EqualityComparesKeysAndValues) {
  StringMap a{{"x", "1"}, {"y", "2"}};
  StringMap b{{"y", "2"}, {"x", "1"}};
  EXPECT_EQ(a, b);
  b["y"] = "3";
  EXPECT_NE(a, b);
  b.erase("y");
  EXPECT_NE(a, b);
}

TEST(FlatStringMap, BuildsFromAStdMap) {
  std::map<std::string, std::string> src{{"k1", "v1"}, {"k2", "v2"}};
  StringMap m(src.begin(), src.end());
  EXPECT_EQ(m, (StringMap{{"k1", "v1"}, {"k2", "v2"}}));
}

TEST(FlatStringMap, AtThrowsForAMissingKey) {
  const StringMap m;
  EXPECT_THROW(m.at("nope"), std::out_of_range);
}

TEST(FlatStringMap, HoldsOtherValueTypes) {
  FlatStringMap<int> m{{"storage", 5}};
  m["cpu"] = 2;
  EXPECT_EQ(m.begin()->first, "cpu");
  EXPECT_EQ(m.at("storage"), 5);
}

}  // namespace
}  // namespace xnsim
