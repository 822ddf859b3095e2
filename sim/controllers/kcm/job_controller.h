// kube-controller-manager's Job controller, as far as a Job's Pods reach the volumes:
// it creates the Pods a Job wants from its template (named "<job>-<5 random chars>",
// owned by the Job, event SuccessfulCreate "Created pod: <name>") and writes the Job's
// status counts (active, ready, succeeded, failed, terminating, startTime).
//
// Modelled: NonIndexed Jobs, wanting min(parallelism, completions - succeeded) Pods
// (parallelism Pods until one succeeds when completions is unset), none while
// suspended. Pods run until something else sets their phase: xnsim simulates no
// containers, so a Job's Pod never finishes by itself and the Job never completes.
// Not modelled: Complete/Failed/SuccessCriteriaMet conditions and completionTime,
// backoffLimit and the per-Pod failure backoff (a Failed Pod is replaced at once),
// Indexed Jobs (treated as NonIndexed), deleting surplus Pods when parallelism drops,
// activeDeadlineSeconds, ttlSecondsAfterFinished, podFailurePolicy, the
// batch.kubernetes.io/job-tracking Pod finalizer and its uncounted-Pods accounting,
// and the slow-start batches of Pod creation. Deleting a Job leaves its Pods (the API
// server has no garbage collector).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "sim/api/client.h"
#include "sim/api/event_recorder.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/kcm/kcm_informers.h"
#include "sim/controllers/runtime/work_queue.h"
#include "sim/core/random.h"

namespace xnsim {

class JobController {
 public:
  JobController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                const KubeControllerManagerOptions& options);
  ~JobController();
  JobController(const JobController&) = delete;
  JobController& operator=(const JobController&) = delete;

  void Start();

 private:
  // A Job's Pods by name: the informer's newest version, or the one this controller
  // just created when its informer has not delivered it yet (the real controller's
  // expectations, so that a sync in between does not create a second Pod).
  using OwnedPods = std::map<std::string, Ptr<Pod>>;

  // A Job's Pods by state: active (neither finished nor being deleted; ready when
  // Running), succeeded, failed, terminating.
  struct PodCounts {
    int32_t active = 0, ready = 0, succeeded = 0, failed = 0, terminating = 0;
  };
  PodCounts CountPods(const std::string& job_uid) const;

  Task<ReconcileResult> SyncJob(std::string key);
  // Creates one Pod from the template; false when it could not (event recorded).
  Task<bool> CreatePod(Ptr<Job> job);
  Pod PodFromTemplate(const Job& job, std::string name) const;
  std::string NextPodName(const Job& job);

  void OnPod(const Ptr<Pod>& pod);
  void OnPodDeleted(const Ptr<Pod>& pod);
  void RememberPod(const std::string& job_uid, const Ptr<Pod>& pod);

  ApiServer& api_;
  ApiClient& client_;
  EventRecorder recorder_;
  Random names_;  // stream "job-controller": Pod name suffixes
  Informer<Job>& jobs_;
  Informer<Pod>& pods_;
  std::unordered_map<std::string, OwnedPods> owned_;  // by the Job's uid; looked up only
  // Declared last, destroyed first: running syncs use the members above.
  WorkQueue queue_;
};

// The Job that controls `pod` ("ns/name" and its uid), if a Job does.
struct JobOwner {
  std::string key, uid;
};
std::optional<JobOwner> ControllingJob(const Pod& pod);

}  // namespace xnsim
