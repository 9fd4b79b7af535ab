#pragma once
// A cheap look at a document's start, for `format: auto`: the root element's name, found by
// skipping what may precede it (BOM, whitespace, XML declaration, comments, processing
// instructions, DOCTYPE) without building a tree.

#include <optional>
#include <string>
#include <string_view>

namespace newswired {

struct RootElement {
  std::string qname;  // as written, e.g. "rdf:RDF"
  std::string local;  // e.g. "RDF"
  std::string ns;     // namespace URI declared for its prefix on the start tag itself, or ""
};

// nullopt when the start is not XML with a root element (JSON, HTML without markup, ...).
// UTF-16 and UTF-32 documents are recognised by their BOM or their first '<'.
std::optional<RootElement> sniff_root(std::string_view body);

// The first bytes, printable, for error messages ("unrecognised format: {\"version\"...").
std::string describe_start(std::string_view body);

}  // namespace newswired
