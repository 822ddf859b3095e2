// A line diff (Myers' O((N+M)D) algorithm) and the report `--compare` prints from it:
// the first hunk with context from both sides, like a unified diff, and a count of the
// lines that differ after it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xnsim::cli {

struct LineEdit {
  enum Kind { kSame, kOnlyExpected, kOnlyActual } kind;
  size_t expected_line;  // 0-based index into `expected` (for kSame and kOnlyExpected)
  size_t actual_line;    // 0-based index into `actual` (for kSame and kOnlyActual)
};

// The shortest edit script turning `expected` into `actual`, in order. When the two
// differ in more than `max_edits` lines the middle is not searched: the script keeps
// the common prefix and suffix and marks everything between as changed.
std::vector<LineEdit> DiffLines(const std::vector<std::string_view>& expected,
                                const std::vector<std::string_view>& actual,
                                size_t max_edits = 4000);

struct FirstDifference {
  bool differs = false;
  size_t expected_line = 0, actual_line = 0;  // 0-based, where the first hunk starts
  // The first hunk: context lines ("  "), then its first lines from the expected side
  // ("- ") and from the actual side ("+ "), then context after it when all of it fits.
  std::string hunk;
  size_t later_lines = 0;  // differing lines (either side) beyond those shown
};

// The first hunk with `context` equal lines before and after it, each line numbered
// (1-based) on its own side; at most `max_changed` lines of each side are shown, and
// every other differing line, in that hunk or later, is counted.
FirstDifference DescribeFirstDifference(const std::vector<std::string_view>& expected,
                                        const std::vector<std::string_view>& actual,
                                        size_t context = 3, size_t max_changed = 3);

// Splits text into lines (without their '\n'); a final line without '\n' counts too.
std::vector<std::string_view> SplitLines(std::string_view text);

}  // namespace xnsim::cli
