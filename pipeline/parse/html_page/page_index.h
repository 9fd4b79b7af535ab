#pragma once
// One record per element of a page's <body>, in document order (a parent before its children),
// with the text measures the content scoring needs: how much visible text a subtree holds, how
// much of it is link text, and which block element each run of inline text belongs to.

#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/parse/html_page/class_hints.h"
#include "pipeline/parse/html_page/dom.h"

namespace newswired::html_page {

struct NodeInfo {
  const GumboNode* node = nullptr;
  int parent = -1;  // index; -1 for <body>
  ClassHints hints;
  // Never article text: scripts, forms' controls, media, navigation, hidden elements, and
  // furniture by class (unless it holds the article, see PageIndex::exclude_furniture).
  bool excluded = false;
  bool block = false;  // a block-level element: inline text below it forms its paragraph
  // Text whose nearest block ancestor is this element (its "paragraph"), in characters.
  int own_chars = 0;
  int own_link_chars = 0;
  int own_commas = 0;
  // Text nodes that are direct children.
  int text_chars = 0;
  int text_link_chars = 0;
  int text_commas = 0;
  // Totals over the subtree, excluded parts left out.
  int chars = 0;
  int link_chars = 0;
  int commas = 0;
  int paragraphs = 0;  // descendants (or self) that are scored paragraphs
  // The subtree holds an element the publisher marked as the article (itemprop=articleBody,
  // <article>, <main>): boilerplate-looking class names around it are layout, not furniture.
  bool holds_marked = false;
  double score = 0;  // readability-style content score; meaningful when `candidate`
  bool candidate = false;

  double link_density() const { return chars == 0 ? 0 : double(link_chars) / chars; }
};

class PageIndex {
 public:
  explicit PageIndex(const GumboNode* body);
  std::vector<NodeInfo>& nodes() { return nodes_; }
  const std::vector<NodeInfo>& nodes() const { return nodes_; }
  // -1 when the node is not indexed (outside <body>, or below an excluded element).
  int index_of(const GumboNode* node) const;
  // A block whose own text is long enough to count as a paragraph of prose.
  bool is_paragraph(int i) const;
  // Excludes furniture by class, role or hiding, and furniture elements (nav, aside, header,
  // footer), then recounts the totals. Names are only hints: `keep` (the container a first
  // scoring found, -1 for none) and its ancestors stay, as does whatever holds a marked article
  // or most of the page's text.
  void exclude_furniture(int keep);

 private:
  void build(const GumboNode* body);
  void total();
  std::vector<NodeInfo> nodes_;
  std::unordered_map<const GumboNode*, int> index_;
};

// Counts characters (code points), a whitespace run as one.
int visible_chars(std::string_view text);

}  // namespace newswired::html_page
