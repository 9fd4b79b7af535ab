#include "pipeline/parse/html_page/dom.h"

#include <vector>

namespace newswired::html_page {
namespace {

void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<std::pmr::monotonic_buffer_resource*>(arena)->allocate(
      size, alignof(std::max_align_t));
}
void arena_deallocate(void*, void*) {}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Elements that never take a closing tag, or whose closing tag browsers infer: they do not
// deepen the tree however many there are.
bool leaves_depth_alone(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base",  "br",     "col",    "embed", "hr", "img",  "input", "link",
      "meta", "param", "source", "track",  "wbr",   "p",  "li",   "dt",    "dd",
      "tr",   "td",    "th",     "option", "!",     "?",  "html", "head",  "body"};
  for (std::string_view n : kNames)
    if (n == name) return true;
  return false;
}

// The prefix of `html` that gumbo may build: before the tag past kMaxPageTags, and before the
// open element past kMaxPageDepth (an estimate from start and end tags; script and style
// bodies are skipped, since their '<' are not tags).
std::string_view bounded(std::string_view html) {
  std::size_t tags = 0;
  long depth = 0;
  std::size_t i = html.find('<');
  while (i != std::string_view::npos) {
    if (++tags > kMaxPageTags) return html.substr(0, i);
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < html.size() && name.size() < 16 && html[j] != '>' && html[j] != ' ' &&
           html[j] != '/' && html[j] != '\n' && html[j] != '\t')
      name += lower_ascii(html[j++]);
    const std::size_t end = html.find('>', j);
    const bool self_closing = end != std::string_view::npos && end > 0 && html[end - 1] == '/';
    if (!name.empty() && !leaves_depth_alone(name.substr(0, 1) == "!" ? "!" : name)) {
      if (closing) {
        depth = depth > 0 ? depth - 1 : 0;
      } else if (!self_closing && ++depth > static_cast<long>(kMaxPageDepth)) {
        return html.substr(0, i);
      }
    }
    std::size_t next = end == std::string_view::npos ? end : end + 1;
    if (!closing && (name == "script" || name == "style") && next != std::string_view::npos) {
      // Find the matching end tag, case-insensitively.
      const std::string close = "</" + name;
      std::size_t k = next;
      while ((k = html.find("</", k)) != std::string_view::npos) {
        std::string candidate;
        for (std::size_t m = k; m < html.size() && m < k + close.size(); ++m)
          candidate += lower_ascii(html[m]);
        if (candidate == close) break;
        k += 2;
      }
      next = k;
    }
    i = next == std::string_view::npos ? next : html.find('<', next);
  }
  return html;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void append_collapsed(std::string& out, std::string_view text) {
  for (char c : text) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
}

}  // namespace

HtmlTree::HtmlTree(std::string_view utf8)
    : arena_(std::make_unique<std::pmr::monotonic_buffer_resource>()), input_(bounded(utf8)) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_deallocate;
  options.userdata = arena_.get();
  // Each recorded parse error copies the stack of open elements; none is of use here.
  options.max_errors = 0;
  const GumboOutput* output = gumbo_parse_with_options(&options, input_.data(), input_.size());
  if (output != nullptr) root_ = output->root;
}

const GumboNode* HtmlTree::head() const { return first_child_element(root_, GUMBO_TAG_HEAD); }
const GumboNode* HtmlTree::body() const { return first_child_element(root_, GUMBO_TAG_BODY); }

std::string_view attribute(const GumboNode* n, const char* name) {
  if (!is_element(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

const GumboNode* first_child_element(const GumboNode* n, GumboTag tag) {
  if (!is_element(n)) return nullptr;
  const GumboVector& children = n->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (tag_of(child) == tag) return child;
  }
  return nullptr;
}

std::string text_content(const GumboNode* n) {
  std::string out;
  std::vector<const GumboNode*> stack{n};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node == nullptr) continue;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      append_collapsed(out, node->v.text.text);
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE) continue;
    if (tag == GUMBO_TAG_BR) {
      append_collapsed(out, " ");
      continue;
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
  return collapse_spaces(out);
}

std::string class_and_id(const GumboNode* n) {
  std::string out(attribute(n, "class"));
  out += ' ';
  out += attribute(n, "id");
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  append_collapsed(out, s);
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace newswired::html_page
