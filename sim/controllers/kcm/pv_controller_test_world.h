// A tiny cluster for the kcm tests: an engine, an API server with namespace "dev",
// the kube-controller-manager's client, and builders for the objects the volume
// controllers look at.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/api/client.h"
#include "sim/controllers/kcm/kube_controller_manager.h"

namespace xnsim::kcm_test {

inline Quantity Q(const char* text) { return *Quantity::Parse(text); }

inline StorageClass Class(std::string name, std::string mode = "Immediate",
                          std::string provisioner = "hostpath.csi.k8s.io") {
  StorageClass sc;
  sc.metadata.name = std::move(name);
  sc.provisioner = std::move(provisioner);
  sc.volume_binding_mode = std::move(mode);
  return sc;
}

inline PersistentVolumeClaim Claim(std::string name, std::optional<std::string> cls = "fast",
                                   const char* size = "1Gi") {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = "dev";
  pvc.metadata.name = std::move(name);
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = Q(size);
  pvc.spec.storage_class_name = std::move(cls);
  return pvc;
}

inline PersistentVolume Volume(std::string name, const char* size = "1Gi", std::string cls = "fast",
                               std::vector<std::string> modes = {"ReadWriteOnce"}) {
  PersistentVolume pv;
  pv.metadata.name = std::move(name);
  pv.spec.capacity["storage"] = Q(size);
  pv.spec.access_modes = std::move(modes);
  pv.spec.storage_class_name = std::move(cls);
  pv.spec.persistent_volume_reclaim_policy = "Retain";
  pv.spec.csi = PersistentVolume::CSISource{.driver = "hostpath.csi.k8s.io",
                                            .volume_handle = "h-" + pv.metadata.name,
                                            .fs_type = "",
                                            .read_only = std::nullopt,
                                            .volume_attributes = {}};
  return pv;
}

inline Pod PodUsing(std::string name, std::string claim, std::string node = "") {
  Pod pod;
  pod.metadata.namespace_ = "dev";
  pod.metadata.name = std::move(name);
  pod.spec.volumes.push_back(Pod::Volume{.name = "data", .claim_name = std::move(claim),
                                         .read_only = std::nullopt, .other = {}});
  pod.spec.node_name = std::move(node);
  return pod;
}

class World : public ::testing::Test {
 protected:
  World() {
    Namespace ns;
    ns.metadata.name = "dev";
    EXPECT_TRUE(api_.Create(ns).ok());
  }

  template <class T>
  Ptr<T> Create(T obj) {
    auto r = api_.Create(std::move(obj));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }
  Ptr<PersistentVolumeClaim> GetClaim(const std::string& name) {
    return api_.Get<PersistentVolumeClaim>("dev", name);
  }
  Ptr<PersistentVolume> GetVolume(const std::string& name) { return api_.Get<PersistentVolume>("", name); }
  void RunFor(SimDuration d) { engine_.RunUntil(engine_.Now() + d); }

  // Deletes an object and takes off the protection finalizer that admission added
  // (no protection controller runs in the PV controller's tests).
  template <class T>
  void DeleteNow(const std::string& ns, const std::string& name) {
    ASSERT_TRUE(api_.Delete<T>(ns, name).ok());
    if (Ptr<T> obj = api_.Get<T>(ns, name)) {
      T copy = *obj;
      copy.metadata.finalizers.clear();
      ASSERT_TRUE(api_.Update(copy).ok());
    }
    ASSERT_EQ((api_.Get<T>(ns, name)), nullptr);
  }

  // The Events about one object, oldest first.
  std::vector<Ptr<Event>> EventsAbout(const std::string& ns, const std::string& name) {
    std::vector<Ptr<Event>> out;
    for (const Ptr<Event>& e : api_.List<Event>(ns.empty() ? "default" : ns)) {
      if (e->involved_object.name == name) out.push_back(e);
    }
    return out;
  }
  // The one Event with `reason` about an object, or null.
  Ptr<Event> EventWithReason(const std::string& ns, const std::string& name, std::string_view reason) {
    for (const Ptr<Event>& e : EventsAbout(ns, name)) {
      if (e->reason == reason) return e;
    }
    return nullptr;
  }

  Engine engine_{1};
  ApiServer api_{engine_, GateSet(Component::kKubeApiserver, kNewestKubeVersion)};
  ApiClient client_{api_, "kube-controller-manager", ClientOptions{.qps = 0, .burst = 0, .latency = kMillisecond}};
  KubeControllerManagerOptions options_;
};

}  // namespace xnsim::kcm_test
