#include "sim/controllers/runtime/audit.h"

#include <utility>

namespace xnsim {

void ProvisioningAudit::RecordGrantCheck(GrantCheck check) {
  ++checks_;
  if (keep_history_) grant_history_.push_back(check);
  // The newest check is usually also the newest allowing one: keep one copy of it. An
  // allowing check moves aside only when a refusal follows it.
  const std::string_view name = check.volume_name;
  auto it = last_.find(name);
  if (check.allowed) {
    if (auto allowed = last_allowed_.find(name); allowed != last_allowed_.end()) last_allowed_.erase(allowed);
  } else if (it != last_.end() && it->check.allowed) {
    if (auto allowed = last_allowed_.find(name); allowed != last_allowed_.end()) {
      allowed->check = std::move(it->check);
    } else {
      last_allowed_.insert(Entry{std::move(it->check)});
    }
  }
  if (it != last_.end()) {
    it->check = std::move(check);  // at once: the moved-from entry has lost its name
    return;
  }
  last_.insert(Entry{std::move(check)});
}

const GrantCheck* ProvisioningAudit::LastGrantCheck(const std::string& volume_name) const {
  auto it = last_.find(std::string_view(volume_name));
  return it == last_.end() ? nullptr : &it->check;
}

const GrantCheck* ProvisioningAudit::LastAllowingGrantCheck(const std::string& volume_name) const {
  if (const GrantCheck* newest = LastGrantCheck(volume_name); newest != nullptr && newest->allowed) {
    return newest;
  }
  auto it = last_allowed_.find(std::string_view(volume_name));
  return it == last_allowed_.end() ? nullptr : &it->check;
}

}  // namespace xnsim
