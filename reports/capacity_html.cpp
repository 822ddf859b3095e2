// The capacity study's HTML page (capacity_report.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "reports/capacity_report.h"
#include "reports/svg_chart.h"
#include "sim/scenario/capacity_metrics.h"

namespace xnsim {
namespace {

// The unit the time axes use, chosen once for the whole page.
struct TimeUnit {
  double ns = 1e9;
  const char* name = "s";
};

TimeUnit TimeUnitFor(SimTime span) {
  if (span <= 3 * kMinute) return {1e9, "s"};
  if (span <= 3 * kHour) return {60e9, "min"};
  return {3600e9, "h"};
}

std::string HtmlFixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "default", or the case's name when it is not a matrix variant.
std::string CaseLabel(const CaseResult& r) {
  const size_t open = r.name.rfind('[');
  if (open != std::string::npos && r.name.back() == ']') {
    return r.name.substr(open + 1, r.name.size() - open - 2);
  }
  return r.name;
}

class CapacityPage {
 public:
  CapacityPage(std::ostream& out, const CapacityStudy& study) : out_(out), study_(study) {
    SimTime span = 0;
    for (const CaseResult& r : study_.cases) {
      if (r.capacity == nullptr) continue;
      with_figures_.push_back(&r);
      if (!r.capacity->times.empty()) span = std::max(span, r.capacity->times.back());
      multi_workload_ = multi_workload_ || r.capacity->workloads.size() > 1;
      multi_driver_ = multi_driver_ || r.capacity->drivers.size() > 1;
    }
    unit_ = TimeUnitFor(span);
  }

  void Write() {
    Head();
    Summary();
    ComparisonCharts();
    for (const CaseResult* r : with_figures_) CaseCharts(*r);
    out_ << "<p class=\"note\">Virtual time throughout: what the simulated cluster would take, "
            "not how long xnsim ran. Samples every "
         << (with_figures_.empty() ? "-" : FormatDuration(with_figures_.front()->capacity->interval))
         << " or coarser; latency is measured from the accepted create to the watch event "
            "that shows the object Bound or readyToUse.</p>\n</body>\n</html>\n";
  }

 private:
  std::vector<double> Times(const CapacityMetrics& m) const {
    std::vector<double> xs;
    xs.reserve(m.times.size());
    for (SimTime t : m.times) xs.push_back(static_cast<double>(t) / unit_.ns);
    return xs;
  }
  std::string TimeAxis() const { return std::string("virtual time (") + unit_.name + ")"; }

  std::string SeriesName(const CaseResult& r, const std::string& part, bool multi_part) const {
    std::string name = with_figures_.size() > 1 ? CaseLabel(r) : "";
    if (multi_part || name.empty()) name += (name.empty() ? "" : " / ") + part;
    return name;
  }

  void Head() {
    out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
         << HtmlEscape(study_.name) << " - xnsim capacity study</title>\n<style>\n"
         << "body{font-family:sans-serif;margin:24px;color:#222;background:#fff;max-width:1320px}\n"
            "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}\n"
            "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #bbb;padding:4px 8px;"
            "text-align:right}th{background:#f0f0f0}td.l,th.l{text-align:left}\n"
            ".charts{display:flex;flex-wrap:wrap;gap:16px}.charts svg{border:1px solid #ddd}\n"
            ".note{color:#555;font-size:13px}.failed{color:#b00020;font-weight:bold}\n"
         << "</style>\n</head>\n<body>\n<h1>Capacity study: " << HtmlEscape(study_.name) << "</h1>\n";
    if (!study_.description.empty()) out_ << "<p>" << HtmlEscape(study_.description) << "</p>\n";
    out_ << "<p class=\"note\">" << HtmlEscape(study_.file) << "</p>\n";
  }

