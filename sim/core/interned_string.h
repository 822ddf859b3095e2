// A string kept once per process and shared by every copy: for the keys that repeat
// across thousands of objects (annotation, label and parameter keys). A copy is one
// pointer and equality is pointer equality; ordering compares the text, so a sorted
// container iterates in exactly the order it would with std::string keys.
//
// Interned text is never freed: keys come from a small vocabulary, so the table stays
// small however many objects share them. Object fields are interned only where the
// values are bounded the same way: kinds, apiVersions, Event reasons and components,
// driver and storage class names, and namespaces (user data, but thousands at most
// where objects number millions). Names, uids and messages are not. Interning is thread-safe (the explorer runs
// simulations on several threads); it decides no order, so it cannot affect a trace.
#pragma once

#include <compare>
#include <concepts>
#include <iosfwd>
#include <string>
#include <string_view>

namespace xnsim {

class InternedString;

// Text an InternedString compares, orders and concatenates with directly.
template <class S>
concept InternableText =
    std::convertible_to<const S&, std::string_view> && !std::same_as<S, InternedString>;

class InternedString {
 public:
  InternedString() noexcept : text_(&EmptyText()) {}
  // Implicit, so that it is built and assigned like the std::string fields it replaces
  // (`meta.namespace_ = ns;`, `ObjectReference{"v1", "PersistentVolumeClaim", ...}`).
  InternedString(std::string_view text) : text_(Intern(text)) {}
  InternedString(const std::string& text) : text_(Intern(text)) {}
  InternedString(const char* text) : text_(Intern(text)) {}
  void clear() noexcept { text_ = &EmptyText(); }

  const std::string& str() const noexcept { return *text_; }
  std::string_view view() const noexcept { return *text_; }
  // Read like a string wherever one is expected (key lookups, messages, codecs).
  operator const std::string&() const noexcept { return *text_; }
  operator std::string_view() const noexcept { return *text_; }

  size_t size() const noexcept { return text_->size(); }
  bool empty() const noexcept { return text_->empty(); }
  const char* c_str() const noexcept { return text_->c_str(); }

  // Against other text the overloads are templates, so that an exact match wins over
  // interning the other side (and no call is ambiguous between the two).
  friend bool operator==(const InternedString& a, const InternedString& b) noexcept {
    return a.text_ == b.text_;  // one copy of each text: same text, same pointer
  }
  template <InternableText S>
  friend bool operator==(const InternedString& a, const S& b) noexcept {
    return a.view() == std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const InternedString& a, const InternedString& b) noexcept {
    return a.text_ == b.text_ ? std::strong_ordering::equal : a.view().compare(b.view()) <=> 0;
  }
  template <InternableText S>
  friend std::strong_ordering operator<=>(const InternedString& a, const S& b) noexcept {
    return a.view().compare(std::string_view(b)) <=> 0;
  }

  // Concatenation into a new std::string, as with the std::string fields it replaces
  // (std::string's own operator+ is a template and does not look through conversions).
  friend std::string operator+(const InternedString& a, const InternedString& b) {
    return Concat(a.view(), b.view());
  }
  template <InternableText S>
  friend std::string operator+(const InternedString& a, const S& b) {
    return Concat(a.view(), std::string_view(b));
  }
  template <InternableText S>
  friend std::string operator+(const S& a, const InternedString& b) {
    return Concat(std::string_view(a), b.view());
  }
  friend std::ostream& operator<<(std::ostream& out, const InternedString& s);

 private:
  static const std::string& EmptyText() noexcept;
  static const std::string* Intern(std::string_view text);
  static std::string Concat(std::string_view a, std::string_view b);

  const std::string* text_;
};

}  // namespace xnsim
