#include "sim/core/trace.h"

#include <gtest/gtest.h>

#include <sstream>

namespace xnsim {
namespace {

TEST(Trace, WritesOneJsonLinePerRecordWithKeysInOrder) {
  std::ostringstream out;
  Trace t;
  EXPECT_FALSE(t.enabled());
  t.AttachSink(&out);
  t.Record(1500 * kMillisecond, "kube-apiserver", "create", "PersistentVolumeClaim dev/db", "rv=12");
  t.Record(0, "csi-provisioner", "retry", "x");
  EXPECT_EQ(out.str(),
            "{\"t\":\"1.5s\",\"ns\":1500000000,\"component\":\"kube-apiserver\",\"action\":"
            "\"create\",\"object\":\"PersistentVolumeClaim dev/db\",\"detail\":\"rv=12\"}\n"
            "{\"t\":\"0s\",\"ns\":0,\"component\":\"csi-provisioner\",\"action\":\"retry\","
            "\"object\":\"x\",\"detail\":\"\"}\n");
  EXPECT_EQ(t.lines(), 2u);
}

TEST(Trace, EscapesJsonStrings) {
  std::ostringstream out;
  Trace t;
  t.AttachSink(&out);
  t.Record(1, "c", "a", "quote\" back\\ nl\n tab\t bell\x07", "caf\xC3\xA9");
  EXPECT_EQ(out.str(),
            "{\"t\":\"1ns\",\"ns\":1,\"component\":\"c\",\"action\":\"a\",\"object\":"
            "\"quote\\\" back\\\\ nl\\n tab\\t bell\\u0007\",\"detail\":\"caf\xC3\xA9\"}\n");
}

TEST(Trace, DetachedTraceWritesNothing) {
  std::ostringstream out;
  Trace t;
  t.AttachSink(&out);
  t.AttachSink(nullptr);
  t.Record(1, "c", "a", "o");
  EXPECT_TRUE(out.str().empty());
  EXPECT_EQ(t.lines(), 0u);
}

}  // namespace
}  // namespace xnsim
