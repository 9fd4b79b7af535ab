#pragma once
// Every document reaches the XML parser as UTF-8. The encoding is chosen as feedparser's
// convert_to_utf8 chooses it: a byte order mark (or the UTF-16/32 pattern of "<?xml") wins;
// otherwise the HTTP charset and the XML declaration combine by RFC 3023 (application/*xml:
// charset, else declaration, else utf-8; text/*xml: charset, else us-ascii; no Content-Type:
// declaration, else utf-8), and when that encoding cannot read the bytes the declaration, the
// BOM's, utf-8 and windows-1252 are tried in turn. Bytes no candidate reads become U+FFFD.

#include <string>
#include <string_view>
#include <vector>

namespace newswired {

struct DecodedText {
  // The document as UTF-8, without BOM, its XML declaration (if any) saying encoding="utf-8".
  std::string utf8;
  // What it was read as, lower case: "utf-8", "us-ascii", "utf-16le", "windows-1252", ...
  std::string encoding;
  // Disagreements between what the document or server declared and what it turned out to be,
  // as feedparser reports them with bozo set.
  std::vector<std::string> warnings;
};

// `content_type` is the HTTP Content-Type, empty when there was none (a local file).
DecodedText decode_to_utf8(std::string_view body, std::string_view content_type);

}  // namespace newswired
