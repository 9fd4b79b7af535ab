#pragma once
// Loose reading of XML feeds that are not well-formed, in the spirit of feedparser's loose
// parser: what a strict parser rejects is repaired where the intent is plain, and every repair
// is reported with its reason and byte offset (in the UTF-8 text). Offsets and names refer to
// the document as decoded to UTF-8.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newswired {

// Replaces HTML named references that XML does not define (&nbsp;, &eacute;, every HTML5
// name) with the characters, outside CDATA, comments and the DOCTYPE; names the DOCTYPE
// declares are left alone. Bare '&' are escaped. Returns whether anything changed.
bool repair_entities(std::string& text, std::vector<std::string>& warnings);

// For a document whose XML breaks at `error_offset`: when the break is inside an <item> or
// <entry>, the document without that item (resuming at the next item's start tag, or else
// ending there with end tags for the elements still open); otherwise the document up to the end
// of the last complete item, closed the same way. nullopt when no item comes before the break.
struct Repaired {
  std::string text;
  std::size_t from = 0;                     // the input's bytes [from, to) are not in `text`
  std::size_t to = std::string_view::npos;  // npos: nothing after `from` is kept
};
std::optional<Repaired> drop_broken_item(std::string_view text, std::size_t error_offset);

// A warning when something other than whitespace, comments or processing instructions follows
// the root element's end tag (XML parsers stop reading there), else empty.
std::string trailing_content_warning(std::string_view text, std::string_view root_qname);

}  // namespace newswired
