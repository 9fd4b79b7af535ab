#pragma once
// Article HTML for consumers that render it (`body_html`, when a source sets `body_html: true`):
// rebuilt from the HTML5 parse tree (gumbo) with an allowlist, never patched with patterns.
// Kept: p, br, h2-h6 (h1 becomes h2: the page's title is the article's), ul, ol, li,
// blockquote, em, strong, b, i, a[href], figure, figcaption and img[src, alt]; links and image
// sources only as absolute http(s) URLs. Scripts, styles, embeds, forms, navigation and page
// chrome go with their content; every other element is unwrapped (its text kept); no other
// attribute survives (no on*, style, class or id).

#include <string>
#include <string_view>

#include "pipeline/core/raw_item.h"

namespace newswired {

// `html` sanitized; relative links and image sources are resolved against `base_url`.
std::string sanitize_html(std::string_view html, std::string_view base_url);

// The item's body as sanitized HTML: its content, else its summary (a feed that carries only a
// description), links resolved against the article's URL.
std::string item_body_html(const RawItem& item, std::string_view article_url);

}  // namespace newswired
