// The Job controller's sync (pkg/controller/job/job_controller.go syncJob, with
// controller_utils.go's pod creation): count the Job's Pods, create the missing ones,
// write the status.
#include "sim/controllers/kcm/job_controller.h"

#include <algorithm>
#include <utility>

#include "sim/controllers/runtime/object_key.h"

namespace xnsim {
namespace {

constexpr std::string_view kComponent = "job-controller";
// apimachinery's names generator: no vowels, no look-alike characters.
constexpr std::string_view kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
// A generated name's prefix is cut to leave room for the suffix (63 - 5).
constexpr size_t kMaxGeneratedPrefix = 58;
// Fresh names drawn for one Pod before giving up on a run of collisions.
constexpr int kNameAttempts = 5;

// The Pods a Job wants running now (NonIndexed; see the header).
int32_t WantActive(const Job::Spec& spec, int32_t succeeded) {
  if (spec.suspend.value_or(false)) return 0;
  const int32_t parallelism = std::max<int32_t>(0, spec.parallelism.value_or(1));
  if (!spec.completions) return succeeded > 0 ? 0 : parallelism;
  return std::min(parallelism, std::max<int32_t>(0, *spec.completions - succeeded));
}

}  // namespace

std::optional<JobOwner> ControllingJob(const Pod& pod) {
  for (const OwnerReference& ref : pod.metadata.owner_references) {
    if (ref.controller.value_or(false) && ref.kind == "Job" && ref.api_version == "batch/v1") {
      return JobOwner{NamespacedKey(pod.metadata.namespace_, ref.name), ref.uid};
    }
  }
  return std::nullopt;
}

JobController::JobController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                             const KubeControllerManagerOptions&)
    : api_(api),
      client_(client),
      recorder_(client_, std::string(kComponent)),
      names_(api.engine().Stream(kComponent)),
      jobs_(informers.jobs),
      pods_(informers.pods),
      // --concurrent-job-syncs 5; the queue's rate limiter backs off 1 s up to 1 min.
      queue_(api.engine(), {.name = std::string(kComponent), .workers = 5, .backoff = {1 * kSecond, 1 * kMinute}},
             [this](const std::string& key) { return SyncJob(key); }) {
  jobs_.AddHandlers({
      .on_add = [this](const Ptr<Job>& j) { queue_.Add(NamespacedKey(j->metadata.namespace_, j->metadata.name)); },
      .on_update = [this](const Ptr<Job>&, const Ptr<Job>& j) {
        queue_.Add(NamespacedKey(j->metadata.namespace_, j->metadata.name));
      },
      .on_delete = [this](const Ptr<Job>& j) { owned_.erase(j->metadata.uid); },
  });
  pods_.AddHandlers({
      .on_add = [this](const Ptr<Pod>& p) { OnPod(p); },
      .on_update =
          [this](const Ptr<Pod>& old, const Ptr<Pod>& p) {
            // An owner reference that changed hands leaves its old Job's set.
            auto before = ControllingJob(*old), after = ControllingJob(*p);
            if (before && (!after || after->uid != before->uid)) OnPodDeleted(old);
            OnPod(p);
          },
      .on_delete = [this](const Ptr<Pod>& p) { OnPodDeleted(p); },
  });
}

JobController::~JobController() = default;

void JobController::Start() {
  // Pods first, so that the first syncs see the Pods a Job already has.
  pods_.Start();
  jobs_.Start();
}

// ---- the owned-Pod index ------------------------------------------------------------------

void JobController::RememberPod(const std::string& job_uid, const Ptr<Pod>& pod) {
  Ptr<Pod>& slot = owned_[job_uid][pod->metadata.name];
  if (!slot || slot->metadata.resource_version <= pod->metadata.resource_version) slot = pod;
}

void JobController::OnPod(const Ptr<Pod>& pod) {
  std::optional<JobOwner> owner = ControllingJob(*pod);
  if (!owner) return;
  RememberPod(owner->uid, pod);
  queue_.Add(owner->key);
}

void JobController::OnPodDeleted(const Ptr<Pod>& pod) {
  std::optional<JobOwner> owner = ControllingJob(*pod);
  if (!owner) return;
  if (auto it = owned_.find(owner->uid); it != owned_.end()) {
    it->second.erase(pod->metadata.name);
    if (it->second.empty()) owned_.erase(it);
  }
  queue_.Add(owner->key);
}

