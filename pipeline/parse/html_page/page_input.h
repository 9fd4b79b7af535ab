#pragma once
// Fetched bytes of an HTML page to UTF-8 text: a gzip body (a saved page, or one served with a
// wrong Content-Encoding) is inflated within a bound, and the charset is chosen as browsers
// choose it: byte order mark, then the HTTP charset, then <meta charset> or
// <meta http-equiv="Content-Type"> near the start, else UTF-8 (windows-1252 when the bytes are
// not valid UTF-8).

#include <cstddef>
#include <string>
#include <string_view>

#include "pipeline/core/outcome.h"

namespace newswired::html_page {

// Larger pages (after inflating) are refused: article pages are a few MB at the very most.
inline constexpr std::size_t kMaxPageBytes = 32 * 1024 * 1024;

bool is_gzip(std::string_view bytes);

// The inflated bytes; a Failure when the stream is corrupt or would exceed `limit` bytes.
Outcome<std::string> gunzip(std::string_view bytes, std::size_t limit);

// The charset a page declares in its markup (lower case), "" when none is found. Only the first
// bytes are read, as browsers' prescan does, but with room for the long <head>s of news sites.
std::string declared_charset(std::string_view bytes);

// `content_type` is the HTTP Content-Type, empty when unknown.
Outcome<std::string> page_text(std::string_view bytes, std::string_view content_type);

}  // namespace newswired::html_page
