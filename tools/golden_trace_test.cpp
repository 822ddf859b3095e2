// Golden traces: the canonical form (what is normalised and what is kept) and the line
// diff `--compare` reports from.
#include "tools/golden_trace.h"

#include <gtest/gtest.h>

#include "tools/line_diff.h"

namespace xnsim::cli {
namespace {

std::vector<std::string_view> GoldenTestLines(const std::vector<std::string>& lines) {
  return std::vector<std::string_view>(lines.begin(), lines.end());
}

TEST(GoldenFileName, MatrixCasesAndOddCharactersMapToSafeNames) {
  EXPECT_EQ(GoldenFileName("restore"), "restore.trace");
  EXPECT_EQ(GoldenFileName("restore[gates-on]"), "restore.gates-on.trace");
  EXPECT_EQ(GoldenFileName("a b/c[x=1,y]"), "a_b_c.x_1_y.trace");
  EXPECT_EQ(GoldenFileName("[only]"), "case.only.trace");
}

TEST(CanonicalTrace, DropsResourceVersionsStepLocationsAndEventWrites) {
  const std::string raw =
      R"({"t":"0s","ns":0,"component":"kube-apiserver","action":"create","object":"PersistentVolumeClaim dev/db","detail":"rv=12"})"
      "\n"
      R"({"t":"1ms","ns":1000000,"component":"xnsim","action":"step","object":"c","detail":"2 assert dir/c.yaml:31"})"
      "\n"
      R"({"t":"2ms","ns":2000000,"component":"p","action":"event","object":"PersistentVolumeClaim dev/db","detail":"Normal Provisioning: busy"})"
      "\n"
      R"({"t":"2ms","ns":2000000,"component":"kube-apiserver","action":"create","object":"Event dev/db.1e8480","detail":"rv=13"})"
      "\n";
  EXPECT_EQ(CanonicalTrace("c", 7, raw),
            "# xnsim golden trace: case c, seed 7\n"
            "0s kube-apiserver create PersistentVolumeClaim dev/db\n"
            "1ms xnsim step c -- 2 assert\n"
            "2ms p event PersistentVolumeClaim dev/db -- Normal Provisioning: busy\n");
}

TEST(CanonicalTrace, NumbersUuidsByFirstAppearanceAndShortensRepeatedEvents) {
  const std::string raw =
      R"({"t":"0s","component":"p","action":"create-volume","object":"pvc-922d1c55-a636-4772-96a2-afe776440d84","detail":"volume 6a669f77-fe1e-4923-8728-9d63ad1153bf"})"
      "\n"
      R"({"t":"1s","component":"p","action":"event","object":"PersistentVolumeClaim d/c","detail":"Normal Ok: made pvc-922d1c55-a636-4772-96a2-afe776440d84"})"
      "\n"
      R"({"t":"2s","component":"p","action":"event","object":"PersistentVolumeClaim d/c","detail":"Normal Ok: made pvc-922d1c55-a636-4772-96a2-afe776440d84"})"
      "\n";
  EXPECT_EQ(CanonicalTrace("c", 1, raw),
            "# xnsim golden trace: case c, seed 1\n"
            "0s p create-volume pvc-uid-1 -- volume uid-2\n"
            "1s p event PersistentVolumeClaim d/c -- Normal Ok: made pvc-uid-1\n"
            "2s p event PersistentVolumeClaim d/c -- again: Normal Ok\n");
}

TEST(DiffLines, FindsAnInsertedLineAndKeepsTheRestInStep) {
  const std::vector<std::string> a{"a", "b", "c", "d"}, b{"a", "b", "x", "c", "d"};
  const std::vector<LineEdit> edits = DiffLines(GoldenTestLines(a), GoldenTestLines(b));
  ASSERT_EQ(edits.size(), 5u);
  EXPECT_EQ(edits[2].kind, LineEdit::kOnlyActual);
  EXPECT_EQ(edits[2].actual_line, 2u);
  EXPECT_EQ(edits[3].kind, LineEdit::kSame);
  EXPECT_EQ(edits[3].expected_line, 2u);
  EXPECT_EQ(edits[3].actual_line, 3u);
}

TEST(DescribeFirstDifference, ShowsContextBothSidesAndCountsLaterDifferences) {
  const std::vector<std::string> a{"1", "2", "3", "4", "old", "6", "7", "8", "9", "10", "eleven"};
  const std::vector<std::string> b{"1", "2", "3", "4", "new", "6", "7", "8", "9", "10", "11"};
  const FirstDifference d = DescribeFirstDifference(GoldenTestLines(a), GoldenTestLines(b), 2, 3);
  ASSERT_TRUE(d.differs);
  EXPECT_EQ(d.expected_line, 4u);
  EXPECT_EQ(d.hunk,
            "      3 | 3\n"
            "      4 | 4\n"
            "-     5 | old\n"
            "+     5 | new\n"
            "      6 | 6\n"
            "      7 | 7\n");
  EXPECT_EQ(d.later_lines, 2u);  // "eleven" out, "11" in
}

TEST(DescribeFirstDifference, EqualInputsDoNotDiffer) {
  const std::vector<std::string> a{"x", "y"};
  EXPECT_FALSE(DescribeFirstDifference(GoldenTestLines(a), GoldenTestLines(a)).differs);
}

TEST(DiffLines, TooDifferentInputsFallBackToOneChangedBlock) {
  const std::vector<std::string> a{"p", "1", "2", "s"}, b{"p", "3", "4", "5", "s"};
  const std::vector<LineEdit> edits = DiffLines(GoldenTestLines(a), GoldenTestLines(b), 1);
  size_t removed = 0, added = 0;
  for (const LineEdit& e : edits) {
    removed += e.kind == LineEdit::kOnlyExpected;
    added += e.kind == LineEdit::kOnlyActual;
  }
  EXPECT_EQ(removed, 2u);
  EXPECT_EQ(added, 3u);
  EXPECT_EQ(edits.front().kind, LineEdit::kSame);
  EXPECT_EQ(edits.back().kind, LineEdit::kSame);
}

}  // namespace
}  // namespace xnsim::cli
