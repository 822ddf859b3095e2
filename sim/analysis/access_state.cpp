#include "sim/analysis/access_state.h"

namespace xnsim {

std::string_view DataKindName(DataKind kind) {
  switch (kind) {
    case DataKind::kClaim: return "PersistentVolumeClaim";
    case DataKind::kSnapshot: return "VolumeSnapshot";
    case DataKind::kContent: return "VolumeSnapshotContent";
    case DataKind::kVolume: return "PersistentVolume";
  }
  return "?";
}

std::string DataRef::Label() const {
  std::string out(DataKindName(kind));
  out += ' ';
  if (!namespace_.empty()) out += namespace_ + "/";
  return out + name;
}

std::string_view LineageKindName(LineageKind kind) {
  switch (kind) {
    case LineageKind::kClone: return "clone";
    case LineageKind::kRestore: return "restore";
    case LineageKind::kSnapshot: return "snapshot";
    case LineageKind::kContent: return "content";
    case LineageKind::kBinding: return "bound";
  }
  return "?";
}

}  // namespace xnsim
