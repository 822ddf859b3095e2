// YAML <-> JSON trees: YAML 1.2 core-schema scalars with each node's line and the
// duplicate keys remembered (for strict decoding), and a block-YAML printer in the
// shape of `kubectl get -o yaml`.
#include "sim/api/codec_tree.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "sim/api/codec_internal.h"
#include "sim/core/quote.h"

namespace xnsim {
namespace codec {
namespace {

using nlohmann::json;

// Deeper than any manifest; stops an alias that refers to its own ancestor.
constexpr int kMaxDepth = 256;

bool IsDigits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = base == 8    ? (c >= '0' && c <= '7')
                    : base == 10 ? (c >= '0' && c <= '9')
                                 : std::isxdigit(static_cast<unsigned char>(c)) != 0;
    if (!ok) return false;
  }
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsCoreFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!IsDigits(s.substr(i), 10)) return false;
    return true;
  }
  return i == s.size();
}

// A plain (unquoted) scalar under the YAML 1.2 core schema.
json ResolvePlain(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view v = s;
  if (v.starts_with("0o") && IsDigits(v.substr(2), 8)) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data() + 2, v.data() + v.size(), n, 8);
    if (ec == std::errc()) return n;
  }
  if (v.starts_with("0x") && IsDigits(v.substr(2), 16)) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data() + 2, v.data() + v.size(), n, 16);
    if (ec == std::errc()) return n;
  }
  const std::string_view unsigned_part = v.substr(v[0] == '-' || v[0] == '+' ? 1 : 0);
  if (IsDigits(unsigned_part, 10)) {
    const std::string_view digits = v[0] == '+' ? v.substr(1) : v;
    int64_t n = 0;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), n).ec == std::errc()) {
      return n;
    }
    uint64_t u = 0;
    if (v[0] != '-' &&
        std::from_chars(digits.data(), digits.data() + digits.size(), u).ec == std::errc()) {
      return u;
    }
    // Past 64 bits: a float, as sigs.k8s.io/yaml makes it.
  }
  if (IsCoreFloat(v)) {
    const std::string_view digits = v[0] == '+' ? v.substr(1) : v;
    double d = 0;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), d).ec == std::errc()) {
      return d;
    }
  }
  const std::string_view inf = unsigned_part;
  if (inf == ".inf" || inf == ".Inf" || inf == ".INF") {
    return v[0] == '-' ? -std::numeric_limits<double>::infinity()
                       : std::numeric_limits<double>::infinity();
  }
  if (v == ".nan" || v == ".NaN" || v == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return s;
}

json ResolveScalar(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  // yaml-cpp tags a quoted or block scalar "!" and a plain one "?".
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return node.Scalar();
  return ResolvePlain(node.Scalar());
}

class YamlConverter {
 public:
  YamlConverter(LineMap* lines, std::vector<DuplicateKey>* duplicates)
      : lines_(lines), duplicates_(duplicates) {}

