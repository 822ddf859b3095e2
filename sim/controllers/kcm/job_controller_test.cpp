// The Job controller against a real engine and API server: the Pod it creates from a
// Job's template, the names it draws, the status it writes, and what it does not do
// twice.
#include "sim/controllers/kcm/job_controller.h"

#include <gtest/gtest.h>

#include <memory>

#include "sim/api/admission.h"
#include "sim/controllers/kcm/kubelet.h"
#include "sim/controllers/kcm/pv_controller.h"
#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_test_world.h"
#include "sim/controllers/kcm/scheduler.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

// A training Job whose Pod mounts a claim, as a user writes it.
Job TrainingJob(std::string name = "train") {
  Job job;
  job.metadata.namespace_ = "dev";
  job.metadata.name = std::move(name);
  job.spec.template_.metadata.labels["app"] = "trainer";
  job.spec.template_.metadata.annotations["team"] = "ml";
  job.spec.template_.spec.rest.text =
      R"({"containers":[{"image":"trainer:1","name":"train"}],"restartPolicy":"Never"})";
  job.spec.template_.spec.volumes.push_back(
      Pod::Volume{.name = "data", .claim_name = "dataset", .read_only = std::nullopt, .other = {}});
  return job;
}

class JobControllerTest : public World {
 protected:
  // A start after the first is a restart: a new process, with informers of its own.
  void StartController() {
    controller_.reset();
    informers_ = std::make_unique<KcmInformers>(api_);
    controller_ = std::make_unique<JobController>(api_, client_, *informers_, options_);
    controller_->Start();
  }
  std::vector<Ptr<Pod>> Pods() { return api_.List<Pod>("dev"); }
  Ptr<Job> GetJob(const std::string& name) { return api_.Get<Job>("dev", name); }
  void SetPodPhase(const std::string& name, std::string phase) {
    Pod pod = *api_.Get<Pod>("dev", name);
    pod.status.phase = std::move(phase);
    ASSERT_TRUE(api_.UpdateStatus(pod).ok());
  }

  std::unique_ptr<KcmInformers> informers_;
  std::unique_ptr<JobController> controller_;
};

// A Job gets one Pod: "<job>-<5 chars>", the template's labels (with the job-name and
// controller-uid labels admission generated), annotations and spec, owned by the Job.
TEST_F(JobControllerTest, CreatesOnePodFromTheTemplateOwnedByTheJob) {
  Ptr<Job> job = Create(TrainingJob());
  StartController();
  RunFor(kSecond);

  std::vector<Ptr<Pod>> pods = Pods();
  ASSERT_EQ(pods.size(), 1u);
  const Pod& pod = *pods[0];
  ASSERT_EQ(pod.metadata.name.size(), std::string("train-").size() + 5);
  EXPECT_TRUE(pod.metadata.name.starts_with("train-"));
  EXPECT_EQ(pod.metadata.name.substr(6).find_first_not_of("bcdfghjklmnpqrstvwxz2456789"), std::string::npos);
  EXPECT_EQ(pod.metadata.generate_name, "train-");
  EXPECT_EQ(pod.metadata.labels.at("app"), "trainer");
  EXPECT_EQ(pod.metadata.labels.at(std::string(kJobNameLabel)), "train");
  EXPECT_EQ(pod.metadata.labels.at(std::string(kLegacyJobNameLabel)), "train");
  EXPECT_EQ(pod.metadata.labels.at(std::string(kControllerUidLabel)), job->metadata.uid);
  EXPECT_EQ(pod.metadata.labels.at(std::string(kLegacyControllerUidLabel)), job->metadata.uid);
  EXPECT_EQ(pod.metadata.annotations.at("team"), "ml");
  ASSERT_EQ(pod.metadata.owner_references.size(), 1u);
  EXPECT_EQ(pod.metadata.owner_references[0],
            (OwnerReference{"batch/v1", "Job", "train", job->metadata.uid, true, true}));
  ASSERT_EQ(pod.spec.volumes.size(), 1u);
  EXPECT_EQ(pod.spec.volumes[0].claim_name, "dataset");
  EXPECT_EQ(pod.spec.rest, job->spec.template_.spec.rest);
  EXPECT_EQ(pod.status.phase, "Pending");

  Ptr<Event> created = EventWithReason("dev", "train", "SuccessfulCreate");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->type, "Normal");
  EXPECT_EQ(created->message, "Created pod: " + pod.metadata.name);
  EXPECT_EQ(created->source_component, "job-controller");
  EXPECT_EQ(created->involved_object.kind, "Job");
}

