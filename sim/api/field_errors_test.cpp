// Field errors render and aggregate as k8s.io/apimachinery's field package does.
#include "sim/api/field_errors.h"

#include <gtest/gtest.h>

#include "sim/api/api_errors.h"

namespace xnsim {
namespace {

TEST(FieldPath, ChildIndexKey) {
  EXPECT_EQ(FieldPath("spec").Child("resources").Key("storage").str(), "spec.resources[storage]");
  EXPECT_EQ(FieldPath("spec").Child("from").Index(2).Child("kind").str(), "spec.from[2].kind");
}

TEST(FieldError, RequiredPrintsNoValue) {
  EXPECT_EQ(Required(FieldPath("spec").Child("dataSourceRef").Child("name")).ToString(),
            "spec.dataSourceRef.name: Required value");
  EXPECT_EQ(Required(FieldPath("metadata").Child("name"), "name or generateName is required").ToString(),
            "metadata.name: Required value: name or generateName is required");
}

TEST(FieldError, InvalidQuotesStrings) {
  EXPECT_EQ(Invalid(FieldPath("spec"), BadValue::String("x\"y"), "msg").ToString(),
            "spec: Invalid value: \"x\\\"y\": msg");
  EXPECT_EQ(Invalid(FieldPath("n"), BadValue::Int(0), "m").ToString(), "n: Invalid value: 0: m");
  EXPECT_EQ(Invalid(FieldPath("n"), BadValue::Null(), "m").ToString(), "n: Invalid value: null: m");
  EXPECT_EQ(Invalid(FieldPath("spec"), BadValue::Raw("spec.dataSource"), "must match dataSourceRef").ToString(),
            "spec: Invalid value: spec.dataSource: must match dataSourceRef");
}

TEST(FieldError, NotSupportedListsQuotedValues) {
  EXPECT_EQ(NotSupported(FieldPath("spec").Child("volumeMode"), BadValue::String("Raw"), {"Block", "Filesystem"})
                .ToString(),
            "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\"");
}

TEST(FieldError, ForbiddenTooManyTooLongDuplicate) {
  EXPECT_EQ(Forbidden(FieldPath("parameters"), "updates to parameters are forbidden.").ToString(),
            "parameters: Forbidden: updates to parameters are forbidden.");
  EXPECT_EQ(TooMany(FieldPath("spec.to"), 17, 16).ToString(), "spec.to: Too many: 17: must have at most 16 items");
  EXPECT_EQ(TooLong(FieldPath("spec.kind"), 63).ToString(), "spec.kind: Too long: may not be more than 63 bytes");
  EXPECT_EQ(Duplicate(FieldPath("v[1].name"), BadValue::String("a")).ToString(), "v[1].name: Duplicate value: \"a\"");
}

TEST(AggregateErrors, OneBareSeveralBracketedRepeatsOnce) {
  FieldError a = Required(FieldPath("a"));
  FieldError b = Required(FieldPath("b"));
  EXPECT_EQ(AggregateErrors({}), "");
  EXPECT_EQ(AggregateErrors({a}), "a: Required value");
  EXPECT_EQ(AggregateErrors({a, b}), "[a: Required value, b: Required value]");
  EXPECT_EQ(AggregateErrors({a, a}), "a: Required value");
  EXPECT_EQ(AggregateErrors({a, b, a}), "[a: Required value, b: Required value]");
}

TEST(StatusErrors, InvalidAsKubectlPrintsIt) {
  Status s = InvalidStatus(KindOf<PersistentVolumeClaim>::kInfo, "x",
                           {Required(FieldPath("spec").Child("dataSourceRef").Child("name"))});
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  EXPECT_EQ("The " + s.message(), "The PersistentVolumeClaim \"x\" is invalid: spec.dataSourceRef.name: Required value");
  EXPECT_EQ(InvalidStatus(KindOf<ReferenceGrant>::kInfo, "g", {}).message(),
            "ReferenceGrant.gateway.networking.k8s.io \"g\" is invalid");
}

TEST(StatusErrors, ResourceNamesCarryTheirGroup) {
  EXPECT_EQ(NotFoundStatus(KindOf<PersistentVolumeClaim>::kInfo, "db").message(),
            "persistentvolumeclaims \"db\" not found");
  EXPECT_EQ(NotFoundStatus(KindOf<VolumeSnapshot>::kInfo, "s").message(),
            "volumesnapshots.snapshot.storage.k8s.io \"s\" not found");
  EXPECT_EQ(ConflictStatus(KindOf<PersistentVolumeClaim>::kInfo, "db", kOptimisticLockReason).message(),
            "Operation cannot be fulfilled on persistentvolumeclaims \"db\": the object has been modified; please "
            "apply your changes to the latest version and try again");
  EXPECT_EQ(ForbiddenStatus(KindOf<PersistentVolumeClaim>::kInfo, "", "no").message(),
            "persistentvolumeclaims is forbidden: no");
}

TEST(GoQuote, EscapesLikeStrconvQuote) {
  EXPECT_EQ(GoQuote("a\tb\n\\\x01"), "\"a\\tb\\n\\\\\\x01\"");
  EXPECT_EQ(GoQuote("é"), "\"é\"");
}

}  // namespace
}  // namespace xnsim
