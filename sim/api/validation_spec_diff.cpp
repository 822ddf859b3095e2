#include "sim/api/validation_spec_diff.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "sim/api/field_errors.h"

namespace xnsim {

GoValue GoValue::String(std::string s, bool pointer) {
  GoValue v;
  v.kind = Kind::kString;
  v.scalar = std::move(s);
  v.pointer = pointer;
  return v;
}

GoValue GoValue::OptString(const std::optional<std::string>& s) {
  return s ? String(*s, /*pointer=*/true) : Nil();
}

GoValue GoValue::Quantity(const xnsim::Quantity& q) {
  GoValue v;
  v.kind = Kind::kQuantity;
  v.scalar = q.ToString();
  return v;
}

GoValue GoValue::StringSlice(std::string type, const std::vector<std::string>& items) {
  if (items.empty()) return Nil();  // xnsim does not tell an empty list from an absent one
  GoValue v;
  v.kind = Kind::kSlice;
  v.type = std::move(type);
  for (const std::string& s : items) v.items.push_back(String(s));
  return v;
}

namespace {

GoValue Struct(std::string type, bool pointer) {
  GoValue v;
  v.kind = GoValue::Kind::kStruct;
  v.type = std::move(type);
  v.pointer = pointer;
  return v;
}

GoValue ResourceListValue(const ResourceList& list) {
  if (list.empty()) return GoValue::Nil();
  GoValue v;
  v.kind = GoValue::Kind::kMap;
  v.type = "core.ResourceList";
  v.stringer_keys = true;  // ResourceName has a String method
  for (const auto& [name, q] : list) v.fields.emplace_back(name, GoValue::Quantity(q));
  return v;
}

GoValue StringMapValue(const StringMap& m) {
  if (m.empty()) return GoValue::Nil();
  GoValue v;
  v.kind = GoValue::Kind::kMap;
  v.type = "map[string]string";
  for (const auto& [k, s] : m) v.fields.emplace_back(k, GoValue::String(s));
  return v;
}

GoValue RawValue(const RawJson& raw, std::string type) {
  if (raw.text.empty()) return GoValue::Nil();
  GoValue v;
  v.kind = GoValue::Kind::kString;  // carried verbatim; printed as its JSON text
  v.type = "raw:" + type;
  v.scalar = raw.text;
  v.pointer = true;
  return v;
}

GoValue LabelSelectorValue(const std::optional<LabelSelector>& sel) {
  if (!sel) return GoValue::Nil();
  // metav1.LabelSelector has json tags (matchLabels,omitempty): the JSON form uses them.
  GoValue v = Struct("v1.LabelSelector", true);
  v.fields.emplace_back("MatchLabels", StringMapValue(sel->match_labels));
  GoValue exprs;
  if (!sel->match_expressions.empty()) {
    exprs.kind = GoValue::Kind::kSlice;
    exprs.type = "[]v1.LabelSelectorRequirement";
    for (const LabelSelectorRequirement& r : sel->match_expressions) {
      GoValue e = Struct("v1.LabelSelectorRequirement", false);
      e.fields.emplace_back("Key", GoValue::String(r.key));
      e.fields.emplace_back("Operator", GoValue::String(r.operator_));
      e.fields.emplace_back("Values", GoValue::StringSlice("[]string", r.values));
      exprs.items.push_back(std::move(e));
    }
  }
  v.fields.emplace_back("MatchExpressions", std::move(exprs));
  return v;
}

bool HasJsonTags(const GoValue& v) { return v.type.rfind("v1.Label", 0) == 0; }

std::string JsonFieldName(const GoValue& parent, const std::string& go_name) {
  if (!HasJsonTags(parent)) return go_name;
  std::string s = go_name;
  s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

GoValue PvcSpecValue(const PersistentVolumeClaim::Spec& spec, KubeVersion version) {
  const bool has_vac = version >= KubeVersion{1, 29};
  GoValue v = Struct("core.PersistentVolumeClaimSpec", false);
  v.fields.emplace_back("AccessModes",
                        GoValue::StringSlice("[]core.PersistentVolumeAccessMode", spec.access_modes));
  v.fields.emplace_back("Selector", LabelSelectorValue(spec.selector));
  // 1.29 gave claims their own VolumeResourceRequirements (no Claims field).
  GoValue res = Struct(has_vac ? "core.VolumeResourceRequirements" : "core.ResourceRequirements",
                       false);
  res.fields.emplace_back("Limits", ResourceListValue(spec.resources.limits));
  res.fields.emplace_back("Requests", ResourceListValue(spec.resources.requests));
  if (!has_vac && version >= KubeVersion{1, 26}) res.fields.emplace_back("Claims", GoValue::Nil());
  v.fields.emplace_back("Resources", std::move(res));
  v.fields.emplace_back("VolumeName", GoValue::String(spec.volume_name));
  v.fields.emplace_back("StorageClassName", GoValue::OptString(spec.storage_class_name));
  v.fields.emplace_back("VolumeMode", GoValue::OptString(spec.volume_mode));
  GoValue ds;
  if (spec.data_source) {
    ds = Struct("core.TypedLocalObjectReference", true);
    ds.fields.emplace_back("APIGroup", GoValue::OptString(spec.data_source->api_group));
    ds.fields.emplace_back("Kind", GoValue::String(spec.data_source->kind));
    ds.fields.emplace_back("Name", GoValue::String(spec.data_source->name));
  }
  v.fields.emplace_back("DataSource", std::move(ds));
  GoValue ref;
  if (spec.data_source_ref) {
    const bool has_ns = version >= KubeVersion{1, 26};  // TypedObjectReference arrived in 1.26
    ref = Struct(has_ns ? "core.TypedObjectReference" : "core.TypedLocalObjectReference", true);
    ref.fields.emplace_back("APIGroup", GoValue::OptString(spec.data_source_ref->api_group));
    ref.fields.emplace_back("Kind", GoValue::String(spec.data_source_ref->kind));
    ref.fields.emplace_back("Name", GoValue::String(spec.data_source_ref->name));
    if (has_ns) ref.fields.emplace_back("Namespace", GoValue::OptString(spec.data_source_ref->namespace_));
  }
  v.fields.emplace_back("DataSourceRef", std::move(ref));
  if (has_vac) {
    v.fields.emplace_back("VolumeAttributesClassName",
                          GoValue::OptString(spec.volume_attributes_class_name));
  }
  return v;
}

GoValue PvSourceValue(const PersistentVolume::Spec& spec) {
  GoValue v = Struct("core.PersistentVolumeSource", false);
  GoValue csi;
  if (spec.csi) {
    csi = Struct("core.CSIPersistentVolumeSource", true);
    csi.fields.emplace_back("Driver", GoValue::String(spec.csi->driver));
    csi.fields.emplace_back("VolumeHandle", GoValue::String(spec.csi->volume_handle));
    GoValue ro;
    if (spec.csi->read_only) {
      ro.kind = GoValue::Kind::kBool;
      ro.scalar = *spec.csi->read_only ? "true" : "false";
    } else {
      ro.kind = GoValue::Kind::kBool;
      ro.scalar = "false";
    }
    csi.fields.emplace_back("ReadOnly", std::move(ro));
    csi.fields.emplace_back("FSType", GoValue::String(spec.csi->fs_type));
    csi.fields.emplace_back("VolumeAttributes", StringMapValue(spec.csi->volume_attributes));
    for (const char* ref : {"ControllerPublishSecretRef", "NodeStageSecretRef",
                            "NodePublishSecretRef", "ControllerExpandSecretRef",
                            "NodeExpandSecretRef"}) {
      csi.fields.emplace_back(ref, GoValue::Nil());
    }
  }
  // Field order of core.PersistentVolumeSource; xnsim carries hostPath, nfs and local.
  for (const char* name :
       {"GCEPersistentDisk", "AWSElasticBlockStore", "HostPath", "Glusterfs", "NFS", "RBD", "ISCSI",
        "Cinder", "CephFS", "FC", "Flocker", "FlexVolume", "AzureFile", "VsphereVolume",
        "Quobyte", "AzureDisk", "PhotonPersistentDisk", "PortworxVolume", "ScaleIO", "Local",
        "StorageOS", "CSI"}) {
    std::string n = name;
    if (n == "HostPath") v.fields.emplace_back(n, RawValue(spec.host_path, "core.HostPathVolumeSource"));
    else if (n == "NFS") v.fields.emplace_back(n, RawValue(spec.nfs, "core.NFSVolumeSource"));
    else if (n == "Local") v.fields.emplace_back(n, RawValue(spec.local, "core.LocalVolumeSource"));
    else if (n == "CSI") v.fields.emplace_back(n, csi);
    else v.fields.emplace_back(n, GoValue::Nil());
  }
  return v;
}

bool SamePvSource(const PersistentVolume::Spec& a, const PersistentVolume::Spec& b) {
  // The fields PvSourceValue reads; an unset readOnly is Go's false, an empty raw
  // source is nil.
  if (a.host_path.text != b.host_path.text || a.nfs.text != b.nfs.text ||
      a.local.text != b.local.text || a.csi.has_value() != b.csi.has_value()) {
    return false;
  }
  if (!a.csi) return true;
  const PersistentVolume::CSISource& x = *a.csi;
  const PersistentVolume::CSISource& y = *b.csi;
  return x.driver == y.driver && x.volume_handle == y.volume_handle &&
         x.read_only.value_or(false) == y.read_only.value_or(false) && x.fs_type == y.fs_type &&
         x.volume_attributes == y.volume_attributes;
}

// ---- JSON ---------------------------------------------------------------------------

namespace {

void Indent(std::string& out, int depth) { out.append(static_cast<size_t>(depth), ' '); }

// Re-indents compact JSON text the way MarshalIndent does an embedded raw message.
void IndentRawJson(std::string_view raw, int depth, std::string& out) {
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < raw.size()) out += raw[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; out += c; break;
      case '{': case '[': {
        char close = c == '{' ? '}' : ']';
        if (i + 1 < raw.size() && raw[i + 1] == close) {
          out += c;
          out += close;
          ++i;
        } else {
          out += c;
          out += '\n';
          Indent(out, ++depth);
        }
        break;
      }
      case '}': case ']':
        out += '\n';
        Indent(out, --depth);
        out += c;
        break;
      case ',': out += ",\n"; Indent(out, depth); break;
      case ':': out += ": "; break;
      case ' ': case '\n': case '\t': case '\r': break;
      default: out += c;
    }
  }
}

void WriteJson(const GoValue& v, int depth, std::string& out) {
  switch (v.kind) {
    case GoValue::Kind::kNil: out += "null"; return;
    case GoValue::Kind::kString:
      if (v.type.rfind("raw:", 0) == 0) IndentRawJson(v.scalar, depth, out);
      else out += JsonQuote(v.scalar, /*escape_html=*/true);
      return;
    case GoValue::Kind::kBool:
    case GoValue::Kind::kInt: out += v.scalar; return;
    case GoValue::Kind::kQuantity: out += JsonQuote(v.scalar, /*escape_html=*/true); return;
    case GoValue::Kind::kSlice: {
      if (v.items.empty()) { out += "[]"; return; }
      out += "[\n";
      for (size_t i = 0; i < v.items.size(); ++i) {
        Indent(out, depth + 1);
        WriteJson(v.items[i], depth + 1, out);
        out += i + 1 < v.items.size() ? ",\n" : "\n";
      }
      Indent(out, depth);
      out += "]";
      return;
    }
    case GoValue::Kind::kStruct:
    case GoValue::Kind::kMap: {
      std::vector<const std::pair<std::string, GoValue>*> shown;
      for (const auto& f : v.fields) {
        // Tagged fields are omitempty; untagged internal types print every field.
        if (HasJsonTags(v) && f.second.kind == GoValue::Kind::kNil) continue;
        shown.push_back(&f);
      }
      if (shown.empty()) { out += "{}"; return; }
      out += "{\n";
      for (size_t i = 0; i < shown.size(); ++i) {
        Indent(out, depth + 1);
        out += JsonQuote(v.kind == GoValue::Kind::kMap ? shown[i]->first
                                                       : JsonFieldName(v, shown[i]->first));
        out += ": ";
        WriteJson(shown[i]->second, depth + 1, out);
        out += i + 1 < shown.size() ? ",\n" : "\n";
      }
      Indent(out, depth);
      out += "}";
      return;
    }
  }
}

}  // namespace

std::string GoJsonIndent(const GoValue& v) {
  std::string out;
  WriteJson(v, 0, out);
  return out;
}

// ---- unified diff (go-difflib, i.e. Python's difflib without junk) -------------------

namespace {

struct Match {
  int a, b, size;
};

struct Opcode {
  char tag;  // 'e'qual, 'r'eplace, 'd'elete, 'i'nsert
  int i1, i2, j1, j2;
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(s.substr(start) + "\n");  // SplitLines gives the last line a newline
      return lines;
    }
    lines.push_back(s.substr(start, nl - start + 1));
    start = nl + 1;
  }
}

