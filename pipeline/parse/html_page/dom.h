#pragma once
// A parsed HTML page (gumbo, HTML5 tree building) and the few questions the extractor asks of
// its nodes. The tree is read-only: what the extractor drops is decided on the side.

#include <cstddef>
#include <memory>
#include <memory_resource>
#include <string>
#include <string_view>

#include <gumbo.h>

namespace newswired::html_page {

// gumbo's tree building does work proportional to the depth of open elements for every tag, so
// a hostile page of nested tags is quadratic. Real pages carry a few thousand tags, nested a few
// dozen deep; of a page beyond either limit, only the part before the tag past it is read.
inline constexpr std::size_t kMaxPageTags = 60000;
inline constexpr std::size_t kMaxPageDepth = 1000;

class HtmlTree {
 public:
  explicit HtmlTree(std::string_view utf8);
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  const GumboNode* root() const { return root_; }  // <html>; nullptr only if gumbo failed
  const GumboNode* head() const;
  const GumboNode* body() const;

 private:
  // The tree lives in an arena released in one go: no recursive free, no free() per node.
  std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_;
  std::string input_;
  const GumboNode* root_ = nullptr;
};

inline bool is_element(const GumboNode* n) { return n != nullptr && n->type == GUMBO_NODE_ELEMENT; }
inline GumboTag tag_of(const GumboNode* n) {
  return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN;
}
// The attribute's value, "" when absent.
std::string_view attribute(const GumboNode* n, const char* name);
const GumboNode* first_child_element(const GumboNode* n, GumboTag tag);

// Text of the subtree with whitespace runs collapsed to one space and trimmed; scripts, styles
// and templates are not text.
std::string text_content(const GumboNode* n);

// Lower-case "class id" of an element, for class/id hints.
std::string class_and_id(const GumboNode* n);

// Whitespace collapsed and trimmed.
std::string collapse_spaces(std::string_view s);

}  // namespace newswired::html_page
