#include "tools/golden_trace.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/line_diff.h"

namespace xnsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGoldenSuffix = ".trace";
constexpr size_t kUuidLength = 36;  // 8-4-4-4-12 hex digits

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool IsUuidAt(std::string_view s, size_t i) {
  if (s.size() - i < kUuidLength) return false;
  for (size_t k = 0; k < kUuidLength; ++k) {
    const char c = s[i + k];
    const bool dash = k == 8 || k == 13 || k == 18 || k == 23;
    if (dash ? c != '-' : !IsHex(c)) return false;
  }
  // Not part of a longer hex run on either side.
  const bool before = i > 0 && IsHex(s[i - 1]);
  const bool after = i + kUuidLength < s.size() && IsHex(s[i + kUuidLength]);
  return !before && !after;
}

// Rewrites the parts of one field that change without a change of behaviour.
class FieldNormalizer {
 public:
  std::string Apply(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size();) {
      if (IsUuidAt(in, i)) {
        auto [it, added] = uids_.try_emplace(std::string(in.substr(i, kUuidLength)), uids_.size() + 1);
        out += "uid-" + std::to_string(it->second);
        i += kUuidLength;
        continue;
      }
      const char c = in[i];
      if (c == '\n') {
        out += "\\n";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\r') {
        out += "\\r";
      } else {
        out += c;
      }
      ++i;
    }
    return out;
  }

 private:
  std::map<std::string, size_t> uids_;  // looked up only; numbering is by appearance
};

// "rv=12" and "rv=12 ..." lose the resourceVersion.
std::string WithoutResourceVersion(std::string_view detail) {
  std::string out;
  size_t i = 0;
  while (i < detail.size()) {
    const bool word_start = i == 0 || detail[i - 1] == ' ' || detail[i - 1] == ',';
    if (word_start && detail.substr(i, 3) == "rv=") {
      size_t j = i + 3;
      while (j < detail.size() && detail[j] >= '0' && detail[j] <= '9') ++j;
      if (j > i + 3) {
        i = j;
        while (i < detail.size() && detail[i] == ' ') ++i;
        continue;
      }
    }
    out += detail[i++];
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ',')) out.pop_back();
  return out;
}

// The runner's "N keyword file:line" step records keep "N keyword".
std::string WithoutStepLocation(std::string_view detail) {
  const size_t first = detail.find(' ');
  if (first == std::string_view::npos) return std::string(detail);
  const size_t second = detail.find(' ', first + 1);
  return std::string(detail.substr(0, second));
}

std::string FieldOf(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string ReadWholeFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace

std::string GoldenFileName(std::string_view case_name) {
  std::string name;
  for (char c : case_name) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '_' || c == '-') {
      name += c;
    } else if (c == '[') {
      name += '.';
    } else if (c != ']') {
      name += '_';
    }
  }
  if (name.empty() || name.front() == '.') name.insert(0, "case");
  return name + std::string(kGoldenSuffix);
}

std::string CanonicalTrace(std::string_view case_name, uint64_t seed, std::string_view trace) {
  std::string out = "# xnsim golden trace: case " + std::string(case_name) + ", seed " +
                    std::to_string(seed) + "\n";
  FieldNormalizer normalize;
  std::set<std::string> said;  // events seen, for repeats
  for (std::string_view line : SplitLines(trace)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("t")) {
      out += "? " + normalize.Apply(line) + "\n";  // not a record: kept as it is
      continue;
    }
    const std::string component = FieldOf(j, "component");
    const std::string action = FieldOf(j, "action");
    const std::string raw_object = FieldOf(j, "object");
    // The recorder's own "event" record says what an Event says; the Event object's
    // writes that follow it (named after the instant, count bumped on a repeat) add
    // nothing but bytes.
    if (component == "kube-apiserver" && raw_object.starts_with("Event ")) continue;
    std::string detail = FieldOf(j, "detail");
    if (component == "kube-apiserver") detail = WithoutResourceVersion(detail);
    if (component == "xnsim" && action == "step") detail = WithoutStepLocation(detail);
    // A repeat of an event (same source, object, type, reason and message) is the same
    // Event counted again, as client-go does: its message is not written twice.
    if (action == "event" &&
        !said.insert(component + '\0' + raw_object + '\0' + detail).second) {
      detail = "again: " + detail.substr(0, detail.find(':'));
    }
    const std::string object = normalize.Apply(raw_object);
    out += FieldOf(j, "t");
    out += ' ';
    out += normalize.Apply(component);
    out += ' ';
    out += normalize.Apply(action);
    out += ' ';
    out += object.empty() ? "-" : object;
    if (!detail.empty()) {
      out += " -- ";
      out += normalize.Apply(detail);
    }
    out += '\n';
  }
  return out;
}