JobController::PodCounts JobController::CountPods(const std::string& job_uid) const {
  PodCounts c;
  auto it = owned_.find(job_uid);
  if (it == owned_.end()) return c;
  for (const auto& [name, pod] : it->second) {
    if (pod->status.phase == "Succeeded") {
      ++c.succeeded;
    } else if (pod->status.phase == "Failed") {
      ++c.failed;
    } else if (pod->metadata.deletion_timestamp) {
      ++c.terminating;
    } else {
      ++c.active;
      if (pod->status.phase == "Running") ++c.ready;
    }
  }
  return c;
}

// ---- sync ----------------------------------------------------------------------------------

Task<ReconcileResult> JobController::SyncJob(std::string key) {
  const auto [ns, name] = SplitNamespacedKey(key);
  Ptr<Job> job = jobs_.Get(ns, name);
  if (!job || job->metadata.deletion_timestamp) co_return ReconcileResult::Done();
  const SimTime started = api_.engine().Now();

  const PodCounts before = CountPods(job->metadata.uid);
  bool created_all = true;
  for (int32_t i = before.active; i < WantActive(job->spec, before.succeeded); ++i) {
    if (!co_await CreatePod(job)) {
      created_all = false;
      break;
    }
    job = jobs_.Get(ns, name);  // the world moved while the call was out
    if (!job) co_return ReconcileResult::Done();
  }

  // Counted again: the Pods just created are in the index.
  const PodCounts counts = CountPods(job->metadata.uid);
  Job::Status status = job->status;
  status.active = counts.active;
  status.succeeded = counts.succeeded;
  status.failed = counts.failed;
  status.ready = counts.ready;
  status.terminating = counts.terminating;
  if (status.uncounted_terminated_pods.text.empty()) status.uncounted_terminated_pods.text = "{}";
  if (!status.start_time && !job->spec.suspend.value_or(false)) status.start_time = started;
  if (!(status == job->status)) {
    Job updated = *job;
    updated.status = std::move(status);
    StatusOr<Ptr<Job>> written = co_await client_.UpdateStatus(std::move(updated));
    if (!written.ok()) {
      if (written.status().code() == StatusCode::kNotFound) co_return ReconcileResult::Done();
      co_return ReconcileResult::Retry();  // a Conflict: the next sync sees the newer Job
    }
  }
  co_return created_all ? ReconcileResult::Done() : ReconcileResult::Retry();
}

Task<bool> JobController::CreatePod(Ptr<Job> job) {
  Status error;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    Pod pod = PodFromTemplate(*job, NextPodName(*job));
    StatusOr<Ptr<Pod>> created = co_await client_.Create(std::move(pod));
    if (created.ok()) {
      RememberPod(job->metadata.uid, *created);
      recorder_.Record(*job, "Normal", "SuccessfulCreate", "Created pod: " + (*created)->metadata.name);
      co_return true;
    }
    error = created.status();
    if (error.code() != StatusCode::kAlreadyExists) break;  // a name collision draws again
  }
  recorder_.Record(*job, "Warning", "FailedCreate", "Error creating: " + error.message());
  co_return false;
}

std::string JobController::NextPodName(const Job& job) {
  std::string name = (job.metadata.name + "-").substr(0, kMaxGeneratedPrefix);
  for (int i = 0; i < 5; ++i) name += kNameAlphabet[names_.Below(kNameAlphabet.size())];
  return name;
}

// GetPodFromTemplate: the template's labels, annotations and spec, a generateName
// from the Job's name, and the Job as controlling owner.
Pod JobController::PodFromTemplate(const Job& job, std::string name) const {
  Pod pod;
  pod.metadata.name = std::move(name);
  pod.metadata.generate_name = job.metadata.name + "-";
  pod.metadata.namespace_ = job.metadata.namespace_;
  pod.metadata.labels = job.spec.template_.metadata.labels;
  pod.metadata.annotations = job.spec.template_.metadata.annotations;
  pod.metadata.owner_references.push_back(
      OwnerReference{"batch/v1", "Job", job.metadata.name, job.metadata.uid, true, true});
  pod.spec = job.spec.template_.spec;
  return pod;
}

}  // namespace xnsim
