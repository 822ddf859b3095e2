// Inline SVG line charts (svg_chart.h).
#include "reports/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace xnsim {
namespace {

constexpr int kSvgLeft = 70, kSvgRight = 20, kSvgTop = 34, kSvgBottom = 48;
constexpr int kSvgLegendRow = 18;

// A tick label: no trailing zeros, thousands as "k" past 10,000.
std::string SvgTickLabel(double v, double step) {
  char buf[32];
  if (std::fabs(v) >= 10000 && step >= 1000) {
    std::snprintf(buf, sizeof buf, "%gk", v / 1000);
  } else if (step >= 1) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    const int decimals = std::min(6, static_cast<int>(std::ceil(-std::log10(step))));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  }
  return buf;
}

std::string SvgNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::vector<double> NiceTicks(double lo, double hi, int count) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(count, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::floor(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* SeriesColor(size_t index) {
  static const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                   "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  return kPalette[index % (sizeof kPalette / sizeof *kPalette)];
}

std::string RenderSvg(const LineChart& chart) {
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = chart.y_min, y_hi = -INFINITY;
  for (const ChartSeries& s : chart.series) {
    for (double x : s.xs) x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
    for (double y : s.ys) y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
  }
  std::ostringstream svg;
  const int legend_rows = static_cast<int>((chart.series.size() + 1) / 2);
  const int height = chart.height + legend_rows * kSvgLegendRow;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << chart.width << "\" height=\""
      << height << "\" viewBox=\"0 0 " << chart.width << " " << height
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
      << "<text x=\"" << chart.width / 2 << "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" "
         "font-weight=\"bold\">"
      << HtmlEscape(chart.title) << "</text>\n";
  if (!(x_hi >= x_lo) || !(y_hi >= y_lo)) {
    svg << "<text x=\"" << chart.width / 2 << "\" y=\"" << chart.height / 2
        << "\" text-anchor=\"middle\" fill=\"#666\">no data</text>\n</svg>\n";
    return svg.str();
  }
  if (y_hi <= y_lo) y_hi = y_lo + 1;
  if (x_hi <= x_lo) x_hi = x_lo + 1;
  const std::vector<double> xt = NiceTicks(x_lo, x_hi, 6);
  const std::vector<double> yt = NiceTicks(y_lo, y_hi, 5);
  x_lo = std::min(x_lo, xt.front()), x_hi = std::max(x_hi, xt.back());
  y_lo = std::min(y_lo, yt.front()), y_hi = std::max(y_hi, yt.back());
  const double plot_w = chart.width - kSvgLeft - kSvgRight;
  const double plot_h = chart.height - kSvgTop - kSvgBottom;
  const auto px = [&](double x) { return kSvgLeft + (x - x_lo) / (x_hi - x_lo) * plot_w; };
  const auto py = [&](double y) { return kSvgTop + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };

  // Grid and ticks.
  const double x_step = xt.size() > 1 ? xt[1] - xt[0] : 1, y_step = yt.size() > 1 ? yt[1] - yt[0] : 1;
  for (double t : yt) {
    svg << "<line x1=\"" << kSvgLeft << "\" x2=\"" << SvgNumber(kSvgLeft + plot_w) << "\" y1=\""
        << SvgNumber(py(t)) << "\" y2=\"" << SvgNumber(py(t)) << "\" stroke=\"#e3e3e3\"/>\n"
        << "<text x=\"" << kSvgLeft - 6 << "\" y=\"" << SvgNumber(py(t) + 4)
        << "\" text-anchor=\"end\" fill=\"#333\">" << SvgTickLabel(t, y_step) << "</text>\n";
  }
  for (double t : xt) {
    svg << "<line x1=\"" << SvgNumber(px(t)) << "\" x2=\"" << SvgNumber(px(t)) << "\" y1=\""
        << kSvgTop << "\" y2=\"" << SvgNumber(kSvgTop + plot_h) << "\" stroke=\"#eeeeee\"/>\n"
        << "<text x=\"" << SvgNumber(px(t)) << "\" y=\"" << SvgNumber(kSvgTop + plot_h + 16)
        << "\" text-anchor=\"middle\" fill=\"#333\">" << SvgTickLabel(t, x_step) << "</text>\n";
  }
  svg << "<rect x=\"" << kSvgLeft << "\" y=\"" << kSvgTop << "\" width=\"" << SvgNumber(plot_w)
      << "\" height=\"" << SvgNumber(plot_h) << "\" fill=\"none\" stroke=\"#555\"/>\n"
      << "<text x=\"" << SvgNumber(kSvgLeft + plot_w / 2) << "\" y=\""
      << SvgNumber(kSvgTop + plot_h + 34) << "\" text-anchor=\"middle\">"
      << HtmlEscape(chart.x_label) << "</text>\n"
      << "<text transform=\"translate(16," << SvgNumber(kSvgTop + plot_h / 2)
      << ") rotate(-90)\" text-anchor=\"middle\">" << HtmlEscape(chart.y_label) << "</text>\n";

  // Series.
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    const char* color = SeriesColor(s.color >= 0 ? static_cast<size_t>(s.color) : i);
    const size_t n = std::min(s.xs.size(), s.ys.size());
    svg << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"2\""
        << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"";
    for (size_t k = 0; k < n; ++k) {
      if (chart.steps && k > 0) svg << SvgNumber(px(s.xs[k])) << "," << SvgNumber(py(s.ys[k - 1])) << " ";
      svg << SvgNumber(px(s.xs[k])) << "," << SvgNumber(py(s.ys[k])) << " ";
    }
    svg << "\"/>\n";
    if (n == 1) {
      svg << "<circle cx=\"" << SvgNumber(px(s.xs[0])) << "\" cy=\"" << SvgNumber(py(s.ys[0]))
          << "\" r=\"3\" fill=\"" << color << "\"/>\n";
    }
    // Legend: two columns under the axis label.
    const int col = static_cast<int>(i % 2), row = static_cast<int>(i / 2);
    const double lx = kSvgLeft + col * plot_w / 2, ly = chart.height + row * kSvgLegendRow;
    svg << "<line x1=\"" << SvgNumber(lx) << "\" x2=\"" << SvgNumber(lx + 22) << "\" y1=\""
        << SvgNumber(ly - 4) << "\" y2=\"" << SvgNumber(ly - 4) << "\" stroke=\"" << color
        << "\" stroke-width=\"3\"" << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << "/>\n"
        << "<text x=\"" << SvgNumber(lx + 28) << "\" y=\"" << SvgNumber(ly) << "\">"
        << HtmlEscape(s.name) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace xnsim