  void Summary() {
    out_ << "<h2>Summary</h2>\n<table>\n<tr><th class=\"l\">case</th><th class=\"l\">outcome</th>"
            "<th class=\"l\">workload</th><th>created</th><th>bound</th><th>failed</th>"
            "<th>p50 (s)</th><th>p90 (s)</th><th>p99 (s)</th><th>max (s)</th></tr>\n";
    for (const CaseResult& r : study_.cases) {
      const std::string outcome = OutcomeName(r.outcome);
      const std::string outcome_cell =
          r.outcome == Outcome::kPassed ? outcome : "<span class=\"failed\">" + outcome + "</span>";
      if (r.capacity == nullptr || r.capacity->workloads.empty()) {
        out_ << "<tr><td class=\"l\">" << HtmlEscape(CaseLabel(r)) << "</td><td class=\"l\">"
             << outcome_cell << "</td><td class=\"l\" colspan=\"8\">no workload figures</td></tr>\n";
        continue;
      }
      for (const WorkloadMetrics& w : r.capacity->workloads) {
        const bool timed = !w.latency_metric.empty();
        const auto sec = [&](double ms) { return timed ? HtmlFixed(ms / 1000, 3) : std::string("-"); };
        out_ << "<tr><td class=\"l\">" << HtmlEscape(CaseLabel(r)) << "</td><td class=\"l\">"
             << outcome_cell << "</td><td class=\"l\">" << HtmlEscape(w.name) << " ("
             << HtmlEscape(w.kind) << ")</td><td>" << w.created << "</td><td>" << w.bound
             << "</td><td>" << w.failed << "</td><td>" << sec(w.latency.p50) << "</td><td>"
             << sec(w.latency.p90) << "</td><td>" << sec(w.latency.p99) << "</td><td>"
             << sec(w.latency.max) << "</td></tr>\n";
      }
    }
    out_ << "</table>\n";
    out_ << "<table>\n<tr><th class=\"l\">case</th><th class=\"l\">driver</th><th>logical (GiB)</th>"
            "<th>physical (GiB)</th><th>cost so far</th><th>peak CSI calls in flight</th></tr>\n";
    for (const CaseResult* r : with_figures_) {
      for (const DriverSeries& d : r->capacity->drivers) {
        out_ << "<tr><td class=\"l\">" << HtmlEscape(CaseLabel(*r)) << "</td><td class=\"l\">"
             << HtmlEscape(d.driver) << "</td><td>" << HtmlFixed(d.final_logical_gib, 1) << "</td><td>"
             << HtmlFixed(d.final_physical_gib, 1) << "</td><td>" << HtmlFixed(d.final_cost, 2)
             << "</td><td>" << d.peak_inflight << "</td></tr>\n";
      }
    }
    out_ << "</table>\n";
    for (const CaseResult& r : study_.cases) {
      if (r.outcome == Outcome::kPassed) continue;
      out_ << "<p class=\"failed\">" << HtmlEscape(r.name) << ":</p><pre>" << HtmlEscape(r.failure)
           << "</pre>\n";
    }
  }

  void ComparisonCharts() {
    LineChart cdf{.title = "Latency distribution (create to Bound / readyToUse)",
                  .x_label = "latency (s)", .y_label = "objects done (%)", .steps = true};
    LineChart bound{.title = "Objects bound over time", .x_label = TimeAxis(),
                    .y_label = "objects (cumulative)", .steps = true};
    LineChart rate{.title = "Throughput", .x_label = TimeAxis(), .y_label = "objects bound per second"};
    LineChart storage{.title = "Storage over time (solid: physical, dashed: logical)",
                      .x_label = TimeAxis(), .y_label = "GiB"};
    LineChart cost{.title = "Accumulated storage cost", .x_label = TimeAxis(),
                   .y_label = "cost (price units)"};
    for (const CaseResult* r : with_figures_) {
      const CapacityMetrics& m = *r->capacity;
      const std::vector<double> xs = Times(m);
      for (const WorkloadMetrics& w : m.workloads) {
        const std::string name = SeriesName(*r, w.name, multi_workload_);
        if (!w.latency_metric.empty() && !w.latencies.empty()) {
          ChartSeries s{.name = name};
          const double n = static_cast<double>(w.latencies.size());
          s.xs.push_back(0);
          s.ys.push_back(0);
          for (size_t k = 0; k < w.latencies.size(); ++k) {
            s.xs.push_back(static_cast<double>(w.latencies[k]) / 1e9);
            s.ys.push_back(100.0 * static_cast<double>(k + 1) / n);
          }
          cdf.series.push_back(std::move(s));
        }
        if (w.latency_metric.empty()) continue;
        ChartSeries b{.name = name, .xs = xs};
        for (int64_t v : w.bound_series) b.ys.push_back(static_cast<double>(v));
        bound.series.push_back(b);
        rate.series.push_back(Rate(m, b.ys, name));
      }
      for (const DriverSeries& d : m.drivers) {
        const std::string name = SeriesName(*r, d.driver, multi_driver_);
        // One colour per case and driver: solid physical, dashed logical.
        const int color = static_cast<int>(storage.series.size() / 2);
        storage.series.push_back(
            {.name = name + " physical", .xs = xs, .ys = d.physical_gib, .color = color});
        storage.series.push_back(
            {.name = name + " logical", .xs = xs, .ys = d.logical_gib, .dashed = true, .color = color});
        cost.series.push_back({.name = name, .xs = xs, .ys = d.cost});
      }
    }
    out_ << "<h2>All cases</h2>\n<div class=\"charts\">\n"
         << RenderSvg(cdf) << RenderSvg(bound) << RenderSvg(rate) << RenderSvg(storage)
         << RenderSvg(cost) << "</div>\n";
  }

