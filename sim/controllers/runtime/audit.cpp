#include "sim/controllers/runtime/audit.h"

#include <utility>

namespace xnsim {

void ProvisioningAudit::RecordGrantCheck(GrantCheck check) {
  ++checks_;
  if (keep_history_) grant_history_.push_back(check);
  // The newest check is usually also the newest allowing one: keep one copy of it. An
  // allowing check moves aside only when a refusal follows it.
  auto it = last_.find(check.volume_name);
  if (check.allowed) {
    last_allowed_.erase(check.volume_name);
  } else if (it != last_.end() && it->second.allowed) {
    last_allowed_.insert_or_assign(it->first, std::move(it->second));
  }
  if (it != last_.end()) {
    it->second = std::move(check);
    return;
  }
  std::string key = check.volume_name;
  last_.emplace(std::move(key), std::move(check));
}

const GrantCheck* ProvisioningAudit::LastGrantCheck(const std::string& volume_name) const {
  auto it = last_.find(volume_name);
  return it == last_.end() ? nullptr : &it->second;
}

const GrantCheck* ProvisioningAudit::LastAllowingGrantCheck(const std::string& volume_name) const {
  if (const GrantCheck* newest = LastGrantCheck(volume_name); newest != nullptr && newest->allowed) {
    return newest;
  }
  auto it = last_allowed_.find(volume_name);
  return it == last_allowed_.end() ? nullptr : &it->second;
}

}  // namespace xnsim
