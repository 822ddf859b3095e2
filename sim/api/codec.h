// The codec: manifests in, as kubectl takes them, and objects out as JSON or YAML.
//
// Decoding checks apiVersion and kind against the served kinds and treats unknown or
// duplicate fields as kubectl's strict field validation does ("strict decoding error:
// unknown field \"spec.foo\""), naming the file, line and field path. Errors are
// InputError (the text cannot be read as YAML) or BadRequest (an object cannot be
// decoded), with "FILE:LINE: " in front of the message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/status.h"

namespace xnsim {

struct DecodedObject {
  AnyObject object;
  int line = 0;  // 1-based line where the document starts in its file
};

// Every document of a (possibly multi-document) YAML or JSON text. Empty documents and
// `kind: List` wrappers are handled as kubectl handles them.
StatusOr<std::vector<DecodedObject>> DecodeManifests(std::string_view text,
                                                     std::string_view file_name);

// Reads a file and decodes it; a missing file is an InputError naming it.
StatusOr<std::vector<DecodedObject>> DecodeManifestFile(const std::string& path);

// Compact JSON with the keys of every object sorted (byte order, as nlohmann::json keeps
// them; the same order EncodeYaml prints), so equal objects give equal bytes.
std::string EncodeJson(const AnyObject& obj);
// Block YAML as `kubectl get -o yaml` prints it: sorted keys, lists at their key's
// column, strings quoted when they would read back as another type.
std::string EncodeYaml(const AnyObject& obj);

}  // namespace xnsim
