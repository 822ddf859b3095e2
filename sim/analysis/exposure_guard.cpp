#include "sim/analysis/exposure_guard.h"

#include <algorithm>

#include "sim/analysis/exposure.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

DataRef BoundSourceOf(const ExposureBound& b) {
  return DataRef{b.kind == "VolumeSnapshot" ? DataKind::kSnapshot : DataKind::kClaim, b.namespace_,
                 b.name};
}

std::string AllowedText(const ExposureBound& b) {
  if (b.namespaces.empty()) return "no other namespace";
  std::string out;
  for (const std::string& ns : b.namespaces) out += (out.empty() ? "" : ", ") + ns;
  return "only " + out;
}

}  // namespace

std::optional<std::string> CheckExposureBounds(const AccessGraph& graph,
                                               const std::vector<ExposureBound>& bounds) {
  std::string problems;
  for (const ExposureBound& b : bounds) {
    const DataRef source = BoundSourceOf(b);
    const std::string where = "maxExposure (" + b.where.ToString() + ")";
    StatusOr<Exposure> exposure = ComputeExposure(graph, source);
    if (!exposure.ok()) {
      problems += where + ": " + exposure.status().message() + "\n";
      continue;
    }
    for (const ExposedNamespace& e : exposure->namespaces) {
      if (std::find(b.namespaces.begin(), b.namespaces.end(), e.namespace_) != b.namespaces.end()) {
        continue;
      }
      problems += where + ": the data of " + source.Label() + " " +
                  (e.realised ? "reached" : "can reach") + " namespace " + e.namespace_ +
                  ", but the bound allows " + AllowedText(b) + "\n  witness: " + e.PathText() +
                  "\n";
    }
  }
  if (problems.empty()) return std::nullopt;
  problems.pop_back();
  return problems;
}

void ExposureGuard::ClusterBuilt(Engine& engine, Cluster& cluster) {
  recorder_ = std::make_unique<LineageRecorder>(cluster);
}

void ExposureGuard::CaseEnded(Cluster& cluster, CaseResult& result) {
  if (recorder_ == nullptr) return;
  AccessState state = recorder_->Capture();
  recorder_.reset();
  // A case that failed already says why; a bound is checked on what passed.
  if (result.outcome != Outcome::kPassed) return;
  const AccessGraph graph = AccessGraph::Build(std::move(state));
  if (std::optional<std::string> widened = CheckExposureBounds(graph, bounds_)) {
    result.outcome = Outcome::kFailed;
    result.failure = result.name + ": exposure wider than maxExposure at the end of the case " +
                     "(virtual time " + FormatDuration(cluster.api().engine().Now()) + ")\n" +
                     *widened;
  }
}

}  // namespace xnsim