StatusOr<GoldenTraces> GoldenTraces::Open(Mode mode, std::string dir,
                                          const std::vector<const Scenario*>& cases) {
  const char* flag = mode == Mode::kRecord ? "--record" : "--compare";
  std::error_code ec;
  if (dir.empty()) return InputError(std::string(flag) + ": the directory name is empty");
  if (mode == Mode::kCompare && !fs::is_directory(dir, ec)) {
    return InputError(std::string(flag) + " \"" + dir + "\": " +
                      (fs::exists(dir, ec) ? "not a directory" : "no such directory") +
                      " (record golden traces there first with --record " + dir + ")");
  }
  if (mode == Mode::kRecord) {
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
      return InputError(std::string(flag) + " \"" + dir + "\": exists and is not a directory");
    }
    fs::create_directories(dir, ec);
    if (ec) return InputError(std::string(flag) + " \"" + dir + "\": cannot create it: " + ec.message());
  }
  GoldenTraces g(mode, std::move(dir));
  std::map<std::string, std::string> owner;  // file name -> case
  for (const Scenario* s : cases) {
    const std::string file = GoldenFileName(s->name);
    auto [it, added] = owner.emplace(file, s->name);
    if (!added) {
      return InputError(std::string(flag) + ": cases \"" + it->second + "\" and \"" + s->name +
                        "\" would share the golden file " + file + "; rename one of them");
    }
    g.expected_files_.push_back(file);
  }
  std::sort(g.expected_files_.begin(), g.expected_files_.end());
  std::vector<std::string> present;
  for (const fs::directory_entry& e : fs::directory_iterator(g.dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(kGoldenSuffix)) present.push_back(name);
  }
  std::sort(present.begin(), present.end());
  std::set_difference(present.begin(), present.end(), g.expected_files_.begin(),
                      g.expected_files_.end(), std::back_inserter(g.stale_));
  return g;
}

void GoldenTraces::Observe(const Scenario& scenario, std::string_view trace, CaseResult& result) {
  ++cases_;
  const std::string text = CanonicalTrace(scenario.name, result.seed, trace);
  const std::string path = (fs::path(dir_) / GoldenFileName(scenario.name)).string();
  if (mode_ == Mode::kRecord) {
    Record(path, text, result);
  } else {
    Compare(path, text, result);
  }
}

void GoldenTraces::Record(const std::string& path, const std::string& text, CaseResult& result) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    write_failed_ = true;
    result.outcome = Outcome::kError;
    result.failure = "--record: cannot write the golden trace \"" + path + "\"";
    return;
  }
  bytes_ += text.size();
}