  void Convert(const YAML::Node& node, json& out, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      out = nullptr;
      return;
    }
    switch (node.Type()) {
      case YAML::NodeType::Map: ConvertMap(node, out, depth); break;
      case YAML::NodeType::Sequence: ConvertSequence(node, out, depth); break;
      case YAML::NodeType::Scalar: out = ResolveScalar(node); break;
      default: out = nullptr; break;
    }
  }

  bool too_deep() const { return too_deep_; }

 private:
  // JSON keys are strings: a scalar key keeps its text, a complex key becomes its JSON.
  std::string KeyText(const YAML::Node& key, int depth) {
    if (key.IsScalar()) return key.Scalar();
    if (key.IsNull()) return "null";
    YamlConverter plain(nullptr, nullptr);
    json tree;
    plain.Convert(key, tree, depth);
    too_deep_ = too_deep_ || plain.too_deep();
    return DumpJson(tree);
  }

  void ConvertMap(const YAML::Node& node, json& out, int depth) {
    out = json::object();
    auto& object = out.get_ref<json::object_t&>();
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = KeyText(it->first, depth + 1);
      const int key_line = it->first.Mark().line + 1;
      const size_t path_size = path_.size();
      if (!path_.empty()) path_ += '.';
      path_ += key;
      auto [slot_it, inserted] = object.try_emplace(key);
      if (inserted) {
        json& slot = slot_it->second;
        Convert(it->second, slot, depth + 1);
        if (lines_ != nullptr) (*lines_)[&slot] = key_line;
      } else if (duplicates_ != nullptr) {
        // The first occurrence stays, as yaml-cpp's own lookup finds it: in a flattened
        // manifest the first `kind:` is the object's, the later ones came from below.
        duplicates_->push_back({key_line, path_});
      }
      path_.resize(path_size);
    }
  }

  void ConvertSequence(const YAML::Node& node, json& out, int depth) {
    out = json::array();
    auto& array = out.get_ref<json::array_t&>();
    array.reserve(node.size());  // no reallocation: LineMap holds element addresses
    size_t index = 0;
    for (const YAML::Node& item : node) {
      const size_t path_size = path_.size();
      path_ += "[" + std::to_string(index++) + "]";
      json& slot = array.emplace_back();
      Convert(item, slot, depth + 1);
      if (lines_ != nullptr) (*lines_)[&slot] = item.Mark().line + 1;
      path_.resize(path_size);
    }
  }

  LineMap* lines_;
  std::vector<DuplicateKey>* duplicates_;
  std::string path_;
  bool too_deep_ = false;
};

// ---- printing -----------------------------------------------------------------------------

bool IsYaml11Bool(std::string_view s) {
  for (std::string_view b : {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On",
                             "ON", "off", "Off", "OFF"}) {
    if (s == b) return true;
  }
  return false;
}

// Whether a string must be quoted so that a YAML reader (1.2 core schema, or the 1.1
// rules older tools still apply) reads it back as the same string.
bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  if (!ResolvePlain(s).is_string() || IsYaml11Bool(s)) return true;
  const unsigned char first = static_cast<unsigned char>(s[0]);
  // Numbers in the 1.1 sense (1_000, 0b1, 1:30) and timestamps, as kubectl quotes them.
  if (std::isdigit(first) || ((first == '-' || first == '+' || first == '.') && s.size() > 1 &&
                              std::isdigit(static_cast<unsigned char>(s[1])))) {
    const bool numberish = s.find_first_not_of("0123456789abcdefABCDEFxXoObB_.:+-") ==
                           std::string::npos;
    const bool timestamp = s.size() >= 5 && s[4] == '-' &&
                           s.find_first_not_of("0123456789") == 4;
    if (numberish || timestamp) return true;
  }
  if (std::string_view("?:,[]{}#&*!|>'\"%@`\\ \t").find(static_cast<char>(first)) !=
      std::string_view::npos) {
    return true;
  }
  if (first == '-' && (s.size() == 1 || s[1] == ' ')) return true;
  const unsigned char last = static_cast<unsigned char>(s.back());
  if (last == ' ' || last == ':') return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  if (s == "<<" || s == "=" || s.starts_with("---") || s.starts_with("...")) return true;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// A multi-line string prints as a literal block (`|`) when every line can stand as is.
bool FitsLiteralBlock(const std::string& s) {
  if (s.find('\n') == std::string::npos) return false;
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n') || c == 0x7f) return false;
  }
  // The first non-empty line sets the block's indentation: it must not start with a space.
  const size_t first = s.find_first_not_of('\n');
  if (first == std::string::npos || s[first] == ' ') return false;
  // A line of only spaces before it would be read as indentation.
  return true;
}

void Pad(std::string& out, int indent) { out.append(static_cast<size_t>(indent), ' '); }

