#include "pipeline/parse/xml_util.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include <unicode/ustring.h>

#include "pipeline/core/markup_escape.h"
#include "pipeline/parse/namespaces.h"
#include "pipeline/parse/uri.h"

namespace newswired::xml {

void append_escaped(std::string& out, std::string_view s, bool in_attribute) {
  append_markup_escaped(out, s, in_attribute ? MarkupContext::kAttribute : MarkupContext::kText);
}

namespace {

// parse_default keeps CDATA, decodes the predefined and numeric entities and skips the DOCTYPE
// (without expanding anything in it). parse_ws_pcdata keeps whitespace between inline XHTML
// elements ("<b>a</b> <i>b</i>"), which text() then trims at the ends only.
constexpr unsigned kParseFlags = pugi::parse_default | pugi::parse_ws_pcdata;

// Matches no namespace a feed can declare.
constexpr std::string_view kUndeclared = "urn:x-newswired:undeclared-prefix";

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kConventionalPrefixes{{
    {"dc", ns::kDc},
    {"dcterms", ns::kDcTerms},
    {"content", ns::kContent},
    {"sy", ns::kSyndication},
    {"slash", ns::kSlash},
    {"media", ns::kMedia},
    {"georss", ns::kGeoRss},
    {"gml", ns::kGml},
    {"geo", ns::kW3cGeo},
    {"itunes", ns::kItunes},
    {"rdf", ns::kRdf},
    {"atom", ns::kAtom10},
    {"xhtml", ns::kXhtml},
    {"html", ns::kXhtml},
}};

std::pair<std::string_view, std::string_view> split_qname(std::string_view qname) {
  std::size_t colon = qname.find(':');
  if (colon == std::string_view::npos) return {{}, qname};
  return {qname.substr(0, colon), qname.substr(colon + 1)};
}

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_void_element(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kVoid{
      "area",  "base", "br",   "col",   "embed",  "hr",    "img",
      "input", "link", "meta", "param", "source", "track", "wbr"};
  for (std::string_view v : kVoid) {
    if (v == name) return true;
  }
  return false;
}

void open_tag(std::string& out, pugi::xml_node element) {
  out += '<';
  out += split_qname(element.name()).second;
  for (pugi::xml_attribute a : element.attributes()) {
    std::string_view name = a.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    out += ' ';
    out += split_qname(name).second;
    out += "=\"";
    append_escaped(out, a.value(), true);
    out += '"';
  }
  out += '>';
}

void close_tag(std::string& out, pugi::xml_node element) {
  std::string_view local = split_qname(element.name()).second;
  if (is_void_element(local)) return;
  out += "</";
  out += local;
  out += '>';
}

// Text that was UTF-8, then taken for ISO-8859-1 and encoded as UTF-8 again ("cafÃ©"): every
// character is below U+0100, and those characters as bytes are UTF-8 with at least one
// multi-byte sequence. feedparser undoes it for every element's text, and so do we.
// The first byte with the high bit set, or s.size(): eight bytes are tested at a time (a feed's
// bodies are mostly ASCII and all of it is read).
std::size_t first_non_ascii(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t v = 0;
    std::memcpy(&v, s.data() + i, sizeof v);
    if ((v & 0x8080808080808080ULL) != 0) break;
  }
  for (; i < s.size(); ++i)
    if ((s[i] & 0x80) != 0) return i;
  return s.size();
}

std::string undo_double_encoding(std::string s) {
  // Most text is ASCII, which is never double-encoded: no copy for it.
  const std::size_t first = first_non_ascii(s);
  if (first == s.size()) return s;
  std::string bytes(s, 0, first);
  bytes.reserve(s.size());
  bool multibyte = false;
  for (std::size_t i = first; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bytes += static_cast<char>(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[++i]);
      bytes += static_cast<char>(((c & 0x03) << 6) | (next & 0x3F));
      multibyte = true;
    } else {
      return s;  // a character above U+00FF: not double-encoded
    }
  }
  if (!multibyte) return s;
  UErrorCode err = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (err == U_INVALID_CHAR_FOUND || err == U_ILLEGAL_CHAR_FOUND) return s;
  return bytes;
}

}  // namespace

Outcome<std::unique_ptr<pugi::xml_document>> load(std::string_view body) {
  auto doc = std::make_unique<pugi::xml_document>();
  pugi::xml_parse_result result =
      doc->load_buffer(body.data(), body.size(), kParseFlags, pugi::encoding_auto);
  if (!result) {
    return Failure{"XML error at byte " + std::to_string(result.offset) + ": " +
                   result.description()};
  }
  return doc;
}

namespace {

// The declaration of `prefix` on `n` itself, if it has one.
std::optional<std::string_view> own_declaration(pugi::xml_node n, std::string_view prefix) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    // Most attributes are not declarations: rule them out before measuring the name.
    const char* raw = a.name();
    if (std::strncmp(raw, "xmlns", 5) != 0) continue;
    const std::string_view name = raw;
    if (prefix.empty() ? name == "xmlns"
                       : name.size() == prefix.size() + 6 && name.starts_with("xmlns:") &&
                             name.substr(6) == prefix) {
      return std::string_view(a.value());
    }
  }
  return std::nullopt;
}

