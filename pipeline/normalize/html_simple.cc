#include "pipeline/normalize/html_simple.h"

#include <cstdint>
#include <utility>
#include <vector>

#include <gumbo.h>

#include "pipeline/normalize/byte_blocks.h"
#include "pipeline/normalize/html_chrome.h"
#include "pipeline/normalize/html_layout.h"

namespace newswired {
namespace {

// Elements whose tree building only opens and closes: no foster parenting (tables), no raw
// text (script, style), no dropped leading newline (pre, textarea), no special insertion
// modes (select, template, frameset), nothing html_to_text drops.
bool simple_element(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_WBR:
      return true;
    default:
      return false;
  }
}

bool void_element(GumboTag tag) {
  return tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR || tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_WBR;
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Code points a numeric reference stands for unchanged in gumbo: no replacement character, no
// Windows-1252 remapping of 0x80-0x9F, no controls, no noncharacters.
bool plain_code_point(char32_t cp) {
  if (cp == '\t' || cp == '\n' || (cp >= 0x20 && cp <= 0x7E)) return true;
  if (cp < 0xA0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return false;
  return true;
}

// The character reference at html[at] ('&'); advances `at` past it. False when it is not one of
// the references this path decodes.
bool decode_reference(std::string_view html, std::size_t& at, std::string& text) {
  const std::size_t semi = html.find(';', at);
  if (semi == std::string_view::npos || semi - at > 10) return false;
  const std::string_view name = html.substr(at + 1, semi - at - 1);
  at = semi + 1;
  constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\u00a0"}};
  for (const auto& [entity, value] : kNamed) {
    if (name == entity) {
      text += value;
      return true;
    }
  }
  if (name.size() < 2 || name[0] != '#') return false;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return false;
  char32_t cp = 0;
  for (const char c : digits) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) return false;
    cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
  }
  if (!plain_code_point(cp)) return false;
  append_utf8(text, cp);
  return true;
}

struct Tag {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool end = false;
  std::string_view class_value;
  std::string_view id_value;
};

// The tag at html[at] ('<'); advances `at` past its '>'. False for anything but a plain start
// or end tag with well-formed attributes.
bool read_tag(std::string_view html, std::size_t& at, Tag& tag) {
  std::size_t i = at + 1;
  tag.end = i < html.size() && html[i] == '/';
  if (tag.end) ++i;
  if (i >= html.size() || !ascii_letter(html[i])) return false;
  char name[16];
  std::size_t length = 0;
  for (; i < html.size() && !space(html[i]) && html[i] != '/' && html[i] != '>'; ++i) {
    const char c = html[i];
    if (length == sizeof name || !(ascii_letter(c) || (c >= '0' && c <= '9'))) return false;
    name[length++] = lower(c);
  }
  tag.tag = gumbo_tagn_enum(name, static_cast<unsigned>(length));
  while (true) {
    while (i < html.size() && (space(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) return false;
    if (html[i] == '>') break;
    const std::size_t name_start = i;
    while (i < html.size() && !space(html[i]) && html[i] != '/' && html[i] != '>' &&
           html[i] != '=') {
      if (html[i] == '<' || html[i] == '"' || html[i] == '\'') return false;
      ++i;
    }
    const std::string_view attribute = html.substr(name_start, i - name_start);
    while (i < html.size() && space(html[i])) ++i;
    std::string_view value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && space(html[i])) ++i;
      if (i >= html.size()) return false;
      if (html[i] == '"' || html[i] == '\'') {
        const std::size_t close = html.find(html[i], i + 1);
        if (close == std::string_view::npos) return false;
        value = html.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        const std::size_t start = i;
        for (; i < html.size() && !space(html[i]) && html[i] != '>'; ++i)
          if (html[i] == '"' || html[i] == '\'' || html[i] == '<' || html[i] == '=' ||
              html[i] == '`')
            return false;
        value = html.substr(start, i - start);
      }
    }
    auto same = [&](std::string_view want) {
      if (attribute.size() != want.size()) return false;
      for (std::size_t k = 0; k < want.size(); ++k)
        if (lower(attribute[k]) != want[k]) return false;
      return true;
    };
    // Chrome is decided on the attribute values; the first of a repeated attribute counts.
    std::string_view* slot = same("class") ? &tag.class_value
                             : same("id")  ? &tag.id_value
                                           : nullptr;
    if (slot != nullptr) {
      if (value.find('&') != std::string_view::npos) return false;
      if (slot->data() == nullptr) *slot = value.empty() ? std::string_view("", 0) : value;
    }
  }
  at = i + 1;
  return true;
}

struct OpenElement {
  GumboTag tag;
  bool block;
};

// Applies one tag to the open elements and the output; false when the tree builder would do
// more than open or close.
bool apply(const Tag& t, std::vector<OpenElement>& open, std::string& out) {
  if (!simple_element(t.tag)) return false;
  const Layout layout = layout_of(t.tag);
  if (!t.end) {
    if (layout == Layout::kLineBreak) {
      out += '\n';
      return true;
    }
    if (is_chrome_container(t.tag, t.class_value, t.id_value)) return false;
    if (layout == Layout::kBlock) out += "\n\n";
    if (!void_element(t.tag)) open.push_back({t.tag, layout == Layout::kBlock});
    return true;
  }
  if (void_element(t.tag)) return false;  // </br> becomes <br>, </img> is dropped: rare, gumbo
  std::size_t k = open.size();
  while (k > 0 && open[k - 1].tag != t.tag) --k;
  if (k == 0) return false;  // a stray end tag: gumbo may insert an element for it
  for (std::size_t j = k; j < open.size(); ++j) {
    // An inline end tag across an open block makes the tree builder re-parent content.
    if (layout != Layout::kBlock && open[j].block) return false;
    // </li> only reaches a list item in list-item scope: a list opened inside it hides it.
    if (t.tag == GUMBO_TAG_LI && (open[j].tag == GUMBO_TAG_UL || open[j].tag == GUMBO_TAG_OL))
      return false;
    // Closing across other blocks than p and li (dd, dt, headings, ...) is where gumbo's tree
    // differs from the plain reading, measured by the differential test.
    if (open[j].block && open[j].tag != GUMBO_TAG_P && open[j].tag != GUMBO_TAG_LI) return false;
  }
  while (open.size() >= k) {
    if (open.back().block) out += "\n\n";
    open.pop_back();
  }
  return true;
}

// The next '<' or '&' from `i` on, or the end. find_first_of would call memchr for every byte.
std::size_t markup_at_or_after(std::string_view html, std::size_t i) {
  using namespace bytes;
  for (; i + kBlockSize <= html.size(); i += kBlockSize) {
    const Block b = load(html.data() + i);
    if (!none(equal(b, '<') | equal(b, '&'))) break;
  }
  while (i < html.size() && html[i] != '<' && html[i] != '&') ++i;
  return i;
}

}  // namespace

std::optional<std::string> simple_markup_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::vector<OpenElement> open;
  std::string decoded;
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      Tag tag;
      if (!read_tag(html, i, tag) || !apply(tag, open, out)) return std::nullopt;
    } else if (c == '&') {
      decoded.clear();
      if (!decode_reference(html, i, decoded)) return std::nullopt;
      append_layout_text(out, decoded);
    } else {
      const std::size_t end = markup_at_or_after(html, i + 1);
      append_layout_text(out, html.substr(i, end - i));
      i = end;
    }
  }
  for (std::size_t k = open.size(); k > 0; --k)
    if (open[k - 1].block) out += "\n\n";
  return out;
}

}  // namespace newswired
