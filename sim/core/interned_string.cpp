#include "sim/core/interned_string.h"

#include <functional>
#include <mutex>
#include <ostream>
#include <unordered_map>
#include <unordered_set>

namespace xnsim {
namespace {

struct InternedTextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// The process-wide table. Node-based, so a text's address never moves; leaked on
// purpose so that objects destroyed after main() still point at live text.
struct InternTable {
  std::mutex mu;
  std::unordered_set<std::string, InternedTextHash, std::equal_to<>> texts;
};

InternTable& GlobalInternTable() {
  static InternTable* table = new InternTable;
  return *table;
}

}  // namespace

const std::string& InternedString::EmptyText() noexcept {
  static const std::string* empty = new std::string;
  return *empty;
}

const std::string* InternedString::Intern(std::string_view text) {
  if (text.empty()) return &EmptyText();
  // Each thread remembers what it has interned, so the shared table's lock is taken
  // once per key and thread, not once per object.
  thread_local std::unordered_map<std::string_view, const std::string*> seen;
  if (auto it = seen.find(text); it != seen.end()) return it->second;
  InternTable& table = GlobalInternTable();
  const std::string* interned;
  {
    std::lock_guard<std::mutex> lock(table.mu);
    auto it = table.texts.find(text);
    if (it == table.texts.end()) it = table.texts.emplace(text).first;
    interned = &*it;
  }
  seen.emplace(*interned, interned);
  return interned;
}

std::string InternedString::Concat(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out.append(a).append(b);
  return out;
}

std::ostream& operator<<(std::ostream& out, const InternedString& s) { return out << s.view(); }

}  // namespace xnsim
