#include "sim/api/object_rows.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace xnsim {
namespace {

Ptr<PersistentVolumeClaim> RowsTestClaim(std::string ns, std::string name, std::string phase = "") {
  PersistentVolumeClaim c;
  c.metadata.namespace_ = std::move(ns);
  c.metadata.name = std::move(name);
  c.status.phase = std::move(phase);
  return std::make_shared<const PersistentVolumeClaim>(std::move(c));
}

std::vector<std::string> RowsTestKeys(const ObjectRows<PersistentVolumeClaim>& rows, std::string_view ns = {}) {
  std::vector<std::string> out;
  rows.ForEach(ns, [&out](const Ptr<PersistentVolumeClaim>& c) {
    out.push_back(c->metadata.namespace_ + "/" + c->metadata.name);
  });
  return out;
}

TEST(ObjectRows, ForEachIsInNamespaceThenNameByteOrder) {
  ObjectRows<PersistentVolumeClaim> rows;
  for (const char* key : {"b/x", "a/z", "b/a", "a/a", "ab/m", "a/Z"}) {
    std::string k = key;
    rows.Put(RowsTestClaim(k.substr(0, k.find('/')), k.substr(k.find('/') + 1)));
  }
  EXPECT_EQ(RowsTestKeys(rows), (std::vector<std::string>{"a/Z", "a/a", "a/z", "ab/m", "b/a", "b/x"}));
  EXPECT_EQ(RowsTestKeys(rows, "a"), (std::vector<std::string>{"a/Z", "a/a", "a/z"}));
  EXPECT_EQ(RowsTestKeys(rows, "b"), (std::vector<std::string>{"b/a", "b/x"}));
  EXPECT_TRUE(RowsTestKeys(rows, "c").empty());
}

TEST(ObjectRows, RowsAddedAfterAnOrderedReadAreMergedIntoTheOrder) {
  ObjectRows<PersistentVolumeClaim> rows;
  rows.Put(RowsTestClaim("ns", "m"));
  rows.Put(RowsTestClaim("ns", "c"));
  EXPECT_EQ(RowsTestKeys(rows), (std::vector<std::string>{"ns/c", "ns/m"}));
  rows.Put(RowsTestClaim("ns", "z"));
  rows.Put(RowsTestClaim("ns", "a"));
  rows.Put(RowsTestClaim("ns", "d"));
  EXPECT_EQ(RowsTestKeys(rows), (std::vector<std::string>{"ns/a", "ns/c", "ns/d", "ns/m", "ns/z"}));
}

TEST(ObjectRows, PutReplacesTheObjectOfItsKeyAndReturnsTheOldOne) {
  ObjectRows<PersistentVolumeClaim> rows;
  EXPECT_EQ(rows.Put(RowsTestClaim("ns", "a", "Pending")), nullptr);
  Ptr<PersistentVolumeClaim> old = rows.Put(RowsTestClaim("ns", "a", "Bound"));
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->status.phase, "Pending");
  EXPECT_EQ(rows.Get("ns", "a")->status.phase, "Bound");
  EXPECT_EQ(rows.size(), 1u);
}

TEST(ObjectRows, EraseRemovesTheRowFromLookupsAndTheOrder) {
  ObjectRows<PersistentVolumeClaim> rows;
  rows.Put(RowsTestClaim("ns", "a"));
  rows.Put(RowsTestClaim("ns", "b"));
  rows.Put(RowsTestClaim("ns", "c"));
  EXPECT_EQ(RowsTestKeys(rows).size(), 3u);  // the order is made before the erase
  ASSERT_NE(rows.Erase("ns", "b"), nullptr);
  EXPECT_EQ(rows.Erase("ns", "b"), nullptr);
  EXPECT_EQ(rows.Get("ns", "b"), nullptr);
  rows.Put(RowsTestClaim("ns", "0"));
  EXPECT_EQ(RowsTestKeys(rows), (std::vector<std::string>{"ns/0", "ns/a", "ns/c"}));
  EXPECT_EQ(rows.size(), 3u);
}

}  // namespace
}  // namespace xnsim
