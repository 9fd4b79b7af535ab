#include "pipeline/parse/html_page/scoring.h"

#include <algorithm>
#include <string>

namespace newswired::html_page {
namespace {

double tag_prior(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
      return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
      return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

// How many levels above a paragraph receive its points, and the divisor at each level.
constexpr int kScoredLevels = 5;
double level_divisor(int level) { return level == 0 ? 1 : level == 1 ? 2 : level * 3.0; }

void score_paragraphs(PageIndex& index, const std::vector<bool>& excluded) {
  std::vector<NodeInfo>& nodes = index.nodes();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (excluded[i] || !index.is_paragraph(static_cast<int>(i))) continue;
    const NodeInfo& p = nodes[i];
    const double own_links = double(p.own_link_chars) / p.own_chars;
    const double points = (1 + p.own_commas + std::min(3.0, p.own_chars / 100.0)) * (1 - own_links);
    int level = 0;
    for (int a = p.parent; a >= 0 && level < kScoredLevels; a = nodes[a].parent, ++level) {
      NodeInfo& anc = nodes[a];
      anc.candidate = true;
      anc.score += points / level_divisor(level);
    }
  }
  // A content-like name at most doubles what a container earned from its prose: a "#main"
  // wrapper far above a short article must not win on its name alone.
  for (NodeInfo& n : nodes) {
    if (!n.candidate) continue;
    const double prior = tag_prior(tag_of(n.node)) + n.hints.weight;
    n.score += std::min(prior, 3 * n.score);
    n.score *= 1 - n.link_density();
  }
}

int element_children(const GumboNode* n) {
  int count = 0;
  const GumboVector& children = n->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    count += is_element(static_cast<const GumboNode*>(children.data[i])) ? 1 : 0;
  return count;
}

// Several strong candidates under one ancestor are parts of one article split in blocks;
// otherwise a parent that scores higher than its child is the better container.
int refine_top(const std::vector<NodeInfo>& nodes, int top) {
  std::vector<int> ranked;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].candidate) ranked.push_back(static_cast<int>(i));
  std::partial_sort(ranked.begin(), ranked.begin() + std::min<std::size_t>(5, ranked.size()),
                    ranked.end(), [&](int a, int b) { return nodes[a].score > nodes[b].score; });
  ranked.resize(std::min<std::size_t>(5, ranked.size()));
  std::vector<int> alternatives;
  for (int c : ranked)
    if (c != top && nodes[c].score >= 0.75 * nodes[top].score) alternatives.push_back(c);
  if (alternatives.size() >= 3) {
    // How many alternatives each node holds: one walk up per alternative, not per pair.
    std::vector<int> holding(nodes.size(), 0);
    for (int alt : alternatives)
      for (int a = nodes[alt].parent; a >= 0; a = nodes[a].parent) ++holding[a];
    for (int a = nodes[top].parent; a > 0; a = nodes[a].parent)
      if (holding[a] >= 3) return a;
  }
  double last = nodes[top].score;
  const double floor = last / 3;
  for (int a = nodes[top].parent; a > 0; a = nodes[a].parent) {
    if (!nodes[a].candidate) continue;
    if (nodes[a].score < floor) break;
    if (nodes[a].score > last) {
      top = a;
      break;
    }
    last = nodes[a].score;
  }
  while (nodes[top].parent > 0 && element_children(nodes[nodes[top].parent].node) == 1)
    top = nodes[top].parent;
  return top;
}

bool ends_sentence(const GumboNode* n) {
  const std::string text = text_content(n);
  return !text.empty() && (text.back() == '.' || text.ends_with("\xE3\x80\x82"));
}

std::vector<int> with_siblings(const PageIndex& index, const std::vector<bool>& excluded, int top) {
  const std::vector<NodeInfo>& nodes = index.nodes();
  const int parent = nodes[top].parent;
  if (parent < 0) return {top};
  // The strongest container inside each subtree: an article split into sibling sections (around
  // an ad or a picture) has a strong container in each, however weak the section itself is.
  std::vector<double> best(nodes.size(), 0);
  for (std::size_t i = nodes.size(); i-- > 0;) {
    if (nodes[i].candidate) best[i] = std::max(best[i], nodes[i].score);
    if (nodes[i].parent >= 0 && !excluded[i])
      best[nodes[i].parent] = std::max(best[nodes[i].parent], best[i]);
  }
  const double threshold = std::max(10.0, nodes[top].score * 0.2);
  const std::string_view top_class = attribute(nodes[top].node, "class");
  std::vector<int> roots;
  const GumboVector& children = nodes[parent].node->v.element.children;
  for (unsigned k = 0; k < children.length; ++k) {
    const int s = index.index_of(static_cast<const GumboNode*>(children.data[k]));
    if (s < 0 || excluded[s]) continue;
    if (s == top) {
      roots.push_back(s);
      continue;
    }
    const NodeInfo& sib = nodes[s];
    double bonus = 0;
    if (!top_class.empty() && attribute(sib.node, "class") == top_class) bonus = threshold;
    bool keep = (sib.candidate && sib.score + bonus >= threshold) || best[s] >= 0.5 * best[top];
    if (!keep && sib.own_chars > 0 && sib.own_chars == sib.chars) {
      const double links = double(sib.own_link_chars) / sib.own_chars;
      keep = (sib.own_chars > 80 && links < 0.25) ||
             (sib.own_chars <= 80 && links == 0 && ends_sentence(sib.node));
    }
    if (keep) roots.push_back(s);
  }
  return roots;
}

}  // namespace

namespace {

int best_candidate(PageIndex& index) {
  std::vector<NodeInfo>& nodes = index.nodes();
  // An excluded ancestor excludes the subtree; parents precede children, one pass suffices.
  std::vector<bool> excluded(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    excluded[i] = nodes[i].excluded || (nodes[i].parent >= 0 && excluded[nodes[i].parent]);
    nodes[i].candidate = false;
    nodes[i].score = 0;
  }
  score_paragraphs(index, excluded);
  int top = -1;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].candidate && (top < 0 || nodes[i].score > nodes[top].score))
      top = static_cast<int>(i);
  }
  return top;
}

}  // namespace

ContentSelection select_content(PageIndex& index) {
  ContentSelection out;
  if (index.nodes().empty()) return out;
  // Furniture names are only hints: a first scoring over everything but code and media finds
  // the article's likely container, whose wrappers then stay whatever their names say.
  const int first = best_candidate(index);
  index.exclude_furniture(first);
  const int top = best_candidate(index);
  if (top < 0) return out;
  const std::vector<NodeInfo>& nodes = index.nodes();
  std::vector<bool> excluded(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    excluded[i] = nodes[i].excluded || (nodes[i].parent >= 0 && excluded[nodes[i].parent]);
  out.top = refine_top(index.nodes(), top);
  out.roots = with_siblings(index, excluded, out.top);
  return out;
}

}  // namespace newswired::html_page
