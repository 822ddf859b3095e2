#include "sim/api/claim_strategy.h"

#include "sim/api/admission.h"

namespace xnsim {

void ClaimStrategy::PrepareForCreate(PersistentVolumeClaim& obj, const GateSet& gates) const {
  xnsim::PrepareForCreate(obj, gates);
}

void ClaimStrategy::PrepareForUpdate(PersistentVolumeClaim& obj, const PersistentVolumeClaim& old,
                                     const GateSet& gates) const {
  xnsim::PrepareForUpdate(obj, old, gates);
}

}  // namespace xnsim
