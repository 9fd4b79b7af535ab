#include "pipeline/parse/html_page/page_index.h"

#include <string>

namespace newswired::html_page {
namespace {

// Never text of the article, whatever their class: code, controls, media and their fallbacks.
bool is_never_text(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_MAP:
      return true;
    default:
      return false;
  }
}

// Elements gumbo 0.10 does not know by tag, by name.
bool is_never_text_unknown(const GumboNode* n) {
  GumboStringPiece name = n->v.element.original_tag;
  gumbo_tag_from_original_text(&name);
  std::string tag(name.data, name.length);
  for (char& c : tag)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  // AMP components are media, ads and widgets, apart from the two that wrap text.
  const bool amp_media = tag.starts_with("amp-") && tag != "amp-fit-text" && tag != "amp-accordion";
  return tag == "picture" || tag == "dialog" || amp_media;
}

// Page furniture by element: kept only when it turns out to hold the article.
bool is_furniture_tag(GumboTag tag) {
  return tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER ||
         tag == GUMBO_TAG_HEADER;
}

bool is_block_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HR:
      return true;
    default:
      return false;
  }
}

bool is_hidden(const GumboNode* n) {
  if (gumbo_get_attribute(&n->v.element.attributes, "hidden") != nullptr) return true;
  if (attribute(n, "aria-hidden") == "true") return true;
  std::string style(attribute(n, "style"));
  if (style.empty()) return false;
  std::erase(style, ' ');
  for (char& c : style)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

int commas_in(std::string_view text) {
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ',') ++n;
    // Full-width comma and ideographic comma (CJK prose).
    if (text.substr(i, 3) == "\xEF\xBC\x8C" || text.substr(i, 3) == "\xE3\x80\x81") ++n;
  }
  return n;
}

// More than this share of the page's text is the page, not a widget on it.
constexpr double kMostOfPage = 0.6;

}  // namespace

int visible_chars(std::string_view text) {
  int n = 0;
  bool in_space = true;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (space) {
      if (!in_space) ++n;
      in_space = true;
    } else {
      in_space = false;
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
  }
  return n;
}

PageIndex::PageIndex(const GumboNode* body) {
  if (!is_element(body)) return;
  build(body);
  total();
}

int PageIndex::index_of(const GumboNode* node) const {
  auto it = index_.find(node);
  return it == index_.end() ? -1 : it->second;
}

bool PageIndex::is_paragraph(int i) const {
  const NodeInfo& n = nodes_[i];
  if (n.own_chars < 25) return false;
  switch (tag_of(n.node)) {
    case GUMBO_TAG_LI:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_ADDRESS:
      return false;
    default:
      return true;
  }
}

void PageIndex::build(const GumboNode* body) {
  struct Step {
    const GumboNode* node;
    int parent;
    int block;  // nearest block ancestor (or self)
    bool in_link;
  };
  std::vector<Step> stack{{body, -1, -1, false}};
  while (!stack.empty()) {
    const Step s = stack.back();
    stack.pop_back();
    const GumboNode* n = s.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      if (s.parent < 0) continue;
      const std::string_view text(n->v.text.text);
      const int chars = visible_chars(text);
      const int commas = commas_in(text);
      NodeInfo& parent = nodes_[s.parent];
      parent.text_chars += chars;
      parent.text_commas += commas;
      if (s.in_link) parent.text_link_chars += chars;
      if (s.block >= 0) {
        NodeInfo& block = nodes_[s.block];
        block.own_chars += chars;
        block.own_commas += commas;
        if (s.in_link) block.own_link_chars += chars;
      }
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = n->v.element.tag;
    const int self = static_cast<int>(nodes_.size());
    NodeInfo info;
    info.node = n;
    info.parent = s.parent;
    info.block = is_block_tag(tag);
    info.excluded = is_never_text(tag) || (tag == GUMBO_TAG_UNKNOWN && is_never_text_unknown(n));
    if (!info.excluded) info.hints = class_hints(n);
    info.holds_marked =
        info.hints.marked_content || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN;
    nodes_.push_back(info);
    index_.emplace(n, self);
    if (info.excluded) continue;
    const int block = info.block ? self : s.block;
    const bool in_link = s.in_link || tag == GUMBO_TAG_A;
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), self, block, in_link});
  }
}

void PageIndex::total() {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    NodeInfo& n = nodes_[i];
    n.chars = n.text_chars;
    n.link_chars = n.text_link_chars;
    n.commas = n.text_commas;
    n.paragraphs = is_paragraph(static_cast<int>(i)) ? 1 : 0;
  }
  // Children come after their parent: walking backwards, every subtree is complete.
  for (std::size_t i = nodes_.size(); i-- > 1;) {
    NodeInfo& n = nodes_[i];
    NodeInfo& parent = nodes_[n.parent];
    parent.holds_marked = parent.holds_marked || n.holds_marked;
    if (n.excluded) continue;
    parent.chars += n.chars;
    parent.link_chars += n.link_chars;
    parent.commas += n.commas;
    parent.paragraphs += n.paragraphs;
  }
}

void PageIndex::exclude_furniture(int keep) {
  if (nodes_.empty()) return;
  std::vector<bool> kept(nodes_.size());
  for (int a = keep >= 0 ? nodes_[keep].parent : -1; a >= 0; a = nodes_[a].parent) kept[a] = true;
  const double page_chars = nodes_[0].chars;
  for (std::size_t i = 1; i < nodes_.size(); ++i) {
    NodeInfo& n = nodes_[i];
    if (n.excluded || kept[i]) continue;
    const bool furniture =
        n.hints.boilerplate || is_furniture_tag(tag_of(n.node)) || is_hidden(n.node);
    if (furniture && !n.holds_marked && n.chars < kMostOfPage * page_chars) n.excluded = true;
  }
  total();
}

}  // namespace newswired::html_page