std::string_view undeclared(std::string_view prefix) {
  if (prefix.empty()) return ns::kNone;
  for (const auto& [p, uri] : kConventionalPrefixes) {
    if (p == prefix) return uri;
  }
  return kUndeclared;
}

// Resolutions remembered per parent element (what sibling elements share) while a
// NamespaceCacheScope is open; direct-mapped, so a collision only costs a walk up the tree.
struct NamespaceCache {
  struct Entry {
    const void* parent = nullptr;
    std::string_view prefix;
    std::string_view uri;
  };
  static constexpr std::size_t kSize = 64;
  bool active = false;
  std::array<Entry, kSize> entries{};

  Entry& slot(const void* parent, std::string_view prefix) {
    const auto key = reinterpret_cast<std::uintptr_t>(parent) >> 4;
    const std::size_t first = prefix.empty() ? 0 : static_cast<unsigned char>(prefix[0]);
    return entries[(key ^ (prefix.size() * 31) ^ first) % kSize];
  }
};

thread_local NamespaceCache namespace_cache;

}  // namespace

NamespaceCacheScope::NamespaceCacheScope() : owner_(!namespace_cache.active) {
  namespace_cache.active = true;
}

NamespaceCacheScope::~NamespaceCacheScope() {
  if (!owner_) return;
  namespace_cache.active = false;
  namespace_cache.entries.fill({});
}

std::string_view namespace_for(pugi::xml_node node, std::string_view prefix) {
  if (prefix == "xml") return ns::kXml;
  if (node.type() != pugi::node_element) return undeclared(prefix);
  if (std::optional<std::string_view> own = own_declaration(node, prefix)) return *own;
  const pugi::xml_node parent = node.parent();
  if (parent.type() != pugi::node_element) return undeclared(prefix);
  NamespaceCache::Entry* cached = nullptr;
  if (namespace_cache.active) {
    cached = &namespace_cache.slot(parent.internal_object(), prefix);
    if (cached->parent == parent.internal_object() && cached->prefix == prefix) return cached->uri;
  }
  std::string_view uri = undeclared(prefix);
  for (pugi::xml_node n = parent; n.type() == pugi::node_element; n = n.parent()) {
    if (std::optional<std::string_view> own = own_declaration(n, prefix)) {
      uri = *own;
      break;
    }
  }
  if (cached != nullptr) *cached = {parent.internal_object(), prefix, uri};
  return uri;
}

Name name_of(pugi::xml_node element) {
  auto [prefix, local] = split_qname(element.name());
  return {namespace_for(element, prefix), local};
}

bool is(pugi::xml_node element, std::string_view ns, std::string_view local) {
  if (element.type() != pugi::node_element) return false;
  auto [prefix, name_local] = split_qname(element.name());
  return name_local == local && namespace_for(element, prefix) == ns;
}

std::string_view attribute(pugi::xml_node element, std::string_view ns, std::string_view local) {
  for (pugi::xml_attribute a : element.attributes()) {
    auto [prefix, name_local] = split_qname(a.name());
    if (name_local != local) continue;
    if (prefix.empty() ? ns.empty() : namespace_for(element, prefix) == ns) return a.value();
  }
  return {};
}

std::string trim(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string text(pugi::xml_node element) {
  // The usual element holds one text or CDATA node: trimmed in place, copied once.
  const pugi::xml_node only = element.first_child();
  if (only && !only.next_sibling() &&
      (only.type() == pugi::node_pcdata || only.type() == pugi::node_cdata)) {
    return undo_double_encoding(trim(only.value()));
  }
  std::string out;
  for (pugi::xml_node child : element.children()) {
    switch (child.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        out += child.value();
        break;
      case pugi::node_element:
        return undo_double_encoding(trim(inner_html(element)));
      default:
        break;
    }
  }
  return undo_double_encoding(trim(out));
}

std::string inner_html(pugi::xml_node element) {
  // Iterative walk over parent/sibling links: hostile input nests arbitrarily deep, and
  // recursion would overflow the stack.
  std::string out;
  pugi::xml_node cur = element.first_child();
  while (cur) {
    pugi::xml_node_type type = cur.type();
    if (type == pugi::node_element) {
      open_tag(out, cur);
      if (cur.first_child()) {
        cur = cur.first_child();
        continue;
      }
      close_tag(out, cur);
    } else if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      append_escaped(out, cur.value(), false);
    }
    while (!cur.next_sibling()) {
      cur = cur.parent();
      if (cur == element) return out;
      close_tag(out, cur);
    }
    cur = cur.next_sibling();
  }
  return out;
}

std::string base_in_effect(pugi::xml_node node, std::string_view document_url) {
  std::vector<std::string_view> chain;  // innermost first
  for (pugi::xml_node n = node; n.type() == pugi::node_element; n = n.parent()) {
    pugi::xml_attribute base = n.attribute("xml:base");
    if (base) chain.push_back(base.value());
  }
  if (chain.empty()) return {};
  std::string resolved(document_url);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    resolved = resolve_reference(resolved, trim(*it));
  }
  return resolved;
}

bool has_own_base(pugi::xml_node node) { return !node.attribute("xml:base").empty(); }

}  // namespace newswired::xml
