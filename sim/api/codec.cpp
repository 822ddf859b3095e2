// Manifests in and objects out: apiVersion/kind resolution, multi-document files and
// Lists, and the messages kubectl prints for what it refuses. The per-type field lists
// live in codec_fields.h, the tree walking in codec_io.h, YAML in codec_tree.cpp.
#include "sim/api/codec.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <type_traits>
#include <utility>

#include "sim/api/codec_fields.h"
#include "sim/api/codec_internal.h"
#include "sim/api/codec_io.h"
#include "sim/api/codec_tree.h"

namespace xnsim {
namespace codec {
namespace {

// "FILE:LINE: " (or "FILE: " without a line; nothing without a file).
std::string Where(std::string_view file, int line) {
  if (file.empty()) return {};
  std::string out(file);
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  return out;
}

int LineOf(const TreeSource& source, const json& node) {
  if (source.lines == nullptr) return 0;
  auto it = source.lines->find(&node);
  return it == source.lines->end() ? 0 : it->second;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// "a", "a and b", "a, b and c".
std::string JoinAnd(const std::vector<std::string>& items) {
  if (items.size() < 2) return Join(items, "");
  std::vector<std::string> head(items.begin(), items.end() - 1);
  return Join(head, ", ") + " and " + items.back();
}

// "a string", "an array", "null": what a JSON value is, for messages.
std::string WithArticle(const json& node) {
  if (node.is_null()) return "null";
  const std::string kind = JsonKindName(node);
  return (kind == "array" || kind == "object" ? "an " : "a ") + kind;
}

bool NullOrAbsent(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null();
}

std::string StringAt(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Blog posts and chat messages often lose a manifest's leading spaces, which leaves
// metadata (and spec) null and their fields at the top level. Name that cause.
template <class T>
std::string FlatteningHint(const json& tree, const std::vector<std::string>& root_unknown) {
  std::vector<std::string> under_metadata, under_spec;
  const bool metadata_empty = NullOrAbsent(tree, "metadata");
  bool spec_empty = false;
  std::vector<std::string_view> spec_names;
  if constexpr (requires { typename T::Spec; }) {
    spec_empty = NullOrAbsent(tree, "spec");
    spec_names = FieldNames<typename T::Spec>();
  }
  const std::vector<std::string_view> meta_names = FieldNames<ObjectMeta>();
  for (const std::string& name : root_unknown) {
    if (metadata_empty && Contains(meta_names, name)) {
      under_metadata.push_back(name);
    } else if (spec_empty && Contains(spec_names, name)) {
      under_spec.push_back(name);
    }
  }
  if (under_metadata.empty() && under_spec.empty()) return {};
  std::vector<std::string> empty_parents, strays, directions;
  if (!under_metadata.empty()) {
    empty_parents.push_back("metadata");
    directions.push_back(JoinAnd(under_metadata) + " under metadata");
  }
  if (!under_spec.empty()) {
    empty_parents.push_back("spec");
    directions.push_back(JoinAnd(under_spec) + " under spec");
  }
  strays = under_metadata;
  strays.insert(strays.end(), under_spec.begin(), under_spec.end());
  return "\nhint: the indentation looks flattened: " + JoinAnd(empty_parents) +
         (empty_parents.size() > 1 ? " are" : " is") + " empty while " + Join(strays, ", ") +
         (strays.size() > 1 ? " sit" : " sits") + " at the top level. Indent " +
         Join(directions, ", and ") +
         " (copies of manifests on web pages often lose their leading spaces)";
}

template <class T>
StatusOr<AnyObject> DecodeTyped(const json& tree, const TreeSource& source,
                                std::string_view version) {
  DecodeState st;
  st.lines = source.lines;
  st.go_struct = kGoType<T>;
  for (const DuplicateKey& d : source.duplicates) {
    st.strict_errors.push_back({d.line, "duplicate field \"" + d.path + "\""});
  }
  T obj{};
  Decoder d(st, tree);
  d.Ignore("apiVersion");
  d.Ignore("kind");
  Fields(d, obj);
  d.Finish();
  if (st.type_errors.empty() && st.strict_errors.empty()) return AnyObject(std::move(obj));

  auto by_line = [](const FieldError& a, const FieldError& b) { return a.line < b.line; };
  std::string detail, hint;
  int line = 0;
  if (!st.type_errors.empty()) {
    std::stable_sort(st.type_errors.begin(), st.type_errors.end(), by_line);
    detail = st.type_errors.front().message;
    line = st.type_errors.front().line;
  } else {
    std::stable_sort(st.strict_errors.begin(), st.strict_errors.end(), by_line);
    std::vector<std::string> messages;
    for (const FieldError& e : st.strict_errors) messages.push_back(e.message);
    detail = "strict decoding error: " + Join(messages, ", ");
    line = st.strict_errors.front().line;
    hint = FlatteningHint<T>(tree, st.root_unknown);
  }
  const std::string_view kind = KindOf<T>::kInfo.kind;
  std::string message = Where(source.file, line);
  if (!source.file.empty()) message += "error when creating \"" + std::string(source.file) + "\": ";
  message += std::string(kind) + " in version \"" + std::string(version) +
             "\" cannot be handled as a " + std::string(kind) + ": " + detail + hint;
  return BadRequestError(std::move(message));
}

// A List's items, each decoded on its own as kubectl does.
StatusOr<std::vector<DecodedObject>> DecodeList(const json& tree, const TreeSource& source,
                                                int line) {
  for (auto it = tree.begin(); it != tree.end(); ++it) {
    const std::string& key = it.key();
    if (key != "apiVersion" && key != "kind" && key != "metadata" && key != "items") {
      return BadRequestError(Where(source.file, LineOf(source, it.value())) +
                             "error parsing List: unknown field \"" + key + "\"");
    }
  }
  std::vector<DecodedObject> out;
  auto items = tree.find("items");
  if (items == tree.end() || items->is_null()) return out;
  if (!items->is_array()) {
    return BadRequestError(Where(source.file, LineOf(source, *items)) +
                           "error parsing List: items must be a list, not " +
                           WithArticle(*items));
  }
  for (size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    TreeSource item_source{source.file, source.lines, {}};
    const std::string prefix = "items[" + std::to_string(i) + "].";
    for (const DuplicateKey& d : source.duplicates) {
      if (d.path.starts_with(prefix)) {
        item_source.duplicates.push_back({d.line, d.path.substr(prefix.size())});
      }
    }
    StatusOr<AnyObject> obj = DecodeObject(item, item_source);
    if (!obj.ok()) return obj.status();
    const int item_line = LineOf(source, item);
    out.push_back({std::move(*obj), item_line > 0 ? item_line : line});
  }
  return out;
}

}  // namespace

std::string DumpJson(const json& tree) {
  return tree.dump(-1, ' ', false, json::error_handler_t::replace);
}

StatusOr<AnyObject> DecodeObject(const json& tree, const TreeSource& source) {
  const int line = LineOf(source, tree);
  if (!tree.is_object()) {
    return InputError(Where(source.file, line) + "error parsing" +
                      (source.file.empty() ? "" : " " + std::string(source.file)) +
                      ": a manifest must be a mapping with apiVersion and kind, not " +
                      WithArticle(tree));
  }
  std::vector<std::string> missing;
  for (const char* key : {"apiVersion", "kind"}) {
    auto it = tree.find(key);
    if (it != tree.end() && !it->is_null() && !it->is_string()) {
      return BadRequestError(Where(source.file, LineOf(source, *it)) +
                             "json: cannot unmarshal " + JsonKindName(*it) +
                             " into Go struct field TypeMeta." + key + " of type string");
    }
    if (StringAt(tree, key).empty()) missing.push_back(std::string(key) + " not set");
  }
  if (!missing.empty()) {
    std::string errors = missing.size() == 1 ? missing[0] : "[" + Join(missing, ", ") + "]";
    std::string message = Where(source.file, line);
    if (!source.file.empty()) message += "error validating \"" + std::string(source.file) + "\": ";
    return BadRequestError(message + "error validating data: " + errors);
  }
  const std::string api_version = StringAt(tree, "apiVersion");
  const std::string kind = StringAt(tree, "kind");
  const KindInfo* info = FindKind(api_version, kind);
  if (info == nullptr) {
    std::string message = Where(source.file, LineOf(source, tree["kind"]));
    if (!source.file.empty()) {
      std::string name, ns;
      if (auto meta = tree.find("metadata"); meta != tree.end() && meta->is_object()) {
        name = StringAt(*meta, "name");
        ns = StringAt(*meta, "namespace");
      }
      message += "resource mapping not found for name: \"" + name + "\" namespace: \"" + ns +
                 "\" from \"" + std::string(source.file) + "\": ";
    }
    return BadRequestError(message + "no matches for kind \"" + kind + "\" in version \"" +
                           api_version + "\"\nensure CRDs are installed first");
  }
  const std::string_view version =
      std::string_view(api_version).substr(api_version.find('/') + 1);
#define XNSIM_DECODE_KIND(T, ...) \
  if (info == &KindOf<T>::kInfo) return DecodeTyped<T>(tree, source, version);
  XNSIM_KINDS(XNSIM_DECODE_KIND)
#undef XNSIM_DECODE_KIND
  return InternalError("FindKind returned a kind the codec does not decode: " + kind);
}

json EncodeObject(const AnyObject& obj) {
  return std::visit(
      [](const auto& o) -> json {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return json::object();
        } else {
          json out = EncodeValue(o);
          out["apiVersion"] = ApiVersionOf(KindOf<T>::kInfo);
          out["kind"] = std::string(KindOf<T>::kInfo.kind);
          return out;
        }
      },
      obj);
}

}  // namespace codec

StatusOr<std::vector<DecodedObject>> DecodeManifests(std::string_view text,
                                                     std::string_view file_name) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    std::string message = codec::Where(file_name, line) + "error parsing " +
                          std::string(file_name) + ": yaml: ";
    if (line > 0) message += "line " + std::to_string(line) + ": ";
    return InputError(message + e.msg);
  }
  std::vector<DecodedObject> out;
  for (const YAML::Node& doc : docs) {
    if (!doc.IsDefined() || doc.IsNull()) continue;  // an empty document, as kubectl skips
    codec::YamlTree tree;
    codec::ConvertYaml(doc, tree);
    const int line = doc.Mark().line + 1;
    if (tree.too_deep) {
      return InputError(codec::Where(file_name, line) + "error parsing " +
                        std::string(file_name) + ": the document nests too deeply");
    }
    codec::TreeSource source{file_name, &tree.lines, tree.duplicates};
    if (tree.root.is_object() && codec::StringAt(tree.root, "kind") == "List") {
      StatusOr<std::vector<DecodedObject>> items = codec::DecodeList(tree.root, source, line);
      if (!items.ok()) return items.status();
      for (DecodedObject& item : *items) out.push_back(std::move(item));
      continue;
    }
    StatusOr<AnyObject> obj = codec::DecodeObject(tree.root, source);
    if (!obj.ok()) return obj.status();
    out.push_back({std::move(*obj), line});
  }
  return out;
}

StatusOr<std::vector<DecodedObject>> DecodeManifestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError("the path \"" + path + "\" does not exist");
  std::ostringstream text;
  text << in.rdbuf();
  return DecodeManifests(text.str(), path);
}

std::string EncodeJson(const AnyObject& obj) {
  return codec::DumpJson(codec::EncodeObject(obj));
}

std::string EncodeYaml(const AnyObject& obj) { return JsonToYaml(codec::EncodeObject(obj)); }

}  // namespace xnsim
