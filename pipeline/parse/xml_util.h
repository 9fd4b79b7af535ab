#pragma once
// What both XML parsers need on top of pugixml: loading with safe flags, namespace-aware names
// (pugixml itself only knows qualified names), element text and xml:base.

#include <memory>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "pipeline/core/outcome.h"

namespace newswired::xml {

// pugixml never fetches external entities and never expands DTD entities: a DOCTYPE is skipped
// and an undeclared reference such as "&lol9;" stays in the text as written. Failure carries
// pugixml's description and the offset (bytes for UTF-8 input).
Outcome<std::unique_ptr<pugi::xml_document>> load(std::string_view body);

// An element or attribute name split into namespace URI and local name.
struct Name {
  std::string_view ns;
  std::string_view local;
};

// The namespace bound to `prefix` where `node` is ("" for the empty prefix with no default
// namespace). Undeclared prefixes that real feeds forget to declare ("dc", "content", ...) get
// their conventional URI; other undeclared prefixes get a URI that matches nothing.
std::string_view namespace_for(pugi::xml_node node, std::string_view prefix);

// While one is open on this thread, namespace_for remembers what it resolved for the children
// of each element, which makes resolving the names of a feed's elements a cache hit for all but
// the first child of each. Open one for as long as the document lives and no longer: it keys on
// the document's nodes. Scopes do not nest (an inner one does nothing).
class NamespaceCacheScope {
 public:
  NamespaceCacheScope();
  ~NamespaceCacheScope();
  NamespaceCacheScope(const NamespaceCacheScope&) = delete;
  NamespaceCacheScope& operator=(const NamespaceCacheScope&) = delete;

 private:
  bool owner_;
};
Name name_of(pugi::xml_node element);
bool is(pugi::xml_node element, std::string_view ns, std::string_view local);
// Value of the attribute `local` in namespace `ns` (unprefixed attributes are in no namespace).
std::string_view attribute(pugi::xml_node element, std::string_view ns, std::string_view local);

// The element's text, trimmed: its text and CDATA children, or, if it holds markup (XHTML, or
// HTML a feed forgot to escape), its children serialised as HTML. UTF-8 that was encoded twice
// (read as ISO-8859-1 on the way) is decoded once more, as feedparser does.
std::string text(pugi::xml_node element);
// The element's children as HTML: namespace prefixes and declarations dropped, text escaped.
std::string inner_html(pugi::xml_node element);
std::string trim(std::string_view s);
// Appends `s` with &, <, > (and " inside attributes) escaped.
void append_escaped(std::string& out, std::string_view s, bool in_attribute);

// The xml:base in effect at `node`, the chain of xml:base on it and its ancestors resolved
// against each other and against `document_url` (when not empty). Empty when no element on the
// way carries xml:base.
std::string base_in_effect(pugi::xml_node node, std::string_view document_url);
// Whether `node` itself carries xml:base.
bool has_own_base(pugi::xml_node node);

}  // namespace newswired::xml
