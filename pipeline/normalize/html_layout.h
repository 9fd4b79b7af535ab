#pragma once
// What an HTML element does to the text around it, shared by the parser path and the simple
// markup path of html_to_text so that both lay text out the same way.

#include <string>
#include <string_view>

#include <gumbo.h>

namespace newswired {

enum class Layout { kInline, kBlock, kCell, kLineBreak, kDropped };

Layout layout_of(GumboTag tag);

// Source line breaks inside text are layout, not content; afterwards the only '\n' in the
// output are the ones the markup asked for, which tidy() can then trust.
inline void append_layout_text(std::string& out, std::string_view text) {
  for (const char c : text) out += (c == '\n' || c == '\r' || c == '\t' || c == '\f') ? ' ' : c;
}

}  // namespace newswired