// The status a job controller writes after starting the Pod.
TEST_F(JobControllerTest, StatusCountsTheActivePodAndRecordsTheStart) {
  Create(TrainingJob());
  StartController();
  const SimTime started = engine_.Now();
  RunFor(kSecond);
  const Job::Status& s = GetJob("train")->status;
  EXPECT_EQ(s.active, 1);
  EXPECT_EQ(s.ready, 0);
  EXPECT_EQ(s.terminating, 0);
  EXPECT_EQ(s.succeeded, 0);
  EXPECT_EQ(s.failed, 0);
  ASSERT_TRUE(s.start_time.has_value());
  EXPECT_GE(*s.start_time, started);
  EXPECT_EQ(s.uncounted_terminated_pods.text, "{}");
  EXPECT_TRUE(s.conditions.empty());  // never completes: containers are not simulated
}

// ready counts the Job's Running Pods.
TEST_F(JobControllerTest, ReadyCountsRunningPods) {
  Create(TrainingJob());
  StartController();
  RunFor(kSecond);
  SetPodPhase(Pods()[0]->metadata.name, "Running");
  RunFor(kSecond);
  EXPECT_EQ(GetJob("train")->status.ready, 1);
  EXPECT_EQ(GetJob("train")->status.active, 1);
}

// A sync that runs before the informer has delivered the Pod just created still
// counts it (the controller's expectations): a slow watch never yields a second Pod.
TEST_F(JobControllerTest, NoSecondPodBeforeTheInformerSeesTheFirst) {
  Engine engine(1);
  ApiServer api(engine, GateSet(Component::kKubeApiserver, kNewestKubeVersion),
                ApiServer::Options{.watch_delay = 50 * kMillisecond, .system_namespaces = true});
  Namespace ns;
  ns.metadata.name = "dev";
  ASSERT_TRUE(api.Create(ns).ok());
  ASSERT_TRUE(api.Create(TrainingJob()).ok());
  ApiClient client(api, "kube-controller-manager", ClientOptions{.qps = 0, .burst = 0, .latency = kMillisecond});
  KcmInformers informers(api);
  JobController controller(api, client, informers, options_);
  controller.Start();  // the listed Job syncs at once and creates its Pod
  Job touched = *api.Get<Job>("dev", "train");
  touched.metadata.annotations["touched"] = "yes";
  ASSERT_TRUE(api.Update(touched).ok());  // delivered, and synced, before the Pod's add
  engine.RunUntil(kMinute);
  EXPECT_EQ(api.List<Pod>("dev").size(), 1u);
  EXPECT_EQ(api.Get<Job>("dev", "train")->status.active, 1);
}

// A restarted controller lists the Pods the Job has and creates none.
TEST_F(JobControllerTest, RestartFindsTheExistingPod) {
  Create(TrainingJob());
  StartController();
  RunFor(kSecond);
  controller_.reset();
  StartController();
  RunFor(kMinute);
  EXPECT_EQ(Pods().size(), 1u);
}

// A deleted Pod is replaced; a Succeeded one is not (the work is done).
TEST_F(JobControllerTest, DeletedPodIsReplacedButSucceededPodIsNot) {
  Create(TrainingJob());
  StartController();
  RunFor(kSecond);
  const std::string first = Pods()[0]->metadata.name;
  ASSERT_TRUE(api_.Delete<Pod>("dev", first).ok());
  RunFor(kSecond);
  std::vector<Ptr<Pod>> pods = Pods();
  ASSERT_EQ(pods.size(), 1u);
  const std::string second = pods[0]->metadata.name;
  EXPECT_NE(second, first);
  EXPECT_EQ(GetJob("train")->status.active, 1);

  SetPodPhase(second, "Succeeded");
  RunFor(kMinute);
  EXPECT_EQ(Pods().size(), 1u);
  EXPECT_EQ(GetJob("train")->status.succeeded, 1);
  EXPECT_EQ(GetJob("train")->status.active, 0);
}

// spec.suspend: no Pods and no startTime.
TEST_F(JobControllerTest, SuspendedJobStartsNothing) {
  Job job = TrainingJob();
  job.spec.suspend = true;
  Create(job);
  StartController();
  RunFor(kMinute);
  EXPECT_TRUE(Pods().empty());
  EXPECT_FALSE(GetJob("train")->status.start_time.has_value());
}

// parallelism 2, completions 3: two Pods at once.
TEST_F(JobControllerTest, ParallelismStartsThatManyPods) {
  Job job = TrainingJob();
  job.spec.parallelism = 2;
  job.spec.completions = 3;
  Create(job);
  StartController();
  RunFor(kSecond);
  EXPECT_EQ(Pods().size(), 2u);
  EXPECT_EQ(GetJob("train")->status.active, 2);
}