// The scalar after "key:" or "-" (a leading space included), ending the line.
void EmitScalar(const json& v, int indent, std::string& out) {
  out += ' ';
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (FitsLiteralBlock(s)) {
      size_t trailing = 0;
      while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
      out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
      out += '\n';
      const std::string body = s.substr(0, s.size() - trailing);
      size_t start = 0;
      while (true) {
        const size_t end = body.find('\n', start);
        const std::string line = body.substr(start, end == std::string::npos ? end : end - start);
        if (!line.empty()) Pad(out, indent + 2);
        out += line;
        out += '\n';
        if (end == std::string::npos) break;
        start = end + 1;
      }
      for (size_t i = 1; i < trailing; ++i) out += '\n';
      return;
    }
    out += NeedsQuotes(s) ? GoQuote(s) : s;
  } else if (v.is_null()) {
    out += "null";
  } else {
    out += DumpJson(v);
  }
  out += '\n';
}

void EmitMap(const json& v, int indent, bool inline_first, std::string& out);
void EmitSeq(const json& v, int indent, bool inline_first, std::string& out);

// The value of a mapping key, after "key:".
void EmitMapValue(const json& v, int indent, std::string& out) {
  if (v.is_object() && !v.empty()) {
    out += '\n';
    EmitMap(v, indent + 2, false, out);
  } else if (v.is_array() && !v.empty()) {
    out += '\n';
    EmitSeq(v, indent, false, out);  // kubectl's style: "- " at the key's column
  } else if (v.is_object()) {
    out += " {}\n";
  } else if (v.is_array()) {
    out += " []\n";
  } else {
    EmitScalar(v, indent, out);
  }
}

void EmitMap(const json& v, int indent, bool inline_first, std::string& out) {
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!(first && inline_first)) Pad(out, indent);
    first = false;
    out += NeedsQuotes(it.key()) ? GoQuote(it.key()) : it.key();
    out += ':';
    EmitMapValue(it.value(), indent, out);
  }
}

void EmitSeq(const json& v, int indent, bool inline_first, std::string& out) {
  bool first = true;
  for (const json& item : v) {
    if (!(first && inline_first)) Pad(out, indent);
    first = false;
    out += '-';
    if (item.is_object() && !item.empty()) {
      out += ' ';
      EmitMap(item, indent + 2, true, out);
    } else if (item.is_array() && !item.empty()) {
      out += ' ';
      EmitSeq(item, indent + 2, true, out);
    } else if (item.is_object()) {
      out += " {}\n";
    } else if (item.is_array()) {
      out += " []\n";
    } else {
      EmitScalar(item, indent, out);
    }
  }
}

}  // namespace

void ConvertYaml(const YAML::Node& node, YamlTree& out) {
  YamlConverter converter(&out.lines, &out.duplicates);
  converter.Convert(node, out.root, 0);
  out.lines[&out.root] = node.Mark().line + 1;
  out.too_deep = converter.too_deep();
}

}  // namespace codec

nlohmann::json YamlToJson(const YAML::Node& node) {
  codec::YamlConverter converter(nullptr, nullptr);
  nlohmann::json out;
  converter.Convert(node, out, 0);
  return out;
}

std::string JsonToYaml(const nlohmann::json& tree) {
  std::string out;
  if (tree.is_object() && !tree.empty()) {
    codec::EmitMap(tree, 0, true, out);
  } else if (tree.is_array() && !tree.empty()) {
    codec::EmitSeq(tree, 0, true, out);
  } else if (tree.is_object()) {
    out = "{}\n";
  } else if (tree.is_array()) {
    out = "[]\n";
  } else {
    codec::EmitScalar(tree, 0, out);
    out.erase(0, 1);  // no key or dash before it
  }
  return out;
}

StatusOr<AnyObject> DecodeManifestNode(const YAML::Node& node, std::string_view file_name) {
  codec::YamlTree tree;
  codec::ConvertYaml(node, tree);
  if (tree.too_deep) {
    return InputError(std::string(file_name) + ":" + std::to_string(node.Mark().line + 1) +
                      ": the manifest nests too deeply");
  }
  return codec::DecodeObject(tree.root, {file_name, &tree.lines, tree.duplicates});
}

StatusOr<AnyObject> DecodeManifestJson(const nlohmann::json& tree) {
  return codec::DecodeObject(tree, {});
}

nlohmann::json ToJson(const AnyObject& obj) { return codec::EncodeObject(obj); }

}  // namespace xnsim