class SequenceMatcher {
 public:
  SequenceMatcher(const std::vector<std::string>& a, const std::vector<std::string>& b)
      : a_(a), b_(b) {
    for (int j = 0; j < static_cast<int>(b.size()); ++j) b2j_[b[j]].push_back(j);
  }

  Match FindLongestMatch(int alo, int ahi, int blo, int bhi) const {
    int besti = alo, bestj = blo, bestsize = 0;
    std::map<int, int> j2len;
    for (int i = alo; i < ahi; ++i) {
      std::map<int, int> newj2len;
      auto it = b2j_.find(a_[i]);
      if (it != b2j_.end()) {
        for (int j : it->second) {
          if (j < blo) continue;
          if (j >= bhi) break;
          auto prev = j2len.find(j - 1);
          int k = (prev == j2len.end() ? 0 : prev->second) + 1;
          newj2len[j] = k;
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
      }
      j2len = std::move(newj2len);
    }
    return {besti, bestj, bestsize};
  }

  std::vector<Match> MatchingBlocks() const {
    const int la = static_cast<int>(a_.size()), lb = static_cast<int>(b_.size());
    std::vector<std::array<int, 4>> queue = {{0, la, 0, lb}};
    std::vector<Match> blocks;
    while (!queue.empty()) {
      auto [alo, ahi, blo, bhi] = queue.back();
      queue.pop_back();
      Match m = FindLongestMatch(alo, ahi, blo, bhi);
      if (m.size > 0) {
        blocks.push_back(m);
        if (alo < m.a && blo < m.b) queue.push_back({alo, m.a, blo, m.b});
        if (m.a + m.size < ahi && m.b + m.size < bhi) {
          queue.push_back({m.a + m.size, ahi, m.b + m.size, bhi});
        }
      }
    }
    std::sort(blocks.begin(), blocks.end(),
              [](const Match& x, const Match& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    std::vector<Match> merged;
    for (const Match& m : blocks) {
      if (!merged.empty() && merged.back().a + merged.back().size == m.a &&
          merged.back().b + merged.back().size == m.b) {
        merged.back().size += m.size;
      } else {
        merged.push_back(m);
      }
    }
    merged.push_back({la, lb, 0});
    return merged;
  }

  std::vector<Opcode> Opcodes() const {
    std::vector<Opcode> codes;
    int i = 0, j = 0;
    for (const Match& m : MatchingBlocks()) {
      char tag = 0;
      if (i < m.a && j < m.b) tag = 'r';
      else if (i < m.a) tag = 'd';
      else if (j < m.b) tag = 'i';
      if (tag) codes.push_back({tag, i, m.a, j, m.b});
      i = m.a + m.size;
      j = m.b + m.size;
      if (m.size > 0) codes.push_back({'e', m.a, i, m.b, j});
    }
    return codes;
  }

 private:
  const std::vector<std::string>& a_;
  const std::vector<std::string>& b_;
  std::map<std::string, std::vector<int>> b2j_;
};

std::vector<std::vector<Opcode>> GroupedOpcodes(std::vector<Opcode> codes, int n) {
  if (codes.empty()) codes.push_back({'e', 0, 1, 0, 1});
  if (codes.front().tag == 'e') {
    Opcode& c = codes.front();
    c.i1 = std::max(c.i1, c.i2 - n);
    c.j1 = std::max(c.j1, c.j2 - n);
  }
  if (codes.back().tag == 'e') {
    Opcode& c = codes.back();
    c.i2 = std::min(c.i2, c.i1 + n);
    c.j2 = std::min(c.j2, c.j1 + n);
  }
  std::vector<std::vector<Opcode>> groups;
  std::vector<Opcode> group;
  for (Opcode c : codes) {
    if (c.tag == 'e' && c.i2 - c.i1 > 2 * n) {
      group.push_back({'e', c.i1, std::min(c.i2, c.i1 + n), c.j1, std::min(c.j2, c.j1 + n)});
      groups.push_back(std::move(group));
      group.clear();
      c.i1 = std::max(c.i1, c.i2 - n);
      c.j1 = std::max(c.j1, c.j2 - n);
    }
    group.push_back(c);
  }
  if (!group.empty() && !(group.size() == 1 && group[0].tag == 'e')) groups.push_back(group);
  return groups;
}

std::string FormatRange(int start, int stop) {
  int beginning = start + 1;
  int length = stop - start;
  if (length == 1) return std::to_string(beginning);
  if (length == 0) --beginning;
  return std::to_string(beginning) + "," + std::to_string(length);
}

}  // namespace

std::string UnifiedDiff(const std::string& a_text, const std::string& b_text, int context) {
  std::vector<std::string> a = SplitLines(a_text), b = SplitLines(b_text);
  SequenceMatcher sm(a, b);
  std::string out;
  for (const auto& group : GroupedOpcodes(sm.Opcodes(), context)) {
    out += "@@ -" + FormatRange(group.front().i1, group.back().i2) + " +" +
           FormatRange(group.front().j1, group.back().j2) + " @@\n";
    for (const Opcode& c : group) {
      if (c.tag == 'e') {
        for (int i = c.i1; i < c.i2; ++i) out += " " + a[i];
        continue;
      }
      if (c.tag == 'r' || c.tag == 'd') {
        for (int i = c.i1; i < c.i2; ++i) out += "-" + a[i];
      }
      if (c.tag == 'r' || c.tag == 'i') {
        for (int j = c.j1; j < c.j2; ++j) out += "+" + b[j];
      }
    }
  }
  return out;
}

// ---- go-cmp report --------------------------------------------------------------------

namespace {

enum class Mode : uint8_t { kIdentical, kDiff };

bool IsZero(const GoValue& v) {
  switch (v.kind) {
    case GoValue::Kind::kNil: return true;
    case GoValue::Kind::kString: return !v.pointer && v.scalar.empty();
    case GoValue::Kind::kBool: return !v.pointer && v.scalar == "false";
    case GoValue::Kind::kInt: return !v.pointer && v.scalar == "0";
    case GoValue::Kind::kStruct:
      if (v.pointer) return false;
      return std::all_of(v.fields.begin(), v.fields.end(),
                         [](const auto& f) { return IsZero(f.second); });
    default: return false;
  }
}

std::string Format(const GoValue& v, Mode mode) {
  const std::string amp = v.pointer ? "&" : "";
  const std::string type = mode == Mode::kDiff ? v.type : "";
  switch (v.kind) {
    case GoValue::Kind::kNil: return "nil";
    case GoValue::Kind::kString:
      if (v.type.rfind("raw:", 0) == 0) return amp + v.scalar;
      return amp + GoQuote(v.scalar);
    case GoValue::Kind::kBool:
    case GoValue::Kind::kInt: return amp + v.scalar;
    case GoValue::Kind::kQuantity: {
      const bool binary = v.scalar.find('i') != std::string::npos;
      return amp + "{i: {...}, s: " + GoQuote(v.scalar) + ", Format: \"" +
             (binary ? "BinarySI" : "DecimalSI") + "\"}";
    }
    case GoValue::Kind::kSlice: {
      std::string s = type + "{";
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) s += ", ";
        s += Format(v.items[i], mode);
      }
      return s + "}";
    }
    case GoValue::Kind::kMap: {
      std::string s = type + "{";
      for (size_t i = 0; i < v.fields.size(); ++i) {
        if (i > 0) s += ", ";
        s += (v.stringer_keys ? "s" : "") + GoQuote(v.fields[i].first) + ": " +
             Format(v.fields[i].second, mode);
      }
      return s + "}";
    }
    case GoValue::Kind::kStruct: {
      std::string s = amp + type + "{";
      bool first = true;
      for (const auto& [name, field] : v.fields) {
        if (IsZero(field)) continue;  // go-cmp leaves zero fields out of a compact value
        if (!first) s += ", ";
        first = false;
        s += name + ": " + Format(field, mode);
      }
      return s + "}";
    }
  }
  return "";
}

// One line of a report list: a record (key + value), an ellipsis, or a nested block.
struct Record {
  char mark = ' ';          // ' ', '-', '+'
  std::string key;          // "" for slice elements
  std::string value;        // single-line value, or the opener of a nested block
  bool ellipsis = false;    // "... // N identical fields"
  std::vector<std::string> nested;  // already rendered lines of a nested block (with marks)
  std::string closer;       // "}," after a nested block
};

bool Recursable(const GoValue& a, const GoValue& b) {
  if (a.kind != b.kind || a.type != b.type || a.pointer != b.pointer) return false;
  switch (a.kind) {
    case GoValue::Kind::kStruct: return true;
    case GoValue::Kind::kMap:
    case GoValue::Kind::kSlice: return true;
    default: return false;
  }
}

void RenderList(const std::vector<Record>& recs, int depth, std::vector<std::string>& out);
std::vector<Record> DiffRecords(const GoValue& a, const GoValue& b, int depth);

std::string KeyText(const GoValue& parent, const std::string& key) {
  if (parent.kind == GoValue::Kind::kMap) return (parent.stringer_keys ? "s" : "") + GoQuote(key);
  return key;
}

// A differing pair: a nested block when both sides are containers of one type,
// otherwise a removed and an inserted line.
void AddDiff(const GoValue& parent, const std::string& key, const GoValue* a, const GoValue* b,
             int depth, std::vector<Record>& recs) {
  std::string k = key.empty() ? "" : KeyText(parent, key);
  if (a && b && Recursable(*a, *b)) {
    Record r;
    r.key = k;
    r.value = (a->pointer ? "&" : "") + a->type + "{";
    std::vector<Record> inner = DiffRecords(*a, *b, depth + 1);
    RenderList(inner, depth + 1, r.nested);
    r.closer = "}";
    recs.push_back(std::move(r));
    return;
  }
  if (a) recs.push_back({'-', k, Format(*a, Mode::kDiff), false, {}, ""});
  if (b) recs.push_back({'+', k, Format(*b, Mode::kDiff), false, {}, ""});
}

// go-cmp's formatDiffList: differing records in full, runs of identical ones cut to
// two records of context on each side of a difference.
std::vector<Record> DiffRecords(const GoValue& a, const GoValue& b, int depth) {
  struct Item {
    std::string key;
    const GoValue* a;
    const GoValue* b;
    bool same;
  };
  std::vector<Item> items;
  std::string unit = "fields";
  if (a.kind == GoValue::Kind::kStruct) {
    for (size_t i = 0; i < a.fields.size(); ++i) {
      items.push_back({a.fields[i].first, &a.fields[i].second, &b.fields[i].second,
                       a.fields[i].second == b.fields[i].second});
    }
  } else if (a.kind == GoValue::Kind::kMap) {
    unit = "entries";
    std::map<std::string, std::pair<const GoValue*, const GoValue*>> keys;
    for (const auto& [k, v] : a.fields) keys[k].first = &v;
    for (const auto& [k, v] : b.fields) keys[k].second = &v;
    for (const auto& [k, p] : keys) {
      items.push_back({k, p.first, p.second, p.first && p.second && *p.first == *p.second});
    }
  } else {  // slice: align equal elements by longest common subsequence
    unit = "elements";
    const size_t n = a.items.size(), m = b.items.size();
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        lcs[i][j] = a.items[i] == b.items[j] ? lcs[i + 1][j + 1] + 1
                                             : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.items[i] == b.items[j]) {
        items.push_back({"", &a.items[i], &b.items[j], true});
        ++i, ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        items.push_back({"", &a.items[i++], nullptr, false});
      } else {
        items.push_back({"", nullptr, &b.items[j++], false});
      }
    }
  }

  constexpr size_t kContext = 2;
  std::vector<Record> recs;
  size_t i = 0;
  bool first_group = true;
  while (i < items.size()) {
    size_t end = i;
    while (end < items.size() && items[end].same == items[i].same) ++end;
    if (items[i].same) {
      const size_t num_equal = end - i;
      const bool last_group = end == items.size();
      size_t lo = first_group ? 0 : std::min(kContext, num_equal);
      size_t hi = last_group ? 0 : std::min(kContext, num_equal - lo);
      if (num_equal - (lo + hi) == 1) ++hi;  // never elide a single record
      auto identical = [&](const Item& it) {
        recs.push_back({' ', it.key.empty() ? "" : KeyText(a, it.key), Format(*it.b, Mode::kIdentical),
                        false, {}, ""});
      };
      for (size_t k = i; k < i + lo; ++k) identical(items[k]);
      if (num_equal > lo + hi) {
        Record e;
        e.ellipsis = true;
        e.value = "... // " + std::to_string(num_equal - lo - hi) + " identical " + unit;
        recs.push_back(std::move(e));
      }
      for (size_t k = end - hi; k < end; ++k) identical(items[k]);
    } else {
      for (size_t k = i; k < end; ++k) AddDiff(a, items[k].key, items[k].a, items[k].b, depth, recs);
    }
    first_group = false;
    i = end;
  }
  return recs;
}

