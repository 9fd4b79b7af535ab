#pragma once
// The article of a news page: its metadata and its body text, without the page's navigation,
// sharing widgets, related links, comments and banners. A pure function of the page's bytes
// and URL: no global state, safe to call from any number of threads at once.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/core/outcome.h"
#include "pipeline/parse/html_page/metadata.h"

namespace newswired::html_page {

struct ExtractedPage {
  std::string title;
  std::string site_name;
  std::string published;  // raw, as the page writes it; the normalize stage reads it
  std::string modified;
  std::vector<std::string> authors;
  std::string canonical_url;  // absolute; "" when the page declares none
  std::string description;
  std::string language;
  LeadImage image;
  // The kept blocks as simple HTML: <p>, <h2>..<h6>, <ul>/<ol> with <li>, <blockquote>, <pre>.
  std::string body_html;
  // The same blocks as plain text, separated by blank lines.
  std::string body_text;
};

// `bytes` may be gzip-compressed and in any charset the page declares; `content_type` is the
// HTTP Content-Type when known (its charset wins over the page's). Fails only for input that
// cannot be read at all (corrupt gzip, a page over the size limit).
Outcome<ExtractedPage> extract_page(std::string_view bytes, std::string_view page_url,
                                    std::string_view content_type = {});

}  // namespace newswired::html_page
