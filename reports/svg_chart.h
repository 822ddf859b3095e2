// Line charts as inline SVG for the capacity report: axes with "nice" ticks and units,
// a title, a legend, and one polyline per series. No scripts and no network, so a
// report opens anywhere, from a file, years later. Internal to reports/.
#pragma once

#include <string>
#include <vector>

namespace xnsim {

struct ChartSeries {
  std::string name;
  std::vector<double> xs, ys;
  bool dashed = false;
  int color = -1;  // index into the palette; -1: the series' own position
};

struct LineChart {
  std::string title;
  std::string x_label;  // with its unit: "virtual time (s)"
  std::string y_label;  // with its unit: "GiB"
  std::vector<ChartSeries> series;
  bool steps = false;   // draw as a step function (counts, CDFs)
  double y_min = 0;     // the y axis starts here unless a value is lower
  int width = 620, height = 300;
};

// The chart as an <svg> element; a note in its place when no series has points.
std::string RenderSvg(const LineChart& chart);

// Ticks for [lo, hi]: about `count` round values (1, 2 or 5 times a power of ten).
std::vector<double> NiceTicks(double lo, double hi, int count);

// Escapes &, <, >, " for HTML text and attributes.
std::string HtmlEscape(const std::string& text);

// A colour of the report's palette, distinct for the first eight indices.
const char* SeriesColor(size_t index);

}  // namespace xnsim