void RenderList(const std::vector<Record>& recs, int depth, std::vector<std::string>& out) {
  const std::string tabs(static_cast<size_t>(depth), '\t');
  // Keys of consecutive single-line records are padded so their values line up.
  size_t i = 0;
  while (i < recs.size()) {
    if (recs[i].ellipsis) {
      out.push_back("  " + tabs + recs[i].value);
      ++i;
      continue;
    }
    if (!recs[i].nested.empty() || !recs[i].closer.empty()) {
      const Record& r = recs[i];
      out.push_back(std::string(1, r.mark) + " " + tabs + (r.key.empty() ? "" : r.key + ": ") +
                    r.value);
      for (const std::string& line : r.nested) out.push_back(line);
      out.push_back("  " + tabs + r.closer + ",");
      ++i;
      continue;
    }
    size_t end = i;
    size_t width = 0;
    while (end < recs.size() && !recs[end].ellipsis && recs[end].nested.empty() &&
           recs[end].closer.empty()) {
      width = std::max(width, recs[end].key.size());
      ++end;
    }
    for (size_t k = i; k < end; ++k) {
      const Record& r = recs[k];
      std::string line = std::string(1, r.mark) + " " + tabs;
      if (!r.key.empty()) {
        line += r.key + ":";
        line.append(width - r.key.size() + 1, ' ');
      }
      line += r.value + ",";
      out.push_back(std::move(line));
    }
    i = end;
  }
}

}  // namespace

std::string GoCmpDiff(const GoValue& old, const GoValue& now) {
  std::vector<std::string> lines;
  if (Recursable(old, now)) {
    lines.push_back("  " + std::string(old.pointer ? "&" : "") + old.type + "{");
    RenderList(DiffRecords(old, now, 1), 1, lines);
    lines.push_back("  }");
  } else {
    lines.push_back("- " + Format(old, Mode::kDiff));
    lines.push_back("+ " + Format(now, Mode::kDiff));
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string SpecDiff(const GoValue& old, const GoValue& now, KubeVersion version) {
  if (version >= KubeVersion{1, 34}) {
    return UnifiedDiff(GoJsonIndent(old), GoJsonIndent(now), 3);
  }
  return GoCmpDiff(old, now);
}

}  // namespace xnsim
