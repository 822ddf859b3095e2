// Pieces of core/v1 validation that other groups reuse: batch/v1 validates a Job's pod
// template and selector with the same rules, under its own field paths.
#pragma once

#include <optional>
#include <vector>

#include "sim/api/field_errors.h"
#include "sim/api/objects.h"

namespace xnsim {

// ValidateLabelSelector (apimachinery meta/v1 validation): matchLabels keys and values,
// matchExpressions operators and values.
FieldErrorList ValidateLabelSelector(const std::optional<LabelSelector>& sel, const FieldPath& path);

// A Pod's volumes: one volume source each, DNS-label names, no duplicates.
FieldErrorList ValidatePodVolumes(const std::vector<Pod::Volume>& volumes, const FieldPath& path);

}  // namespace xnsim
