#include "sim/api/api_errors.h"

namespace xnsim {

std::string QualifiedResource(const KindInfo& kind) {
  std::string s(kind.resource);
  if (!kind.group.empty()) {
    s += '.';
    s += kind.group;
  }
  return s;
}

std::string QualifiedKind(const KindInfo& kind) {
  std::string s(kind.kind);
  if (!kind.group.empty()) {
    s += '.';
    s += kind.group;
  }
  return s;
}

Status NotFoundStatus(const KindInfo& kind, std::string_view name) {
  return NotFoundError(QualifiedResource(kind) + " " + GoQuote(name) + " not found");
}

Status AlreadyExistsStatus(const KindInfo& kind, std::string_view name) {
  return AlreadyExistsError(QualifiedResource(kind) + " " + GoQuote(name) + " already exists");
}

Status ConflictStatus(const KindInfo& kind, std::string_view name, std::string_view reason) {
  return ConflictError("Operation cannot be fulfilled on " + QualifiedResource(kind) + " " +
                       GoQuote(name) + ": " + std::string(reason));
}

Status ForbiddenStatus(const KindInfo& kind, std::string_view name, std::string_view reason) {
  std::string m = QualifiedResource(kind);
  if (!name.empty()) {
    m += ' ';
    m += GoQuote(name);
  }
  m += " is forbidden: ";
  m += reason;
  return ForbiddenError(std::move(m));
}

Status InvalidStatus(const KindInfo& kind, std::string_view name, const FieldErrorList& errors) {
  std::string m = QualifiedKind(kind) + " " + GoQuote(name) + " is invalid";
  if (!errors.empty()) m += ": " + AggregateErrors(errors);
  return InvalidError(std::move(m));
}

}  // namespace xnsim
