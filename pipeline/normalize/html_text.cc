#include "pipeline/normalize/html_text.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <optional>
#include <vector>

#include <gumbo.h>

#include "pipeline/normalize/byte_blocks.h"
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

// Collapses each line and keeps at most one blank line between non-empty ones.
std::string tidy(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool blank_pending = false;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view line = raw.substr(start, end - start);
    start = end + 1;
    // The separator goes in first and out again when the line collapses to nothing.
    const std::size_t mark = out.size();
    if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
    if (append_collapsed_whitespace(out, line) == 0) {
      out.resize(mark);
      blank_pending = !out.empty();
      continue;
    }
    blank_pending = false;
  }
  return out;
}

// Strict UTF-8 without the characters gumbo replaces with U+FFFD: overlong forms, surrogates,
// code points past U+10FFFF, noncharacters, and the vertical tab (a control character to HTML).
bool is_clean_utf8(std::string_view s) {
  if (is_ascii(s)) return s.find('\v') == std::string_view::npos;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\v') return false;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(s, i, cp);
    if (n == 0 || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) return false;
    i += n;
  }
  return true;
}

bool is_control(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == 0x7f) return true;
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r';
  const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
  return c == 0xc2 && next >= 0x80 && next <= 0x9f;
}

// What html_to_text needs to know of its input before choosing a path, in one pass.
struct MarkupScan {
  bool markup = false;    // a '<' or an '&': without either the text is plain
  std::size_t end = 0;    // the (kMaxHtmlTags + 1)-th '<' (each tag starts with one), or the end
  bool controls = false;  // control characters before `end`
};

MarkupScan scan_markup(std::string_view html) {
  MarkupScan scan;
  scan.end = html.size();
  // Most fragments have far fewer tags than the limit and no control character, which blocks of
  // bytes tell. Possible control characters (C0 other than whitespace, DEL, and 0xc2, the lead
  // byte of C1 controls) send to the exact scan below.
  {
    using namespace bytes;
    std::size_t tags = 0;
    Block amp{};
    Block odd{};
    std::size_t i = 0;
    for (; i + kBlockSize <= html.size(); i += kBlockSize) {
      const Block b = load(html.data() + i);
      const Block lt = equal(b, '<') & 1;
      std::uint64_t half[2];
      std::memcpy(half, &lt, sizeof half);
      // Each byte is 0 or 1: the multiplication adds them up in the top byte.
      tags += ((half[0] + half[1]) * 0x0101010101010101ULL) >> 56;
      amp |= equal(b, '&');
      odd |=
          in_range(b, 0, '\t' - 1) | in_range(b, '\r' + 1, 0x1f) | equal(b, 0x7f) | equal(b, 0xc2);
    }
    bool any_amp = !none(amp);
    bool any_odd = !none(odd);
    for (; i < html.size(); ++i) {
      const auto c = static_cast<unsigned char>(html[i]);
      tags += c == '<';
      any_amp = any_amp || c == '&';
      any_odd = any_odd || c < '\t' || (c > '\r' && c < 0x20) || c == 0x7f || c == 0xc2;
    }
    if (tags <= kMaxHtmlTags && !any_odd) {
      scan.markup = tags > 0 || any_amp;
      return scan;
    }
  }
  std::size_t tags = 0;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const auto c = static_cast<unsigned char>(html[i]);
    if (c >= 0x20 && c < 0x7f && c != '<' && c != '&') continue;
    if (c == '&') {
      scan.markup = true;
    } else if (c == '<') {
      scan.markup = true;
      if (++tags > kMaxHtmlTags) {
        scan.end = i;
        break;
      }
    } else if (!scan.controls && is_control(html, i)) {
      scan.controls = true;
    }
  }
  return scan;
}

std::string gumbo_text(std::string_view input) {
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
  std::string text = tidy(extract(output->root));
  unify_in_place(text);
  return text;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  const MarkupScan scan = scan_markup(html);
  // Without '<' there is no markup and without '&' no entity: the parser's text would be the
  // input itself (line breaks then being layout), so most titles and plain summaries skip the
  // parse.
  if (!scan.markup && is_clean_utf8(html)) {
    std::string text = collapse_whitespace(html);
    unify_in_place(text);
    return text;
  }
  // gumbo turns control characters into U+FFFD; they carry nothing, so they go before parsing.
  // Past kMaxHtmlTags tags the rest is not read.
  const std::string_view bounded = html.substr(0, scan.end);
  std::string without_controls;
  if (scan.controls) without_controls = remove_control_chars(bounded);
  const std::string_view input = scan.controls ? std::string_view(without_controls) : bounded;
  if (input.empty()) return {};
  if (is_clean_utf8(input)) {
    if (std::optional<std::string> simple = simple_markup_text(input)) {
      std::string text = tidy(*simple);
      unify_in_place(text);
      return text;
    }
  }
  return gumbo_text(input);
}

std::string html_to_text_parsed(std::string_view html) {
  const std::string input = remove_control_chars(html.substr(0, scan_markup(html).end));
  if (input.empty()) return {};
  return gumbo_text(input);
}

std::string title_text(std::string_view html) { return collapse_whitespace(html_to_text(html)); }

}  // namespace newswired
