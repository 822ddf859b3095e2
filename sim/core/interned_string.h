// A string kept once per process and shared by every copy: for the keys that repeat
// across thousands of objects (annotation, label and parameter keys). A copy is one
// pointer and equality is pointer equality; ordering compares the text, so a sorted
// container iterates in exactly the order it would with std::string keys.
//
// Interned text is never freed: keys come from a small vocabulary, so the table stays
// small however many objects share them. Interning is thread-safe (the explorer runs
// simulations on several threads); it decides no order, so it cannot affect a trace.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace xnsim {

class InternedString {
 public:
  InternedString() noexcept : text_(&EmptyText()) {}
  explicit InternedString(std::string_view text) : text_(Intern(text)) {}

  const std::string& str() const noexcept { return *text_; }
  std::string_view view() const noexcept { return *text_; }
  // Read like a string wherever one is expected (key lookups, messages, codecs).
  operator const std::string&() const noexcept { return *text_; }
  operator std::string_view() const noexcept { return *text_; }

  size_t size() const noexcept { return text_->size(); }
  bool empty() const noexcept { return text_->empty(); }
  const char* c_str() const noexcept { return text_->c_str(); }

  friend bool operator==(const InternedString& a, const InternedString& b) noexcept {
    return a.text_ == b.text_;  // one copy of each text: same text, same pointer
  }
  friend bool operator==(const InternedString& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend std::strong_ordering operator<=>(const InternedString& a, const InternedString& b) noexcept {
    return a.text_ == b.text_ ? std::strong_ordering::equal : a.view().compare(b.view()) <=> 0;
  }
  friend std::strong_ordering operator<=>(const InternedString& a, std::string_view b) noexcept {
    return a.view().compare(b) <=> 0;
  }

 private:
  static const std::string& EmptyText() noexcept;
  static const std::string* Intern(std::string_view text);

  const std::string* text_;
};

}  // namespace xnsim
