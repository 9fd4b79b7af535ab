#include "pipeline/normalize/html_sanitize.h"

#include <algorithm>
#include <cstddef>
#include <memory_resource>
#include <optional>
#include <vector>

#include <gumbo.h>

#include "pipeline/core/markup_escape.h"
#include "pipeline/normalize/html_chrome.h"
#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/urls.h"

namespace newswired {
namespace {

enum class Keep { kElement, kUnwrap, kDrop };

Keep keep_of(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_A:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_IMG:
      return Keep::kElement;
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_UNKNOWN:  // custom elements: widgets, not text
      return Keep::kDrop;
    default:
      return Keep::kUnwrap;
  }
}

const char* tag_name(GumboTag tag) {
  return tag == GUMBO_TAG_H1 ? "h2" : gumbo_normalized_tagname(tag);
}

// Absolute http(s) only: javascript:, data:, vbscript: and anything curl cannot make absolute
// is refused, whatever its case, entity encoding or embedded whitespace.
std::optional<std::string> safe_url(const GumboElement& e, const char* attribute,
                                    std::string_view base) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, attribute);
  if (a == nullptr) return std::nullopt;
  // As the URL standard reads an attribute: tabs and newlines anywhere are removed (so
  // "java\tscript:" is "javascript:"), C0 controls and spaces at either end trimmed.
  std::string ref;
  for (const char* p = a->value; *p != '\0'; ++p)
    if (*p != '\t' && *p != '\n' && *p != '\r') ref += *p;
  const auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= ' '; };
  while (!ref.empty() && is_c0_or_space(ref.back())) ref.pop_back();
  const auto first = std::find_if_not(ref.begin(), ref.end(), is_c0_or_space);
  ref.erase(ref.begin(), first);
  if (ref.empty()) return std::nullopt;
  const std::string url = resolve_url(base, ref);
  const std::string scheme = to_lower_ascii(url.substr(0, url.find(':') + 1));
  if (scheme != "http:" && scheme != "https:") return std::nullopt;
  for (unsigned char c : url)
    if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7f) return std::nullopt;
  return url;
}

void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<std::pmr::monotonic_buffer_resource*>(arena)->allocate(
      size, alignof(std::max_align_t));
}
void arena_deallocate(void*, void*) {}

// The prefix before the (kMaxHtmlTags + 1)-th '<', as html_to_text reads it.
std::string_view bounded(std::string_view html) {
  std::size_t tags = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1))
    if (++tags > kMaxHtmlTags) return html.substr(0, i);
  return html;
}

class Writer {
 public:
  explicit Writer(std::string_view base) : base_(base) {}

  // An explicit stack: the tree can be kMaxHtmlTags deep.
  std::string write(const GumboNode* root) {
    struct Step {
      const GumboNode* node;
      bool closing;
      std::size_t opened_at;
    };
    std::vector<Step> stack{{root, false, 0}};
    while (!stack.empty()) {
      const Step step = stack.back();
      stack.pop_back();
      const GumboNode* node = step.node;
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        append_markup_escaped(out_, remove_control_chars(node->v.text.text));
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
      if (step.closing) {
        close(node->v.element, step.opened_at);
        continue;
      }
      const GumboVector* children = &node->v.document.children;
      std::size_t opened_at = out_.size();
      if (node->type == GUMBO_NODE_ELEMENT) {
        const GumboElement& e = node->v.element;
        const Keep keep = keep_of(e.tag);
        if (keep == Keep::kDrop || is_chrome_container(e)) continue;
        if (keep == Keep::kElement && !open(e)) continue;
        children = &e.children;
        stack.push_back({node, true, opened_at});
      }
      for (unsigned i = children->length; i > 0; --i)
        stack.push_back({static_cast<const GumboNode*>(children->data[i - 1]), false, 0});
    }
    return std::move(out_);
  }

 private:
  // False when the element goes with its content (an image without a usable source).
  bool open(const GumboElement& e) {
    if (e.tag == GUMBO_TAG_IMG) {
      const std::optional<std::string> src = safe_url(e, "src", base_);
      if (!src) return false;
      out_ += "<img src=\"";
      append_markup_escaped(out_, *src, MarkupContext::kAttribute);
      if (const GumboAttribute* alt = gumbo_get_attribute(&e.attributes, "alt")) {
        out_ += "\" alt=\"";
        append_markup_escaped(out_, collapse_whitespace(alt->value), MarkupContext::kAttribute);
      }
      out_ += "\">";
      return true;
    }
    if (e.tag == GUMBO_TAG_BR) {
      out_ += "<br>";
      return true;
    }
    if (e.tag == GUMBO_TAG_A) {
      const std::optional<std::string> href = safe_url(e, "href", base_);
      if (!href) return true;  // unwrapped: the text stays, the link does not
      out_ += "<a href=\"";
      append_markup_escaped(out_, *href, MarkupContext::kAttribute);
      out_ += "\">";
      return true;
    }
    out_ += '<';
    out_ += tag_name(e.tag);
    out_ += '>';
    return true;
  }

  void close(const GumboElement& e, std::size_t opened_at) {
    if (keep_of(e.tag) != Keep::kElement || e.tag == GUMBO_TAG_IMG || e.tag == GUMBO_TAG_BR) return;
    const bool is_link = e.tag == GUMBO_TAG_A;
    if (is_link && !out_.substr(opened_at).starts_with("<a ")) return;  // unwrapped
    // An element left without content ("<p></p>", a link around a dropped embed) goes.
    const std::size_t open_end = out_.find('>', opened_at);
    if (open_end + 1 == out_.size()) {
      out_.resize(opened_at);
      return;
    }
    out_ += "</";
    out_ += is_link ? "a" : tag_name(e.tag);
    out_ += '>';
  }

  std::string_view base_;
  std::string out_;
};

}  // namespace

std::string sanitize_html(std::string_view html, std::string_view base_url) {
  const std::string input = remove_control_chars(bounded(html));
  if (input.empty()) return {};
  std::pmr::monotonic_buffer_resource arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_deallocate;
  options.userdata = &arena;
  options.max_errors = 0;
  // A fragment in a <body>: what a feed's content is.
  options.fragment_context = GUMBO_TAG_BODY;
  const GumboOutput* output = gumbo_parse_with_options(&options, input.data(), input.size());
  if (output == nullptr) return {};
  return Writer(base_url).write(output->root);
}

std::string item_body_html(const RawItem& item, std::string_view article_url) {
  return sanitize_html(item.content.empty() ? item.summary : item.content, article_url);
}

}  // namespace newswired