void GoldenTraces::Compare(const std::string& path, const std::string& text, CaseResult& result) {
  bool read = false;
  const std::string golden = ReadWholeFile(path, &read);
  std::string problem;
  if (!read) {
    ++missing_;
    problem = "no golden trace for this case: " + path + " is missing; record it with --record " + dir_;
  } else if (golden != text) {
    const std::vector<std::string_view> expected = SplitLines(golden);
    const std::vector<std::string_view> actual = SplitLines(text);
    const FirstDifference d = DescribeFirstDifference(expected, actual);
    ++differing_;
    std::string when;
    if (d.actual_line < actual.size()) {
      when = ", t=" + std::string(actual[d.actual_line].substr(0, actual[d.actual_line].find(' ')));
    } else if (d.expected_line < expected.size()) {
      when = ", t=" + std::string(expected[d.expected_line].substr(0, expected[d.expected_line].find(' ')));
    }
    problem = "the trace differs from its golden " + path + " (- golden, + this run)\n" +
              "first difference at line " + std::to_string(d.expected_line + 1) + when + ":\n" +
              d.hunk + std::to_string(d.later_lines) + " later line(s) differ (golden " +
              std::to_string(expected.size()) + " lines, this run " + std::to_string(actual.size()) +
              ")";
  }
  if (problem.empty()) return;
  if (result.outcome == Outcome::kPassed || result.outcome == Outcome::kSkipped) {
    result.outcome = Outcome::kFailed;
    result.failure = "case " + result.name + ": " + problem;
  } else {
    result.failure += "\n\nand " + problem;
  }
}

std::string GoldenTraces::Summary() const {
  if (mode_ == Mode::kRecord) {
    std::ostringstream kb;
    kb.precision(1);
    kb << std::fixed << static_cast<double>(bytes_) / 1024.0;
    return "recorded " + std::to_string(cases_) + " golden trace(s) in " + dir_ + " (" + kb.str() +
           " KiB)";
  }
  return "compared " + std::to_string(cases_) + " case(s) with the golden traces in " + dir_ + ": " +
         std::to_string(cases_ - differing_ - missing_) + " same, " + std::to_string(differing_) +
         " differ, " + std::to_string(missing_) + " missing";
}

void AddGoldenOptions(boost::program_options::options_description& options) {
  namespace po = boost::program_options;
  // clang-format off
  options.add_options()
      ("record", po::value<std::string>()->value_name("DIR"),
       "write each case's golden trace into DIR (created if missing), one file per case "
       "named after it: the canonical trace (no wall clock, resourceVersions and UIDs "
       "normalised), small enough to commit")
      ("compare", po::value<std::string>()->value_name("DIR"),
       "compare each case's trace with its golden trace in DIR; a case whose behaviour "
       "changed fails with the first differing record, context from both sides and the "
       "count of later differences; a case without a golden fails too");
  // clang-format on
}

StatusOr<std::optional<GoldenTraces>> GoldenTracesFromOptions(
    const boost::program_options::variables_map& vm, const std::vector<const Scenario*>& cases) {
  const bool record = vm.count("record") > 0, compare = vm.count("compare") > 0;
  if (record && compare) {
    return InputError("--record and --compare exclude each other: record goldens in one run, "
                      "compare with them in another");
  }
  if (!record && !compare) return std::optional<GoldenTraces>();
  StatusOr<GoldenTraces> opened =
      GoldenTraces::Open(record ? GoldenTraces::Mode::kRecord : GoldenTraces::Mode::kCompare,
                         vm[record ? "record" : "compare"].as<std::string>(), cases);
  if (!opened.ok()) return opened.status();
  return std::optional<GoldenTraces>(std::move(opened).value());
}

bool FinishGoldenTraces(const GoldenTraces& golden, spdlog::logger& log) {
  log.info("{}", golden.Summary());
  if (golden.recording() && !golden.stale_files().empty()) {
    std::string names;
    for (size_t i = 0; i < golden.stale_files().size() && i < 5; ++i) {
      names += (i ? ", " : "") + golden.stale_files()[i];
    }
    if (golden.stale_files().size() > 5) names += ", ...";
    log.warn("{} golden file(s) in the directory belong to no case of this run (delete them if "
             "their cases are gone): {}",
             golden.stale_files().size(), names);
  }
  return !golden.write_failed();
}

}  // namespace xnsim::cli
