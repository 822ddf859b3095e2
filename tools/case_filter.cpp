#include "tools/case_filter.h"

#include <algorithm>
#include <cctype>

namespace xnsim::cli {
namespace {

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

Status FilterError(std::string_view whole, std::string_view what) {
  return InputError("--filter \"" + std::string(whole) + "\": " + std::string(what));
}

// Splits at commas that are not inside parentheses ("a in (x,y),b" -> 2 parts).
std::vector<std::string_view> SplitRequirements(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (s[i] == ',' && depth == 0) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

bool ValidKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '/';
  });
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with one backtrack point: linear in practice.
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

StatusOr<CaseFilter::Requirement> CaseFilter::ParseRequirement(std::string_view text,
                                                               std::string_view whole) {
  text = Trim(text);
  if (text.empty()) return FilterError(whole, "empty requirement");
  Requirement r;
  if (text.front() == '!') {
    r.key = std::string(Trim(text.substr(1)));
    r.op = Requirement::Op::kNotExists;
  } else if (size_t ne = text.find("!="); ne != std::string_view::npos) {
    r.key = std::string(Trim(text.substr(0, ne)));
    r.op = Requirement::Op::kNotEquals;
    r.values.emplace_back(Trim(text.substr(ne + 2)));
  } else if (size_t eq = text.find('='); eq != std::string_view::npos) {
    r.key = std::string(Trim(text.substr(0, eq)));
    r.op = Requirement::Op::kEquals;
    size_t value_at = eq + (text.substr(eq).starts_with("==") ? 2 : 1);
    r.values.emplace_back(Trim(text.substr(value_at)));
  } else if (size_t open = text.find('('); open != std::string_view::npos) {
    if (text.back() != ')')
      return FilterError(whole, "missing ')' in \"" + std::string(text) + "\"");
    std::string_view head = Trim(text.substr(0, open));
    if (head.ends_with(" notin")) {
      r.op = Requirement::Op::kNotIn;
      r.key = std::string(Trim(head.substr(0, head.size() - 6)));
    } else if (head.ends_with(" in")) {
      r.op = Requirement::Op::kIn;
      r.key = std::string(Trim(head.substr(0, head.size() - 3)));
    } else {
      return FilterError(whole, "expected \"KEY in (...)\" or \"KEY notin (...)\", got \"" +
                                    std::string(text) + "\"");
    }
    std::string_view list = text.substr(open + 1, text.size() - open - 2);
    size_t start = 0;
    while (true) {
      size_t comma = list.find(',', start);
      std::string_view value = Trim(list.substr(start, comma - start));
      if (value.empty()) return FilterError(whole, "empty value in \"" + std::string(text) + "\"");
      r.values.emplace_back(value);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  } else {
    r.key = std::string(text);
    r.op = Requirement::Op::kExists;
  }
  if (!ValidKey(r.key)) {
    return FilterError(whole,
                       "invalid label key \"" + r.key + "\" in \"" + std::string(text) + "\"");
  }
  return r;
}

StatusOr<CaseFilter> CaseFilter::Parse(std::string_view expression) {
  CaseFilter f;
  const std::string_view e = Trim(expression);
  if (e.find_first_of("=!(") == std::string_view::npos) {
    f.glob_ = std::string(e);
    return f;
  }
  for (std::string_view part : SplitRequirements(e)) {
    StatusOr<Requirement> r = ParseRequirement(part, expression);
    if (!r.ok()) return r.status();
    f.requirements_.push_back(std::move(r).value());
  }
  return f;
}

bool CaseFilter::Requirement::Matches(const std::map<std::string, std::string>& labels) const {
  auto it = labels.find(key);
  const bool has = it != labels.end();
  const auto in_values = [&] {
    return has && std::find(values.begin(), values.end(), it->second) != values.end();
  };
  switch (op) {
    case Op::kExists: return has;
    case Op::kNotExists: return !has;
    case Op::kEquals: return in_values();
    case Op::kIn: return in_values();
    // As in Kubernetes: `!=` and `notin` also select objects without the label.
    case Op::kNotEquals: return !in_values();
    case Op::kNotIn: return !in_values();
  }
  return false;
}

bool CaseFilter::Matches(std::string_view case_name, std::string_view scenario_name,
                         const std::map<std::string, std::string>& labels) const {
  if (!requirements_.empty()) {
    return std::all_of(requirements_.begin(), requirements_.end(),
                       [&](const Requirement& r) { return r.Matches(labels); });
  }
  if (glob_.empty()) return true;
  return GlobMatch(glob_, case_name) || GlobMatch(glob_, scenario_name);
}

}  // namespace xnsim::cli
