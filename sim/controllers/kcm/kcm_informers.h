// The informer caches of kube-controller-manager: one per kind, shared by its
// controllers as the process's SharedInformerFactory shares them. Each controller adds
// its handlers when it is built and starts the informers it uses when it starts; the
// first Start lists and watches, later ones do nothing. Build every controller before
// starting any, as kube-controller-manager starts its factory after building them all,
// so that each informer's list reaches every handler. An informer no controller uses
// never starts. The factory's resync (--min-resync-period 12h, stretched at random up to
// 24h) lies past any run xnsim makes, so the informers resync only for a handler that
// asks for a period of its own (the namespace controller's 5 minutes).
//
// The scheduler and kubelet that kube_controller_manager.h folds in are other processes
// with caches of their own; they do not use these.
#pragma once

#include "sim/controllers/runtime/informer.h"

namespace xnsim {

struct KcmInformers {
  explicit KcmInformers(ApiServer& api)
      : namespaces(api, 0), classes(api, 0), pods(api, 0), jobs(api, 0), volumes(api, 0), claims(api, 0) {}

  Informer<Namespace> namespaces;
  Informer<StorageClass> classes;
  Informer<Pod> pods;
  Informer<Job> jobs;
  Informer<PersistentVolume> volumes;
  Informer<PersistentVolumeClaim> claims;
};

}  // namespace xnsim
