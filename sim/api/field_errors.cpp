#include "sim/api/field_errors.h"

#include <set>

namespace xnsim {

FieldPath FieldPath::Child(std::string_view name) const {
  FieldPath p;
  p.text_.reserve(text_.size() + 1 + name.size());
  p.text_ = text_;
  if (!p.text_.empty()) p.text_ += '.';
  p.text_ += name;
  return p;
}

FieldPath FieldPath::Index(size_t i) const {
  FieldPath p = *this;
  p.text_ += '[';
  p.text_ += std::to_string(i);
  p.text_ += ']';
  return p;
}

FieldPath FieldPath::Key(std::string_view key) const {
  FieldPath p = *this;
  p.text_ += '[';
  p.text_ += key;
  p.text_ += ']';
  return p;
}

BadValue BadValue::String(std::string_view s) {
  BadValue v;
  v.text_ = GoQuote(s);
  return v;
}
BadValue BadValue::Int(int64_t i) {
  BadValue v;
  v.text_ = std::to_string(i);
  return v;
}
BadValue BadValue::Bool(bool b) {
  BadValue v;
  v.text_ = b ? "true" : "false";
  return v;
}
BadValue BadValue::Null() {
  BadValue v;
  v.text_ = "null";
  return v;
}
BadValue BadValue::Raw(std::string_view text) {
  BadValue v;
  v.text_ = std::string(text);
  return v;
}

namespace {

const char* TypeText(FieldErrorType t) {
  switch (t) {
    case FieldErrorType::kNotFound: return "Not found";
    case FieldErrorType::kRequired: return "Required value";
    case FieldErrorType::kDuplicate: return "Duplicate value";
    case FieldErrorType::kInvalid: return "Invalid value";
    case FieldErrorType::kNotSupported: return "Unsupported value";
    case FieldErrorType::kForbidden: return "Forbidden";
    case FieldErrorType::kTooLong: return "Too long";
    case FieldErrorType::kTooMany: return "Too many";
    case FieldErrorType::kInternal: return "Internal error";
  }
  return "";
}

}  // namespace

std::string FieldError::ToString() const {
  std::string s = field;
  s += ": ";
  s += TypeText(type);
  const bool bare = type == FieldErrorType::kRequired || type == FieldErrorType::kForbidden ||
                    type == FieldErrorType::kTooLong || type == FieldErrorType::kInternal ||
                    omit_value;
  if (!bare) {
    s += ": ";
    s += value;
  }
  if (!detail.empty()) {
    s += ": ";
    s += detail;
  }
  return s;
}

FieldError Required(const FieldPath& path, std::string_view detail) {
  return {FieldErrorType::kRequired, path.str(), "", false, std::string(detail)};
}

FieldError Invalid(const FieldPath& path, const BadValue& value, std::string_view detail) {
  return {FieldErrorType::kInvalid, path.str(), value.text(), false, std::string(detail)};
}

FieldError NotSupported(const FieldPath& path, const BadValue& value,
                        const std::vector<std::string_view>& supported) {
  std::string detail;
  if (!supported.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i > 0) detail += ", ";
      detail += GoQuote(supported[i]);
    }
  }
  return {FieldErrorType::kNotSupported, path.str(), value.text(), false, std::move(detail)};
}

FieldError Forbidden(const FieldPath& path, std::string_view detail) {
  return {FieldErrorType::kForbidden, path.str(), "", false, std::string(detail)};
}

FieldError Duplicate(const FieldPath& path, const BadValue& value) {
  return {FieldErrorType::kDuplicate, path.str(), value.text(), false, ""};
}

FieldError TooMany(const FieldPath& path, int64_t actual, int64_t max) {
  FieldError e{FieldErrorType::kTooMany, path.str(), std::to_string(actual), actual < 0,
               max >= 0 ? "must have at most " + std::to_string(max) + " items"
                        : "has too many items"};
  return e;
}

FieldError TooLong(const FieldPath& path, int64_t max) {
  return {FieldErrorType::kTooLong, path.str(), "", false,
          "may not be more than " + std::to_string(max) + " bytes"};
}

std::string AggregateErrors(const FieldErrorList& errors) {
  // ToAggregate drops repeated messages; Aggregate.Error() brackets two or more.
  std::set<std::string> seen;
  std::vector<std::string> msgs;
  for (const FieldError& e : errors) {
    std::string m = e.ToString();
    if (seen.insert(m).second) msgs.push_back(std::move(m));
  }
  if (msgs.empty()) return "";
  if (msgs.size() == 1) return msgs[0];
  std::string out = "[";
  for (size_t i = 0; i < msgs.size(); ++i) {
    if (i > 0) out += ", ";
    out += msgs[i];
  }
  out += "]";
  return out;
}

void Append(FieldErrorList& to, FieldErrorList from) {
  for (FieldError& e : from) to.push_back(std::move(e));
}

}  // namespace xnsim