  // Per-second rate of a cumulative series, averaged over a window of about a
  // twenty-fifth of the run, so that work done in batches still reads as a rate.
  ChartSeries Rate(const CapacityMetrics& m, const std::vector<double>& cumulative,
                   const std::string& name) const {
    ChartSeries s{.name = name};
    if (m.times.size() < 2) return s;
    const SimTime span = m.times.back() - m.times.front();
    const size_t window = std::max<size_t>(
        1, static_cast<size_t>(span / 25 / std::max<SimDuration>(m.interval, 1)));
    for (size_t k = window; k < m.times.size(); k += window) {
      const double dt = static_cast<double>(m.times[k] - m.times[k - window]) / 1e9;
      if (dt <= 0) continue;
      s.xs.push_back(static_cast<double>(m.times[k]) / unit_.ns);
      s.ys.push_back((cumulative[k] - cumulative[k - window]) / dt);
    }
    return s;
  }

  void CaseCharts(const CaseResult& r) {
    const CapacityMetrics& m = *r.capacity;
    const std::vector<double> xs = Times(m);
    LineChart queues{.title = "Work queue depth (waiting + running)", .x_label = TimeAxis(),
                     .y_label = "keys"};
    LineChart requests{.title = "API requests per component", .x_label = TimeAxis(),
                       .y_label = "requests per second"};
    LineChart throttle{.title = "Client-side throttling per component", .x_label = TimeAxis(),
                       .y_label = "requests waiting for a token (avg)"};
    LineChart csi{.title = "CSI calls (solid: in flight, dashed: queued)", .x_label = TimeAxis(),
                  .y_label = "calls"};
    for (const ComponentSeries& c : m.components) {
      const bool busy = std::any_of(c.requests.begin(), c.requests.end(), [](double v) { return v > 0; });
      if (!busy) continue;
      queues.series.push_back({.name = c.component, .xs = xs, .ys = c.queue_depth});
      requests.series.push_back(Rate(m, c.requests, c.component));
      // Seconds of waiting per second of time: how many requests wait, on average.
      throttle.series.push_back(Rate(m, c.throttle_seconds, c.component));
    }
    for (const DriverSeries& d : m.drivers) {
      csi.series.push_back({.name = d.driver + " in flight", .xs = xs, .ys = d.inflight});
      csi.series.push_back({.name = d.driver + " queued", .xs = xs, .ys = d.queued, .dashed = true});
    }
    out_ << "<h2>Case " << HtmlEscape(r.name) << "</h2>\n<table>\n<tr><th class=\"l\">component"
            "</th><th>API requests</th><th>throttled requests' wait (s, total)</th>"
            "<th>retries</th></tr>\n";
    for (const ComponentSeries& c : m.components) {
      out_ << "<tr><td class=\"l\">" << HtmlEscape(c.component) << "</td><td>"
           << HtmlFixed(c.requests.empty() ? 0 : c.requests.back(), 0) << "</td><td>"
           << HtmlFixed(c.throttle_seconds.empty() ? 0 : c.throttle_seconds.back(), 1) << "</td><td>"
           << HtmlFixed(c.retries.empty() ? 0 : c.retries.back(), 0) << "</td></tr>\n";
    }
    out_ << "</table>\n<div class=\"charts\">\n"
         << RenderSvg(queues) << RenderSvg(requests) << RenderSvg(throttle) << RenderSvg(csi)
         << "</div>\n";
  }

  std::ostream& out_;
  const CapacityStudy& study_;
  std::vector<const CaseResult*> with_figures_;
  TimeUnit unit_;
  bool multi_workload_ = false;
  bool multi_driver_ = false;
};

}  // namespace

void WriteCapacityHtml(std::ostream& out, const CapacityStudy& study) {
  CapacityPage(out, study).Write();
}

}  // namespace xnsim
