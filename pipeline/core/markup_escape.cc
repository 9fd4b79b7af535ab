#include "pipeline/core/markup_escape.h"

namespace newswired {

void append_markup_escaped(std::string& out, std::string_view text, MarkupContext context) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += context == MarkupContext::kAttribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
}

std::string markup_escaped(std::string_view text, MarkupContext context) {
  std::string out;
  out.reserve(text.size());
  append_markup_escaped(out, text, context);
  return out;
}

}  // namespace newswired
