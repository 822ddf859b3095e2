// Status and StatusOr: xnsim's one way to report an expected failure.
//
// Errors are values (as in LevelDB and Abseil): API calls, parsers and loaders return a
// Status whose code mirrors the Kubernetes API's status reasons, so a caller decides
// what a NotFound or a Conflict means to it. Exceptions are kept for bugs and the CLI edge.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace xnsim {

// The reasons a Kubernetes API call fails (metav1.StatusReason), plus the two that
// user input and internal faults need.
enum class StatusCode {
  kOk,
  kNotFound,       // 404 NotFound
  kAlreadyExists,  // 409 AlreadyExists
  kConflict,       // 409 Conflict: stale resourceVersion
  kInvalid,        // 422 Invalid: validation failed; the message lists field errors
  kForbidden,      // 403 Forbidden: admission refused (e.g. namespace terminating)
  kBadRequest,     // 400 BadRequest: undecodable object, strict decoding error
  kInputError,     // a user's file is wrong: message carries file:line and the key
  kInternal,       // a bug or an impossible state
};

const char* StatusCodeName(StatusCode code);  // "NotFound", "Invalid", ...

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "NotFound: namespaces \"dev\" not found"; "OK" when ok.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status NotFoundError(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExistsError(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status ConflictError(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
inline Status InvalidError(std::string m) { return {StatusCode::kInvalid, std::move(m)}; }
inline Status ForbiddenError(std::string m) { return {StatusCode::kForbidden, std::move(m)}; }
inline Status BadRequestError(std::string m) { return {StatusCode::kBadRequest, std::move(m)}; }
inline Status InputError(std::string m) { return {StatusCode::kInputError, std::move(m)}; }
inline Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or the Status that explains why there is none.
template <class T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit, like absl::StatusOr
  StatusOr(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace xnsim

// Propagate a failed Status from the enclosing function.
#define XNSIM_RETURN_IF_ERROR(expr)        \
  do {                                     \
    ::xnsim::Status xnsim_status_ = (expr); \
    if (!xnsim_status_.ok()) return xnsim_status_; \
  } while (0)
