// Records a run's lineage as it happens, by watching the API server: a volume
// provisioned from a claim or a snapshot (checked against the driver: the backend
// volume really has a content source), a snapshot cut from a claim, and which
// volumes and contents hold which claim's and snapshot's data. What it saw stays,
// whatever is deleted later, so Capture() shows every copy ever realised next to the
// objects and grants that exist at that moment.
#pragma once

#include <set>
#include <tuple>
#include <vector>

#include "sim/analysis/access_state.h"
#include "sim/controllers/cluster/cluster.h"

namespace xnsim {

class LineageRecorder {
 public:
  // Watches from now on: build it with the cluster, before objects are applied.
  explicit LineageRecorder(Cluster& cluster);
  ~LineageRecorder();
  LineageRecorder(const LineageRecorder&) = delete;
  LineageRecorder& operator=(const LineageRecorder&) = delete;

  const std::vector<LineageEdge>& lineage() const { return lineage_; }
  // The objects, grants and gates now, and the lineage so far.
  AccessState Capture() const;

 private:
  void OnVolume(const PersistentVolume& pv);
  void OnSnapshot(const VolumeSnapshot& snapshot);
  void OnContent(const VolumeSnapshotContent& content);
  void Record(LineageKind kind, DataRef from, DataRef to);

  Cluster& cluster_;
  std::vector<int> watches_;
  std::vector<LineageEdge> lineage_;
  std::set<std::tuple<DataRef, DataRef, LineageKind>> recorded_;
};

// Whether grants open anything under the cluster's current gates, and if not why.
void SetGrantActivity(const Cluster& cluster, AccessState& state);

}  // namespace xnsim
