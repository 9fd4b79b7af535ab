#pragma once
// What an HTML element does to the text around it, shared by the parser path and the simple
// markup path of html_to_text so that both lay text out the same way.

#include <cstring>
#include <string>
#include <string_view>

#include <gumbo.h>

#include "pipeline/normalize/byte_blocks.h"

namespace newswired {

enum class Layout { kInline, kBlock, kCell, kLineBreak, kDropped };

Layout layout_of(GumboTag tag);

// Source line breaks inside text are layout, not content; afterwards the only '\n' in the
// output are the ones the markup asked for, which tidy() can then trust.
inline void append_layout_text(std::string& out, std::string_view text) {
  using namespace bytes;
  const std::size_t start = out.size();
  out.resize(start + text.size());
  char* to = out.data() + start;
  std::size_t i = 0;
  for (; i + kBlockSize <= text.size(); i += kBlockSize) {
    const Block b = load(text.data() + i);
    const Block layout = equal(b, '\n') | equal(b, '\r') | equal(b, '\t') | equal(b, '\f');
    const Block spaced = (b & ~layout) | (layout & ' ');
    std::memcpy(to + i, &spaced, kBlockSize);
  }
  for (; i < text.size(); ++i) {
    const char c = text[i];
    to[i] = c == '\n' || c == '\r' || c == '\t' || c == '\f' ? ' ' : c;
  }
}

}  // namespace newswired
