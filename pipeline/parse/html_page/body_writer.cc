#include "pipeline/parse/html_page/body_writer.h"

#include <algorithm>
#include <array>

namespace newswired::html_page {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_container(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_ARTICLE:
      return true;
    default:
      return false;
  }
}

// readability's conditional cleaning: a container that does not read as prose (a box of
// links, a negatively named one) goes, unless it is full of sentences.
bool is_link_box(const NodeInfo& n, int article_chars) {
  if (!is_container(tag_of(n.node))) return false;
  // Cleaning is for boxes inside the article, not for the bulk of it whatever its name.
  if (n.chars * 2 > article_chars) return false;
  if (n.hints.weight + (n.candidate ? n.score : 0) < 0) return true;
  if (n.commas >= 10) return false;
  return n.link_density() > (n.hints.weight >= 25 ? 0.5 : 0.33);
}

struct Context {
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;
  int list = -1;
  bool ordered = false;
};

class BlockReader {
 public:
  BlockReader(const PageIndex& index, std::string_view title)
      : index_(index), title_(lower_ascii(collapse_spaces(title))) {}

  void read(int root, int article_chars) {
    article_chars_ = article_chars;
    struct Step {
      const GumboNode* node;
      bool closing;
      bool in_link;
      Context ctx;
    };
    std::vector<Step> stack{{index_.nodes()[root].node, false, false, Context{}}};
    while (!stack.empty()) {
      const Step s = stack.back();
      stack.pop_back();
      const GumboNode* n = s.node;
      if (s.closing) {
        flush(s.ctx);
        continue;
      }
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
          n->type == GUMBO_NODE_WHITESPACE) {
        append(n->v.text.text, s.in_link, s.ctx.kind == BlockKind::kPreformatted);
        continue;
      }
      if (n->type != GUMBO_NODE_ELEMENT) continue;
      const int i = index_.index_of(n);
      if (i < 0 || index_.nodes()[i].excluded) continue;
      const NodeInfo& info = index_.nodes()[i];
      const GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_BR) {
        buf_ += '\n';
        continue;
      }
      if (i != root && is_link_box(info, article_chars_)) continue;
      Context inner = s.ctx;
      if (info.block) {
        flush(s.ctx);
        inner = context_for(tag, i, s.ctx);
        stack.push_back({n, true, s.in_link, inner});
      }
      const bool in_link = s.in_link || tag == GUMBO_TAG_A;
      const GumboVector& children = n->v.element.children;
      for (unsigned k = children.length; k > 0; --k)
        stack.push_back(
            {static_cast<const GumboNode*>(children.data[k - 1]), false, in_link, inner});
    }
    flush(Context{});
  }

  std::vector<TextBlock> take() { return std::move(out_); }

 private:
  Context context_for(GumboTag tag, int i, const Context& outer) const {
    Context c = outer;
    switch (tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        c.kind = BlockKind::kHeading;
        c.level = tag == GUMBO_TAG_H1 ? 1 : 2 + (tag - GUMBO_TAG_H2);
        break;
      case GUMBO_TAG_LI: {
        const int list = index_.nodes()[i].parent;
        c.kind = BlockKind::kListItem;
        c.list = list;
        c.ordered = list >= 0 && tag_of(index_.nodes()[list].node) == GUMBO_TAG_OL;
        break;
      }
      case GUMBO_TAG_BLOCKQUOTE:
        c.kind = BlockKind::kQuote;
        break;
      case GUMBO_TAG_PRE:
        c.kind = BlockKind::kPreformatted;
        break;
      default:
        break;  // a paragraph inside a list item or a quote stays part of it
    }
    return c;
  }

  void append(std::string_view text, bool in_link, bool preformatted) {
    const int chars = visible_chars(text);
    chars_ += chars;
    if (in_link) link_chars_ += chars;
    if (preformatted) {
      buf_ += text;
      return;
    }
    for (char c : text) buf_ += (c == '\n' || c == '\r' || c == '\t' || c == '\f') ? ' ' : c;
  }

  void flush(const Context& ctx) {
    std::string text = ctx.kind == BlockKind::kPreformatted ? trim_lines(buf_) : tidy(buf_);
    const bool link_line = chars_ > 0 && link_chars_ * 2 > chars_;
    buf_.clear();
    chars_ = link_chars_ = 0;
    if (text.empty() || link_line || is_furniture_line(text)) return;
    if (ctx.kind == BlockKind::kHeading && ctx.level == 1 && repeats_title(text)) return;
    TextBlock b;
    b.kind = ctx.kind;
    b.heading_level = ctx.kind == BlockKind::kHeading ? std::max(2, ctx.level) : 0;
    b.list = ctx.list;
    b.ordered = ctx.ordered;
    b.text = std::move(text);
    out_.push_back(std::move(b));
  }

  bool repeats_title(const std::string& text) const {
    const std::string t = lower_ascii(text);
    return !title_.empty() && (title_.find(t) != std::string::npos || t.find(title_) == 0);
  }

  // Lines collapsed and trimmed; empty lines (from <br> runs) dropped.
  static std::string tidy(const std::string& raw) {
    std::string out;
    std::size_t start = 0;
    while (start <= raw.size()) {
      std::size_t end = raw.find('\n', start);
      if (end == std::string::npos) end = raw.size();
      const std::string line = collapse_spaces(std::string_view(raw).substr(start, end - start));
      if (!line.empty()) {
        if (!out.empty()) out += '\n';
        out += line;
      }
      start = end + 1;
    }
    return out;
  }

  static std::string trim_lines(const std::string& raw) {
    const std::size_t first = raw.find_first_not_of("\n\r");
    const std::size_t last = raw.find_last_not_of(" \t\n\r");
    return first == std::string::npos ? std::string() : raw.substr(first, last - first + 1);
  }

  const PageIndex& index_;
  std::string title_;
  std::vector<TextBlock> out_;
  std::string buf_;
  int chars_ = 0;
  int link_chars_ = 0;
  int article_chars_ = 0;
};

}  // namespace

bool is_furniture_line(std::string_view text) {
  static constexpr std::array<std::string_view, 16> kLines{"advertisement",
                                                           "advertisements",
                                                           "ad",
                                                           "sponsored",
                                                           "sponsored content",
                                                           "continue reading",
                                                           "read more",
                                                           "related",
                                                           "related articles",
                                                           "related stories",
                                                           "share this article",
                                                           "share",
                                                           "skip advertisement",
                                                           "story continues below advertisement",
                                                           "scroll to continue with content",
                                                           "continue reading below"};
  if (text.size() > 40) return false;
  std::string t = lower_ascii(collapse_spaces(text));
  while (!t.empty() && (t.back() == ':' || t.back() == '.')) t.pop_back();
  return std::find(kLines.begin(), kLines.end(), t) != kLines.end();
}

std::vector<TextBlock> read_blocks(const PageIndex& index, const ContentSelection& selection,
                                   std::string_view title) {
  BlockReader reader(index, title);
  int article_chars = 0;
  for (int root : selection.roots) article_chars += index.nodes()[root].chars;
  for (int root : selection.roots) reader.read(root, article_chars);
  return reader.take();
}

}  // namespace newswired::html_page
