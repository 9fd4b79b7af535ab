#pragma once
// Text placed into XML or HTML markup. Quotes matter only inside attribute values; escaping
// them in text would change what a byte-for-byte reader of the body sees.

#include <string>
#include <string_view>

namespace newswired {

enum class MarkupContext { kText, kAttribute };

void append_markup_escaped(std::string& out, std::string_view text,
                           MarkupContext context = MarkupContext::kText);
std::string markup_escaped(std::string_view text, MarkupContext context = MarkupContext::kText);

}  // namespace newswired
