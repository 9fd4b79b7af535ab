#include "pipeline/normalize/html_text.h"

#include <cstddef>
#include <memory_resource>
#include <optional>
#include <vector>

#include <gumbo.h>

#include "pipeline/normalize/html_chrome.h"
#include "pipeline/normalize/html_layout.h"
#include "pipeline/normalize/html_simple.h"
#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

// gumbo frees its tree recursively, one stack frame per nesting level; kMaxHtmlTags levels of
// that on a worker thread's stack is a risk we need not take. The tree lives in an arena that is
// released in one go instead, which also spares a free() per node.
void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<std::pmr::monotonic_buffer_resource*>(arena)->allocate(
      size, alignof(std::max_align_t));
}
void arena_deallocate(void*, void*) {}

// An explicit stack rather than recursion, for the same reason as the arena.
std::string extract(const GumboNode* root) {
  struct Step {
    const GumboNode* node;
    bool closing;
  };
  std::string out;
  std::vector<Step> stack{{root, false}};
  while (!stack.empty()) {
    const Step step = stack.back();
    stack.pop_back();
    const GumboNode* node = step.node;
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        append_layout_text(out, node->v.text.text);
        continue;
      case GUMBO_NODE_ELEMENT:
        break;
      default:  // comments; template contents are never rendered
        continue;
    }
    const Layout layout = layout_of(node->v.element.tag);
    if (layout == Layout::kDropped || is_chrome_container(node->v.element)) continue;
    if (layout == Layout::kLineBreak) {
      out += '\n';
      continue;
    }
    const char* separator = layout == Layout::kBlock ? "\n\n" : layout == Layout::kCell ? " " : "";
    out += separator;
    if (step.closing) continue;
    stack.push_back({node, true});
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false});
  }
  return out;
}

// The prefix of `html` before its (kMaxHtmlTags + 1)-th '<': each tag starts with one.
std::string_view bounded(std::string_view html) {
  std::size_t tags = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1))
    if (++tags > kMaxHtmlTags) return html.substr(0, i);
  return html;
}

// Collapses each line and keeps at most one blank line between non-empty ones.
std::string tidy(std::string_view raw) {
  std::string out;
  bool blank_pending = false;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string line = collapse_whitespace(raw.substr(start, end - start));
    start = end + 1;
    if (line.empty()) {
      blank_pending = !out.empty();
      continue;
    }
    if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
    out += line;
    blank_pending = false;
  }
  return out;
}

// Strict UTF-8 without the characters gumbo replaces with U+FFFD: overlong forms, surrogates,
// code points past U+10FFFF, noncharacters, and the vertical tab (a control character to HTML).
bool is_clean_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c == '\v') return false;
      ++p;
      continue;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n || p[1] < lo || p[1] > hi) return false;
    char32_t cp = c & (0x3f >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      if ((p[k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3f);
    }
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) return false;
    p += n + 1;
  }
  return true;
}

// Without '<' there is no markup and without '&' no entity: the parser's text would be the input
// itself (line breaks then being layout), so most titles and plain summaries skip the parse.
bool is_plain_text(std::string_view s) {
  return s.find_first_of("<&") == std::string_view::npos && is_clean_utf8(s);
}

}  // namespace

namespace {

std::string gumbo_text(const std::string& input) {
  std::pmr::monotonic_buffer_resource arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_deallocate;
  options.userdata = &arena;
  // Parse as the content of <body>, which is what a feed's HTML is: text before any tag stays
  // text, and <title> or <style> are not hoisted into a synthetic <head>.
  options.fragment_context = GUMBO_TAG_BODY;
  // Parse errors are of no use here, and each recorded one copies the stack of open elements:
  // unbounded, 20,000 unclosed tags cost gigabytes.
  options.max_errors = 0;
  const GumboOutput* output = gumbo_parse_with_options(&options, input.data(), input.size());
  if (output == nullptr) return {};
  return unify_text(tidy(extract(output->root)));
}

// gumbo turns control characters into U+FFFD; they carry nothing, so they go before parsing.
std::string parser_input(std::string_view html) { return remove_control_chars(bounded(html)); }

}  // namespace

std::string html_to_text(std::string_view html) {
  if (is_plain_text(html)) return unify_text(collapse_whitespace(html));
  const std::string input = parser_input(html);
  if (input.empty()) return {};
  if (is_clean_utf8(input))
    if (std::optional<std::string> simple = simple_markup_text(input))
      return unify_text(tidy(*simple));
  return gumbo_text(input);
}

std::string html_to_text_parsed(std::string_view html) {
  const std::string input = parser_input(html);
  if (input.empty()) return {};
  return gumbo_text(input);
}

std::string title_text(std::string_view html) { return collapse_whitespace(html_to_text(html)); }

}  // namespace newswired
