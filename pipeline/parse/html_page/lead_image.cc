#include "pipeline/parse/html_page/lead_image.h"

#include <string>
#include <vector>

namespace newswired::html_page {
namespace {

// "https://cdn.example/img/photo.jpg?w=800" -> "photo.jpg"
std::string_view file_name(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const std::size_t slash = url.rfind('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

template <typename Visit>
void walk(const GumboNode* root, Visit visit) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!is_element(n)) continue;
    if (!visit(n)) continue;
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
}

bool shows_file(const GumboNode* figure, std::string_view file) {
  bool found = false;
  walk(figure, [&](const GumboNode* n) {
    if (tag_of(n) == GUMBO_TAG_IMG || tag_of(n) == GUMBO_TAG_SOURCE) {
      for (const char* a : {"src", "data-src", "srcset", "data-srcset"})
        if (attribute(n, a).find(file) != std::string_view::npos) found = true;
    }
    return !found;
  });
  return found;
}

bool is_credit_name(std::string_view class_or_id) {
  for (std::string_view word : {"credit", "copyright", "photographer", "source", "byline"})
    if (class_or_id.find(word) != std::string_view::npos) return true;
  return false;
}

void read_figure(const GumboNode* figure, LeadImage& image) {
  std::string caption;
  std::string credit;
  walk(figure, [&](const GumboNode* n) {
    if (credit.empty() && n != figure && is_credit_name(class_and_id(n))) {
      credit = text_content(n);
      return false;
    }
    if (caption.empty() && tag_of(n) == GUMBO_TAG_FIGCAPTION) caption = text_content(n);
    return true;
  });
  if (!credit.empty()) {
    if (std::size_t at = caption.find(credit); at != std::string::npos)
      caption.erase(at, credit.size());
    caption = collapse_spaces(caption);
  }
  if (image.caption.empty()) image.caption = caption;
  if (image.credit.empty()) image.credit = credit;
}

}  // namespace

void find_image_caption(const PageIndex& index, const ContentSelection& selection,
                        LeadImage& image) {
  if (!image.caption.empty() && !image.credit.empty()) return;
  const std::string_view file = file_name(image.url);
  const int scope = selection.top >= 0 ? index.nodes()[selection.top].parent : -1;
  const GumboNode* fallback = nullptr;
  // Parents precede children: one forward pass tells which nodes lie within the scope.
  std::vector<bool> in_scope(index.nodes().size(), false);
  for (std::size_t i = 0; i < index.nodes().size(); ++i) {
    const NodeInfo& n = index.nodes()[i];
    in_scope[i] =
        scope >= 0 && (static_cast<int>(i) == scope || (n.parent >= 0 && in_scope[n.parent]));
    if (tag_of(n.node) != GUMBO_TAG_FIGURE) continue;
    if (!file.empty() && shows_file(n.node, file)) {
      read_figure(n.node, image);
      return;
    }
    if (fallback == nullptr && in_scope[i]) fallback = n.node;
  }
  if (fallback != nullptr) read_figure(fallback, image);
}

}  // namespace newswired::html_page