// Pod names come from the stream "job-controller" of the run's seed.
TEST_F(JobControllerTest, PodNamesFollowTheSeed) {
  auto name_with_seed = [](uint64_t seed) {
    Engine engine(seed);
    ApiServer api(engine, GateSet(Component::kKubeApiserver, kNewestKubeVersion));
    Namespace ns;
    ns.metadata.name = "dev";
    EXPECT_TRUE(api.Create(ns).ok());
    EXPECT_TRUE(api.Create(TrainingJob()).ok());
    ApiClient client(api, "kube-controller-manager", ClientOptions{});
    KcmInformers informers(api);
    JobController controller(api, client, informers, KubeControllerManagerOptions{});
    controller.Start();
    engine.RunUntil(kSecond);
    std::vector<Ptr<Pod>> pods = api.List<Pod>("dev");
    return pods.empty() ? std::string() : pods[0]->metadata.name;
  };
  EXPECT_EQ(name_with_seed(7), name_with_seed(7));
  EXPECT_NE(name_with_seed(7), name_with_seed(8));
}

// The names the controller will draw, from the same stream.
std::vector<std::string> NextNames(const Engine& engine, int n) {
  Random r = engine.Stream("job-controller");
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    std::string name = "train-";
    for (int c = 0; c < 5; ++c) name += std::string_view("bcdfghjklmnpqrstvwxz2456789")[r.Below(27)];
    out.push_back(name);
  }
  return out;
}

// A name already taken is drawn again, as the API server's generateName retries.
TEST_F(JobControllerTest, TakenNameIsDrawnAgain) {
  const std::vector<std::string> names = NextNames(engine_, 2);
  Create(PodUsing(names[0], "other"));
  Create(TrainingJob());
  StartController();
  RunFor(kSecond);
  EXPECT_NE(api_.Get<Pod>("dev", names[1]), nullptr);
  EXPECT_EQ(EventWithReason("dev", "train", "FailedCreate"), nullptr);
}

// A create the API server refuses is a FailedCreate event with its error, and is
// tried again later.
TEST_F(JobControllerTest, RefusedCreateIsAFailedCreateEvent) {
  const std::vector<std::string> names = NextNames(engine_, 5);
  for (const std::string& name : names) Create(PodUsing(name, "other"));
  Create(TrainingJob());
  StartController();
  RunFor(kMinute);
  Ptr<Event> failed = EventWithReason("dev", "train", "FailedCreate");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->type, "Warning");
  EXPECT_EQ(failed->message, "Error creating: pods \"" + names[4] + "\" already exists");
  EXPECT_EQ(Pods().size(), 6u);  // the next sync drew fresh names
}

// The chain a training Job starts (SEMANTICS.md 3.9): its Pod names a
// WaitForFirstConsumer claim, the scheduler selects a node for it, a volume is
// provisioned (here by the test, as the external provisioner would) and the PV
// controller binds it, the scheduler binds the Pod, the kubelet runs it, and the Job
// counts it ready.
TEST_F(JobControllerTest, TrainingJobRunsOnceItsClaimIsProvisioned) {
  Create(Class("fast", "WaitForFirstConsumer"));
  Create(Claim("dataset"));
  Create(TrainingJob());
  KcmInformers pv_informers(api_);
  PersistentVolumeController pv_controller(api_, client_, pv_informers, options_);
  Scheduler scheduler(api_, client_, options_);
  Kubelet kubelet(api_, client_, options_);
  pv_controller.Start();
  scheduler.Start();
  kubelet.Start();
  StartController();
  RunFor(kSecond);

  Ptr<PersistentVolumeClaim> claim = GetClaim("dataset");
  ASSERT_EQ(claim->metadata.annotations.count(std::string(pv::kAnnSelectedNode)), 1u);
  PersistentVolume volume = Volume("pvc-" + claim->metadata.uid);
  volume.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "dev", "dataset", claim->metadata.uid, "", ""};
  volume.spec.node_affinity_required = std::vector<NodeSelectorTerm>{
      {.match_expressions = {{"topology.hostpath.csi/node", "In", {"node-1"}}}, .match_fields = {}}};
  Create(volume);
  RunFor(kMinute);

  EXPECT_EQ(GetClaim("dataset")->status.phase, "Bound");
  std::vector<Ptr<Pod>> pods = Pods();
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(pods[0]->spec.node_name, "node-1");
  EXPECT_EQ(pods[0]->status.phase, "Running");
  EXPECT_EQ(GetJob("train")->status.active, 1);
  EXPECT_EQ(GetJob("train")->status.ready, 1);
}

}  // namespace
}  // namespace xnsim
