#include "pipeline/parse/recovery.h"

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <gumbo.h>

namespace newswired {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Where the markup construct starting at `i` ('<' of a comment, CDATA section, processing
// instruction or DOCTYPE) ends, one past its last byte; npos if `i` starts none of these.
std::size_t skip_special(std::string_view t, std::size_t i) {
  auto past = [&](std::string_view start, std::string_view end) -> std::size_t {
    if (t.compare(i, start.size(), start) != 0) return std::string_view::npos;
    std::size_t e = t.find(end, i + start.size());
    return e == std::string_view::npos ? t.size() : e + end.size();
  };
  for (auto [start, end] : {std::pair<std::string_view, std::string_view>{"<!--", "-->"},
                            {"<![CDATA[", "]]>"},
                            {"<?", "?>"}}) {
    if (std::size_t e = past(start, end); e != std::string_view::npos) return e;
  }
  if (t.compare(i, 9, "<!DOCTYPE") != 0) return std::string_view::npos;
  // The internal subset may hold '>' inside brackets and quotes.
  int depth = 0;
  char quote = 0;
  for (std::size_t k = i + 9; k < t.size(); ++k) {
    const char c = t[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == '>' && depth <= 0) {
      return k + 1;
    }
  }
  return t.size();
}

std::unordered_set<std::string> declared_entities(std::string_view t) {
  std::unordered_set<std::string> names;
  const std::size_t doctype = t.find("<!DOCTYPE");
  if (doctype == std::string_view::npos) return names;
  const std::size_t end = skip_special(t, doctype);
  for (std::size_t at = t.find("<!ENTITY", doctype); at < end; at = t.find("<!ENTITY", at + 8)) {
    std::size_t k = at + 8;
    while (k < end && (is_space(t[k]) || t[k] == '%')) ++k;
    const std::size_t start = k;
    while (k < end && !is_space(t[k])) ++k;
    names.emplace(t.substr(start, k - start));
  }
  return names;
}

// The longest HTML5 name is "&CounterClockwiseContourIntegral;".
constexpr std::size_t kMaxReference = 40;
// Names HTML does not have are remembered too, up to this many, so that a document full of
// invented names costs one gumbo parse per name, and memory stays bounded across documents.
constexpr std::size_t kMaxUnknownRemembered = 10000;

// The text of an HTML named character reference ("&eacute;" -> "é"), from gumbo's HTML5
// table; empty when HTML has no such name. Cached: feeds use a handful of names, often.
std::string html_entity(const std::string& reference) {
  if (reference.size() > kMaxReference) return {};
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> known;  // at most HTML's 2231 names
  static std::unordered_set<std::string> unknown;
  std::lock_guard lock(mu);
  if (auto it = known.find(reference); it != known.end()) return it->second;
  if (unknown.contains(reference)) return {};
  std::string text;
  GumboOutput* out =
      gumbo_parse_with_options(&kGumboDefaultOptions, reference.data(), reference.size());
  const GumboNode* html = out->root;
  if (html->v.element.children.length == 2) {
    const auto* body = static_cast<const GumboNode*>(html->v.element.children.data[1]);
    if (body->v.element.children.length == 1) {
      const auto* node = static_cast<const GumboNode*>(body->v.element.children.data[0]);
      if (node->type == GUMBO_NODE_TEXT) text = node->v.text.text;
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  // A name HTML lacks comes back as written; a longer one that starts with a legacy name
  // ("&notit;") comes back partly decoded, its tail intact.
  const std::string tail = reference.substr(reference.size() - 2);
  if (text == reference || (text.size() >= 2 && text.ends_with(tail))) text.clear();
  if (text.empty()) {
    if (unknown.size() >= kMaxUnknownRemembered) unknown.clear();
    unknown.insert(reference);
  } else {
    known.emplace(reference, text);
  }
  return text;
}

// Characters that would be markup again are written as references.
void append_xml_safe(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '<') {
      out += "&#60;";
    } else if (c == '&') {
      out += "&#38;";
    } else if (c == '"') {
      out += "&#34;";
    } else if (c == '\'') {
      out += "&#39;";
    } else {
      out += c;
    }
  }
}

struct Tally {
  std::size_t count = 0;
  std::size_t first_offset = 0;
  std::string first;
  void add(std::size_t offset, std::string_view what) {
    if (count++ == 0) {
      first_offset = offset;
      first = what;
    }
  }
};

bool is_predefined(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// Length of a well-formed reference at `i` ("&name;", "&#123;", "&#x1F;"), 0 if none.
std::size_t reference_length(std::string_view t, std::size_t i) {
  std::size_t k = i + 1;
  if (k < t.size() && t[k] == '#') {
    ++k;
    const bool hex = k < t.size() && (t[k] == 'x' || t[k] == 'X');
    if (hex) ++k;
    const std::size_t digits = k;
    while (k < t.size() && (hex ? std::isxdigit(static_cast<unsigned char>(t[k])) != 0
                                : (t[k] >= '0' && t[k] <= '9'))) {
      ++k;
    }
    return k > digits && k < t.size() && t[k] == ';' ? k - i + 1 : 0;
  }
  if (k >= t.size() || !is_name_start(t[k])) return 0;
  while (k < t.size() && (is_name_char(t[k]) || t[k] == '_' || t[k] == '-' || t[k] == '.')) ++k;
  return k < t.size() && t[k] == ';' ? k - i + 1 : 0;
}

bool is_item(std::string_view qname) {
  const std::string_view local = qname.substr(qname.find(':') + 1);
  return local == "item" || local == "entry";
}

// The next <item> or <entry> start tag (any prefix) at or after `from`, npos if none.
std::size_t next_item_start(std::string_view t, std::size_t from) {
  for (std::size_t i = t.find('<', from); i != std::string_view::npos; i = t.find('<', i + 1)) {
    std::size_t k = i + 1;
    while (k < t.size() &&
           (is_name_char(t[k]) || t[k] == ':' || t[k] == '-' || t[k] == '_' || t[k] == '.')) {
      ++k;
    }
    if (k < t.size() && (is_space(t[k]) || t[k] == '>') && is_item(t.substr(i + 1, k - i - 1))) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Whether every '&' starts a reference XML itself defines: true for nearly every feed, which
// then needs neither the copy nor the scan for an internal DTD below.
bool only_xml_references(std::string_view t) {
  for (std::size_t i = t.find('&'); i != std::string_view::npos; i = t.find('&', i + 1)) {
    const std::size_t length = reference_length(t, i);
    if (length == 0) return false;
    const std::string_view name = t.substr(i + 1, length - 2);
    if (name[0] != '#' && !is_predefined(name)) return false;
  }
  return true;
}

}  // namespace

bool repair_entities(std::string& text, std::vector<std::string>& warnings) {
  if (only_xml_references(text)) return false;
  const std::unordered_set<std::string> declared = declared_entities(text);
  std::string out;
  out.reserve(text.size());
  Tally replaced;
  Tally bare;
  Tally unknown;
  const std::string_view t = text;
  std::size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    if (c == '<') {
      if (std::size_t end = skip_special(t, i); end != std::string_view::npos) {
        out.append(t.substr(i, end - i));
        i = end;
        continue;
      }
    }
    if (c != '&') {
      out += c;
      ++i;
      continue;
    }
    const std::size_t length = reference_length(t, i);
    if (length == 0) {
      bare.add(i, "&");
      out += "&amp;";
      ++i;
      continue;
    }
    const std::string_view reference = t.substr(i, length);
    const std::string name(reference.substr(1, length - 2));
    if (name[0] == '#' || is_predefined(name) || declared.contains(name)) {
      out.append(reference);
    } else if (std::string decoded = html_entity(std::string(reference)); !decoded.empty()) {
      replaced.add(i, reference);
      append_xml_safe(out, decoded);
    } else {
      // Not HTML's either: XML parsers keep it as text, and so do we.
      unknown.add(i, reference);
      out.append(reference);
    }
    i += length;
  }
  if (replaced.count > 0) {
    warnings.push_back("replaced " + std::to_string(replaced.count) +
                       " HTML entity reference(s) XML does not define (first " + replaced.first +
                       " at byte " + std::to_string(replaced.first_offset) + ")");
  }
  if (bare.count > 0) {
    warnings.push_back("escaped " + std::to_string(bare.count) + " bare '&' (first at byte " +
                       std::to_string(bare.first_offset) + ")");
  }
  if (unknown.count > 0) {
    warnings.push_back("kept " + std::to_string(unknown.count) +
                       " undefined entity reference(s) as text (first " + unknown.first +
                       " at byte " + std::to_string(unknown.first_offset) + ")");
  }
  if (replaced.count == 0 && bare.count == 0) return false;
  text = std::move(out);
  return true;
}

std::optional<Repaired> drop_broken_item(std::string_view t, std::size_t error_offset) {
  // The open elements as a stack of names: an explicit stack, since hostile input nests deep.
  std::vector<std::string_view> open;
  std::size_t item_depth = 0;  // how many of `open` are items (nested items are broken too)
  std::size_t item_start = 0;  // start tag of the outermost open item
  std::vector<std::string_view> open_at_item;
  std::size_t last_end = 0;  // one past the last complete item's end tag
  std::vector<std::string_view> open_at_end;
  bool seen_item = false;
  std::size_t i = t.find('<');
  const std::size_t limit = std::min(error_offset, t.size());
  while (i < limit) {
    if (std::size_t end = skip_special(t, i); end != std::string_view::npos) {
      i = t.find('<', end);
      continue;
    }
    const bool closing = i + 1 < t.size() && t[i + 1] == '/';
    std::size_t k = i + (closing ? 2 : 1);
    const std::size_t name_start = k;
    while (k < t.size() && !is_space(t[k]) && t[k] != '>' && t[k] != '/') ++k;
    const std::string_view name = t.substr(name_start, k - name_start);
    char quote = 0;
    while (k < t.size() && (quote || t[k] != '>')) {
      if (quote && t[k] == quote) {
        quote = 0;
      } else if (!quote && (t[k] == '"' || t[k] == '\'')) {
        quote = t[k];
      }
      ++k;
    }
    if (k >= limit) break;  // the tag itself is where the document breaks
    const bool self_closing = t[k - 1] == '/';
    const bool item = is_item(name);
    if (closing) {
      while (!open.empty() && open.back() != name) {
        if (is_item(open.back())) --item_depth;
        open.pop_back();
      }
      if (!open.empty()) {
        if (item) --item_depth;
        open.pop_back();
      }
      if (item && item_depth == 0) {
        last_end = k + 1;
        open_at_end = open;
      }
    } else if (!name.empty() && !self_closing) {
      if (item && item_depth++ == 0) {
        item_start = i;
        open_at_item = open;
        seen_item = true;
      }
      open.push_back(name);
    }
    i = t.find('<', k + 1);
  }
  if (!seen_item) return std::nullopt;
  Repaired r;
  const std::vector<std::string_view>* still_open = &open_at_end;
  if (item_depth > 0) {
    r.from = item_start;
    still_open = &open_at_item;
    r.to = next_item_start(t, error_offset);
  } else {
    r.from = last_end;
  }
  r.text = std::string(t.substr(0, r.from));
  if (r.to != std::string_view::npos) {
    r.text.append(t.substr(r.to));
    return r;
  }
  for (auto it = still_open->rbegin(); it != still_open->rend(); ++it) {
    r.text += "</";
    r.text += *it;
    r.text += '>';
  }
  return r;
}

std::string trailing_content_warning(std::string_view t, std::string_view root_qname) {
  if (root_qname.empty()) return {};
  const std::size_t end_tag = t.rfind("</" + std::string(root_qname));
  if (end_tag == std::string_view::npos) return {};
  std::size_t i = t.find('>', end_tag);
  if (i == std::string_view::npos) return {};
  ++i;
  while (i < t.size()) {
    if (is_space(t[i])) {
      ++i;
    } else if (t.compare(i, 4, "<!--") == 0 || t.compare(i, 2, "<?") == 0) {
      i = skip_special(t, i);
    } else {
      return "ignored " + std::to_string(t.size() - i) +
             " bytes after the root element (from byte " + std::to_string(i) + ")";
    }
  }
  return {};
}

}  // namespace newswired
