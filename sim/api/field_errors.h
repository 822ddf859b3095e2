// Field errors as Kubernetes validation reports them (k8s.io/apimachinery
// util/validation/field): a path such as `spec.dataSourceRef.name`, a type
// ("Required value", "Invalid value", ...), the bad value and a detail, rendered and
// aggregated byte for byte as the API server prints them. One module, so every
// validation rule in xnsim spells its errors the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/quote.h"

namespace xnsim {

// A field path: FieldPath("spec").Child("resources").Key("storage") prints
// "spec.resources[storage]"; Index(0) prints "[0]".
class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::string_view root) : text_(root) {}

  FieldPath Child(std::string_view name) const;
  FieldPath Index(size_t i) const;
  FieldPath Key(std::string_view key) const;
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

// The bad value of an error, as field.Error's ErrorBody prints it: a Go string is
// quoted (%q), numbers and booleans are bare, nil is `null`, and anything else is
// text the caller renders the way Go's fmt would (a Stringer's String(), a %#v).
class BadValue {
 public:
  static BadValue String(std::string_view s);  // "x" with Go quoting
  static BadValue Int(int64_t v);              // 0
  static BadValue Bool(bool v);                // true
  static BadValue Null();                      // null
  static BadValue Raw(std::string_view text);  // printed as given
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

enum class FieldErrorType : uint8_t {
  kNotFound,      // "Not found"
  kRequired,      // "Required value"
  kDuplicate,     // "Duplicate value"
  kInvalid,       // "Invalid value"
  kNotSupported,  // "Unsupported value"
  kForbidden,     // "Forbidden"
  kTooLong,       // "Too long"
  kTooMany,       // "Too many"
  kInternal,      // "Internal error"
};

struct FieldError {
  FieldErrorType type;
  std::string field;
  std::string value;  // rendered BadValue; unused by Required/Forbidden/TooLong/Internal
  bool omit_value = false;
  std::string detail;

  // "spec.dataSourceRef.name: Required value"
  std::string ToString() const;
};

using FieldErrorList = std::vector<FieldError>;

// The constructors of field.Required, field.Invalid, ... with their fixed details.
FieldError Required(const FieldPath& path, std::string_view detail = {});
FieldError Invalid(const FieldPath& path, const BadValue& value, std::string_view detail);
FieldError NotSupported(const FieldPath& path, const BadValue& value,
                        const std::vector<std::string_view>& supported);
FieldError Forbidden(const FieldPath& path, std::string_view detail);
FieldError Duplicate(const FieldPath& path, const BadValue& value);
FieldError TooMany(const FieldPath& path, int64_t actual, int64_t max);
// field.TooLong as 1.32+ words it: "Too long: may not be more than 63 bytes".
FieldError TooLong(const FieldPath& path, int64_t max);

// The errors as ErrorList.ToAggregate().Error() prints them: one error bare, several
// as "[a, b]", repeated messages once.
std::string AggregateErrors(const FieldErrorList& errors);

void Append(FieldErrorList& to, FieldErrorList from);

}  // namespace xnsim
