#include "sim/scenario/invariant_grant.h"

#include "sim/controllers/provisioner/create_request.h"
#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/core/quote.h"

namespace xnsim {

namespace {

std::string GrantNames(const std::vector<Ptr<ReferenceGrant>>& grants) {
  if (grants.empty()) return "none";
  std::string out;
  for (const Ptr<ReferenceGrant>& g : grants) {
    out += (out.empty() ? "" : ", ") + g->metadata.name;
  }
  return out;
}

}  // namespace

GrantCheckedInvariant::GrantCheckedInvariant(ApiServer& api, const ProvisioningAudit& audit,
                                             const ProvisionerOptions& provisioner)
    : api_(api), audit_(audit), provisioner_(provisioner) {
  watches_.push_back(api_.WatchInstrument<PersistentVolumeClaim>(
      [this](const WatchEvent<PersistentVolumeClaim>& e) {
        if (e.type != WatchEventType::kAdded) return;  // a uid never changes
        const ObjectMeta& m = e.object->metadata;
        claim_of_volume_name_.insert_or_assign(
            MakeVolumeName(provisioner_.volume_name_prefix, m.uid,
                           provisioner_.volume_name_uuid_length),
            Owner{m.namespace_, m.name});
      }));
  watches_.push_back(api_.WatchInstrument<PersistentVolume>([this](const WatchEvent<PersistentVolume>& e) {
    if (e.type == WatchEventType::kDeleted) return;
    const PersistentVolume::Spec& spec = e.object->spec;
    if (!spec.csi || !spec.claim_ref) return;
    if (e.old && e.old->spec.claim_ref == spec.claim_ref) return;
    volume_owner_.insert_or_assign(spec.csi->volume_handle,
                                   Owner{spec.claim_ref->namespace_, spec.claim_ref->name});
  }));
  watches_.push_back(
      api_.WatchInstrument<VolumeSnapshotContent>([this](const WatchEvent<VolumeSnapshotContent>& e) {
        if (e.type == WatchEventType::kDeleted) return;
        const VolumeSnapshotContent& c = *e.object;
        const ObjectReference& ref = c.spec.volume_snapshot_ref;
        if (ref.name.empty()) return;
        // Dynamic contents learn their handle in status; pre-provisioned ones name it
        // in spec.source.snapshotHandle.
        for (const std::optional<std::string>* handle :
             {c.status ? &c.status->snapshot_handle : nullptr, &c.spec.snapshot_handle}) {
          if (handle != nullptr && *handle && !(*handle)->empty()) {
            snapshot_owner_.insert_or_assign(**handle, Owner{ref.namespace_, ref.name});
          }
        }
      }));
}

GrantCheckedInvariant::~GrantCheckedInvariant() {
  for (int id : watches_) api_.Unwatch(id);
}

std::optional<std::string> GrantCheckedInvariant::Check(const csi::CreateVolumeRequest& req) const {
  if (!req.content_source) return std::nullopt;
  const bool from_snapshot = req.content_source->type == csi::VolumeContentSource::Type::kSnapshot;
  const std::string& source_id = req.content_source->id;
  const std::string_view kind = from_snapshot ? "VolumeSnapshot" : "PersistentVolumeClaim";
  // The messages are made only for a violation: a check that passes builds no text.
  const auto volume = [&req] { return "volume " + GoQuote(req.name); };

  const auto& owners = from_snapshot ? snapshot_owner_ : volume_owner_;
  const auto source_it = owners.find(source_id);
  if (source_it == owners.end()) {
    return volume() + " was populated from " + (from_snapshot ? "snapshot " : "volume ") +
           GoQuote(source_id) + ", which no " +
           (from_snapshot ? "VolumeSnapshotContent" : "bound PersistentVolume") +
           " ever named: whose data it copied cannot be told";
  }
  const Owner& source = source_it->second;
  const auto claim_it = claim_of_volume_name_.find(req.name);
  if (claim_it == claim_of_volume_name_.end()) {
    return volume() + " was populated from " + std::string(kind) + " " + source.Label() +
           ", but its name belongs to no PersistentVolumeClaim (the provisioner names volumes " +
           provisioner_.volume_name_prefix + "-<claim uid>)";
  }
  const Owner& claim = claim_it->second;
  if (claim.namespace_ == source.namespace_) return std::nullopt;

  const auto what = [&] {
    return volume() + " of claim " + claim.Label() + " was populated from " + std::string(kind) + " " +
           source.Label();
  };
  // The attempt whose CreateVolume this is: the last one the provisioner let through
  // (re-checked below, never trusted), else its last check of any outcome.
  const GrantCheck* check = audit_.LastAllowingGrantCheck(req.name);
  if (check == nullptr) check = audit_.LastGrantCheck(req.name);
  if (check == nullptr) {
    return what() + ", but the provisioner recorded no ReferenceGrant check for it";
  }
  if (check->claim_namespace != claim.namespace_ || check->source.kind != kind ||
      check->source.namespace_ != source.namespace_ || check->source.name != source.name) {
    const std::string checked_source = check->source.kind + " " +
                                       check->source.namespace_.value_or("<no namespace>") + "/" +
                                       check->source.name;
    return what() + ", but the provisioner's last grant check for it, at " +
           FormatDuration(check->at) + ", was about claims in " + check->claim_namespace +
           " using " + checked_source;
  }
  if (!allowed_.Get(check->grants_seen, check->claim_namespace, check->source, AnyGrantAllows)) {
    return what() + ", but none of the ReferenceGrants the provisioner saw in " + source.namespace_ +
           " at " + FormatDuration(check->at) + " (" + GrantNames(*check->grants_seen) +
           ") allows claims in " + claim.namespace_ + " to use it (the provisioner decided " +
           (check->allowed ? "allowed" : "not allowed") + ")";
  }
  return std::nullopt;
}

std::optional<Finding> GrantCheckedInvariant::RevokedWindow(
    const csi::CreateVolumeRequest& req) const {
  if (!req.content_source) return std::nullopt;
  const GrantCheck* check = audit_.LastAllowingGrantCheck(req.name);
  if (check == nullptr) return std::nullopt;
  // Only the grants that allowed it matter; which those are is the same for every
  // claim of a namespace that saw the same list.
  const std::vector<Ptr<ReferenceGrant>>& allowing = allowing_.Get(
      check->grants_seen, check->claim_namespace, check->source,
      [](const std::vector<Ptr<ReferenceGrant>>& grants, std::string_view claim_namespace,
         const TypedObjectReference& source) {
        std::vector<Ptr<ReferenceGrant>> out;
        for (const Ptr<ReferenceGrant>& g : grants) {
          if (g && GrantAllows(*g, claim_namespace, source)) out.push_back(g);
        }
        return out;
      });
  std::string deleted;
  for (const Ptr<ReferenceGrant>& g : allowing) {
    const Ptr<ReferenceGrant> now = api_.Get<ReferenceGrant>(g->metadata.namespace_, g->metadata.name);
    if (now != nullptr && now->metadata.uid == g->metadata.uid && !now->metadata.deletion_timestamp) {
      return std::nullopt;  // an allowing grant still stands
    }
    deleted += (deleted.empty() ? "" : ", ") + g->metadata.namespace_ + "/" + g->metadata.name;
  }
  if (deleted.empty()) return std::nullopt;
  const SimTime now = api_.engine().Now();
  Finding f;
  f.kind = "grant-deleted-during-create-volume";
  f.rule = "SEMANTICS.md 3.3 Grant lifetime semantics (checked once per attempt, no re-check "
           "after CreateVolume, no revocation)";
  f.at = now;
  f.window = now - check->at;
  f.what = "volume " + GoQuote(req.name) + " of claim " + check->claim_namespace + "/" +
           check->claim_name + " was created from " + check->source.kind + " " +
           check->source.namespace_.value_or("") + "/" + check->source.name +
           " although ReferenceGrant " + deleted + " that allowed it at " +
           FormatDuration(check->at) + " was deleted before CreateVolume ended: window " +
           FormatDuration(f.window);
  return f;
}

}  // namespace xnsim
