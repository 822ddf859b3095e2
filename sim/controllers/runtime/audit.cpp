#include "sim/controllers/runtime/audit.h"

#include <utility>

namespace xnsim {

void ProvisioningAudit::RecordGrantCheck(GrantCheck check) {
  ++checks_;
  if (check.allowed) last_allowed_.insert_or_assign(check.volume_name, check);
  std::string key = check.volume_name;
  last_.insert_or_assign(std::move(key), std::move(check));
}

const GrantCheck* ProvisioningAudit::LastGrantCheck(const std::string& volume_name) const {
  auto it = last_.find(volume_name);
  return it == last_.end() ? nullptr : &it->second;
}

const GrantCheck* ProvisioningAudit::LastAllowingGrantCheck(const std::string& volume_name) const {
  auto it = last_allowed_.find(volume_name);
  return it == last_allowed_.end() ? nullptr : &it->second;
}

}  // namespace xnsim
