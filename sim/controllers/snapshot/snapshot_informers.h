// The informer caches of the snapshot process. snapshot-controller and each
// csi-snapshotter are separate processes with their own informers in a real cluster;
// here they restart together, so they share one cache per kind (same watch, same
// delivery delay) and each adds its own handlers.
#pragma once

#include "sim/controllers/runtime/informer.h"

namespace xnsim::snapshot {

struct SnapshotInformers {
  SnapshotInformers(ApiServer& api, SimDuration resync_period)
      : snapshots(api, resync_period),
        contents(api, resync_period),
        classes(api, resync_period),
        claims(api, resync_period),
        volumes(api, resync_period) {}

  void Start() {
    classes.Start();
    claims.Start();
    volumes.Start();
    contents.Start();
    snapshots.Start();
  }

  Informer<VolumeSnapshot> snapshots;
  Informer<VolumeSnapshotContent> contents;
  Informer<VolumeSnapshotClass> classes;
  Informer<PersistentVolumeClaim> claims;
  Informer<PersistentVolume> volumes;
};

}  // namespace xnsim::snapshot
