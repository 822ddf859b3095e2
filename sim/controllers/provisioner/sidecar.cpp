#include "sim/controllers/provisioner/sidecar.h"

#include <algorithm>

namespace xnsim {
namespace {

ProvisionerProfile ProfileOrNewest(const std::string& version) {
  // The scenario loader validates the version; a bad one here falls back to the newest.
  StatusOr<ProvisionerProfile> p = ProfileForVersion(version);
  return p.ok() ? *p : ProvisionerProfile{};
}

// The real component is "<provisioner>_<hostname>_<random uuid>"; xnsim drops the uuid
// and names the host as a StatefulSet pod would, so event sources are deterministic.
std::string LibraryComponent(const std::string& driver) { return driver + "_csi-provisioner-0"; }

}  // namespace

Sidecar::Sidecar(ApiServer& api, const GateSet& gates, ProvisionerOptions opts,
                 csi::Driver& drv, ProvisioningAudit& aud, const ProvisionerRules& rls)
    : engine(api.engine()),
      driver(drv),
      audit(aud),
      options(std::move(opts)),
      rules(rls),
      profile(ProfileOrNewest(options.version)),
      cross_namespace(rules.CrossNamespaceEnabled(gates.Enabled(Gate::kCrossNamespaceVolumeDataSource))),
      driver_name(drv.name()),
      capabilities(drv.ControllerGetCapabilities()),
      component(LibraryComponent(driver_name)),
      client(api, "csi-provisioner",
             ClientOptions{.qps = options.kube_api_qps, .burst = options.kube_api_burst}),
      library_events(client, component),
      provisioner_events(client, "external-provisioner"),
      claims(api, kClaimResyncPeriod),
      classes(api, 0),
      volumes(api, kClaimResyncPeriod) {
  // csi-provisioner's identity: "<start unix ms>-<rand 0..9999>-<driver>"; from the
  // virtual clock and a seeded stream here.
  Random rnd = engine.Stream("csi-provisioner/" + driver_name + "/identity");
  const int64_t start_ms = kEpochUnixSeconds * 1000 + engine.Now() / kMillisecond;
  identity = std::to_string(start_ms) + "-" + std::to_string(rnd.Below(10000)) + "-" + driver_name;

  if (cross_namespace) {
    grants = std::make_unique<Informer<ReferenceGrant>>(api, kReferenceGrantResyncPeriod);
  }
  // The library's uid index over the claim cache.
  claims.AddHandlers({
      .on_add = [this](const Ptr<PersistentVolumeClaim>& c) { IndexByUid(c); },
      .on_update = [this](const Ptr<PersistentVolumeClaim>&, const Ptr<PersistentVolumeClaim>& c) { IndexByUid(c); },
      .on_delete =
          [this](const Ptr<PersistentVolumeClaim>& c) {
            if (auto it = claims_by_uid_.find(std::string_view(c->metadata.uid)); it != claims_by_uid_.end()) {
              claims_by_uid_.erase(it);
            }
          },
  });
}

void Sidecar::IndexByUid(const Ptr<PersistentVolumeClaim>& claim) {
  auto it = claims_by_uid_.find(std::string_view(claim->metadata.uid));
  if (it == claims_by_uid_.end()) {
    claims_by_uid_.insert(ByUid{claim});
  } else {
    it->claim = claim;  // same uid: the entry's hash and place hold
  }
}

bool Sidecar::HasCapability(csi::Capability c) const {
  return std::find(capabilities.begin(), capabilities.end(), c) != capabilities.end();
}

Ptr<PersistentVolumeClaim> Sidecar::ClaimByUid(const std::string& uid) const {
  auto it = claims_by_uid_.find(std::string_view(uid));
  return it == claims_by_uid_.end() ? nullptr : it->claim;
}

void Sidecar::Trace(std::string_view action, std::string_view object, std::string_view detail) const {
  xnsim::Trace& t = engine.trace();
  if (t.enabled()) t.Record(engine.Now(), component, action, object, detail);
}

}  // namespace xnsim
