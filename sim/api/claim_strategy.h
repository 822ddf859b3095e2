// kube-apiserver's REST strategy for PersistentVolumeClaims (PrepareForCreate and
// PrepareForUpdate: the gated field dropping and data-source normalisation of
// SEMANTICS.md 1.2 and 1.3) as one seam. The API server runs this class itself; tests
// derive from it to break one rule and prove that the conformance suite notices.
#pragma once

#include "sim/api/objects.h"
#include "sim/gates/gates.h"

namespace xnsim {

class ClaimStrategy {
 public:
  virtual ~ClaimStrategy() = default;
  virtual void PrepareForCreate(PersistentVolumeClaim& obj, const GateSet& gates) const;
  virtual void PrepareForUpdate(PersistentVolumeClaim& obj, const PersistentVolumeClaim& old,
                                const GateSet& gates) const;
};

}  // namespace xnsim
