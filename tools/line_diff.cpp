#include "tools/line_diff.h"

#include <algorithm>
#include <cstdint>

namespace xnsim::cli {
namespace {

// Myers' greedy search over the middle part a[0,n) / b[0,m) (the common prefix and
// suffix already cut off). Appends the edits to `out` with indexes shifted by `base`;
// false when more than `max_edits` edits would be needed.
bool MyersMiddle(const std::string_view* a, int64_t n, const std::string_view* b, int64_t m,
                 size_t base, int64_t max_edits, std::vector<LineEdit>& out) {
  const int64_t max = n + m;
  const int64_t offset = max + 1;
  std::vector<int64_t> v(static_cast<size_t>(2 * max + 3), 0);
  // history[d]: v over k in [-d-1, d+1] as it was when round d began (for backtracking).
  std::vector<std::vector<int64_t>> history;
  int64_t found = -1;
  for (int64_t d = 0; d <= std::min(max, max_edits) && found < 0; ++d) {
    history.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (int64_t k = -d; k <= d; k += 2) {
      int64_t x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                      ? v[offset + k + 1]
                      : v[offset + k - 1] + 1;
      int64_t y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;

  std::vector<LineEdit> reversed;
  int64_t x = n, y = m;
  for (int64_t d = found; d >= 0; --d) {
    const std::vector<int64_t>& h = history[static_cast<size_t>(d)];
    auto at = [&](int64_t k) { return h[static_cast<size_t>(k + d + 1)]; };
    const int64_t k = x - y;
    const int64_t prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const int64_t prev_x = at(prev_k);
    const int64_t prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      --x, --y;
      reversed.push_back({LineEdit::kSame, base + static_cast<size_t>(x), base + static_cast<size_t>(y)});
    }
    if (d > 0) {
      if (x == prev_x) {
        reversed.push_back({LineEdit::kOnlyActual, base + static_cast<size_t>(x),
                            base + static_cast<size_t>(prev_y)});
      } else {
        reversed.push_back({LineEdit::kOnlyExpected, base + static_cast<size_t>(prev_x),
                            base + static_cast<size_t>(y)});
      }
    }
    x = prev_x, y = prev_y;
  }
  out.insert(out.end(), reversed.rbegin(), reversed.rend());
  return true;
}

std::string Numbered(char mark, size_t line, std::string_view text) {
  std::string number = std::to_string(line + 1);
  std::string out;
  out += mark;
  out += ' ';
  if (number.size() < 5) out.append(5 - number.size(), ' ');
  out += number;
  out += " | ";
  out += text;
  out += '\n';
  return out;
}

}  // namespace

std::vector<LineEdit> DiffLines(const std::vector<std::string_view>& expected,
                                const std::vector<std::string_view>& actual, size_t max_edits) {
  const size_t n = expected.size(), m = actual.size();
  size_t prefix = 0;
  while (prefix < n && prefix < m && expected[prefix] == actual[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix &&
         expected[n - 1 - suffix] == actual[m - 1 - suffix]) {
    ++suffix;
  }
  std::vector<LineEdit> out;
  out.reserve(std::max(n, m) + 8);
  for (size_t i = 0; i < prefix; ++i) out.push_back({LineEdit::kSame, i, i});
  const size_t mid_n = n - prefix - suffix, mid_m = m - prefix - suffix;
  if (!MyersMiddle(expected.data() + prefix, static_cast<int64_t>(mid_n), actual.data() + prefix,
                   static_cast<int64_t>(mid_m), prefix, static_cast<int64_t>(max_edits), out)) {
    // Too different to search: everything between prefix and suffix changed.
    for (size_t i = 0; i < mid_n; ++i) out.push_back({LineEdit::kOnlyExpected, prefix + i, prefix});
    for (size_t j = 0; j < mid_m; ++j) out.push_back({LineEdit::kOnlyActual, prefix + mid_n, prefix + j});
  }
  // MyersMiddle indexes both sides from `prefix`, which holds for the actual side too.
  for (size_t i = 0; i < suffix; ++i) {
    out.push_back({LineEdit::kSame, n - suffix + i, m - suffix + i});
  }
  return out;
}

FirstDifference DescribeFirstDifference(const std::vector<std::string_view>& expected,
                                        const std::vector<std::string_view>& actual,
                                        size_t context, size_t max_changed) {
  const std::vector<LineEdit> edits = DiffLines(expected, actual);
  FirstDifference d;
  size_t first = 0;
  while (first < edits.size() && edits[first].kind == LineEdit::kSame) ++first;
  if (first == edits.size()) return d;
  d.differs = true;
  d.expected_line = edits[first].expected_line;
  d.actual_line = edits[first].actual_line;
  size_t end = first;
  while (end < edits.size() && edits[end].kind != LineEdit::kSame) ++end;

  for (size_t i = first - std::min(first, context); i < first; ++i) {
    d.hunk += Numbered(' ', edits[i].expected_line, expected[edits[i].expected_line]);
  }
  // The first lines of the hunk from each side; whatever differs beyond them is counted.
  size_t shown_expected = 0, shown_actual = 0, changed = 0;
  for (size_t i = first; i < end; ++i) {
    if (edits[i].kind != LineEdit::kOnlyExpected || shown_expected == max_changed) continue;
    d.hunk += Numbered('-', edits[i].expected_line, expected[edits[i].expected_line]);
    ++shown_expected;
  }
  for (size_t i = first; i < end; ++i) {
    if (edits[i].kind != LineEdit::kOnlyActual || shown_actual == max_changed) continue;
    d.hunk += Numbered('+', edits[i].actual_line, actual[edits[i].actual_line]);
    ++shown_actual;
  }
  for (size_t i = first; i < edits.size(); ++i) {
    if (edits[i].kind != LineEdit::kSame) ++changed;
  }
  const bool whole_hunk_shown = changed == shown_expected + shown_actual ||
                                (end - first) == shown_expected + shown_actual;
  if (whole_hunk_shown) {
    for (size_t i = end; i < edits.size() && i < end + context && edits[i].kind == LineEdit::kSame; ++i) {
      d.hunk += Numbered(' ', edits[i].expected_line, expected[edits[i].expected_line]);
    }
  }
  d.later_lines = changed - shown_expected - shown_actual;
  return d;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace xnsim::cli
