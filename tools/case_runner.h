// What `xnsim run` and `xnsim conformance` share: loading every case of the files
// named, choosing a shard of them, the report files asked for, and the loop that runs
// the cases and times them.
#pragma once

#include <boost/program_options/variables_map.hpp>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/status.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/scenario.h"
#include "tools/case_filter.h"
#include "tools/cli.h"

namespace spdlog {
class logger;
}

namespace xnsim::cli {

// `--seed N`: a whole number.
StatusOr<uint64_t> ParseSeed(const std::string& text);
// `--color WHEN`: always, never, or auto (the console's own default).
StatusOr<bool> ParseColor(const std::string& when, const Console& console);

// Every case of every scenario file under `paths` (files as given, directories
// searched), in path order; or every loading error at once.
StatusOr<std::vector<Scenario>> LoadCases(const std::vector<std::string>& paths,
                                          spdlog::logger& log, size_t* file_count);

// `--report KIND=PATH`, with the file opened before anything runs.
struct ReportRequest {
  std::string kind;
  std::string path;
  std::unique_ptr<std::ofstream> file;
};
// Parses every spec against the kinds the command writes (a usage error, before
// anything is loaded); the files are not opened yet.
StatusOr<std::vector<ReportRequest>> ParseReports(const std::vector<std::string>& specs,
                                                  std::span<const std::string_view> kinds);
// Opens every report's file, so that a bad path costs nothing before the run.
Status OpenReports(std::vector<ReportRequest>& reports);
// Flushes a written report; false (after logging) when writing failed.
bool FinishReport(ReportRequest& report, spdlog::logger& log);

// One shard of a sweep: case i (in run order) belongs to shard i % count.
struct Shard {
  int index = 0;  // 0-based, as GTEST_SHARD_INDEX and an Indexed Job's completion index
  int count = 1;
  bool Keeps(size_t case_position) const {
    return static_cast<int>(case_position % static_cast<size_t>(count)) == index;
  }
};
// "I/N" with 0 <= I < N.
StatusOr<Shard> ParseShard(std::string_view text);
// GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX, when both are set (and, as GoogleTest does,
// touches GTEST_SHARD_STATUS_FILE to say sharding is understood); nullopt when unset.
StatusOr<std::optional<Shard>> ShardFromEnvironment();
// `--shard` when given, else the environment's, else the whole run.
StatusOr<Shard> ChooseShard(const std::optional<std::string>& flag);

// The options `run` and `conformance` share: --seed, --filter, --color, --shard
// (or GoogleTest's variables) and --report, read and checked before anything loads.
struct RunSelection {
  RunOptions run;
  CaseFilter filter;
  bool use_color = false;
  Shard shard;
  std::vector<ReportRequest> reports;  // parsed; OpenReports opens them
};
StatusOr<RunSelection> ReadRunSelection(const boost::program_options::variables_map& vm,
                                        const Console& console,
                                        std::span<const std::string_view> report_kinds);

// Called after each case with the case's own trace (JSON lines, no header line); it
// may change the result (a golden trace that does not match fails the case).
using CaseTraceObserver =
    std::function<void(const Scenario& scenario, std::string_view trace, CaseResult& result)>;

// Runs the cases in order, each timed in wall seconds, writing the trace when
// `options.trace` is set (each case's lines after a {"case","file","seed"} line).
// With an observer, every case runs traced and the observer sees its trace.
std::vector<CaseResult> RunCases(const std::vector<const Scenario*>& cases,
                                 const RunOptions& options, spdlog::logger& log,
                                 const CaseTraceObserver* observer = nullptr);

}  // namespace xnsim::cli
